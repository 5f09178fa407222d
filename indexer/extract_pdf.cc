#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <exception>
#include <memory>
#include <string_view>

#include "indexer/extract.h"
#include "indexer/text_builder.h"

namespace kr::index {
namespace {

// Poppler reports every oddity of a damaged PDF on stderr; we report failures as Results instead.
void ignore_poppler_message(const std::string&, void*) {}

void silence_poppler() {
  static const bool silenced = [] {
    poppler::set_debug_error_function(ignore_poppler_message, nullptr);
    return true;
  }();
  (void)silenced;
}

Result<std::string> extract_pages(std::string_view bytes, const ExtractLimits& limits) {
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return make_error(ErrorCode::invalid_record, "PDF is corrupt or truncated");
  if (doc->is_locked()) return make_error(ErrorCode::invalid_record, "PDF is encrypted");
  const int pages = doc->pages();
  if (pages <= 0) return make_error(ErrorCode::invalid_record, "PDF has no pages (corrupt or truncated)");

  detail::TextBuilder text(limits.max_text_bytes);
  for (int i = 0; i < pages && !text.full(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    text.add_verbatim(std::string_view(utf8.data(), utf8.size()));
    text.paragraph_break();
  }
  return text.take();
}

}  // namespace

Result<std::string> extract_pdf(std::string_view bytes, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_file_bytes || bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return make_error(ErrorCode::invalid_record, "PDF is larger than the file size limit");
  }
  // Poppler rebuilds a missing cross-reference table and would index whatever part of a cut-off
  // file it finds; a complete PDF ends with %%EOF (readers allow some trailing bytes after it).
  const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  if (tail.find("%%EOF") == std::string_view::npos) {
    return make_error(ErrorCode::invalid_record, "PDF is truncated (no %%EOF marker at its end)");
  }
  silence_poppler();
  try {
    return extract_pages(bytes, limits);
  } catch (
      const std::exception& e) {  // poppler-cpp rarely throws, but a library fault is not ours to crash on
    return make_error(ErrorCode::invalid_record, std::string("PDF could not be read: ") + e.what());
  }
}

}  // namespace kr::index
