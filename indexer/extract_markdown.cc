#include <cmark.h>

#include <memory>

#include "core/text.h"
#include "indexer/extract.h"
#include "indexer/text_builder.h"

namespace kr::index {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

const char* literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s ? s : "";
}

bool is_block(cmark_node_type type) {
  return type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK;
}

}  // namespace

Result<std::string> extract_markdown(std::string_view bytes, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return make_error(ErrorCode::invalid_record, "Markdown is larger than the file size limit");
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // byte order mark
  if (!is_valid_utf8(bytes)) return make_error(ErrorCode::invalid_record, "Markdown is not valid UTF-8");

  std::unique_ptr<cmark_node, NodeFree> doc(
      cmark_parse_document(bytes.data(), bytes.size(), CMARK_OPT_DEFAULT));
  if (!doc) return make_error(ErrorCode::invalid_record, "Markdown could not be parsed");
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(doc.get()));
  if (!iter) return make_error(ErrorCode::internal, "cannot walk the Markdown tree");

  // Text comes from text and code nodes only: link and image URLs are attributes, never visited.
  // Raw HTML in the Markdown is markup, not text, and is dropped.
  detail::TextBuilder text(limits.max_text_bytes);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE && !text.full();) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    if (is_block(type)) {
      text.paragraph_break();  // on entering and on leaving
      if (type == CMARK_NODE_CODE_BLOCK) {
        text.add_verbatim(literal(node));
        text.paragraph_break();
      }
      continue;
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        text.add_text(literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
        text.space();
        break;
      case CMARK_NODE_LINEBREAK:
        text.line_break();
        break;
      default:
        break;
    }
  }
  return text.take();
}

}  // namespace kr::index
