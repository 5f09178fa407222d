#pragma once
/// Helpers shared by the tests: paths into the source tree, temporary folders, file I/O.
#include <filesystem>
#include <string>
#include <vector>

namespace kr::test {

/// Absolute path of a file in the source tree, e.g. source_path("schemas/taxonomy.xml").
std::string source_path(const std::string& relative);
/// Absolute path of a file in the build tree, e.g. binary_path("indexer/kr-index").
std::string binary_path(const std::string& relative);

/// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// path() / name as a string.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Writes `content` to `path`, creating parent folders.
void write_file(const std::string& path, const std::string& content);
/// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::string& path);

/// Quoted runs of 2 to 4 words read from the sample corpus's record files, tags stripped, as
/// written (case and accents kept): phrases found in the records, phrases spanning two fields (the
/// index leaves a gap between fields), and phrases spanning markup that match nothing.
std::vector<std::string> corpus_phrases();

}  // namespace kr::test
