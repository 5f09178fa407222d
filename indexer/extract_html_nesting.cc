#include "indexer/extract_html_nesting.h"

#include <algorithm>
#include <string>
#include <vector>

namespace kr::index::detail {
namespace {

// The lists follow the HTML tree-construction rules that gumbo implements. Where the model is
// unsure it keeps an element open: over-counting can only make the limit stricter, never let a
// costly document through.

// Never on the model's stack: void elements, and elements whose start tag closes an open one of
// the same kind (so repeating them does not nest) or that exist once (html, head, body).
// clang-format off
constexpr std::string_view kNotNesting[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr", "basefont", "bgsound", "frame", "image", "p", "li", "dt", "dd",
    "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "rb", "rt",
    "rtc", "rp", "html", "head", "body", "a", "nobr"};
// Content is text up to the matching end tag.
constexpr std::string_view kRawText[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"};
// An end tag does not look past these for its element ("has an element in scope").
constexpr std::string_view kScopeBoundary[] = {
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "svg", "math",
    "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
// The "special" category: an end tag of an ordinary element never closes past one of these.
constexpr std::string_view kSpecial[] = {
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
    "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
    "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed",
    "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "section",
    "select", "source", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot",
    "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp", "mi", "mo", "mn", "ms", "mtext",
    "annotation-xml", "foreignobject", "desc"};
// Start tags that end SVG/MathML content (gumbo goes back to HTML rules for them).
constexpr std::string_view kBreakout[] = {
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
    "font", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
    "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
    "table", "tt", "u", "ul", "var"};
// SVG/MathML elements whose content follows HTML rules again.
constexpr std::string_view kIntegration[] = {
    "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
// clang-format on

template <std::size_t N>
bool in(std::string_view name, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr std::size_t kMaxName = 64;     // longer names match no list and no end tag
constexpr std::size_t kMaxEndWalk = 64;  // how far down the stack an end tag looks for its element

class Scanner {
 public:
  Scanner(std::string_view html, std::size_t max_depth, std::size_t max_work)
      : html_(html), max_depth_(max_depth), max_work_(max_work) {}

  HtmlNesting run() {
    while (i_ < html_.size() && !result_.stopped) {
      const std::size_t lt = html_.find('<', i_);
      if (lt == std::string_view::npos) break;
      i_ = lt + 1;
      if (html_.substr(i_, 3) == "!--") {
        skip_comment();
      } else if (at('!') || at('?')) {
        skip_past('>');  // DOCTYPE, bogus comments and processing instructions end at the first '>'
      } else if (at('/')) {
        ++i_;
        if (i_ < html_.size() && is_alpha(html_[i_])) {
          const std::string name = read_name();
          if (skip_attributes() != Tag::unfinished) end_tag(name);
        } else {
          skip_past('>');  // "</>" or "</ x>": ignored by the tokenizer
        }
      } else if (i_ < html_.size() && is_alpha(html_[i_])) {
        const std::string name = read_name();
        const Tag tag = skip_attributes();
        if (tag != Tag::unfinished) start_tag(name, tag == Tag::self_closing);
      }  // else a '<' in text
    }
    return result_;
  }

 private:
  enum class Tag { open, self_closing, unfinished };

  bool at(char c) const { return i_ < html_.size() && html_[i_] == c; }

  void skip_past(char c) {
    const std::size_t at = html_.find(c, i_);
    i_ = at == std::string_view::npos ? html_.size() : at + 1;
  }

  // "<!--" seen: the comment ends at "-->" or "--!>", or at once for "<!-->" and "<!--->".
  void skip_comment() {
    i_ += 3;
    if (at('>') || html_.substr(i_, 2) == "->") {
      i_ += at('>') ? 1 : 2;
      return;
    }
    const std::size_t a = html_.find("-->", i_), b = html_.find("--!>", i_);
    const std::size_t end = std::min(a, b);
    i_ = end == std::string_view::npos ? html_.size() : end + (end == a ? 3 : 4);
  }

  std::string read_name() {
    std::string name;
    while (i_ < html_.size() && !is_space(html_[i_]) && html_[i_] != '/' && html_[i_] != '>') {
      if (name.size() <= kMaxName) name += lower(html_[i_]);
      ++i_;
    }
    if (name.size() > kMaxName) name.clear();  // matches nothing
    return name;
  }

  // Attributes up to the '>' that ends the tag, as the tokenizer reads them: quotes only delimit
  // a value that follows "name=". A tag cut off by the end of the input is dropped.
  Tag skip_attributes() {
    bool have_name = false;
    while (i_ < html_.size()) {
      const char c = html_[i_++];
      if (c == '>') return Tag::open;
      if (c == '/') {
        have_name = false;
        if (at('>')) {
          ++i_;
          return Tag::self_closing;
        }
      } else if (c == '=' && have_name) {
        while (i_ < html_.size() && is_space(html_[i_])) ++i_;
        if (at('"') || at('\'')) {
          const std::size_t close = html_.find(html_[i_], i_ + 1);
          if (close == std::string_view::npos) break;
          i_ = close + 1;
        } else {
          while (i_ < html_.size() && !is_space(html_[i_]) && html_[i_] != '>') ++i_;
        }
        have_name = false;
      } else if (!is_space(c)) {
        have_name = true;
      }
    }
    i_ = html_.size();
    return Tag::unfinished;
  }

  void add_work() {
    result_.work += stack_.size() + 1;
    if (result_.work > max_work_) result_.stopped = true;
  }

  void push(const std::string& name) {
    stack_.push_back(name);
    result_.max_depth = std::max(result_.max_depth, stack_.size());
    if (stack_.size() > max_depth_) result_.stopped = true;
  }

  void start_tag(const std::string& name, bool self_closing) {
    add_work();
    if (foreign_) {
      if (in(name, kBreakout)) {
        foreign_ = false;  // and handled as HTML below
      } else {
        if (!self_closing) push(name);  // "/>" closes only in SVG/MathML
        if (in(name, kIntegration)) foreign_ = false;
        return;
      }
    }
    if (name == "svg" || name == "math") {
      if (!self_closing) {
        push(name);
        foreign_ = true;
      }
      return;
    }
    if (in(name, kNotNesting)) return;
    push(name);
    if (name == "plaintext") {
      i_ = html_.size();  // everything after it is text
    } else if (in(name, kRawText)) {
      skip_raw_text(name);
    }
  }

  void end_tag(const std::string& name) {
    add_work();
    if (name.empty() || in(name, kNotNesting)) return;
    const bool special = in(name, kSpecial);
    for (std::size_t k = 0; k < stack_.size() && k < kMaxEndWalk; ++k) {
      const std::string& open = stack_[stack_.size() - 1 - k];
      if (open == name) {
        stack_.resize(stack_.size() - 1 - k);
        if (name == "svg" || name == "math") foreign_ = false;
        return;
      }
      if (in(open, kScopeBoundary) || (!special && in(open, kSpecial))) return;
    }
  }

  // Script, style, textarea…: the content ends at the first "</name" (any case).
  void skip_raw_text(const std::string& name) {
    for (std::size_t lt = html_.find("</", i_); lt != std::string_view::npos; lt = html_.find("</", lt + 2)) {
      const std::string_view candidate = html_.substr(lt + 2, name.size());
      if (candidate.size() == name.size() && std::equal(candidate.begin(), candidate.end(), name.begin(),
                                                        [](char a, char b) { return lower(a) == b; })) {
        i_ = lt;
        return;
      }
    }
    i_ = html_.size();
  }

  std::string_view html_;
  std::size_t max_depth_, max_work_;
  std::size_t i_ = 0;
  std::vector<std::string> stack_;
  bool foreign_ = false;  // inside <svg> or <math>, where "/>" closes an element
  HtmlNesting result_;
};

}  // namespace

HtmlNesting scan_html_nesting(std::string_view html, std::size_t max_depth, std::size_t max_work) {
  return Scanner(html, max_depth, max_work).run();
}

}  // namespace kr::index::detail
