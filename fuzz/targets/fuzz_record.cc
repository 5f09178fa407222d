// libFuzzer target: the record reader on arbitrary bytes, with the real taxonomy.
// Any input must give a Record or an Error with a position, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "core/record_reader.h"
#include "core/taxonomy.h"

namespace {
std::unique_ptr<kr::Taxonomy> taxonomy;
std::unique_ptr<kr::RecordReader> reader;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto loaded = kr::Taxonomy::load(KR_SOURCE_DIR "/schemas/taxonomy.xml");
  if (!loaded) {
    std::fprintf(stderr, "fuzz_record: %s\n", loaded.error().to_string().c_str());
    std::abort();
  }
  taxonomy = std::make_unique<kr::Taxonomy>(std::move(*loaded));
  // source@href resolves against the sample corpus, so seeds may name real attachments.
  reader = std::make_unique<kr::RecordReader>(*taxonomy, KR_SOURCE_DIR "/corpus");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto record = reader->read(xml, KR_SOURCE_DIR "/corpus/records/publications/fuzz.xml");
  if (!record && record.error().message.empty()) std::abort();  // every rejection must say why
  return 0;
}
