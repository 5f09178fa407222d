#include "core/text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <stdexcept>

namespace kr {
namespace {

// Accent folding without Latin-ASCII (which would also romanise Cyrillic, Greek and Arabic).
// Letters that have no canonical decomposition are mapped first, then marks are stripped.
// ICU rule syntax: \uXXXX escapes keep this file ASCII and keep the space literal.
constexpr const char16_t* kFoldRules =
    u"\\u0153 > oe; \\u0152 > OE; \\u00E6 > ae; \\u00C6 > AE;"  // œ Œ æ Æ
    u"\\u00F8 > o; \\u00D8 > O; \\u0142 > l; \\u0141 > L;"      // ø Ø ł Ł
    u"\\u00DF > ss; \\u1E9E > SS; \\u0111 > d; \\u0110 > D;"    // ß ẞ đ Đ
    u"\\u00F0 > d; \\u00D0 > D; \\u00FE > th; \\u00DE > TH;"    // ð Ð þ Þ
    u"\\u0131 > i;"                                             // ı (dotless i)
    // Apostrophes split elisions: "d'Ivoire" -> "d Ivoire".
    u"[\\u0027\\u2019\\u02BC\\u2018] > \\u0020;"
    u"::NFD; ::[:Nonspacing Mark:] Remove; ::NFC;";

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

struct TextNormaliser::Impl {
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  std::unique_ptr<icu::Transliterator> fold_accents;

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc = icu::Normalizer2::getNFKCInstance(status);
    nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normaliser: ") + u_errorName(status));
    UParseError parse_error{};
    fold_accents.reset(icu::Transliterator::createFromRules("kr-fold-accents", icu::UnicodeString(kFoldRules),
                                                            UTRANS_FORWARD, parse_error, status));
    if (U_FAILURE(status) || !fold_accents) {
      throw std::runtime_error(std::string("ICU transliterator rules: ") + u_errorName(status));
    }
  }

  icu::UnicodeString normalise(std::string_view utf8) const {
    // fromUTF8 replaces ill-formed sequences with U+FFFD.
    icu::UnicodeString in =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = nfkc->normalize(in, status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFKC: ") + u_errorName(status));
    return fold_in_chunks(text);
  }

  void fold_chunk(icu::UnicodeString& chunk) const {
    const char16_t* units = chunk.getBuffer();
    if (std::all_of(units, units + chunk.length(), [](char16_t u) { return u < 0x80; })) {
      chunk.findAndReplace(u"'", u" ");  // ASCII: the apostrophe is the only rule that applies
    } else {
      fold_accents->transliterate(chunk);
    }
  }

  // A transliterator edits its string in place, shifting the tail at each replacement: quadratic on
  // a long attachment (1.4 MB took 4 s). Chunks cut where NFC has a boundary fold the same way,
  // since every rule maps a single character.
  icu::UnicodeString fold_in_chunks(const icu::UnicodeString& text) const {
    constexpr int32_t kChunk = 256;
    if (text.length() <= kChunk) {
      icu::UnicodeString out = text;
      fold_chunk(out);
      return out;
    }
    icu::UnicodeString out;
    const int32_t length = text.length();
    for (int32_t start = 0; start < length;) {
      int32_t end = text.getChar32Limit(std::min(start + kChunk, length));
      // Past a run of combining marks, within reason: beyond it the marks are stripped anyway.
      while (end < length && end - start < 4 * kChunk && !nfc->hasBoundaryBefore(text.char32At(end))) {
        end = text.moveIndex32(end, 1);
      }
      icu::UnicodeString chunk(text, start, end - start);
      fold_chunk(chunk);
      out.append(chunk);
      start = end;
    }
    return out;
  }
};

TextNormaliser::TextNormaliser() : impl_(std::make_unique<Impl>()) {}
TextNormaliser::~TextNormaliser() = default;

std::string TextNormaliser::normalise(std::string_view utf8) {
  // ASCII is already NFKC and has no accents: only the apostrophe changes. Most text is ASCII.
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c == '\'') c = ' ';
    }
    return out;
  }
  std::string out;
  impl_->normalise(utf8).toUTF8String(out);
  return out;
}

std::string TextNormaliser::fold(std::string_view utf8) {
  if (is_ascii(utf8)) {
    std::string out = normalise(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  std::string out;
  impl_->normalise(utf8).foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(out);
  return out;
}

bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {  // 0xC0, 0xC1 only start overlongs
      extra = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;  // stray continuation byte or a lead byte beyond U+10FFFF
    }
    if (end - p <= extra) return false;  // truncated
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

std::string stemmer_name(std::string_view lang) {
  // Only the primary subtag counts, case-insensitively: "en", "EN" and "en-GB" all stem as English.
  std::string primary;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    primary += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (primary == "en") return "english";
  if (primary == "fr") return "french";
  if (primary == "es") return "spanish";
  return "";
}

}  // namespace kr
