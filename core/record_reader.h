#pragma once
/// Reads a record XML file into a Record, checking every rule of RECORD-FORMAT.md.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/record.h"
#include "core/taxonomy.h"

namespace kr {

/// A non-fatal finding about a record (e.g. a related id that is not in the corpus).
struct Warning {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

/// Records hold metadata, summaries and short bodies; long texts belong in an attachment. The cap
/// keeps a hostile record (a 100 MB field) from costing the parser and the term generator.
inline constexpr std::size_t kMaxRecordBytes = 16u << 20;
/// The error for a record file of `bytes` bytes, over kMaxRecordBytes.
Error record_too_large(std::uintmax_t bytes, const std::string& path);

class RecordReader {
 public:
  /// `corpus_root` bounds attachments: a source@href that is absolute, or that resolves
  /// (symlinks included) outside corpus_root, is an error.
  RecordReader(const Taxonomy& taxonomy, std::string corpus_root);

  /// Reads the record file at `path`. Errors carry file:line:column and ErrorCode::invalid_record;
  /// records larger than 16 MiB are rejected unparsed (long texts belong in an attachment).
  Result<Record> read_file(const std::string& path) const;
  /// Same for XML already in memory; `path` names it in errors and anchors source@href.
  Result<Record> read(std::string_view xml, const std::string& path) const;

 private:
  const Taxonomy& taxonomy_;
  std::string corpus_root_;
  std::filesystem::path canonical_root_;  ///< corpus_root_ absolute, symlinks resolved
};

}  // namespace kr
