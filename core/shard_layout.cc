#include "core/shard_layout.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kr {

namespace fs = std::filesystem;

int shard_of(std::string_view id, int shards) noexcept {
  if (shards <= 1) return 0;
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a offset basis
  for (unsigned char c : id) {
    h ^= c;
    h *= 1099511628211ULL;  // FNV prime
  }
  return static_cast<int>(h % static_cast<std::uint64_t>(shards));
}

std::string shard_dir(const std::string& index_dir, int k) {
  return (fs::path(index_dir) / ("shard-" + std::to_string(k))).string();
}

std::string lexicon_dir(const std::string& index_dir) { return (fs::path(index_dir) / kLexiconDir).string(); }

Result<int> read_shard_count(const std::string& index_dir) {
  fs::path file = fs::path(index_dir) / kShardsFile;
  std::error_code ec;
  if (!fs::exists(file, ec)) return 0;
  std::ifstream in(file);
  int n = 0;
  if (!(in >> n) || n < 1 || n > kMaxShards)
    return make_error(ErrorCode::io_error,
                      file.string() + ": expected a shard count between 1 and " + std::to_string(kMaxShards));
  return n;
}

Status write_shard_count(const std::string& index_dir, int shards) {
  fs::path dir(index_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path tmp = dir / (std::string(kShardsFile) + ".tmp");
  {
    std::ofstream out(tmp);
    out << shards << "\n";
    if (!out) return make_error(ErrorCode::io_error, "cannot write " + tmp.string());
  }
  fs::rename(tmp, dir / kShardsFile, ec);
  if (ec)
    return make_error(ErrorCode::io_error,
                      "cannot write " + (dir / kShardsFile).string() + ": " + ec.message());
  return Ok{};
}

}  // namespace kr
