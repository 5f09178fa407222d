#pragma once
/// The stored form of a record inside its Xapian document (Document::get_data): JSON with every
/// field of the Record plus the indexed text used for snippets. Written by the indexer, read by the
/// server, so the format lives here once.
#include <string>

#include "core/error.h"
#include "core/record.h"

namespace kr {

/// A record as stored in the index.
struct StoredRecord {
  Record record;
  std::string path;  ///< record file, relative to the corpus root
  std::string text;  ///< indexed text (summary, sections, attachment), capped, for snippets
};

/// Encodes a stored record as a JSON object.
std::string encode_stored_record(const StoredRecord& stored);
/// Decodes encode_stored_record's output; invalid_record when it is not.
Result<StoredRecord> decode_stored_record(const std::string& json);
/// The record as the API shows it (/api/v1/records/{id}): RECORD-FORMAT.md field names, no text.
std::string record_api_json(const Record& record);

}  // namespace kr
