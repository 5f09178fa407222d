#pragma once
/// Facts about the sample corpus that its authors wrote down next to it
/// (corpus/records/*/INTERNAL.txt and ATTACHMENTS.txt), read by the tests instead of hard-coding.
#include <string>
#include <vector>

namespace kr::test {

struct InternalFact {
  std::string id;
  std::vector<std::string> words;  ///< words that occur in no public record
  std::string country;             ///< an ISO code only internal records use, or ""
};

struct AttachmentFact {
  std::string id, format, file, phrase;  ///< phrase occurs only in the attachment
};

std::vector<InternalFact> internal_facts();
std::vector<AttachmentFact> attachment_facts();
/// Words that occur only inside <script>/<style> of HTML attachments (never indexed).
std::vector<std::string> unindexed_html_words();
/// Paths of every record file of the sample corpus.
std::vector<std::string> corpus_record_files();

}  // namespace kr::test
