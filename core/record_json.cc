#include "core/record_json.h"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace kr {

namespace {

Poco::JSON::Array::Ptr to_array(const std::vector<std::string>& values) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& v : values) a->add(v);
  return a;
}

std::vector<std::string> from_array(const Poco::JSON::Object::Ptr& obj, const std::string& key) {
  std::vector<std::string> out;
  auto a = obj->getArray(key);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(i));
  return out;
}

Poco::JSON::Object::Ptr record_object(const Record& r) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("id", r.id);
  o->set("type", r.type);
  o->set("lang", r.lang);
  o->set("work", r.work.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.work));
  o->set("audience", r.audience);
  o->set("title", r.title);
  o->set("date", r.date);
  if (r.action_code.empty()) {
    o->set("action", Poco::Dynamic::Var());
  } else {
    Poco::JSON::Object::Ptr a = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    a->set("code", r.action_code);
    a->set("name", r.action_name);
    o->set("action", a);
  }
  o->set("countries", to_array(r.countries));
  o->set("regions", to_array(r.regions));
  o->set("themes", to_array(r.themes));
  o->set("pillars", to_array(r.pillars));
  o->set("partners", to_array(r.partners));
  o->set("summary", r.summary);
  Poco::JSON::Array::Ptr sections = new Poco::JSON::Array;
  for (const auto& s : r.sections) {
    Poco::JSON::Object::Ptr so = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    so->set("title", s.title);
    so->set("text", s.text);
    sections->add(so);
  }
  o->set("sections", sections);
  o->set("source", r.source_href.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.source_href));
  o->set("related", to_array(r.related));
  return o;
}

std::string stringify(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

std::string optional_string(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o->has(key) || o->isNull(key)) return {};
  return o->getValue<std::string>(key);
}

}  // namespace

std::string encode_stored_record(const StoredRecord& stored) {
  auto o = record_object(stored.record);
  o->set("regions_derived", stored.record.regions_derived);
  o->set("path", stored.path);
  o->set("text", stored.text);
  return stringify(o);
}

std::string record_api_json(const Record& record) { return stringify(record_object(record)); }

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
