#pragma once
/// Where the live Xapian database of an index folder is, shared by indexer and server.
///
/// Layout of `--index DIR`: DIR/current is a symlink to DIR/db-<stamp>, a Xapian database.
/// --rebuild writes a new db-<stamp> beside it and swaps the symlink with an atomic rename(), so a
/// reader always opens a complete database. A DIR that is itself a Xapian database (has
/// iamglass) is used as it is.
#include <string>

namespace kr {

/// Name of the symlink to the live database inside the index folder.
inline constexpr const char* kCurrentLink = "current";

/// Path of the live database of `index_dir` (the symlink target, made absolute), or "" when
/// the folder holds no database yet.
std::string live_database_path(const std::string& index_dir);

}  // namespace kr
