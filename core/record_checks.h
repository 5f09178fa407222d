#pragma once
/// The value-level rules of RECORD-FORMAT.md that the record reader applies, kept apart from the
/// XML walk so each rule reads (and is tested) on its own. Internal to core/record_reader.cc.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/source_position.h"

namespace kr::detail {

using kr::position_at;
using kr::SourcePosition;

/// A problem the markup scan found, at a byte offset.
struct MarkupIssue {
  std::size_t offset = 0;
  std::string message;
};

/// Checks what pugixml lets through silently: invalid UTF-8, control characters, DOCTYPE
/// declarations (no entity tricks) and entity references other than the five predefined ones and
/// character references. Comments, CDATA and processing instructions are skipped. Returns the
/// first problem, or nullopt.
std::optional<MarkupIssue> scan_markup(std::string_view xml);

/// Trims XML whitespace (space, tab, CR, LF) and collapses inner runs of it to one space.
/// Example: "  a \n\t b " -> "a b".
std::string collapse_whitespace(std::string_view s);

/// `[a-z0-9][a-z0-9-]{2,99}`: record ids, work ids, related refs.
bool is_record_id(std::string_view s);
/// BCP-47 primary language subtag `[a-z]{2,3}`.
bool is_language_tag(std::string_view s);
/// YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar day (2017-02-30 is not).
bool is_record_date(std::string_view s);
/// MIEUX Action code YYYY-NN.
bool is_action_code(std::string_view s);
/// ISO 3166-1 alpha-2 shape: two upper-case ASCII letters.
bool is_country_code(std::string_view s);
/// One of the record types of the contract.
bool is_record_type(std::string_view s);
/// An attachment format the indexer extracts: .txt .md .html .htm .pdf .docx (any case).
bool has_attachment_extension(std::string_view href);

/// An attachment resolved on disk, or why it cannot be used.
struct Attachment {
  std::string path;   ///< absolute, lexically normal (symlinks kept, so the extension is as written)
  std::string error;  ///< non-empty when the href is unsafe or the file unusable
};
/// Resolves source@href `href` written in the record at `record_file` against `corpus_root`
/// (already weakly canonical): rejects absolute paths, `..` escaping the root, paths that resolve
/// (symlinks followed) outside the root, missing files and anything that is not a regular file.
Attachment resolve_attachment(std::string_view href, const std::filesystem::path& record_file,
                              const std::filesystem::path& corpus_root);

}  // namespace kr::detail
