#pragma once
/// The Record model: one knowledge record of RECORD-FORMAT.md, as plain data.
#include <string>
#include <vector>

namespace kr {

struct Section {
  std::string title;  ///< may be empty
  std::string text;
};

struct Record {
  std::string id;
  std::string type;                 ///< practice | report | handbook | factsheet | article
  std::string lang;                 ///< BCP-47 primary tag, lower case
  std::string work;                 ///< shared id of language editions; may be empty
  std::string audience = "public";  ///< public | internal
  std::string title;
  std::string date;         ///< YYYY, YYYY-MM or YYYY-MM-DD as written
  std::string action_code;  ///< YYYY-NN; empty when no <action>
  std::string action_name;
  std::vector<std::string> countries;  ///< ISO codes as written (upper case)
  std::vector<std::string> regions;    ///< as written, or derived from countries when absent
  bool regions_derived = false;        ///< true when regions came from countries
  std::vector<std::string> themes;
  std::vector<std::string> pillars;
  std::vector<std::string> partners;
  std::string summary;
  std::vector<Section> sections;
  std::string source_href;           ///< as written (relative to the record file); may be empty
  std::string source_path;           ///< resolved path of the attachment on disk; empty when none
  std::vector<std::string> related;  ///< ids of related records

  bool is_internal() const { return audience == "internal"; }
  /// Four-digit year of `date`.
  std::string year() const { return date.substr(0, 4); }
};

}  // namespace kr
