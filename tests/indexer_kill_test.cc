// kill -9 of kr-index at random moments, many times (issue 6): after every kill the index opens
// the way kr-server opens it (INDEX/current) and holds either the complete old content or the
// complete new content, never a mixture. Runs alternate between an incremental run after record
// edits (one transaction on the live database) and --rebuild (a database built beside the live
// one, then the symlink swap). Each round adds and removes records, so old and new differ in
// their set of ids, and tags one record with a word of its own, so they differ in text too.
// Kill moments: anywhere in a run, or near its end (the commit, the swap).
// KR_KILL_RUNS (default 15), KR_KILL_RECORDS (default 1000), KR_KILL_SEED: bench/kill_loop.sh
// runs this test for long.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/index_location.h"
#include "core/index_schema.h"
#include "tests/support/process.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using kr::test::binary_path;
using kr::test::TempDir;
using Clock = std::chrono::steady_clock;
using Ids = std::set<std::string>;

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

/// Record files (gen-NNNNNNN.xml, named after their id) of a folder, sorted.
std::vector<fs::path> record_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Ids ids_of(const std::vector<fs::path>& files) {
  Ids ids;
  for (const auto& f : files) ids.insert(f.stem().string());
  return ids;
}

/// What a reader of the live database sees.
struct Snapshot {
  Xapian::doccount documents = 0;
  Ids ids;
  bool has_word = false;    ///< the round's word is indexed
  bool known_term = false;  ///< a boolean filter every version holds finds documents
};

Snapshot open_live(const std::string& index, const std::string& word) {
  Xapian::Database db(kr::live_database_path(index));  // as kr-server opens it
  Snapshot s;
  s.documents = db.get_doccount();
  const std::string prefix(kr::schema::kId);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    s.ids.insert((*t).substr(prefix.size()));
  }
  s.has_word = !word.empty() && db.get_termfreq(word) > 0;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(std::string(kr::schema::kAudience) + "public"));
  s.known_term = enquire.get_mset(0, 10).size() > 0;
  return s;
}

/// A word of letters only (the analyser keeps it as one term): round 17 -> "zqkbh".
std::string round_word(int round) {
  std::string word = "zqk";
  for (char c : std::to_string(round)) word += static_cast<char>('a' + (c - '0'));
  return word;
}

/// Appends `word` to the summary of `record`.
void tag_record(const fs::path& record, const std::string& word) {
  std::string xml = kr::test::read_file(record.string());
  auto at = xml.find("</summary>");
  REQUIRE(at != std::string::npos);
  xml.insert(at, " " + word);
  kr::test::write_file(record.string(), xml);
}

}  // namespace

TEST_CASE("kill -9 of kr-index at random moments leaves the old or the new complete index") {
  const int runs = env_int("KR_KILL_RUNS", 15);
  const int records = env_int("KR_KILL_RECORDS", 1000);
  const unsigned seed =
      static_cast<unsigned>(env_int("KR_KILL_SEED", static_cast<int>(std::random_device{}())));
  std::mt19937 rng(seed);
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus", spare = tmp.path() / "spare";
  const std::string index = tmp / "index";
  // Records beyond `records` wait in `spare` and are moved in, a few per round.
  auto gen = kr::test::run_process({"/usr/bin/python3", kr::test::source_path("bench/generate_corpus.py"),
                                    "--count", std::to_string(records + records / 2), "--attachments", "0",
                                    "--out", tmp / "generated"});
  REQUIRE(gen.exit_code == 0);
  auto generated = record_files(tmp.path() / "generated");
  fs::create_directories(corpus);
  fs::create_directories(spare);
  for (std::size_t i = 0; i < generated.size(); ++i) {
    fs::rename(generated[i],
               (i < static_cast<std::size_t>(records) ? corpus : spare) / generated[i].filename());
  }
  const fs::path tagged = record_files(corpus).front();  // never removed: it carries the round words

  const auto run_kr_index = [&](bool rebuild) {
    std::vector<std::string> argv{binary_path("indexer/kr-index"), "--corpus", corpus.string(), "--index",
                                  index};
    if (rebuild) argv.push_back("--rebuild");
    return argv;
  };
  // Durations of complete runs, to draw kill moments from: a full build, an incremental run;
  // updated by every run that completes before its kill (the machine's load changes).
  const auto timed = [&](bool rebuild) {
    const auto start = Clock::now();
    auto r = kr::test::run_process(run_kr_index(rebuild));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  };
  auto full = timed(true);
  tag_record(tagged, round_word(0));
  auto incremental = timed(false);

  int killed_mid_run = 0, completed = 0, rebuild_runs = 0, saw_old = 0, saw_new = 0;
  for (int round = 1; round <= runs; ++round) {
    const Snapshot before = open_live(index, round_word(round - 1));
    // New content: a few records removed, a few added (from the spare ones or back from earlier
    // removals), one record tagged with this round's word.
    auto files = record_files(corpus);
    std::shuffle(files.begin() + 1, files.end(), rng);  // files[0] is the tagged record
    for (int i = 0; i < 3; ++i) fs::rename(files[1 + i], spare / files[1 + i].filename());
    auto waiting = record_files(spare);
    std::shuffle(waiting.begin(), waiting.end(), rng);
    for (int i = 0; i < 5 && i < static_cast<int>(waiting.size()); ++i) {
      fs::rename(waiting[i], corpus / waiting[i].filename());
    }
    const std::string word = round_word(round);
    tag_record(tagged, word);
    const Ids new_ids = ids_of(record_files(corpus));

    const bool rebuild = round % 2 == 0;
    rebuild_runs += rebuild;
    auto& measured = rebuild ? full : incremental;
    const long span = measured.count();
    // Every other kill anywhere in the run, the others near its end (80-120 % of a complete run's
    // time), where the commit and the swap of INDEX/current happen.
    const long lo = round % 4 < 2 ? 0 : span * 8 / 10, hi = round % 4 < 2 ? span : span * 12 / 10;
    const auto delay = std::uniform_int_distribution<long>(lo, std::max<long>(lo + 1, hi))(rng);
    const auto started = Clock::now();
    const pid_t pid = kr::test::spawn_process(run_kr_index(rebuild), tmp / "kr-index.log");
    int status = 0;
    bool exited = false;
    while (!exited && Clock::now() - started < std::chrono::milliseconds(delay)) {
      exited = ::waitpid(pid, &status, WNOHANG) == pid;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (exited) {
      measured = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    } else {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    INFO("seed " << seed << ", round " << round << (rebuild ? " (--rebuild)" : " (incremental)")
                 << ", killed after " << delay << " ms of a " << span << " ms run");
    if (WIFSIGNALED(status)) {
      ++killed_mid_run;
    } else {
      ++completed;
      INFO(kr::test::read_file(tmp / "kr-index.log"));
      CHECK(WEXITSTATUS(status) == 0);
    }

    const Snapshot after = open_live(index, word);
    const bool old_content =
        after.ids == before.ids && after.documents == before.ids.size() && !after.has_word;
    const bool new_content = after.ids == new_ids && after.documents == new_ids.size() && after.has_word;
    INFO("documents " << after.documents << " (old " << before.ids.size() << ", new " << new_ids.size()
                      << "), round word indexed: " << after.has_word);
    CHECK((old_content || new_content));
    saw_old += old_content;
    saw_new += new_content;
    CHECK(after.known_term);
    if (!old_content && !new_content) break;  // the next rounds would only repeat the failure
  }
  WARN("seed " << seed << ": " << runs << " runs (" << rebuild_runs << " --rebuild), " << killed_mid_run
               << " killed mid-run, " << completed << " completed first; the index then held the old content "
               << saw_old << " times, the new " << saw_new << " times");
  // Kills must land mid-run, or this test proves nothing (half the moments are drawn within a
  // complete run's time, measured again whenever one completes).
  CHECK(killed_mid_run * 3 >= runs);

  // Afterwards a normal run completes, and killed --rebuild runs left no databases behind.
  auto last = kr::test::run_process(run_kr_index(true));
  CHECK(last.exit_code == 0);
  const Snapshot final_state = open_live(index, round_word(runs));
  CHECK(final_state.ids == ids_of(record_files(corpus)));
  CHECK(final_state.has_word);
  int databases = 0;
  for (const auto& e : fs::directory_iterator(index))
    databases += e.path().filename().string().rfind("db-", 0) == 0;
  CHECK(databases <= 2);  // the live one and the one it replaced
}
