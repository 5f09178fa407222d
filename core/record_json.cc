#include "core/record_json.h"

#include <utility>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "core/json_writer.h"

namespace kr {

namespace {

std::vector<std::string> from_array(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
  std::vector<std::string> out;
  auto a = obj->getArray(key);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(i));
  return out;
}

/// The record's members, in the API's order (DESIGN.md "records"), into an open object.
void record_members(JsonWriter& w, const Record& r) {
  w.member("id", r.id);
  w.member("type", r.type);
  w.member("lang", r.lang);
  w.key("work");
  r.work.empty() ? w.null() : w.value(r.work);
  w.member("audience", r.audience);
  w.member("title", r.title);
  w.member("date", r.date);
  w.key("action");
  if (r.action_code.empty()) {
    w.null();
  } else {
    w.begin_object();
    w.member("code", r.action_code);
    w.member("name", r.action_name);
    w.end_object();
  }
  for (auto [key, list] : {std::pair{"countries", &r.countries}, std::pair{"regions", &r.regions},
                           std::pair{"themes", &r.themes}, std::pair{"pillars", &r.pillars},
                           std::pair{"partners", &r.partners}}) {
    w.key(key);
    w.strings(*list);
  }
  w.member("summary", r.summary);
  w.key("sections");
  w.begin_array();
  for (const auto& s : r.sections) {
    w.begin_object();
    w.member("title", s.title);
    w.member("text", s.text);
    w.end_object();
  }
  w.end_array();
  w.key("source");
  r.source_href.empty() ? w.null() : w.value(r.source_href);
  w.key("related");
  w.strings(r.related);
}

std::string optional_string(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o->has(key) || o->isNull(key)) return {};
  return o->getValue<std::string>(key);
}

}  // namespace

// Written with JsonWriter, not Poco::JSON: one record is encoded per document indexed, and
// Poco's object tree cost 5% of kr-index's time (docs/BENCHMARKS.md §7).
std::string encode_stored_record(const StoredRecord& stored) {
  std::string out;
  out.reserve(stored.text.size() + stored.record.summary.size() + 1024);
  JsonWriter w(out);
  w.begin_object();
  record_members(w, stored.record);
  w.member("regions_derived", stored.record.regions_derived);
  w.member("path", stored.path);
  w.member("text", stored.text);
  w.end_object();
  return out;
}

std::string record_api_json(const Record& record) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  record_members(w, record);
  w.end_object();
  return out;
}

Result<StoredRecord> decode_stored_record(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    StoredRecord s;
    Record& r = s.record;
    r.id = o->getValue<std::string>("id");
    r.type = o->getValue<std::string>("type");
    r.lang = o->getValue<std::string>("lang");
    r.work = optional_string(o, "work");
    r.audience = o->getValue<std::string>("audience");
    r.title = o->getValue<std::string>("title");
    r.date = o->getValue<std::string>("date");
    if (auto a = o->getObject("action")) {
      r.action_code = a->getValue<std::string>("code");
      r.action_name = a->getValue<std::string>("name");
    }
    r.countries = from_array(o, "countries");
    r.regions = from_array(o, "regions");
    r.regions_derived = o->optValue<bool>("regions_derived", false);
    r.themes = from_array(o, "themes");
    r.pillars = from_array(o, "pillars");
    r.partners = from_array(o, "partners");
    r.summary = o->optValue<std::string>("summary", "");
    if (auto secs = o->getArray("sections")) {
      for (std::size_t i = 0; i < secs->size(); ++i) {
        auto so = secs->getObject(static_cast<unsigned>(i));
        r.sections.push_back(Section{so->getValue<std::string>("title"), so->getValue<std::string>("text")});
      }
    }
    r.source_href = optional_string(o, "source");
    r.related = from_array(o, "related");
    s.path = o->optValue<std::string>("path", "");
    s.text = o->optValue<std::string>("text", "");
    return s;
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::invalid_record, "stored record is not valid JSON: " + e.displayText());
  }
}

}  // namespace kr
