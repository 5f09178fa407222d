#pragma once
/// One indexing run: walk the corpus, skip unchanged records (stored fingerprints), read and
/// validate changed ones, extract attachments, replace/remove documents, commit once.
#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/indexer_options.h"

namespace kr::index {

struct IngestSummary {
  long indexed = 0, unchanged = 0, removed = 0, rejected = 0, documents = 0;
  std::vector<Error> errors;    ///< one per rejected record, with file:line:column
  std::vector<Error> warnings;  ///< e.g. related ids not in the corpus
  bool committed = false;
};

/// Runs the indexer. A Result error means the run could not happen at all (taxonomy, lock);
/// rejected records are in the summary.
Result<IngestSummary> run_ingest(const IndexerOptions& options);

/// The summary as the JSON object of DESIGN.md ("kr-index --json").
std::string summary_json(const IngestSummary& summary);

}  // namespace kr::index
