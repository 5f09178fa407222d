#pragma once
/// THE layout of the Xapian index: every term prefix and value slot, with its encoding.
/// No other file spells a prefix string or a slot number.
///
/// Documents: one per record, unique term Q<id>, replaced with replace_document(Q<id>).
/// Public and internal records live in one database; internal ones carry kAudience+"internal"
/// and are filtered out for public callers. Their words are never added to the spelling table,
/// so "did you mean" and completions cannot reveal them.
#include <string>
#include <string_view>

#include <xapian.h>

#include "core/taxonomy.h"

namespace kr::schema {

// ---- Boolean (filter) term prefixes: prefix + value, values as in the taxonomy ----
inline constexpr std::string_view kId = "Q";           ///< record id (unique)
inline constexpr std::string_view kType = "XT";        ///< type id
inline constexpr std::string_view kRegion = "XR";      ///< region id (written or derived)
inline constexpr std::string_view kCountry = "XC";     ///< ISO code, upper case
inline constexpr std::string_view kTheme = "XH";       ///< theme id
inline constexpr std::string_view kPillar = "XG";      ///< GAMM pillar id
inline constexpr std::string_view kLang = "L";         ///< language tag (Omega's convention)
inline constexpr std::string_view kYear = "Y";         ///< four-digit year (Omega's convention)
inline constexpr std::string_view kAudience = "XU";    ///< public | internal
inline constexpr std::string_view kWork = "XW";        ///< work id shared by language editions
inline constexpr std::string_view kActionCode = "XK";  ///< Action code YYYY-NN (boolean)
inline constexpr std::string_view kGlossary = "XY";    ///< glossary term id found in the text
/// Phrase pair: "XB" + word + ' ' + next word, for two unprefixed words at adjacent positions
/// (wdf 0, so document lengths and weights are unchanged) when both take part in pairs
/// (core/phrase_pair_words.h: by default the index's frequent words; every word with kr-index
/// --phrase-pairs=all; none with --no-phrase-pairs). A two-word phrase matches exactly the
/// documents holding its pair term; a longer one only documents holding all its pairs, so counting
/// a phrase walks posting lists instead of checking every candidate's positions. Costs (BENCHMARKS.md
/// §9, §13): every word ~1.7x the indexing CPU and ~1.35x the index; frequent words (the default)
/// ~1.3x the CPU and ~1.1x the index.
inline constexpr std::string_view kPhrasePair = "XB";
/// Boolean term of every document that carries the pairs of every word (the bare prefix, no pair
/// is empty); a document with the pairs of a word list carries this prefix + ' ' + a digest of
/// the list (indexer/phrase_pairs.h). kr-index marks the index kMetaPhrasePairs "1" when all
/// documents carry the marker of its pair words.
inline constexpr std::string_view kHasPhrasePairs = kPhrasePair;

// ---- Free-text field prefixes (probabilistic; also searched unprefixed) ----
inline constexpr std::string_view kTitle = "S";     ///< title (Omega: S = subject)
inline constexpr std::string_view kPartner = "XP";  ///< partner institutions
inline constexpr std::string_view kAction = "XA";   ///< Action code and name

/// Query-syntax field names (`title:`, `partner:`, `action:`) and the prefix each maps to.
struct FieldPrefix {
  std::string_view field;
  std::string_view prefix;
};
inline constexpr FieldPrefix kFreeTextFields[] = {
    {"title", kTitle}, {"partner", kPartner}, {"action", kAction}};

/// Boolean filter prefix of a facet (year included).
std::string_view facet_prefix(Facet f) noexcept;
/// prefix + value, e.g. term(Facet::region, "asia") == "XRasia".
std::string facet_term(Facet f, std::string_view value);
inline std::string id_term(std::string_view id) { return std::string(kId) + std::string(id); }
/// kPhrasePair term of two adjacent words; empty when it would exceed kMaxPhrasePairTerm (such
/// pairs are not indexed, and a phrase containing one is checked by positions alone).
std::string phrase_pair_term(std::string_view word, std::string_view next);
inline constexpr std::size_t kMaxPhrasePairTerm = 200;  ///< bytes; Xapian's limit is 245
/// A word term that takes part in phrase pairs: unprefixed (prefixes are upper case).
inline bool is_phrase_word(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// ---- Value slots ----
enum Slot : Xapian::valueno {
  kSlotDate = 0,         ///< date as YYYYMMDD (missing parts "00"), sortable as a string
  kSlotFingerprint = 1,  ///< hex hash of record XML + attachment bytes + kIndexVersion
  kSlotFacets = 2,       ///< facet terms of the document, see encode_facets()
  kSlotWork = 3,         ///< work id (empty when none), for collapsing editions
  kSlotSourcePath = 4,   ///< attachment path relative to the corpus (to fingerprint it)
  kSlotPath = 5,         ///< record file path relative to the corpus (incremental runs)
};

/// Database metadata keys.
inline constexpr const char* kMetaUpdated = "kr:updated";  ///< ISO 8601 UTC time of the last run
inline constexpr const char* kMetaCorpus = "kr:corpus";    ///< absolute corpus folder of the last run
/// Phrase pairs: "1" when every document carries its kPhrasePair terms (kr-server then counts
/// phrases from them), "partial" when pairs are on but some documents predate them (a record
/// rejected on the run that turned them on or changed the words), "off" when kr-index was told
/// --no-phrase-pairs; empty or missing in an index built before pairs were the default.
inline constexpr const char* kMetaPhrasePairs = "kr:phrase-pairs";
/// Which words take part in phrase pairs: PairWords::encode() (core/phrase_pair_words.h); empty
/// or missing means every word (an index built with --phrase-pairs before the key existed).
inline constexpr const char* kMetaPhrasePairWords = "kr:phrase-pair-words";
/// How many record files the corpus had when the frequent words were chosen (kr-index chooses
/// them again, re-indexing every record, once the corpus has grown fourfold).
inline constexpr const char* kMetaPhrasePairRecords = "kr:phrase-pair-records";

/// Bumped whenever the way documents are built changes: forces a full re-index.
inline constexpr std::string_view kIndexVersion = "kr-index-2";

/// kSlotDate encoding: "2017-10" -> "20171000".
std::string encode_date(std::string_view date);

/// kSlotFacets encoding: the document's facet terms (facet_term form) joined by '\n'.
/// Read back with decode_facets; the server turns them into per-docid ordinals at open.
/// Example: "XTpractice\nXRafrica-ces\nXCMG\nY2017\nLen\nXUpublic".
std::string encode_facets(const std::vector<std::string>& facet_terms);

/// Document data (Document::get_data) is a JSON object with what a hit needs without re-reading
/// the corpus: id, type, title, date, lang, audience, work, countries, regions, themes, pillars,
/// action {code,name}, partners, summary, sections [{title,text}], source (href), related,
/// text (the full indexed text used for snippets, attachment text included, capped).
inline constexpr std::size_t kStoredTextLimit = 64 * 1024;

/// Weights of the free-text fields (wdf increments given to TermGenerator::index_text).
inline constexpr int kWeightTitle = 5;
inline constexpr int kWeightSummary = 2;
inline constexpr int kWeightBody = 1;
/// Labels and country names are the only text every record carries in EN, FR and ES: they bridge
/// cross-language queries, so they weigh more than body text (docs/RELEVANCE.md has the numbers).
inline constexpr int kWeightLabels = 2;  ///< taxonomy labels of the record's regions/themes/pillars/type
inline constexpr int kWeightCountryNames = 3;  ///< EN/FR/ES names and aliases of the record's countries

}  // namespace kr::schema
