#include "core/index_location.h"

#include <filesystem>

namespace kr {

std::string live_database_path(const std::string& index_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir(index_dir);
  if (fs::exists(dir / "iamglass", ec)) return fs::absolute(dir, ec).string();
  fs::path link = dir / kCurrentLink;
  fs::path target = fs::read_symlink(link, ec);
  if (ec) return {};
  if (target.is_relative()) target = dir / target;
  return fs::absolute(target, ec).lexically_normal().string();
}

}  // namespace kr
