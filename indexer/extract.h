#pragma once
/// Attached documents -> plain text, with real parsers from Debian's libraries:
/// txt (UTF-8 checked), Markdown (cmark), HTML (gumbo), PDF (poppler-cpp), DOCX (Poco::Zip + pugixml).
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kr::index {

/// Limits that keep hostile attachments bounded in time and memory.
struct ExtractLimits {
  std::size_t max_file_bytes = 64u << 20;        ///< larger files are rejected
  std::size_t max_text_bytes = 16u << 20;        ///< extracted text is cut here
  std::size_t max_docx_entry_bytes = 64u << 20;  ///< uncompressed word/document.xml (zip bombs)
  /// HTML nested deeper is rejected: gumbo's time grows with tags x depth (100,000 nested <div>s
  /// take it 35 s). Real pages nest a few dozen deep.
  std::size_t max_html_depth = 1000;
  /// Bound on tags x depth (summed depth at every tag) for HTML, about a second of gumbo's time.
  std::size_t max_html_work = 100'000'000;
};

/// Extracts the text of the file at `path`, choosing the format by its extension
/// (.txt .md .markdown .html .htm .pdf .docx, case-insensitive). Errors: ErrorCode::unsupported for
/// other extensions, io_error when unreadable, invalid_record when the content is corrupt,
/// encrypted or not valid UTF-8 (txt/md). Paragraph breaks become "\n\n".
Result<std::string> extract_file(const std::string& path, const ExtractLimits& limits = {});

// Per format, from bytes already in memory (used by extract_file and by the fuzzers).
Result<std::string> extract_txt(std::string_view bytes, const ExtractLimits& limits = {});
Result<std::string> extract_markdown(std::string_view bytes, const ExtractLimits& limits = {});
/// Visible text only: <script>, <style>, <template>, <noscript> and comments are skipped;
/// <title> is included first; block elements separate paragraphs; entities decoded.
Result<std::string> extract_html(std::string_view bytes, const ExtractLimits& limits = {});
Result<std::string> extract_pdf(std::string_view bytes, const ExtractLimits& limits = {});
Result<std::string> extract_docx(std::string_view bytes, const ExtractLimits& limits = {});

}  // namespace kr::index
