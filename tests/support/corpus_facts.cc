#include "tests/support/corpus_facts.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/test_support.h"

namespace kr::test {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, sep)) out.push_back(trim(part));
  return out;
}

/// Non-comment lines of every file called `name` under corpus/records, split on '|'.
std::vector<std::vector<std::string>> table_rows(const std::string& name, bool comments_too = false) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source_path("corpus/records"))) {
    if (e.path().filename() != name) continue;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (line[0] == '#') {
        if (comments_too) rows.push_back(split(line.substr(1), '|'));
        continue;
      }
      if (!comments_too) rows.push_back(split(line, '|'));
    }
  }
  return rows;
}

}  // namespace

std::vector<InternalFact> internal_facts() {
  std::vector<InternalFact> out;
  std::regex country(R"(country ([A-Z]{2}))");
  for (const auto& row : table_rows("INTERNAL.txt")) {
    if (row.size() < 2) continue;
    InternalFact f{row[0], split(row[1], ','), ""};
    std::smatch m;
    if (row.size() > 2 && std::regex_search(row[2], m, country)) f.country = m[1];
    out.push_back(f);
  }
  return out;
}

std::vector<AttachmentFact> attachment_facts() {
  std::vector<AttachmentFact> out;
  for (const auto& row : table_rows("ATTACHMENTS.txt"))
    if (row.size() == 4) out.push_back(AttachmentFact{row[0], row[1], row[2], row[3]});
  return out;
}

std::vector<std::string> unindexed_html_words() {
  for (const auto& row : table_rows("ATTACHMENTS.txt", true))
    if (row.size() == 4 && row[0] == "NOT-INDEXED") return split(row[3], ',');
  return {};
}

std::vector<std::string> corpus_record_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source_path("corpus")))
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path().string());
  return out;
}

}  // namespace kr::test
