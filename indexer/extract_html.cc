#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

#include "indexer/extract.h"
#include "indexer/extract_html_nesting.h"
#include "indexer/text_builder.h"

namespace kr::index {
namespace {

/// Gumbo's memory for one parse. Debian's gumbo 0.10.1 leaks some strings of tokens it drops
/// (fuzz_extract_html: a DOCTYPE inside <noscript>, 7 bytes); every block is linked here and
/// whatever gumbo_destroy_output leaves is freed with the heap. 16 bytes of links per block keep
/// malloc's alignment.
class GumboHeap {
 public:
  GumboHeap() = default;
  GumboHeap(const GumboHeap&) = delete;
  GumboHeap& operator=(const GumboHeap&) = delete;
  ~GumboHeap() {
    while (head_.next != &head_) release(head_.next + 1);
  }
  static void* allocate(void* heap, std::size_t size) {
    auto* self = static_cast<GumboHeap*>(heap);
    auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
    if (block == nullptr) std::abort();  // as gumbo's own malloc use: it never checks
    block->prev = &self->head_;
    block->next = self->head_.next;
    self->head_.next->prev = block;
    self->head_.next = block;
    return block + 1;
  }
  static void deallocate(void* heap, void* p) {
    if (p != nullptr) static_cast<GumboHeap*>(heap)->release(p);
  }

 private:
  struct Block {
    Block* prev;
    Block* next;
  };
  static_assert(sizeof(Block) % alignof(std::max_align_t) == 0, "blocks keep malloc's alignment");
  void release(void* p) {
    Block* block = static_cast<Block*>(p) - 1;
    block->prev->next = block->next;
    block->next->prev = block->prev;
    std::free(block);
  }
  Block head_{&head_, &head_};
};

enum class Role { inline_text, skip, cell, line, block };

// <title> is emitted first, on its own; <head> holds nothing else that is visible.
constexpr GumboTag kSkipped[] = {GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE, GUMBO_TAG_TEMPLATE,
                                 GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TITLE, GUMBO_TAG_HEAD};
constexpr GumboTag kBlocks[] = {
    GUMBO_TAG_P,       GUMBO_TAG_DIV,      GUMBO_TAG_H1,         GUMBO_TAG_H2,      GUMBO_TAG_H3,
    GUMBO_TAG_H4,      GUMBO_TAG_H5,       GUMBO_TAG_H6,         GUMBO_TAG_UL,      GUMBO_TAG_OL,
    GUMBO_TAG_LI,      GUMBO_TAG_DL,       GUMBO_TAG_DT,         GUMBO_TAG_DD,      GUMBO_TAG_TABLE,
    GUMBO_TAG_TR,      GUMBO_TAG_CAPTION,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,     GUMBO_TAG_SECTION,
    GUMBO_TAG_ARTICLE, GUMBO_TAG_HEADER,   GUMBO_TAG_FOOTER,     GUMBO_TAG_NAV,     GUMBO_TAG_ASIDE,
    GUMBO_TAG_MAIN,    GUMBO_TAG_FIGURE,   GUMBO_TAG_FIGCAPTION, GUMBO_TAG_ADDRESS, GUMBO_TAG_HR,
    GUMBO_TAG_FORM,    GUMBO_TAG_FIELDSET, GUMBO_TAG_DETAILS,    GUMBO_TAG_SUMMARY, GUMBO_TAG_BODY};

Role role_of(GumboTag tag) {
  if (std::find(std::begin(kSkipped), std::end(kSkipped), tag) != std::end(kSkipped)) return Role::skip;
  if (std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks)) return Role::block;
  if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) return Role::cell;
  if (tag == GUMBO_TAG_BR) return Role::line;
  return Role::inline_text;
}

const GumboVector* children_of(const GumboNode* node) {
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (node->type == GUMBO_NODE_ELEMENT) return &node->v.element.children;
  return nullptr;  // text-like nodes; templates are skipped
}

// Iterative depth-first walk: hostile input can nest elements deeply.
void walk(const GumboNode* root, detail::TextBuilder& out) {
  std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};  // (node, leaving)
  while (!stack.empty() && !out.full()) {
    auto [node, leaving] = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      out.add_text(node->v.text.text);
      continue;
    }
    const GumboVector* children = children_of(node);
    if (!children) continue;  // comments, templates
    const Role role = node->type == GUMBO_NODE_ELEMENT ? role_of(node->v.element.tag) : Role::inline_text;
    if (role == Role::skip) continue;
    if (role == Role::line) {
      out.line_break();
      continue;
    }
    if (role == Role::cell) out.space();
    if (role == Role::block) out.paragraph_break();
    if (leaving) continue;
    stack.emplace_back(node, true);
    for (unsigned i = children->length; i-- > 0;) {
      stack.emplace_back(static_cast<const GumboNode*>(children->data[i]), false);
    }
  }
}

const GumboNode* find_title(const GumboNode* root) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_TITLE) return node;
    if (const GumboVector* children = children_of(node)) {
      for (unsigned i = children->length; i-- > 0;)
        stack.push_back(static_cast<const GumboNode*>(children->data[i]));
    }
  }
  return nullptr;
}

}  // namespace

Result<std::string> extract_html(std::string_view bytes, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return make_error(ErrorCode::invalid_record, "HTML is larger than the file size limit");
  }
  // gumbo has no time limit of its own: refuse documents that would keep it busy for long.
  const detail::HtmlNesting nesting =
      detail::scan_html_nesting(bytes, limits.max_html_depth, limits.max_html_work);
  if (nesting.max_depth > limits.max_html_depth) {
    return make_error(ErrorCode::invalid_record,
                      "HTML nests elements more than " + std::to_string(limits.max_html_depth) +
                          " deep (hostile or broken markup; parsing it would take too long)");
  }
  if (nesting.work > limits.max_html_work) {
    return make_error(ErrorCode::invalid_record, "HTML has too many tags for its nesting depth (more than " +
                                                     std::to_string(limits.max_html_work) +
                                                     " tags x depth; parsing it would take too long)");
  }
  GumboHeap heap;  // declared before `output`: outlives it
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors: do not collect them
  options.allocator = &GumboHeap::allocate;
  options.deallocator = &GumboHeap::deallocate;
  options.userdata = &heap;
  auto destroy = [&options](GumboOutput* output) { gumbo_destroy_output(&options, output); };
  std::unique_ptr<GumboOutput, decltype(destroy)> output(
      gumbo_parse_with_options(&options, bytes.data(), bytes.size()), destroy);
  if (!output) return make_error(ErrorCode::invalid_record, "HTML could not be parsed");

  detail::TextBuilder text(limits.max_text_bytes);
  if (const GumboNode* title = find_title(output->document)) {
    const GumboVector& children = title->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE)
        text.add_text(child->v.text.text);
    }
    text.paragraph_break();
  }
  walk(output->document, text);
  return text.take();
}

}  // namespace kr::index
