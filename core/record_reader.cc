#include "core/record_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <system_error>
#include <utility>

#include "core/record_checks.h"
#include "core/record_xml.h"

namespace kr {
namespace {

namespace fs = std::filesystem;
using detail::collapse_whitespace;
using detail::is_text;
using detail::local_name;
using detail::namespace_of;
using detail::Problem;
using detail::quote;
using detail::tag;

constexpr std::string_view kNamespace = "urn:mieux:knowledge-register:1";
// parse_fragment keeps text outside the root element, so that it can be rejected. No parse_doctype:
// DOCTYPE declarations are rejected by detail::scan_markup before they could matter.
constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_fragment;
}  // namespace

Error record_too_large(std::uintmax_t bytes, const std::string& path) {
  return Error{ErrorCode::invalid_record,
               "record file is " + std::to_string(bytes) + " bytes, more than the limit of " +
                   std::to_string(kMaxRecordBytes) + " (16 MiB); put long texts in an attachment",
               path, 0, 0};
}

namespace {

/// The children of <record> in contract order. Only <related> may repeat.
enum class Part {
  title,
  date,
  action,
  countries,
  regions,
  themes,
  pillars,
  partners,
  summary,
  body,
  source,
  related
};
constexpr std::array<std::string_view, 12> kParts = {"title",   "date",   "action",  "countries",
                                                     "regions", "themes", "pillars", "partners",
                                                     "summary", "body",   "source",  "related"};

std::optional<Part> part_named(std::string_view name) {
  for (std::size_t i = 0; i < kParts.size(); ++i)
    if (kParts[i] == name) return static_cast<Part>(i);
  return std::nullopt;
}

/// One read of one record: the XML text, its file name, and the rules to hold it to.
class RecordParser {
 public:
  RecordParser(const Taxonomy& taxonomy, const fs::path& root, std::string_view xml, const std::string& file)
      : taxonomy_(taxonomy), root_(root), xml_(xml), file_(file), src_(xml, file, kNamespace) {}

  Result<Record> parse() {
    const auto issue = detail::scan_markup(xml_);
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed =
        doc.load_buffer(xml_.data(), xml_.size(), kParseOptions, pugi::encoding_utf8);
    if (!parsed && !(issue && issue->offset <= static_cast<std::size_t>(parsed.offset)))
      return src_.error_at(static_cast<std::size_t>(parsed.offset),
                           std::string("not well-formed XML: ") + parsed.description());
    if (issue) return src_.error_at(issue->offset, issue->message);

    pugi::xml_node root = doc.document_element();
    if (!root) return src_.error_at(xml_.size(), "not well-formed XML: no root element");
    // pugixml accepts a second root element, and text around the root in fragment mode: XML does not.
    for (pugi::xml_node top : doc.children())
      if ((top.type() == pugi::node_element && top != root) ||
          (is_text(top) && !collapse_whitespace(top.value()).empty()))
        return src_.error_at(top, "not well-formed XML: content outside the root element");
    if (local_name(root) != "record")
      return src_.error_at(root, "root element must be <record>, not " + tag(root));
    if (namespace_of(root) != kNamespace)
      return src_.error_at(
          root, "<record> must be in namespace " + std::string(kNamespace) +
                    (namespace_of(root).empty() ? " (it is in none)"
                                                : " (it is in " + quote(namespace_of(root)) + ")"));
    Record record;
    if (Problem p = read_attributes(root, record)) return *p;

    std::array<bool, kParts.size()> seen{};
    int last = -1;
    for (pugi::xml_node child : root.children()) {
      if (is_text(child)) {
        if (!collapse_whitespace(child.value()).empty())
          return src_.error_at(child, "unexpected text in <record>");
        continue;
      }
      if (child.type() != pugi::node_element) continue;
      const std::optional<Part> part = part_named(local_name(child));
      if (!part || namespace_of(child) != kNamespace)
        return src_.error_at(child, "unknown element " + tag(child) + " in <record>");
      const int index = static_cast<int>(*part);
      if (index == last && *part != Part::related)
        return src_.error_at(child, tag(child) + " appears more than once");
      if (index < last)
        return src_.error_at(
            child, tag(child) + " is out of order: it must come before <" + std::string(kParts[last]) + ">");
      last = index;
      seen[index] = true;
      if (Problem p = read_part(*part, child, record)) return *p;
    }
    for (Part required : {Part::title, Part::date})
      if (!seen[static_cast<int>(required)])
        return src_.error_at(
            root, "missing required element <" + std::string(kParts[static_cast<int>(required)]) + ">");

    const bool has_text = !record.summary.empty() || !record.source_href.empty() ||
                          std::any_of(record.sections.begin(), record.sections.end(),
                                      [](const Section& s) { return !s.text.empty(); });
    if (!has_text)
      return src_.error_at(root, "record has no text: it needs at least one of <summary>, <body>, <source>");
    if (!seen[static_cast<int>(Part::regions)] && !record.countries.empty()) {
      for (const std::string& code : record.countries) {
        const Country* country = taxonomy_.find_country(code);
        if (country &&
            std::find(record.regions.begin(), record.regions.end(), country->region) == record.regions.end())
          record.regions.push_back(country->region);
      }
      record.regions_derived = true;
    }
    return record;
  }

 private:
  Problem read_attributes(pugi::xml_node root, Record& r) const {
    if (Problem p = src_.check_attributes(root, {"id", "type", "lang", "work", "audience"})) return p;
    auto id = src_.required(root, "id");
    if (!id) return id.error();
    if (!detail::is_record_id(*id))
      return src_.error_at(
          root, "invalid id " + quote(*id) + ": expected 3 to 100 of [a-z0-9-], not starting with '-'");
    auto type = src_.required(root, "type");
    if (!type) return type.error();
    if (!detail::is_record_type(*type))
      return src_.error_at(root, "unknown type " + quote(*type) +
                                     ": expected practice, report, handbook, factsheet or article");
    auto lang = src_.required(root, "lang");
    if (!lang) return lang.error();
    if (!detail::is_language_tag(*lang))
      return src_.error_at(root, "invalid lang " + quote(*lang) +
                                     ": expected a lower-case BCP-47 primary tag such as en, fr, es");
    r.id = std::move(*id), r.type = std::move(*type), r.lang = std::move(*lang);
    if (pugi::xml_attribute work = root.attribute("work")) {
      r.work = collapse_whitespace(work.value());
      if (!detail::is_record_id(r.work))
        return src_.error_at(root, "invalid work " + quote(r.work) +
                                       ": expected 3 to 100 of [a-z0-9-], not starting with '-'");
    }
    if (pugi::xml_attribute audience = root.attribute("audience")) {
      r.audience = collapse_whitespace(audience.value());
      if (r.audience != "public" && r.audience != "internal")
        return src_.error_at(root, "invalid audience " + quote(r.audience) + ": expected public or internal");
    }
    return std::nullopt;
  }

  /// Country, region, theme or pillar codes from their list element, checked against the taxonomy.
  Problem read_vocabulary(Facet facet, pugi::xml_node list, std::vector<std::string>& out) const {
    const std::string item = facet_name(facet);
    auto items = src_.items_of(list, item);
    if (!items) return items.error();
    for (pugi::xml_node node : *items) {
      auto code = src_.text_of(node);
      if (!code) return code.error();
      if (facet == Facet::country && !detail::is_country_code(*code))
        return src_.error_at(node, "invalid country code " + quote(*code) +
                                       ": expected ISO 3166-1 alpha-2 (two upper-case letters)");
      if (!taxonomy_.contains(facet, *code))
        return src_.error_at(node, "unknown " + item + " " + quote(*code) + ": not in the taxonomy");
      if (std::find(out.begin(), out.end(), *code) != out.end())
        return src_.error_at(node, "duplicate " + item + " " + quote(*code));
      out.push_back(std::move(*code));
    }
    return std::nullopt;
  }

  Problem read_part(Part part, pugi::xml_node node, Record& r) const {
    switch (part) {
      case Part::title:
      case Part::date:
      case Part::summary: {
        auto text = src_.text_of(node);
        if (!text) return text.error();
        if (part == Part::title && text->empty()) return src_.error_at(node, "<title> is empty");
        if (part == Part::date && !detail::is_record_date(*text))
          return src_.error_at(
              node, "invalid date " + quote(*text) + ": expected YYYY, YYYY-MM or YYYY-MM-DD (a real date)");
        (part == Part::title ? r.title : part == Part::date ? r.date : r.summary) = std::move(*text);
        return std::nullopt;
      }
      case Part::action: {
        auto name = src_.text_of(node, {"code"});
        if (!name) return name.error();
        auto code = src_.required(node, "code");
        if (!code) return code.error();
        if (!detail::is_action_code(*code))
          return src_.error_at(node, "invalid action code " + quote(*code) + ": expected YYYY-NN");
        r.action_code = std::move(*code), r.action_name = std::move(*name);
        return std::nullopt;
      }
      case Part::countries:
        return read_vocabulary(Facet::country, node, r.countries);
      case Part::regions:
        return read_vocabulary(Facet::region, node, r.regions);
      case Part::themes:
        return read_vocabulary(Facet::theme, node, r.themes);
      case Part::pillars:
        return read_vocabulary(Facet::pillar, node, r.pillars);
      case Part::partners:
      case Part::body: {
        auto items = src_.items_of(node, part == Part::partners ? "partner" : "section");
        if (!items) return items.error();
        for (pugi::xml_node item : *items) {
          auto text = src_.text_of(item, part == Part::partners ? detail::Names{} : detail::Names{"title"});
          if (!text) return text.error();
          if (part == Part::partners && text->empty()) return src_.error_at(item, "<partner> is empty");
          if (part == Part::partners)
            r.partners.push_back(std::move(*text));
          else
            r.sections.push_back(
                Section{collapse_whitespace(item.attribute("title").value()), std::move(*text)});
        }
        return std::nullopt;
      }
      case Part::source: {
        if (Problem p = src_.check_empty(node, {"href"})) return p;
        pugi::xml_attribute href = node.attribute("href");
        if (!href) return src_.error_at(node, "missing required attribute \"href\" on <source>");
        const detail::Attachment found = detail::resolve_attachment(href.value(), fs::path(file_), root_);
        if (!found.error.empty()) return src_.error_at(node, found.error);
        r.source_href = href.value(), r.source_path = found.path;
        return std::nullopt;
      }
      case Part::related: {
        if (Problem p = src_.check_empty(node, {"ref"})) return p;
        auto ref = src_.required(node, "ref");
        if (!ref) return ref.error();
        if (!detail::is_record_id(*ref))
          return src_.error_at(node, "invalid related ref " + quote(*ref) + ": not a record id");
        r.related.push_back(std::move(*ref));
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  const Taxonomy& taxonomy_;
  const fs::path& root_;
  std::string_view xml_;
  const std::string& file_;
  detail::XmlSource src_;
};

}  // namespace

RecordReader::RecordReader(const Taxonomy& taxonomy, std::string corpus_root)
    : taxonomy_(taxonomy), corpus_root_(std::move(corpus_root)) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(corpus_root_, ec);
  canonical_root_ = fs::weakly_canonical(absolute, ec);
  if (ec) canonical_root_ = absolute.lexically_normal();
}

Result<Record> RecordReader::read_file(const std::string& path) const {
  std::error_code ec;
  if (const auto size = fs::file_size(path, ec); !ec && size > kMaxRecordBytes)
    return record_too_large(size, path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::io_error, "cannot read file", path, 0, 0};
  std::ostringstream content;
  content << in.rdbuf();
  return read(content.str(), path);
}

Result<Record> RecordReader::read(std::string_view xml, const std::string& path) const {
  if (xml.size() > kMaxRecordBytes) return record_too_large(xml.size(), path);
  return RecordParser(taxonomy_, canonical_root_, xml, path).parse();
}

}  // namespace kr
