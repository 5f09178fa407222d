#include "core/record_xml.h"

#include <algorithm>
#include <utility>

#include "core/record_checks.h"

namespace kr::detail {
namespace {

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

std::string_view prefix_of(std::string_view qname) {
  const std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

}  // namespace

std::string_view local_name(pugi::xml_node n) {
  const std::string_view q = n.name();
  const std::size_t colon = q.find(':');
  return colon == std::string_view::npos ? q : q.substr(colon + 1);
}

std::string_view prefix_namespace(pugi::xml_node n, std::string_view prefix) {
  const std::string decl = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node e = n; e.type() == pugi::node_element; e = e.parent())
    if (pugi::xml_attribute a = e.attribute(decl.c_str())) return a.value();
  return {};
}

std::string_view namespace_of(pugi::xml_node n) { return prefix_namespace(n, prefix_of(n.name())); }

bool is_text(pugi::xml_node n) { return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata; }
std::string tag(pugi::xml_node n) { return "<" + std::string(local_name(n)) + ">"; }
std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

Error XmlSource::error_at(std::size_t offset, std::string message) const {
  const SourcePosition pos = position_at(xml_, offset);
  return Error{ErrorCode::invalid_record, std::move(message), file_, pos.line, pos.column};
}

Error XmlSource::error_at(pugi::xml_node node, std::string message) const {
  // offset_debug() points at an element's name, one past its '<'.
  std::ptrdiff_t offset = std::max<std::ptrdiff_t>(node.offset_debug(), 0);
  if (node.type() == pugi::node_element && offset > 0) --offset;
  auto at = static_cast<std::size_t>(offset);
  if (is_text(node))
    while (at < xml_.size() && std::string_view(" \t\r\n").find(xml_[at]) != std::string_view::npos) ++at;
  return error_at(at, std::move(message));
}

// Unknown attributes are errors so that a misspelt `audiance="internal"` cannot make an internal
// record public without anyone noticing.
Problem XmlSource::check_attributes(pugi::xml_node node, Names allowed) const {
  for (pugi::xml_attribute a : node.attributes()) {
    const std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    const std::string_view prefix = prefix_of(name);
    if (!prefix.empty() && prefix_namespace(node, prefix) == kXsiNamespace) continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return error_at(node, "unknown attribute " + quote(name) + " on " + tag(node));
    for (pugi::xml_attribute b = a.next_attribute(); b; b = b.next_attribute())
      if (name == b.name()) return error_at(node, "duplicate attribute " + quote(name) + " on " + tag(node));
  }
  return std::nullopt;
}

Result<std::string> XmlSource::required(pugi::xml_node node, const char* name) const {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) return error_at(node, "missing required attribute " + quote(name) + " on " + tag(node));
  return collapse_whitespace(a.value());
}

Result<std::string> XmlSource::text_of(pugi::xml_node node, Names attributes) const {
  if (Problem p = check_attributes(node, attributes)) return *p;
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (is_text(child)) text += child.value();
    if (child.type() == pugi::node_element)
      return error_at(child, tag(node) + " must contain text only, not " + tag(child));
  }
  return collapse_whitespace(text);
}

Problem XmlSource::check_empty(pugi::xml_node node, Names attributes) const {
  auto text = text_of(node, attributes);
  if (!text) return text.error();
  if (!text->empty()) return error_at(node, tag(node) + " must be empty");
  return std::nullopt;
}

Result<std::vector<pugi::xml_node>> XmlSource::items_of(pugi::xml_node list, std::string_view item) const {
  if (Problem p = check_attributes(list, {})) return *p;
  std::vector<pugi::xml_node> items;
  for (pugi::xml_node child : list.children()) {
    if (is_text(child) && !collapse_whitespace(child.value()).empty())
      return error_at(child, "unexpected text in " + tag(list));
    if (child.type() != pugi::node_element) continue;
    if (local_name(child) != item || namespace_of(child) != ns_)
      return error_at(child, "unknown element " + tag(child) + " in " + tag(list) + " (expected <" +
                                 std::string(item) + ">)");
    items.push_back(child);
  }
  if (items.empty()) return error_at(list, tag(list) + " is empty");
  return items;
}

}  // namespace kr::detail
