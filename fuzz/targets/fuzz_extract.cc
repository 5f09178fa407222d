// libFuzzer target: one attachment extractor (KR_FUZZ_EXTRACTOR, e.g. extract_html) on arbitrary
// bytes. Any input must give text within the cap or an Error with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "indexer/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kr::index::ExtractLimits limits;
  limits.max_text_bytes = 1u << 20;  // smaller than in production so the cap itself is exercised
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text = kr::index::KR_FUZZ_EXTRACTOR(bytes, limits);
  if (text && text->size() > limits.max_text_bytes) std::abort();
  if (!text && text.error().message.empty()) std::abort();
  return 0;
}
