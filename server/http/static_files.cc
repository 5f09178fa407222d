#include "server/http/static_files.h"

#include <filesystem>
#include <optional>
#include <system_error>

namespace kr::http {

namespace fs = std::filesystem;

namespace {

Error not_found() { return make_error(ErrorCode::not_found, "no such file"); }

/// The canonical path of `candidate` if it is a regular file inside `root`.
std::optional<fs::path> inside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
  fs::path rel = real.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return real;
}

}  // namespace

Result<StaticFile> resolve_static_file(const std::string& web_dir, const std::vector<std::string>& segments) {
  for (const auto& s : segments) {
    if (s == "." || s == ".." || s.find_first_of(std::string("/\\\0", 3)) != std::string::npos) {
      return make_error(ErrorCode::invalid_argument,
                        "path segments may not be '.', '..' or "
                        "contain separators");
    }
    if (s.empty() || s.front() == '.') return not_found();
  }
  std::error_code ec;
  fs::path root = fs::canonical(web_dir, ec);
  if (ec) return not_found();

  std::vector<fs::path> candidates;
  if (segments.empty()) {
    candidates.push_back(root / "index.html");
  } else {
    fs::path rel;
    for (const auto& s : segments) rel /= s;
    candidates.push_back(root / rel);
    if (segments.size() > 1 && segments.front() == "static") {
      fs::path rest;
      for (std::size_t i = 1; i < segments.size(); ++i) rest /= segments[i];
      candidates.push_back(root / rest);
    }
  }
  for (const auto& candidate : candidates) {
    if (auto real = inside(root, candidate)) {
      return StaticFile{real->string(), content_type_for(real->filename().string())};
    }
  }
  return not_found();
}

std::string attachment_content_type(const std::string& filename) {
  auto ext = fs::path(filename).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == ".md") return "text/markdown; charset=utf-8";
  if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
  return "text/plain; charset=utf-8";
}

std::string content_type_for(const std::string& filename) {
  struct Type {
    const char* extension;
    const char* type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},
      {".webmanifest", "application/manifest+json"},
  };
  auto ext = fs::path(filename).extension().string();
  for (const auto& t : kTypes) {
    if (ext == t.extension) return t.type;
  }
  return "application/octet-stream";
}

}  // namespace kr::http
