#include "indexer/extract.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "core/text.h"
#include "indexer/text_builder.h"

namespace kr::index {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return ext;
}

using Extractor = Result<std::string> (*)(std::string_view, const ExtractLimits&);

Extractor extractor_for(const std::string& ext) {
  if (ext == ".txt") return extract_txt;
  if (ext == ".md" || ext == ".markdown") return extract_markdown;
  if (ext == ".html" || ext == ".htm") return extract_html;
  if (ext == ".pdf") return extract_pdf;
  if (ext == ".docx") return extract_docx;
  return nullptr;
}

Result<std::string> read_bounded(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return make_error(ErrorCode::io_error, ec ? "cannot read file: " + ec.message() : "not a regular file");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(ErrorCode::io_error, "cannot read file: " + ec.message());
  if (size > max_bytes) {
    return make_error(
        ErrorCode::invalid_record,
        "file is " + std::to_string(size) + " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, "cannot open file");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk meanwhile
  if (in.bad()) return make_error(ErrorCode::io_error, "error while reading file");
  return bytes;
}

}  // namespace

Result<std::string> extract_file(const std::string& path, const ExtractLimits& limits) {
  auto fail = [&path](Error error) {
    error.file = path;
    return Result<std::string>(std::move(error));
  };
  const std::string ext = lower_extension(path);
  const Extractor extract = extractor_for(ext);
  if (!extract) {
    return fail(make_error(ErrorCode::unsupported, ext.empty()
                                                       ? "attachment has no file extension"
                                                       : "unsupported attachment type '" + ext + "'"));
  }
  auto bytes = read_bounded(path, limits.max_file_bytes);
  if (!bytes) return fail(bytes.error());
  auto text = extract(*bytes, limits);
  if (!text) return fail(text.error());
  return text;
}

Result<std::string> extract_txt(std::string_view bytes, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return make_error(ErrorCode::invalid_record, "text is larger than the file size limit");
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // byte order mark
  if (!is_valid_utf8(bytes)) return make_error(ErrorCode::invalid_record, "text is not valid UTF-8");
  std::string text;
  text.reserve(std::min(bytes.size(), limits.max_text_bytes));
  // One byte past the cap lets cut_utf8 see whether the last sequence would be split.
  for (std::size_t i = 0; i < bytes.size() && text.size() <= limits.max_text_bytes; ++i) {
    if (bytes[i] == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;  // CRLF -> LF
      text += '\n';
    } else {
      text += bytes[i];
    }
  }
  detail::cut_utf8(text, limits.max_text_bytes);
  return text;
}

}  // namespace kr::index
