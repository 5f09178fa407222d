#include "core/record_checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <system_error>

namespace kr::detail {
namespace {

namespace fs = std::filesystem;

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

/// Length of the well-formed UTF-8 sequence at s[i] (no overlongs, no surrogates, <= U+10FFFF),
/// or 0 when it is not one. Written here because the reader needs the offset of the bad byte.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool is_xml_char(unsigned long cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/// Checks the reference starting at xml[i] == '&'; returns an error message or "".
std::string check_reference(std::string_view xml, std::size_t i) {
  const std::size_t semi = xml.find(';', i);
  const std::string_view name =
      semi == std::string_view::npos ? std::string_view{} : xml.substr(i + 1, semi - i - 1);
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") return "";
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    const bool shaped =
        hex ? !digits.empty() && digits.size() <= 8 &&
                  std::all_of(digits.begin(), digits.end(),
                              [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })
            : all_digits(digits) && digits.size() <= 8;
    if (shaped && is_xml_char(std::stoul(std::string(digits), nullptr, hex ? 16 : 10))) return "";
    return "character reference &" + std::string(name) + "; is not a legal XML character";
  }
  const bool named = !name.empty() && name.size() <= 64 && std::none_of(name.begin(), name.end(), [](char c) {
    return is_xml_space(c) || c == '<' || c == '&';
  });
  if (named)
    return "undefined entity &" + std::string(name) + "; (only &amp; &lt; &gt; &quot; &apos; are allowed)";
  return "'&' must be written &amp;";
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// True when `path` is `root` or inside it (both absolute and lexically normal).
bool is_within(const fs::path& path, fs::path root) {
  if (root.filename().empty()) root = root.parent_path();  // "/corpus/" -> "/corpus"
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

}  // namespace

std::optional<MarkupIssue> scan_markup(std::string_view xml) {
  enum class Mode { markup, comment, cdata, pi };
  Mode mode = Mode::markup;
  const auto at = [&](std::size_t i, std::string_view s) { return xml.substr(i, s.size()) == s; };
  for (std::size_t i = 0; i < xml.size();) {
    const auto c = static_cast<unsigned char>(xml[i]);
    const std::size_t len = utf8_sequence_length(xml, i);
    if (len == 0) return MarkupIssue{i, "invalid UTF-8 (byte " + hex_byte(c) + ")"};
    if (c < 0x20 && !is_xml_space(static_cast<char>(c)))
      return MarkupIssue{i, "control character " + hex_byte(c) + " is not allowed in XML"};
    std::size_t skip = len;
    switch (mode) {
      case Mode::markup:
        if (at(i, "<!--")) {
          mode = Mode::comment, skip = 4;
        } else if (at(i, "<![CDATA[")) {
          mode = Mode::cdata, skip = 9;
        } else if (at(i, "<?")) {
          mode = Mode::pi, skip = 2;
        } else if (at(i, "<!DOCTYPE")) {
          return MarkupIssue{i, "DOCTYPE declarations are not allowed in records"};
        } else if (c == '&') {
          if (std::string problem = check_reference(xml, i); !problem.empty()) return MarkupIssue{i, problem};
        }
        break;
      case Mode::comment:
        if (at(i, "-->")) mode = Mode::markup, skip = 3;
        break;
      case Mode::cdata:
        if (at(i, "]]>")) mode = Mode::markup, skip = 3;
        break;
      case Mode::pi:
        if (at(i, "?>")) mode = Mode::markup, skip = 2;
        break;
    }
    i += skip;
  }
  return std::nullopt;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_xml_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_record_id(std::string_view s) {
  const auto ok = [](char c) { return is_lower(c) || is_digit(c); };
  return s.size() >= 3 && s.size() <= 100 && ok(s[0]) &&
         std::all_of(s.begin() + 1, s.end(), [&](char c) { return ok(c) || c == '-'; });
}

bool is_language_tag(std::string_view s) {
  return (s.size() == 2 || s.size() == 3) && std::all_of(s.begin(), s.end(), is_lower);
}

bool is_record_date(std::string_view s) {
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
  if (!all_digits(s.substr(0, 4))) return false;
  if (s.size() == 4) return true;
  if (s[4] != '-' || !all_digits(s.substr(5, 2))) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !all_digits(s.substr(8, 2))) return false;
  const int year = std::stoi(std::string(s.substr(0, 4)));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  return day >= 1 && day <= last;
}

bool is_action_code(std::string_view s) {
  return s.size() == 7 && all_digits(s.substr(0, 4)) && s[4] == '-' && all_digits(s.substr(5, 2));
}

bool is_country_code(std::string_view s) { return s.size() == 2 && is_upper(s[0]) && is_upper(s[1]); }

bool is_record_type(std::string_view s) {
  return s == "practice" || s == "report" || s == "handbook" || s == "factsheet" || s == "article";
}

bool has_attachment_extension(std::string_view href) {
  const std::size_t dot = href.rfind('.');
  if (dot == std::string_view::npos || href.find('/', dot) != std::string_view::npos) return false;
  const std::string ext = lower_ascii(href.substr(dot + 1));
  return ext == "txt" || ext == "md" || ext == "html" || ext == "htm" || ext == "pdf" || ext == "docx";
}

Attachment resolve_attachment(std::string_view href, const fs::path& record_file,
                              const fs::path& corpus_root) {
  const std::string quoted = "\"" + std::string(href) + "\"";
  if (href.empty()) return {{}, "source@href is empty"};
  const fs::path rel{std::string(href)};
  if (rel.is_absolute() || rel.has_root_name() || href.front() == '/')
    return {{},
            "source@href " + quoted + " must be a path relative to the record file, not an absolute path"};
  if (!has_attachment_extension(href))
    return {{}, "source@href " + quoted + " is not a supported format (.txt .md .html .htm .pdf .docx)"};

  std::error_code ec;
  fs::path dir = fs::absolute(record_file, ec).parent_path();
  if (fs::path canonical = fs::weakly_canonical(dir, ec); !ec) dir = canonical;
  const fs::path lexical = (dir / rel).lexically_normal();
  if (!is_within(lexical, corpus_root))
    return {{}, "source@href " + quoted + " points outside the corpus folder"};

  const fs::file_status status = fs::status(lexical, ec);  // follows symbolic links
  if (ec || !fs::exists(status)) return {{}, "attachment " + quoted + " not found"};
  const fs::path real = fs::weakly_canonical(lexical, ec);
  if (ec) return {{}, "attachment " + quoted + " cannot be resolved: " + ec.message()};
  if (!is_within(real, corpus_root))
    return {{}, "source@href " + quoted + " resolves (through a symbolic link) outside the corpus folder"};
  if (!fs::is_regular_file(status)) return {{}, "attachment " + quoted + " is not a regular file"};
  return {lexical.string(), {}};
}

}  // namespace kr::detail
