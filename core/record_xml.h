#pragma once
/// The XML mechanics under the record reader: pugixml nodes as file:line:column errors, namespace
/// lookup (pugixml has none), and the three element shapes a record uses (text-only, empty, list).
/// Internal to core/record_reader.cc.
#include <initializer_list>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace kr::detail {

/// Local part of an element or attribute name ("k:title" -> "title").
std::string_view local_name(pugi::xml_node n);
/// Namespace URI bound to `prefix` ("" for the default namespace) in the scope of `n`; "" if none.
std::string_view prefix_namespace(pugi::xml_node n, std::string_view prefix);
/// Namespace URI of element `n`.
std::string_view namespace_of(pugi::xml_node n);
/// True for character data (PCDATA or CDATA).
bool is_text(pugi::xml_node n);
/// "<title>" for an element, for messages.
std::string tag(pugi::xml_node n);
/// `s` in double quotes, for messages.
std::string quote(std::string_view s);

using Problem = std::optional<Error>;
using Names = std::initializer_list<std::string_view>;

/// One XML text and its file name: makes invalid_record errors located in it, and reads elements
/// of the shapes a record uses. Example: `auto t = src.text_of(title); if (!t) return t.error();`
class XmlSource {
 public:
  /// Both must outlive the XmlSource. `ns` is the namespace every checked element must be in.
  XmlSource(std::string_view xml, const std::string& file, std::string_view ns)
      : xml_(xml), file_(file), ns_(ns) {}

  /// An error at a byte offset of the text.
  Error error_at(std::size_t offset, std::string message) const;
  /// An error at an element's '<', or at the first non-blank character of a text node.
  Error error_at(pugi::xml_node node, std::string message) const;

  /// Rejects attributes not in `allowed`, and duplicates (which pugixml accepts silently).
  /// Namespace declarations and xsi: attributes pass, as they do for XSD.
  Problem check_attributes(pugi::xml_node node, Names allowed) const;
  /// Value of a required attribute, whitespace collapsed.
  Result<std::string> required(pugi::xml_node node, const char* name) const;
  /// Text of a text-only element (attributes limited to `attributes`), whitespace collapsed.
  Result<std::string> text_of(pugi::xml_node node, Names attributes = {}) const;
  /// An element that carries attributes only, like <source href="…"/>.
  Problem check_empty(pugi::xml_node node, Names attributes) const;
  /// The <item> children of a list element such as <countries>: at least one, nothing else.
  Result<std::vector<pugi::xml_node>> items_of(pugi::xml_node list, std::string_view item) const;

 private:
  std::string_view xml_;
  const std::string& file_;
  std::string_view ns_;
};

}  // namespace kr::detail
