// vigil report (internal): a small streaming JSON writer.
//
// JsonWriter appends one JSON value to a string, pretty-printed with two-space indentation,
// keys in the order they are written. It checks nothing about the structure beyond what it
// needs for commas and indentation: callers pair begin_/end_ calls and write a key before
// every value inside an object. Strings are escaped so that any input bytes give valid JSON
// and valid UTF-8 (see json_escape).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::report {

// Appends `s` as the contents of a JSON string (without the quotes) to `out`: '"' and '\'
// are escaped, control characters become \b \f \n \r \t or \u00XX, U+2028 and U+2029 become
// \u2028 and \u2029 (for JavaScript consumers), and every byte that is not part of a valid
// UTF-8 sequence becomes \ufffd. Everything else is copied as it is.
void json_escape(std::string_view s, std::string& out);

// Length of the valid UTF-8 sequence starting at s[i] (1-4), or 0 when s[i] does not start
// one (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// `s` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);

class JsonWriter {
 public:
  JsonWriter() = default;
  // Room for about `bytes` of output, so that a big document is not copied as it grows.
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();

  // The key of the next value; only inside an object.
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(int64_t n);
  void value(uint64_t n);
  void value(int n) { value(static_cast<int64_t>(n)); }
  void value(unsigned n) { value(static_cast<uint64_t>(n)); }
  void null();
  // A number written with `places` decimals (a CVSS score: 9.8), never in exponent form.
  void decimal(double d, int places);

  // key(k) then value(v).
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  // Writes a string value and returns the offset in buffer() of its first content byte. For
  // placeholders that are overwritten later with text of the same length (no escapes).
  std::size_t value_at(std::string_view s);

  // An array of strings.
  void string_array(const std::vector<std::string>& items);

  std::string& buffer() { return out_; }
  // The document, ending with a newline.
  std::string finish();

 private:
  struct Level {
    bool object = false;
    std::size_t count = 0;
  };
  void before_value();
  void newline();
  void open(char c, bool object);
  void close(char c);

  std::string out_;
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace vigil::report
