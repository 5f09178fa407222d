#include "indexer/text_builder.h"

#include <utility>

namespace kr::index::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

void TextBuilder::flush_separator() {
  if (!out_.empty()) {
    switch (pending_) {
      case Separator::none:
        break;
      case Separator::space:
        out_ += ' ';
        break;
      case Separator::line:
        out_ += '\n';
        break;
      case Separator::paragraph:
        out_ += "\n\n";
        break;
    }
  }
  pending_ = Separator::none;
}

void TextBuilder::add_text(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && !full()) {
    if (is_space(text[i])) {
      hold(Separator::space);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    flush_separator();
    out_.append(text.substr(i, end - i));
    i = end;
  }
}

void TextBuilder::add_verbatim(std::string_view text) {
  if (out_.empty()) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  }
  if (text.empty() || full()) return;
  flush_separator();
  out_.append(text);
}

std::string TextBuilder::take() {
  cut_utf8(out_, max_bytes_);
  while (!out_.empty() && is_space(out_.back())) out_.pop_back();
  pending_ = Separator::none;
  return std::move(out_);
}

void cut_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t n = max_bytes;
  // Back up over continuation bytes (10xxxxxx) so the sequence starting at n is dropped whole.
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  text.resize(n);
}

}  // namespace kr::index::detail
