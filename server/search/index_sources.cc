#include "server/search/index_sources.h"

#include <charconv>
#include <filesystem>

#include "core/index_location.h"
#include "core/index_schema.h"
#include "core/shard_layout.h"

namespace kr::search {

namespace {

/// "tcp://HOST:PORT" -> host, port; port 0 when malformed.
std::pair<std::string, unsigned> split_remote(const std::string& spec) {
  std::string rest = spec.substr(6);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return {rest, 0};
  unsigned port = 0;
  const char* first = rest.data() + colon + 1;
  const char* last = rest.data() + rest.size();
  auto [ptr, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || ptr != last || port == 0 || port > 65535) port = 0;
  return {rest.substr(0, colon), port};
}

struct Resolved {
  std::vector<std::string> shards;
  std::string lexicon;   ///< some shard is remote: the lexicon, a member of the combination
  std::string spelling;  ///< local shards only: the lexicon, for spelling correction alone
};

Resolved resolve(const SourcesConfig& c) {
  Resolved out;
  if (!c.shards.empty()) {
    out.shards = c.shards;
  } else {
    auto n = read_shard_count(c.index_dir);
    if (!n) throw Xapian::DatabaseOpeningError(n.error().message);
    if (*n == 0) out.shards.push_back(c.index_dir);
    for (int k = 0; k < *n; ++k) out.shards.push_back(shard_dir(c.index_dir, k));
  }
  bool remote = false;
  for (const auto& s : out.shards) remote = remote || is_remote_spec(s);
  // Local shards carry their own spelling and synonyms (Xapian merges them); remote ones do not.
  std::string lexicon = !c.lexicon.empty() ? c.lexicon : c.index_dir.empty() ? "" : lexicon_dir(c.index_dir);
  if (remote) {
    out.lexicon = lexicon;
  } else if (out.shards.size() > 1 && !lexicon.empty() && !live_database_path(lexicon).empty()) {
    // Xapian 1.4 corrects spelling over several databases differently from one database holding
    // the same words (a fifth of misspellings of the sample corpus over 2 shards: "accessinq"
    // got nothing instead of "accessing"); the lexicon holds the summed spelling of all shards.
    out.spelling = lexicon;
  }
  return out;
}

std::string local_live(const std::string& folder) {
  std::string live = live_database_path(folder);
  if (live.empty()) throw Xapian::DatabaseOpeningError("no index in " + folder);
  return live;
}

}  // namespace

bool is_remote_spec(const std::string& spec) { return spec.rfind("tcp://", 0) == 0; }

IndexSources::IndexSources(SourcesConfig config) : config_(std::move(config)) {
  // Absolute once: every request resolves these paths (a relative one cost a getcwd each time).
  auto absolute = [](std::string& path) {
    std::error_code ec;
    if (!path.empty() && !is_remote_spec(path)) path = std::filesystem::absolute(path, ec).string();
  };
  absolute(config_.index_dir);
  absolute(config_.lexicon);
  for (auto& s : config_.shards) absolute(s);
}

OpenedIndex IndexSources::open() const {
  Resolved what = resolve(config_);
  OpenedIndex out;
  out.opened_at = std::chrono::steady_clock::now();
  auto add = [&](Xapian::Database member, std::string name) {
    out.db.add_database(member);
    out.members.push_back(std::move(member));
    out.member_names.push_back(std::move(name));
  };
  for (const auto& spec : what.shards) {
    if (!is_remote_spec(spec)) {
      std::string live = local_live(spec);
      add(Xapian::Database(live), live);
      continue;
    }
    auto [host, port] = split_remote(spec);
    if (port == 0) throw Xapian::DatabaseOpeningError("shard " + spec + ": expected tcp://HOST:PORT");
    try {
      add(Xapian::Remote::open(host, port, config_.remote_timeout_ms, config_.remote_timeout_ms), spec);
      out.has_remote = true;
    } catch (const Xapian::Error& e) {
      if (!config_.degrade) throw Xapian::NetworkError("shard " + spec + " is unavailable: " + e.get_msg());
      out.missing.push_back(spec);
    }
  }
  if (out.members.empty()) throw Xapian::NetworkError("no shard is available");
  out.shards = what.shards.size();
  bool any_remote = !what.lexicon.empty();  // resolve() names a lexicon only when some shard is remote
  if (any_remote) {
    std::string live = local_live(what.lexicon);
    add(Xapian::Database(live), live);
  }
  // A copy of a Database does not see members added to the original later: taken last.
  out.spelling = any_remote ? out.members.back() : out.db;  // tcpsrv shards carry no spelling
  for (const auto& spec : what.shards)
    out.identity += (is_remote_spec(spec) ? spec : local_live(spec)) + "\n";
  if (any_remote) out.identity += out.member_names.back() + "\n";
  if (!what.spelling.empty()) {
    std::string live = local_live(what.spelling);
    out.spelling = Xapian::Database(live);
    out.identity += live + "\n";  // kr-index publishes a changed lexicon as a new database
  }
  return out;
}

std::string IndexSources::current_identity() const {
  Resolved what = resolve(config_);
  std::string id;
  bool remote = false;
  for (const auto& spec : what.shards) {
    remote = remote || is_remote_spec(spec);
    if (is_remote_spec(spec)) {
      id += spec + "\n";
    } else {
      std::string live = live_database_path(spec);
      if (live.empty()) return {};  // nothing to open: keep what is open
      id += live + "\n";
    }
  }
  if (remote && !what.lexicon.empty()) id += live_database_path(what.lexicon) + "\n";
  if (!what.spelling.empty()) id += live_database_path(what.spelling) + "\n";
  return id;  // as OpenedIndex::identity, missing shards included
}

std::string IndexSources::content_token(const OpenedIndex& index) {
  std::string token;
  for (std::size_t i = 0; i < index.members.size(); ++i) {
    const auto& m = index.members[i];
    if (!is_remote_spec(index.member_names[i])) {
      token += std::to_string(m.get_revision());
    } else {
      // Remote databases do not expose their revision.
      token += std::to_string(m.get_doccount()) + ":" + std::to_string(m.get_lastdocid()) + ":" +
               std::to_string(m.get_total_length()) + ":" + m.get_metadata(schema::kMetaUpdated);
    }
    token += "/";
  }
  return token;
}

}  // namespace kr::search
