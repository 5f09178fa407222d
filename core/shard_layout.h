#pragma once
/// Layout of a sharded index folder, shared by kr-index (which writes it) and kr-server (which
/// reads it).
///
/// `kr-index --shards N --index DIR` writes DIR/SHARDS (the number N), DIR/shard-0 … DIR/shard-<N-1>
/// (each an ordinary index folder, see index_location.h) and DIR/lexicon (an index folder whose
/// database holds no documents, only the spelling and synonym tables of all shards together: what
/// a kr-server reading shards over xapian-tcpsrv uses, since Xapian's remote backend does not
/// carry spelling or synonyms). A record always lands in shard shard_of(id, N).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kr {

inline constexpr const char* kShardsFile = "SHARDS";
inline constexpr const char* kLexiconDir = "lexicon";
inline constexpr int kMaxShards = 256;

/// Stable shard of a record id: FNV-1a (64-bit) of the id's bytes, modulo `shards`. Stable across
/// runs, machines and builds, so re-indexing a record replaces it in the shard that holds it.
int shard_of(std::string_view id, int shards) noexcept;

/// DIR/shard-K.
std::string shard_dir(const std::string& index_dir, int k);
/// DIR/lexicon.
std::string lexicon_dir(const std::string& index_dir);

/// Number of shards recorded in DIR/SHARDS; 0 when the folder is not sharded (or does not exist).
/// Errors: io_error when SHARDS exists but does not hold a number in 1..kMaxShards.
Result<int> read_shard_count(const std::string& index_dir);
/// Writes DIR/SHARDS (atomically, by rename).
Status write_shard_count(const std::string& index_dir, int shards);

}  // namespace kr
