// A re-index while serving: 4 client threads send a realistic mix of requests without pause while
// kr-index runs incrementally (a record edited, one removed and put back) and with --rebuild on
// the server's index folder. Every request must answer 200 (no error, no dropped connection) and
// every change must be visible to the very next requests, without restarting kr-server.
#include <Poco/Exception.h>

#include <atomic>
#define CATCH_CONFIG_ENABLE_PAIR_STRINGMAKER  // print facet count maps on failure
#include <catch2/catch.hpp>
#include <filesystem>
#include <mutex>
#include <thread>

#include "tests/support/api_client.h"
#include "tests/support/corpus_expected.h"
#include "tests/support/corpus_model.h"

namespace fs = std::filesystem;
using kr::test::url_encode;

namespace {

constexpr const char* kStable = "az-2019-migrant-integration-plan";  // never edited
constexpr const char* kEdited = "by-2016-02-labour-migration-conventions";

/// What the clients send: searches with facets, paging, sorting, wildcards, records, similar,
/// completions and health; every other request with the key.
const std::vector<std::string>& request_mix() {
  static const std::vector<std::string> mix = {
      "/api/v1/search?q=diaspora&region=africa-west&region=asia&per_page=10",
      "/api/v1/search?q=migration&sort=-date&ui_lang=fr&page=2",
      "/api/v1/search?type=practice&lang=fr&theme=labour-migration",
      "/api/v1/search?q=traf*&per_page=50",
      "/api/v1/search?q=" + url_encode("cote d'ivoire") + "&sort=date",
      std::string("/api/v1/records/") + kStable,
      std::string("/api/v1/records/") + kStable + "/similar?scope=neighbours",
      "/api/v1/suggest?q=migr",
      "/healthz",
  };
  return mix;
}

struct Clients {
  std::atomic<bool> stop{false};
  std::atomic<long> sent{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;

  void start(kr::test::ApiServer& api, int count) {
    for (int t = 0; t < count; ++t) {
      threads.emplace_back([this, &api, t] {
        std::size_t i = static_cast<std::size_t>(t);
        while (!stop) {
          const std::string& target = request_mix()[i++ % request_mix().size()];
          std::string failure;
          try {
            auto r = api.get(target, i % 2 == 0);
            if (r.status != 200) failure = std::to_string(r.status) + " " + r.body;
          } catch (const Poco::Exception& e) {
            failure = e.displayText();
          } catch (const std::exception& e) {
            failure = e.what();
          }
          ++sent;
          if (!failure.empty()) {
            std::lock_guard lock(mutex);
            failures.push_back(target + ": " + failure);
          }
        }
      });
    }
  }
  void join() {
    stop = true;
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
  ~Clients() { join(); }  // also when a REQUIRE throws mid-test
};

/// Replaces the first occurrence of `from` in a file.
void edit(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = kr::test::read_file(path);
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  kr::test::write_file(path, text);
}

}  // namespace

TEST_CASE("re-index and --rebuild under load: no failed request, changes visible at once", "[reopen]") {
  kr::test::TempDir corpus;
  fs::copy(kr::test::source_path("corpus"), corpus.path(), fs::copy_options::recursive);
  const std::string record = corpus / (std::string("records/practices/") + kEdited + ".xml");
  kr::test::ApiServer api(corpus.path().string());
  const std::string index = api.index_dir();
  const long documents = api.json("/healthz", true)->getValue<long>("documents");

  // Every one of several consecutive requests (served by different pooled readers) sees `q`
  // matching exactly `expected` records.
  auto visible_everywhere = [&](const std::string& q, long expected) {
    for (int i = 0; i < 8; ++i) {
      auto body = api.json("/api/v1/search?q=" + url_encode(q), i % 2 == 0);
      if (body->getValue<long>("total") != expected) return false;
    }
    return true;
  };

  Clients clients;
  clients.start(api, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  SECTION("the edits") {
    // 1. An incremental run after an edit.
    edit(record, "<summary>", "<summary>Quillwhistle ");
    kr::test::index_corpus(corpus.path(), index);
    CHECK(visible_everywhere("quillwhistle", 1));

    // 2. Rebuilds swap a fresh database in; the old one is deleted under the readers.
    for (int i = 0; i < 3; ++i) {
      kr::test::index_corpus(corpus.path(), index, {"--rebuild"});
      INFO("rebuild " << i);
      CHECK(visible_everywhere("quillwhistle", 1));
      CHECK(api.json("/healthz", true)->getValue<long>("documents") == documents);
    }

    // 3. Edit again and rebuild: the new word appears, the old one is gone.
    edit(record, "Quillwhistle ", "Marrowgate ");
    kr::test::index_corpus(corpus.path(), index, {"--rebuild"});
    CHECK(visible_everywhere("marrowgate", 1));
    CHECK(visible_everywhere("quillwhistle", 0));

    // 4. A record removed incrementally disappears, and comes back.
    fs::rename(record, corpus / "removed.xml.off");
    kr::test::index_corpus(corpus.path(), index);
    CHECK(api.get(std::string("/api/v1/records/") + kEdited).status == 404);
    CHECK(visible_everywhere("marrowgate", 0));
    CHECK(api.json("/healthz", true)->getValue<long>("documents") == documents - 1);
    fs::rename(corpus / "removed.xml.off", record);
    kr::test::index_corpus(corpus.path(), index);
    CHECK(visible_everywhere("marrowgate", 1));
    CHECK(api.json("/healthz", true)->getValue<long>("documents") == documents);

    // 5. Rebuild and incremental runs back to back.
    for (int i = 0; i < 3; ++i) {
      kr::test::index_corpus(corpus.path(), index, {"--rebuild"});
      kr::test::index_corpus(corpus.path(), index);
    }
    CHECK(visible_everywhere("marrowgate", 1));
  }

  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  clients.join();
  INFO(clients.sent << " requests sent during the re-indexing");
  CHECK(clients.sent > 200);
  std::string report;
  for (std::size_t i = 0; i < clients.failures.size() && i < 20; ++i) report += clients.failures[i] + "\n";
  INFO(clients.failures.size() << " failed requests, first ones:\n" << report);
  CHECK(clients.failures.empty());
}

// A --rebuild builds a fresh database whose revision number is the same as the old one's (one
// commit each). Document ids of the new database differ when records were removed, so anything the
// server caches per database (the facet table) must be rebuilt on the swap, not only on a new
// revision: counts and filters must follow the new database on the very next requests.
TEST_CASE("a --rebuild that removes records: facet counts and filters follow at once", "[reopen]") {
  kr::test::TempDir corpus;
  fs::copy(kr::test::source_path("corpus"), corpus.path(), fs::copy_options::recursive);
  kr::test::ApiServer api(corpus.path().string());
  for (int i = 0; i < 4; ++i) api.json("/api/v1/search?per_page=1");  // readers know the first db

  // The two first practice records in path order: kr-index numbers documents in that order, so
  // removing them moves the document id of nearly every other record.
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus / "records/practices"))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 10);
  std::set<std::string> removed;
  std::string removed_country;
  for (int i = 0; i < 2; ++i) {
    std::string id = files[i].stem().string();
    removed.insert(id);
    for (const auto& r : kr::test::corpus_model())
      if (r.id == id && !r.countries.empty()) removed_country = *r.countries.begin();
    fs::rename(files[i], corpus / (id + ".off"));
  }
  REQUIRE_FALSE(removed_country.empty());
  kr::test::index_corpus(corpus.path(), api.index_dir(), {"--rebuild"});

  for (int i = 0; i < 4; ++i) {
    INFO("request " << i << " after the swap; removed " << *removed.begin() << ", " << *removed.rbegin());
    auto all = api.json("/api/v1/search?per_page=1");
    CHECK(all->getValue<long>("total") == kr::test::expected_total({}, false, removed));
    for (const char* facet : {"country", "type", "lang", "theme"}) {
      INFO(facet);
      std::map<std::string, long> got;
      auto values = all->getObject("facets")->getArray(facet);
      for (unsigned j = 0; j < values->size(); ++j) {
        long count = values->getObject(j)->getValue<long>("count");
        if (count > 0) got[values->getObject(j)->getValue<std::string>("value")] = count;
      }
      CHECK(got == kr::test::expected_counts(facet, {}, false, removed));
    }
    auto filtered = api.json("/api/v1/search?per_page=100&country=" + removed_country);
    long total = filtered->getValue<long>("total");
    CHECK(total == kr::test::expected_total({{"country", {removed_country}}}, false, removed));
    CHECK(static_cast<long>(filtered->getArray("hits")->size()) == total);
    for (const auto& id : kr::test::hit_ids(filtered)) CHECK(removed.count(id) == 0);
  }
}
