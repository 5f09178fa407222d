#pragma once
/// Where the live Xapian database of an index folder is, shared by indexer and server.
///
/// Layout of `--index DIR`: DIR/current is a symlink to DIR/db-<stamp>, a Xapian database.
/// --rebuild writes a new db-<stamp> beside it and swaps the symlink with an atomic rename(), so a
/// reader always opens a complete database. A DIR that is itself a Xapian database (has
/// iamglass) is used as it is; a replica kept by xapian-replicate (a XAPIANDB stub file naming
/// replica_N) resolves to the replica folder it names.
#include <string>

namespace kr {

/// Name of the symlink to the live database inside the index folder.
inline constexpr const char* kCurrentLink = "current";

/// Path of the live database of `index_dir` (the symlink target, made absolute), or "" when
/// the folder holds no database yet.
std::string live_database_path(const std::string& index_dir);

/// Name for a new database folder inside an index folder: "db-<nanoseconds>".
std::string new_database_name();

/// Makes `db_path` (a complete database inside `index_dir`) the live one: the `current` symlink is
/// replaced with an atomic rename(), so readers see the old or the new database, never half of one.
/// Keeps the database it replaced (readers may still be on it until they reopen) and removes
/// older generations.
void publish_database(const std::string& index_dir, const std::string& db_path);

}  // namespace kr
