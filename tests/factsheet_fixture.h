#pragma once
// Shared by factsheet_api_test.cc and coverage_feed_api_test.cc: one index of corpus/, a key
// file and a running kr-server per test executable, plus expected values computed from the
// corpus XML itself (tests/support/corpus_model.h), never from the server.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <memory>
#include <pugixml.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/http/access_keys.h"
#include "tests/support/corpus_facts.h"
#include "tests/support/corpus_model.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

namespace fixture {

inline constexpr const char* kSecret = "factsheet test secret";

struct Server {
  kr::test::TempDir dir;
  std::unique_ptr<kr::test::ServerProcess> server;

  Server() {
    auto indexed = kr::test::run_process({kr::test::binary_path("indexer/kr-index"), "--corpus",
                                          kr::test::source_path("corpus"), "--index", dir / "index"});
    if (indexed.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + indexed.err);
    kr::test::write_file(dir / "keys", "staff " + kr::http::AccessKeys::sha256_hex(kSecret) + "\n");
    server = std::make_unique<kr::test::ServerProcess>(
        kr::test::ServerProcess::Options{.index_dir = dir / "index", .keys_file = dir / "keys"});
  }
};

inline Server& server() {
  static Server s;
  return s;
}

/// GET with or without the access key.
inline kr::test::HttpResponse get(const std::string& target, bool key = false) {
  kr::test::Headers headers;
  if (key) headers.emplace_back("Authorization", std::string("Bearer ") + kSecret);
  return server().server->get(target, headers);
}

inline Poco::JSON::Object::Ptr json(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

inline std::string error_code(const kr::test::HttpResponse& r) {
  return json(r.body)->getObject("error")->getValue<std::string>("code");
}

/// Corpus records the caller may see.
inline std::vector<kr::test::CorpusRecord> visible_records(bool key) {
  std::vector<kr::test::CorpusRecord> out;
  for (const auto& r : kr::test::corpus_model())
    if (key || r.audience != "internal") out.push_back(r);
  return out;
}

/// Action code of every record that has one, read from the XML (the model does not keep it).
inline const std::map<std::string, std::string>& action_codes() {
  static const std::map<std::string, std::string> codes = [] {
    std::map<std::string, std::string> out;
    for (const auto& path : kr::test::corpus_record_files()) {
      pugi::xml_document doc;
      doc.load_file(path.c_str());
      auto r = doc.child("record");
      if (auto action = r.child("action")) out[r.attribute("id").value()] = action.attribute("code").value();
    }
    return out;
  }();
  return codes;
}

/// Ids of a vocabulary in taxonomy order, read from schemas/taxonomy.xml ("regions"/"region").
inline std::vector<std::string> taxonomy_ids(const std::string& list, const std::string& item) {
  pugi::xml_document doc;
  doc.load_file(kr::test::source_path("schemas/taxonomy.xml").c_str());
  std::vector<std::string> out;
  const char* attr = item == "country" ? "code" : "id";
  for (auto n : doc.child("taxonomy").child(list.c_str()).children(item.c_str()))
    out.push_back(n.attribute(attr).value());
  return out;
}

/// The label of a vocabulary entry in a language, from schemas/taxonomy.xml.
inline std::string taxonomy_label(const std::string& list, const std::string& item, const std::string& id,
                                  const std::string& lang) {
  pugi::xml_document doc;
  doc.load_file(kr::test::source_path("schemas/taxonomy.xml").c_str());
  auto entry =
      doc.child("taxonomy").child(list.c_str()).find_child_by_attribute(item.c_str(), "id", id.c_str());
  return entry.find_child_by_attribute("label", "lang", lang.c_str()).text().get();
}

inline std::set<std::string> internal_ids() {
  std::set<std::string> out;
  for (const auto& f : kr::test::internal_facts()) out.insert(f.id);
  return out;
}

}  // namespace fixture
