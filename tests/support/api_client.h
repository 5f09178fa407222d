#pragma once
/// Header-only helpers for HTTP integration tests that talk JSON to a real kr-server: an index of
/// corpus/ plus a key file, a server over it, and typed access to the answers. Example:
///   kr::test::ApiServer api;  // indexes corpus/, starts kr-server with one key
///   auto body = api.json("/api/v1/search?q=" + kr::test::url_encode("côte"));
///   auto hits = body->getArray("hits");
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/URI.h>

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/test_support.h"

namespace kr::test {

inline std::string url_encode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "&=+?#%/'", out);
  return out;
}

/// Lowercase hex SHA-256, as the key file stores a secret (DESIGN.md "Key file").
inline std::string sha256_hex(const std::string& secret) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(secret);
  return Poco::DigestEngine::digestToHex(sha.digest());
}

/// Runs kr-index --corpus `corpus` --index `index`; throws with its output on failure.
inline void index_corpus(const std::string& corpus, const std::string& index,
                         const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {
      binary_path("indexer/kr-index"), "--corpus", corpus, "--index", index, "--no-progress"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = run_process(argv);
  if (r.exit_code != 0) throw std::runtime_error("kr-index failed:\n" + r.out + r.err);
}

inline Poco::JSON::Object::Ptr parse_json(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// Ids of a search or similar answer's hits, and of the editions listed under them.
inline std::set<std::string> hit_ids(const Poco::JSON::Object::Ptr& body, bool editions = true) {
  std::set<std::string> ids;
  auto hits = body->getArray("hits");
  for (std::size_t i = 0; i < hits->size(); ++i) {
    auto hit = hits->getObject(static_cast<unsigned>(i));
    ids.insert(hit->getValue<std::string>("id"));
    if (!editions) continue;
    auto eds = hit->getArray("editions");
    for (std::size_t j = 0; j < eds->size(); ++j)
      ids.insert(eds->getObject(static_cast<unsigned>(j))->getValue<std::string>("id"));
  }
  return ids;
}

inline std::vector<std::string> string_array(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->getElement<std::string>(i));
  return out;
}

/// An index of `corpus` (default: the project's corpus/) and a kr-server over it with one key.
class ApiServer {
 public:
  static constexpr const char* kSecret = "integration-test secret";

  explicit ApiServer(const std::string& corpus = source_path("corpus")) {
    index_corpus(corpus, dir_ / "index");
    write_file(dir_ / "keys", "# test key\ntester " + sha256_hex(kSecret) + "\n");
    server_ = std::make_unique<ServerProcess>(
        ServerProcess::Options{.index_dir = dir_ / "index", .keys_file = dir_ / "keys"});
  }

  const TempDir& dir() const { return dir_; }
  ServerProcess& server() { return *server_; }
  std::string index_dir() const { return dir_ / "index"; }

  HttpResponse get(const std::string& target, bool with_key = false) const {
    if (!with_key) return server_->get(target);
    return server_->get(target, {{"Authorization", std::string("Bearer ") + kSecret}});
  }
  /// GET that must answer 200 with a JSON object; throws otherwise (with the body).
  Poco::JSON::Object::Ptr json(const std::string& target, bool with_key = false) const {
    auto r = get(target, with_key);
    if (r.status != 200) {
      throw std::runtime_error(target + " answered " + std::to_string(r.status) + ": " + r.body);
    }
    return parse_json(r.body);
  }

 private:
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace kr::test
