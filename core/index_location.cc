#include "core/index_location.h"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace kr {

std::string live_database_path(const std::string& index_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir(index_dir);
  // kr-index's layout first (the one a server checks on every request): one system call.
  fs::path target = fs::read_symlink(dir / kCurrentLink, ec);
  if (!ec) {
    if (target.is_relative()) target = dir / target;
    return fs::absolute(target, ec).lexically_normal().string();
  }
  if (fs::exists(dir / "iamglass", ec)) return fs::absolute(dir, ec).string();
  // A copy kept by xapian-replicate: a stub file naming the replica folder currently live, which
  // the replication switches atomically (docs/SCALING.md).
  if (std::ifstream stub(dir / "XAPIANDB"); stub) {
    std::string line;
    while (std::getline(stub, line)) {
      if (line.rfind("auto ", 0) != 0) continue;
      fs::path replica = line.substr(5);
      if (replica.is_relative()) replica = dir / replica;
      return fs::absolute(replica, ec).lexically_normal().string();
    }
    return {};
  }
  return {};
}

std::string new_database_name() {
  auto ns = std::chrono::system_clock::now().time_since_epoch().count();
  return "db-" + std::to_string(ns);
}

void publish_database(const std::string& index_dir, const std::string& db_path) {
  namespace fs = std::filesystem;
  fs::path dir(index_dir);
  std::string old_live = live_database_path(index_dir);
  fs::path tmp_link = dir / (std::string(kCurrentLink) + ".tmp");
  std::error_code ec;
  fs::remove(tmp_link, ec);
  fs::create_directory_symlink(fs::path(db_path).filename(), tmp_link);
  fs::rename(tmp_link, dir / kCurrentLink);
  std::string keep_old = old_live.empty() ? std::string() : fs::path(old_live).filename().string();
  std::string keep_new = fs::path(db_path).filename().string();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("db-", 0) == 0 && name != keep_old && name != keep_new && entry.is_directory())
      fs::remove_all(entry.path(), ec);
  }
}

}  // namespace kr
