#include "tests/support/test_support.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace kr::test {

std::string source_path(const std::string& relative) { return std::string(KR_SOURCE_DIR) + "/" + relative; }

std::string binary_path(const std::string& relative) { return std::string(KR_BINARY_DIR) + "/" + relative; }

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = base / ("kr-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> corpus_phrases() {
  std::vector<std::string> out;
  std::regex tag("<[^>]*>");
  std::size_t file_no = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source_path("corpus/records")))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string text = std::regex_replace(read_file(file.string()), tag, " ");
    std::vector<std::string> words;
    std::string w;
    for (char c : text + " ") {
      auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) || u >= 0x80) {
        w += c;
      } else if (!w.empty()) {
        words.push_back(w);
        w.clear();
      }
    }
    ++file_no;
    for (std::size_t i = file_no % 7; i + 4 < words.size(); i += 23) {
      std::size_t len = 2 + (i / 23 + file_no) % 3;
      std::string phrase;
      for (std::size_t k = 0; k < len; ++k) phrase += (k ? " " : "") + words[i + k];
      out.push_back("\"" + phrase + "\"");
    }
  }
  return out;
}

}  // namespace kr::test
