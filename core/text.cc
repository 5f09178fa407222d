#include "core/text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
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
  /// What normalise() makes of each character U+0080..U+02FF when it stands alone, for those
  /// that fold to ASCII ("" = not in the table). Built with ICU itself at construction.
  std::array<std::string, 0x300> latin;
  std::array<bool, 0x300> in_table{};

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
    // Latin-1 letters and the Latin Extended-A ones of French and Spanish text (œ, Œ): starters
    // that compose with nothing before them, so a text of them and ASCII normalises character by
    // character. Everything else (marks, symbols, other scripts) goes through ICU.
    auto add = [&](char32_t cp) {
      std::string one, out;
      icu::UnicodeString(static_cast<UChar32>(cp)).toUTF8String(one);
      normalise(one).toUTF8String(out);
      if (std::all_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        latin[cp] = std::move(out);
        in_table[cp] = true;
      }
    };
    for (char32_t cp = 0xC0; cp <= 0xFF; ++cp)
      if (cp != 0xD7 && cp != 0xF7) add(cp);  // not x and / signs
    add(0x152);
    add(0x153);
    add(0x2BC);  // modifier letter apostrophe: a space
  }

  /// normalise() by table for ASCII text with letters of `latin`; false (out unspecified) when
  /// the text has anything else. About 20 times faster than ICU on French and Spanish text.
  bool normalise_latin(std::string_view utf8, std::string& out) const {
    out.clear();
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
      auto c = static_cast<unsigned char>(utf8[i]);
      if (c < 0x80) {
        out += c == '\'' ? ' ' : static_cast<char>(c);
        ++i;
        continue;
      }
      // The typographic apostrophes ' and ' (E2 80 98, E2 80 99) become spaces, as in kFoldRules.
      if (c == 0xE2 && i + 2 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(utf8[i + 2]) == 0x98 ||
           static_cast<unsigned char>(utf8[i + 2]) == 0x99)) {
        out += ' ';
        i += 3;
        continue;
      }
      // Otherwise two-byte sequences only (U+0080..U+07FF), and of those the table's characters.
      if ((c & 0xE0) != 0xC0 || i + 1 >= utf8.size()) return false;
      auto c2 = static_cast<unsigned char>(utf8[i + 1]);
      if ((c2 & 0xC0) != 0x80) return false;
      char32_t cp = (static_cast<char32_t>(c & 0x1F) << 6) | (c2 & 0x3F);
      if (cp >= latin.size() || !in_table[cp]) return false;
      out += latin[cp];
      i += 2;
    }
    return true;
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
  if (impl_->normalise_latin(utf8, out)) return out;
  out.clear();
  impl_->normalise(utf8).toUTF8String(out);
  return out;
}

std::string TextNormaliser::fold(std::string_view utf8) {
  std::string out;
  if (impl_->normalise_latin(utf8, out)) {  // ASCII or table letters: the result is ASCII
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  out.clear();
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
