#pragma once
/// A small JSON builder appending to a std::string (Poco::JSON is ~45x slower, see PITFALLS).
/// Strings are escaped here and only here: quotes, backslash, control characters as \u00XX;
/// valid UTF-8 passes through, invalid bytes become U+FFFD so the output is always valid JSON.
#include <string>
#include <string_view>
#include <vector>

namespace kr {

/// Appends `s` as a JSON string literal (with quotes). Example: "a\"b" -> "\"a\\\"b\"".
void append_json_string(std::string& out, std::string_view s);
/// Appends a number; NaN and infinities become null. Doubles are rounded to `decimals`.
void append_json_number(std::string& out, double value, int decimals = 6);

/// Builds JSON by appending to a string; commas are placed for you.
/// Example: `JsonWriter w(s); w.begin_object(); w.member("total", 3); w.end_object();`
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// The key of the next member (inside an object).
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(long long n);
  void value(long n) { value(static_cast<long long>(n)); }
  void value(int n) { value(static_cast<long long>(n)); }
  void value(double d, int decimals = 6);
  void value(bool b);
  void null();
  /// Appends already-encoded JSON (e.g. a record's JSON from the engine) as one value.
  void raw(std::string_view json);
  void strings(const std::vector<std::string>& list);

  template <class T>
  void member(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

 private:
  void separate();  // a comma before every element but the first of its container
  std::string& out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace kr
