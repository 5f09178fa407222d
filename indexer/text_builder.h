#pragma once
/// Private to the extractors: accumulates extracted text with paragraph breaks and a size cap.
#include <cstddef>
#include <string>
#include <string_view>

namespace kr::index::detail {

/// Collects text pieces. Separators (space, line, paragraph) are held back until more text
/// follows, so the result never starts or ends with one and runs of them merge into the strongest.
/// Once `max_bytes` is reached further text is ignored; take() cuts on a UTF-8 boundary.
/// Example: b.add_text(" a  b "); b.paragraph_break(); b.add_text("c"); b.take() == "a b\n\nc".
class TextBuilder {
 public:
  explicit TextBuilder(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  /// Appends text whose whitespace runs collapse to one space (HTML, Markdown prose).
  void add_text(std::string_view text);
  /// Appends text exactly as given (code blocks, PDF pages, DOCX runs).
  void add_verbatim(std::string_view text);
  void space() { hold(Separator::space); }
  void line_break() { hold(Separator::line); }
  void paragraph_break() { hold(Separator::paragraph); }

  /// True once the cap is reached: callers may stop walking their input.
  bool full() const { return out_.size() >= max_bytes_; }
  /// The text, trailing whitespace removed, cut at `max_bytes` on a UTF-8 boundary.
  std::string take();

 private:
  enum class Separator { none, space, line, paragraph };
  void hold(Separator s) {
    if (s > pending_) pending_ = s;
  }
  void flush_separator();

  std::size_t max_bytes_;
  std::string out_;
  Separator pending_ = Separator::none;
};

/// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t max_bytes);

}  // namespace kr::index::detail
