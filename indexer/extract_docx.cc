#include <Poco/Exception.h>
#include <Poco/MemoryStream.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <pugixml.hpp>
#include <vector>

#include "indexer/extract.h"
#include "indexer/text_builder.h"

namespace kr::index {
namespace {

constexpr const char* kDocumentEntry = "word/document.xml";

Error corrupt(const std::string& why) { return make_error(ErrorCode::invalid_record, "DOCX " + why); }

// Inflates word/document.xml, never past what the central directory declares nor past the limit:
// a zip bomb stops after at most one chunk beyond either.
Result<std::string> read_document_entry(std::string_view bytes, std::size_t limit) {
  Poco::MemoryInputStream in(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  Poco::Zip::ZipArchive archive(in);
  const auto header = archive.findHeader(kDocumentEntry);
  if (header == archive.headerEnd()) return corrupt("has no word/document.xml (not a Word document?)");
  auto info = archive.fileInfoBegin();
  while (info != archive.fileInfoEnd() && info->second.getFileName() != kDocumentEntry) ++info;
  if (info == archive.fileInfoEnd()) return corrupt("central directory lacks word/document.xml");

  const auto& local = header->second;
  if (local.isEncrypted()) return corrupt("is encrypted");
  const std::uint64_t declared = info->second.getUncompressedSize();
  if (declared != local.getUncompressedSize()) return corrupt("declares two sizes for word/document.xml");
  if (declared > limit) {
    return corrupt("word/document.xml is " + std::to_string(declared) +
                   " bytes uncompressed, more than the limit of " + std::to_string(limit));
  }

  in.clear();
  Poco::Zip::ZipInputStream entry(in, local, true);
  std::string xml;
  xml.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(declared, 4u << 20)));  // sizes can lie
  std::vector<char> chunk(64 * 1024);
  while (entry) {
    entry.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    xml.append(chunk.data(), static_cast<std::size_t>(entry.gcount()));
    if (xml.size() > declared)
      return corrupt("word/document.xml holds more than its declared size (zip bomb?)");
  }
  if (entry.bad() || xml.size() != declared) return corrupt("word/document.xml is corrupt");
  if (!entry.crcValid()) return corrupt("word/document.xml fails its CRC check");
  return xml;
}

// Poco::Zip allocates the "extensible data" of a ZIP64 end-of-central-directory record at the size
// the record declares, before reading it: a forged size asks for terabytes (found by
// fuzz_extract_docx, fuzz/regressions/extract_docx/). A record cannot be larger than what follows
// it in the file, so such a record is refused before Poco sees it.
bool has_impossible_zip64_record(std::string_view bytes) {
  constexpr std::string_view kSignature("PK\x06\x06", 4);
  for (auto at = bytes.find(kSignature); at != std::string_view::npos; at = bytes.find(kSignature, at + 1)) {
    if (bytes.size() - at < 12) return true;  // the size field itself is cut off
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = size << 8 | static_cast<unsigned char>(bytes[at + 4 + i]);
    if (size > bytes.size() - at - 12) return true;
  }
  return false;
}

const char* local_name(const pugi::xml_node& node) {
  const char* name = node.name();
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

bool named(const pugi::xml_node& node, const char* name) { return std::strcmp(local_name(node), name) == 0; }

// WordprocessingML runs: <w:p><w:r><w:t>text</w:t><w:tab/><w:br/></w:r></w:p>. Matching local names
// also takes text from text boxes and equations (a:t, m:t); field codes (w:instrText) and deleted text
// (w:delText) have other names and stay out. Iterative: documents can nest tables deeply.
void walk(const pugi::xml_node& root, detail::TextBuilder& text) {
  std::vector<std::pair<pugi::xml_node, bool>> stack{{root, false}};  // (node, leaving)
  while (!stack.empty() && !text.full()) {
    auto [node, leaving] = stack.back();
    stack.pop_back();
    if (node.type() != pugi::node_element && node.type() != pugi::node_document) continue;
    const bool in_run = named(node.parent(), "r");
    if (named(node, "p")) {
      text.paragraph_break();
    } else if (named(node, "t")) {
      text.add_verbatim(node.text().get());
      continue;
    } else if (in_run && named(node, "tab")) {  // w:tab elsewhere (w:tabs) defines tab stops
      text.add_verbatim("\t");
      continue;
    } else if (in_run && (named(node, "br") || named(node, "cr"))) {
      text.add_verbatim("\n");
      continue;
    }
    if (leaving) continue;
    stack.emplace_back(node, true);
    std::vector<pugi::xml_node> children(node.begin(), node.end());
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.emplace_back(*it, false);
  }
}

}  // namespace

Result<std::string> extract_docx(std::string_view bytes, const ExtractLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) return corrupt("is larger than the file size limit");
  if (has_impossible_zip64_record(bytes)) {
    return corrupt("is not a valid zip archive: a ZIP64 record declares more bytes than the file holds");
  }
  Result<std::string> xml = corrupt("could not be read");
  try {
    xml = read_document_entry(bytes, limits.max_docx_entry_bytes);
  } catch (const Poco::Exception& e) {
    return corrupt("is not a valid zip archive: " + e.displayText());
  } catch (const std::exception& e) {
    return corrupt(std::string("is not a valid zip archive: ") + e.what());
  }
  if (!xml) return xml.error();

  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!parsed)
    return corrupt(std::string("word/document.xml is not well-formed XML: ") + parsed.description());
  detail::TextBuilder text(limits.max_text_bytes);
  walk(doc, text);
  return text.take();
}

}  // namespace kr::index
