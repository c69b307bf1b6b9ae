// Chart.yaml as helm reads and writes it: sigs.k8s.io/yaml (YAML -> JSON -> helm's chart.Metadata
// struct) on the way in, Metadata.Validate()'s string sanitizing, and yaml.Marshal (json.Marshal ->
// JSONToYAML -> the yaml.v2 emitter) on the way out. Written from those formats' rules:
//   - plain scalars are typed with YAML 1.1 resolution (yaml.v2 `resolve`): y/yes/on/off..., ints
//     in base 0 syntax (010 is octal), floats, timestamps, null; a typed value landing in a string
//     field is re-formatted (int: decimal; float: shortest float32 %g; bool: true/false);
//   - output: keys sorted with yaml.v2's key order, omitempty fields dropped, sequences
//     "indentless" under their key, 2-space mappings, strings quoted when they would read back as
//     another type or start with an indicator, plain/quoted scalars folded at the first space
//     after column 80, literal blocks for multi-line strings (annotations).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <regex>

#include "signing/signing.h"
#include "yaml/yaml.h"

namespace vigil::signing {

namespace {

// ---------------------------------------------------------------- UTF-8 helpers

size_t u8_width(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// Decodes one code point at s[i]; invalid bytes give U+FFFD with width 1.
char32_t u8_decode(std::string_view s, size_t i, size_t& w) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  w = u8_width(c);
  if (w == 1) {
    if (c >= 0x80) return 0xFFFD;
    return c;
  }
  if (i + w > s.size()) {
    w = 1;
    return 0xFFFD;
  }
  char32_t v = c & (w == 2 ? 0x1F : w == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < w; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) {
      w = 1;
      return 0xFFFD;
    }
    v = (v << 6) | (d & 0x3F);
  }
  return v;
}

void u8_append(std::string& o, char32_t v) {
  if (v < 0x80) {
    o += static_cast<char>(v);
  } else if (v < 0x800) {
    o += static_cast<char>(0xC0 | (v >> 6));
    o += static_cast<char>(0x80 | (v & 0x3F));
  } else if (v < 0x10000) {
    o += static_cast<char>(0xE0 | (v >> 12));
    o += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
    o += static_cast<char>(0x80 | (v & 0x3F));
  } else {
    o += static_cast<char>(0xF0 | (v >> 18));
    o += static_cast<char>(0x80 | ((v >> 12) & 0x3F));
    o += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
    o += static_cast<char>(0x80 | (v & 0x3F));
  }
}

// Go's unicode.IsSpace.
bool go_is_space(char32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

// Go's unicode.IsPrint, approximated without the Unicode tables: control (Cc), format (Cf),
// private-use, surrogate and non-character code points are not printable; other spaces than
// U+0020 are handled by go_is_space first.
bool go_is_print(char32_t r) {
  if (r < 0x20 || (r >= 0x7F && r < 0xA0)) return false;
  if (r == 0xAD || (r >= 0x600 && r <= 0x605) || r == 0x61C || r == 0x6DD || r == 0x70F || r == 0x8E2 || r == 0x180E) return false;
  if ((r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2060 && r <= 0x206F)) return false;
  if (r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) || (r & 0xFFFE) == 0xFFFE) return false;
  if ((r >= 0xD800 && r <= 0xF8FF) || r >= 0xF0000) return false;
  if (r == 0x110BD || r == 0x110CD || (r >= 0x1D173 && r <= 0x1D17A) || (r >= 0xE0000 && r <= 0xE0FFF)) return false;
  return r <= 0x10FFFF;
}

// helm's sanitizeString: whitespace becomes ' ', non-printable runes are dropped.
std::string sanitize(std::string_view s) {
  std::string o;
  for (size_t i = 0; i < s.size();) {
    size_t w = 1;
    char32_t r = u8_decode(s, i, w);
    i += w;
    if (go_is_space(r)) o += ' ';
    else if (go_is_print(r)) u8_append(o, r);
  }
  return o;
}

// ---------------------------------------------------------------- YAML 1.1 resolution (yaml.v2)

enum class RKind { Str, Null, Bool, Int, Uint, Float, Timestamp };
struct Resolved {
  RKind kind = RKind::Str;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Go strconv.ParseUint(s, 0, 64) after the sign has been taken off.
bool go_parse_uint0(std::string_view s, uint64_t& out) {
  int base = 10;
  if (s.size() >= 2 && s[0] == '0') {
    char p = static_cast<char>(s[1] | 0x20);
    if (p == 'x') base = 16, s.remove_prefix(2);
    else if (p == 'o') base = 8, s.remove_prefix(2);
    else if (p == 'b') base = 2, s.remove_prefix(2);
    else base = 8, s.remove_prefix(1);
  }
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool go_parse_int0(std::string_view s, int64_t& out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  uint64_t u = 0;
  if (!go_parse_uint0(s, u)) return false;
  if (neg) {
    if (u > (1ull << 63)) return false;
    out = static_cast<int64_t>(0 - u);
  } else {
    if (u > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(u);
  }
  return true;
}

bool parse_finite(const std::string& s, double& out) {
  errno = 0;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !std::isinf(out);
}

// getnum(value, fixed=false): one or two digits.
bool take_num(std::string_view& s, int& v) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  if (s.size() < 2 || s[1] < '0' || s[1] > '9') {
    v = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  v = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool take(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

// yaml.v2 parseTimestamp: Go time.Parse with 2006-1-2T15:4:5.999999999Z07:00 (T or t),
// "2006-1-2 15:4:5.999999999" and "2006-1-2".
bool is_timestamp(std::string_view s) {
  if (s.size() < 5 || !all_digits(s.substr(0, 4)) || s[4] != '-') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  s.remove_prefix(5);
  int month = 0, day = 0;
  if (!take_num(s, month) || month < 1 || month > 12 || !take(s, '-') || !take_num(s, day)) return false;
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int maxd = dim[month - 1] + (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 1 : 0);
  if (day < 1 || day > maxd) return false;
  if (s.empty()) return true;
  char sep = s[0];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  s.remove_prefix(1);
  int h = 0, m = 0, sec = 0;
  if (!take_num(s, h) || h > 23 || !take(s, ':') || !take_num(s, m) || m > 59 || !take(s, ':') || !take_num(s, sec) || sec > 59) return false;
  if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && s[1] >= '0' && s[1] <= '9') {
    s.remove_prefix(1);
    while (!s.empty() && s[0] >= '0' && s[0] <= '9') s.remove_prefix(1);
  }
  if (sep == ' ') return s.empty();
  if (s == "Z") return true;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || !all_digits(s.substr(1, 2)) || !all_digits(s.substr(4, 2))) return false;
  return true;
}

Resolved resolve(std::string_view in) {
  Resolved r;
  static const char* trues[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char* falses[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  static const char* nulls[] = {"", "~", "null", "Null", "NULL"};
  for (const char* t : nulls) {
    if (in == t) return r.kind = RKind::Null, r;
  }
  char c = in[0];
  bool hint_map = std::strchr("yYnNtTfFoO~", c) != nullptr;
  bool hint_num = c == '+' || c == '-' || (c >= '0' && c <= '9');
  if (!hint_map && !hint_num && c != '.') return r;
  for (const char* t : trues) {
    if (in == t) return r.kind = RKind::Bool, r.b = true, r;
  }
  for (const char* t : falses) {
    if (in == t) return r.kind = RKind::Bool, r.b = false, r;
  }
  for (const char* t : {".nan", ".NaN", ".NAN"}) {
    if (in == t) return r.kind = RKind::Float, r.f = NAN, r;
  }
  for (const char* t : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
    if (in == t) return r.kind = RKind::Float, r.f = INFINITY, r;
  }
  for (const char* t : {"-.inf", "-.Inf", "-.INF"}) {
    if (in == t) return r.kind = RKind::Float, r.f = -INFINITY, r;
  }
  if (c == '.') {
    static const std::regex dot(R"(^\.[0-9]+([eE][-+]?[0-9]+)?$)");
    double f = 0;
    std::string s(in);
    if (std::regex_match(s, dot) && parse_finite(s, f)) return r.kind = RKind::Float, r.f = f, r;
    return r;
  }
  if (!hint_num) return r;
  if (is_timestamp(in)) return r.kind = RKind::Timestamp, r;
  std::string plain;
  for (char ch : in) {
    if (ch != '_') plain += ch;
  }
  if (go_parse_int0(plain, r.i)) return r.kind = RKind::Int, r;
  if (go_parse_uint0(plain, r.u)) return r.kind = RKind::Uint, r;
  static const std::regex yfloat(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
  double f = 0;
  if (std::regex_match(plain, yfloat) && parse_finite(plain, f)) return r.kind = RKind::Float, r.f = f, r;
  return r;
}

bool is_base60_float(std::string_view s) {
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.find(':') == std::string_view::npos) return false;
  static const std::regex re(R"(^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$)");
  return std::regex_match(std::string(s), re);
}

// Go strconv.FormatFloat(f, 'g', -1, bits).
std::string go_format_g(double f, int bits) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  std::to_chars_result tr = bits == 32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(f), std::chars_format::scientific)
                                       : std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, tr.ptr);
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  int exp = std::stoi(sci.substr(e + 1));
  int nd = static_cast<int>(digits.size());
  int dp = exp + 1;
  std::string o = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {  // %e, shortest digits
    o += digits[0];
    if (nd > 1) o += "." + digits.substr(1);
    o += exp < 0 ? "e-" : "e+";
    int ae = std::abs(exp);
    if (ae < 10) o += "0";
    o += std::to_string(ae);
    return o;
  }
  // %f with max(nd - dp, 0) decimals
  if (dp <= 0) {
    o += "0." + std::string(static_cast<size_t>(-dp), '0') + digits;
  } else if (dp >= nd) {
    o += digits + std::string(static_cast<size_t>(dp - nd), '0');
  } else {
    o += digits.substr(0, static_cast<size_t>(dp)) + "." + digits.substr(static_cast<size_t>(dp));
  }
  return o;
}

// ---------------------------------------------------------------- the output tree

struct Node {
  enum class T { Str, Token, Seq, Map } t = T::Str;
  std::string s;  // Str: the string; Token: a plain scalar yaml.v2 writes as is (true, 12, null)
  std::vector<Node> items;
  std::vector<std::pair<std::string, Node>> map;
  static Node str(std::string v) { Node n; n.s = std::move(v); return n; }
  static Node token(std::string v) { Node n; n.t = T::Token; n.s = std::move(v); return n; }
};

bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return go_is_print(r) && !go_is_space(r);  // non-ASCII: letters in practice (no tables here)
}
bool is_digit(char32_t r) { return r >= '0' && r <= '9'; }

std::u32string runes(std::string_view s) {
  std::u32string o;
  for (size_t i = 0; i < s.size();) {
    size_t w = 1;
    o += u8_decode(s, i, w);
    i += w;
  }
  return o;
}

// yaml.v2 keyList.Less for two string keys: letters after non-letters, digit runs numerically.
bool key_less(const std::string& as, const std::string& bs) {
  std::u32string ar = runes(as), br = runes(bs);
  for (size_t i = 0; i < ar.size() && i < br.size(); ++i) {
    if (ar[i] == br[i]) continue;
    bool al = is_letter(ar[i]), bl = is_letter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    if (ar[i] == '0' || br[i] == '0') {
      for (size_t j = i; j-- > 0 && is_digit(ar[j]);) {
        if (ar[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    size_t ai = i, bi = i;
    for (; ai < ar.size() && is_digit(ar[ai]); ++ai) an = an * 10 + static_cast<int64_t>(ar[ai] - '0');
    for (; bi < br.size() && is_digit(br[bi]); ++bi) bn = bn * 10 + static_cast<int64_t>(br[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.size() < br.size();
}

// ---------------------------------------------------------------- the yaml.v2 emitter

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

bool y_is_space(std::string_view v, size_t i) { return i < v.size() && v[i] == ' '; }
bool y_is_break(std::string_view v, size_t i) {
  if (i >= v.size()) return false;
  unsigned char c = static_cast<unsigned char>(v[i]);
  if (c == '\r' || c == '\n') return true;
  if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0x85) return true;
  if (c == 0xE2 && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(v[i + 2]) == 0xA8 || static_cast<unsigned char>(v[i + 2]) == 0xA9)) return true;
  return false;
}
bool y_is_blankz(std::string_view v, size_t i) {
  return i >= v.size() || v[i] == ' ' || v[i] == '\t' || v[i] == '\0' || y_is_break(v, i);
}
bool y_is_printable(std::string_view v, size_t i) {
  auto b = [&](size_t k) { return k < v.size() ? static_cast<unsigned char>(v[k]) : 0; };
  unsigned char c = b(i);
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && b(i + 1) >= 0xA0) || (c > 0xC2 && c < 0xED) ||
         (c == 0xED && b(i + 1) < 0xA0) || c == 0xEE ||
         (c == 0xEF && !(b(i + 1) == 0xBB && b(i + 2) == 0xBF) && !(b(i + 1) == 0xBF && (b(i + 2) == 0xBE || b(i + 2) == 0xBF)));
}

struct Analysis {
  bool multiline = false, flow_plain = true, block_plain = true, single_quoted = true, block = true;
};

Analysis analyze(std::string_view v) {
  Analysis a;
  if (v.empty()) {
    a.flow_plain = false;
    a.block = false;
    return a;
  }
  bool block_ind = false, flow_ind = false, line_breaks = false, special = false;
  bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
  bool break_space = false, space_break = false, prev_space = false, prev_break = false;
  if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) block_ind = flow_ind = true;
  bool preceded_ws = true;
  for (size_t i = 0, w = 0; i < v.size(); i += w) {
    w = u8_width(static_cast<unsigned char>(v[i]));
    bool followed_ws = i + w >= v.size() || v[i + w] == ' ' || v[i + w] == '\t' || y_is_break(v, i + w) || v[i + w] == '\0';
    char c = v[i];
    if (i == 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!': case '|': case '>':
        case '\'': case '"': case '%': case '@': case '`':
          flow_ind = block_ind = true;
          break;
        case '?': case ':':
          flow_ind = true;
          if (followed_ws) block_ind = true;
          break;
        case '-':
          if (followed_ws) flow_ind = block_ind = true;
          break;
        default: break;
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}': flow_ind = true; break;
        case ':':
          flow_ind = true;
          if (followed_ws) block_ind = true;
          break;
        case '#':
          if (preceded_ws) flow_ind = block_ind = true;
          break;
        default: break;
      }
    }
    if (!y_is_printable(v, i)) special = true;  // the emitter runs with unicode on
    if (y_is_space(v, i)) {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (prev_break) break_space = true;
      prev_space = true;
      prev_break = false;
    } else if (y_is_break(v, i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (prev_space) space_break = true;
      prev_space = false;
      prev_break = true;
    } else {
      prev_space = prev_break = false;
    }
    preceded_ws = y_is_blankz(v, i);
  }
  a.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) a.flow_plain = a.block_plain = false;
  if (trailing_space) a.block = false;
  if (break_space) a.flow_plain = a.block_plain = a.single_quoted = false;
  if (space_break || special) a.flow_plain = a.block_plain = a.single_quoted = a.block = false;
  if (line_breaks) a.flow_plain = a.block_plain = false;
  if (flow_ind) a.flow_plain = false;
  if (block_ind) a.block_plain = false;
  return a;
}

enum class Style { Plain, Single, Double, Literal };

class Emitter {
 public:
  std::string out;

  void document(const Node& root) {
    indent_ = -1;
    emit_node(root, /*mapping_ctx=*/false, /*simple_key=*/false);
    if (!out.empty() && out.back() != '\n') put_break();
  }

 private:
  int indent_ = -1;
  std::vector<int> indents_;
  int column_ = 0;
  bool whitespace_ = true, indention_ = true;

  void put(char c) {
    out += c;
    ++column_;
  }
  void put_break() {
    out += '\n';
    column_ = 0;
  }
  void write(std::string_view v, size_t& i) {
    size_t w = u8_width(static_cast<unsigned char>(v[i]));
    out.append(v.substr(i, w));
    i += w;
    ++column_;
  }
  void write_break(std::string_view v, size_t& i) {
    if (v[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(v, i);
      column_ = 0;
    }
  }
  void increase_indent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) indent_ = flow ? kBestIndent : 0;
    else if (!indentless) indent_ += kBestIndent;
  }
  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }
  void write_indent() {
    int indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void write_indicator(std::string_view ind, bool need_ws, bool is_ws, bool is_indention) {
    if (need_ws && !whitespace_) put(' ');
    for (size_t i = 0; i < ind.size();) write(ind, i);
    whitespace_ = is_ws;
    indention_ = indention_ && is_indention;
  }

  static bool empty_collection(const Node& n) {
    return (n.t == Node::T::Seq && n.items.empty()) || (n.t == Node::T::Map && n.map.empty());
  }

  void emit_node(const Node& n, bool mapping_ctx, bool simple_key) {
    switch (n.t) {
      case Node::T::Str:
      case Node::T::Token:
        emit_scalar(n, simple_key);
        return;
      case Node::T::Seq:
        if (n.items.empty()) return emit_empty("[", "]");
        return emit_block_sequence(n, mapping_ctx);
      case Node::T::Map:
        if (n.map.empty()) return emit_empty("{", "}");
        return emit_block_mapping(n);
    }
  }

  void emit_empty(const char* open, const char* close) {
    write_indicator(open, true, true, false);
    increase_indent(true, false);
    pop_indent();
    write_indicator(close, false, false, false);
  }

  void emit_block_sequence(const Node& n, bool mapping_ctx) {
    increase_indent(false, mapping_ctx && !indention_);
    for (const Node& item : n.items) {
      write_indent();
      write_indicator("-", true, false, true);
      emit_node(item, false, false);
    }
    pop_indent();
  }

  static bool simple_key_ok(const Node& key) {
    if (key.s.size() > 128) return false;
    return !analyze(key.s).multiline;
  }

  void emit_block_mapping(const Node& n) {
    increase_indent(false, false);
    std::vector<const std::pair<std::string, Node>*> sorted;
    for (const auto& p : n.map) sorted.push_back(&p);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return key_less(a->first, b->first); });
    for (const auto* p : sorted) {
      write_indent();
      Node key = Node::str(p->first);
      if (simple_key_ok(key)) {
        emit_node(key, false, true);
        write_indicator(":", false, false, false);
      } else {
        write_indicator("?", true, false, true);
        emit_node(key, false, false);
        write_indent();
        write_indicator(":", true, false, true);
      }
      emit_node(p->second, true, false);
    }
    pop_indent();
  }

  Style select_style(const Node& n, const Analysis& a, bool simple_key) const {
    Style style;
    if (n.t == Node::T::Token) {
      style = Style::Plain;
    } else if (n.s.find('\n') != std::string::npos) {
      style = Style::Literal;
    } else {
      Resolved r = n.s.empty() ? Resolved{RKind::Null} : resolve(n.s);
      style = (r.kind == RKind::Str && !is_base60_float(n.s)) ? Style::Plain : Style::Double;
    }
    if (simple_key && a.multiline) style = Style::Double;
    if (style == Style::Plain) {
      if (!a.block_plain) style = Style::Single;  // block context (flow_level 0)
      if (n.s.empty() && simple_key) style = Style::Single;
    }
    if (style == Style::Single && !a.single_quoted) style = Style::Double;
    if (style == Style::Literal && (!a.block || simple_key)) style = Style::Double;
    return style;
  }

  void emit_scalar(const Node& n, bool simple_key) {
    Analysis a = analyze(n.s);
    Style style = select_style(n, a, simple_key);
    increase_indent(true, false);
    bool breaks_ok = !simple_key;
    switch (style) {
      case Style::Plain: write_plain(n.s, breaks_ok); break;
      case Style::Single: write_single(n.s, breaks_ok); break;
      case Style::Double: write_double(n.s, breaks_ok); break;
      case Style::Literal: write_literal(n.s); break;
    }
    pop_indent();
  }

  void write_plain(std::string_view v, bool allow_breaks) {
    if (!whitespace_) put(' ');
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (y_is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && !y_is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (y_is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void write_single(std::string_view v, bool allow_breaks) {
    write_indicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (y_is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1 && !y_is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (y_is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_double(std::string_view v, bool allow_breaks) {
    write_indicator("\"", true, false, false);
    bool spaces = false;
    for (size_t i = 0; i < v.size();) {
      unsigned char c = static_cast<unsigned char>(v[i]);
      bool bom = c == 0xEF && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0xBB && static_cast<unsigned char>(v[i + 2]) == 0xBF;
      if (!y_is_printable(v, i) || bom || y_is_break(v, i) || c == '"' || c == '\\') {
        size_t w = 1;
        char32_t r = u8_decode(v, i, w);
        i += w;
        put('\\');
        switch (r) {
          case 0x00: put('0'); break;
          case 0x07: put('a'); break;
          case 0x08: put('b'); break;
          case 0x09: put('t'); break;
          case 0x0A: put('n'); break;
          case 0x0B: put('v'); break;
          case 0x0C: put('f'); break;
          case 0x0D: put('r'); break;
          case 0x1B: put('e'); break;
          case 0x22: put('"'); break;
          case 0x5C: put('\\'); break;
          case 0x85: put('N'); break;
          case 0xA0: put('_'); break;
          case 0x2028: put('L'); break;
          case 0x2029: put('P'); break;
          default: {
            int digits = r <= 0xFF ? 2 : r <= 0xFFFF ? 4 : 8;
            put(r <= 0xFF ? 'x' : r <= 0xFFFF ? 'u' : 'U');
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
              unsigned d = (r >> k) & 0xF;
              put(static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
            }
          }
        }
        spaces = false;
      } else if (y_is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i < v.size() - 1) {
          write_indent();
          if (y_is_space(v, i + 1)) put('\\');
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_literal(std::string_view v) {
    write_indicator("|", true, false, false);
    if (y_is_space(v, 0) || y_is_break(v, 0)) write_indicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    // chomping: '-' without a final break, '+' with more than one
    size_t i = v.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) --i;
    if (!y_is_break(v, i)) {
      write_indicator("-", false, false, false);
    } else if (i == 0) {
      write_indicator("+", false, false, false);
    } else {
      --i;
      while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) --i;
      if (y_is_break(v, i)) write_indicator("+", false, false, false);
    }
    put_break();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t k = 0; k < v.size();) {
      if (y_is_break(v, k)) {
        write_break(v, k);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, k);
        indention_ = false;
        breaks = false;
      }
    }
  }
};

// ---------------------------------------------------------------- YAML -> helm's Metadata

struct Maint {
  std::string name, email, url;
};
struct Dep {
  std::string name, version, repository, condition, alias;
  std::vector<std::string> tags;
  bool enabled = false;
  std::vector<Node> import_values;
  const yaml::YamlNode* at = nullptr;
};
struct Meta {
  std::string name, home, version, description, icon, api_version, condition, tags, app_version, kube_version, type;
  std::vector<std::string> sources, keywords;
  std::vector<Maint> maintainers;
  bool deprecated = false;
  std::vector<std::pair<std::string, std::string>> annotations;
  std::vector<Dep> dependencies;
};

class Loader {
 public:
  Loader(const std::string& display, const yaml::YamlTree& t) : d_(display), t_(t) {}

  // A scalar as a string-typed field reads it: plain scalars are typed first and re-formatted.
  // nullopt: null (leaves the field as it was).
  static std::optional<std::string> scalar_as_string(const yaml::YamlNode& n) {
    std::string_view s = n.text;
    if (!n.plain) return std::string(s);
    Resolved r = resolve(s);
    switch (r.kind) {
      case RKind::Str: case RKind::Timestamp: return std::string(s);
      case RKind::Null: return std::nullopt;
      case RKind::Bool: return std::string(r.b ? "true" : "false");
      case RKind::Int: return std::to_string(r.i);
      case RKind::Uint: return std::to_string(r.u);
      case RKind::Float: return go_format_g(r.f, 32);
    }
    return std::string(s);
  }

  Expected<std::string> key_string(uint32_t k) const {
    const yaml::YamlNode& n = t_[k];
    if (!n.plain) return std::string(n.text);
    Resolved r = resolve(n.text);
    switch (r.kind) {
      case RKind::Null: return yaml::yaml_error_at(d_, n, "a null mapping key");
      case RKind::Float: {
        std::string s = go_format_g(r.f, 32);
        if (s == "+Inf") s = ".inf";
        else if (s == "-Inf") s = "-.inf";
        else if (s == "NaN") s = ".nan";
        return s;
      }
      default: {
        auto s = scalar_as_string(n);
        return s ? *s : std::string();
      }
    }
  }

  Status str(uint32_t v, const char* field, std::string& out) const {
    const yaml::YamlNode& n = t_[v];
    if (!n.is_scalar()) return yaml::yaml_error_at(d_, n, std::string(field) + " must be a string");
    if (auto s = scalar_as_string(n)) out = *s;
    return {};
  }

  Status boolean(uint32_t v, const char* field, bool& out) const {
    const yaml::YamlNode& n = t_[v];
    if (n.is_scalar() && n.plain) {
      Resolved r = resolve(n.text);
      if (r.kind == RKind::Null) return {};
      if (r.kind == RKind::Bool) {
        out = r.b;
        return {};
      }
    }
    return yaml::yaml_error_at(d_, n, std::string(field) + " must be true or false");
  }

  Status strings(uint32_t v, const char* field, std::vector<std::string>& out) const {
    const yaml::YamlNode& n = t_[v];
    if (n.is_scalar() && n.is_null()) {
      out.clear();
      return {};
    }
    if (!n.is_sequence()) return yaml::yaml_error_at(d_, n, std::string(field) + " must be a list of strings");
    out.clear();
    for (uint32_t item : t_.items(v)) {
      std::string s;
      Status st = str(item, field, s);
      if (!st) return yaml::yaml_error_at(d_, t_[item], std::string(field) + " must be a list of strings");
      out.push_back(s);
    }
    return {};
  }

  // import-values: any JSON value, as json.Marshal -> yaml.Unmarshal -> yaml.Marshal sees it.
  Expected<Node> generic(uint32_t v) const {
    const yaml::YamlNode& n = t_[v];
    if (n.is_sequence()) {
      Node s;
      s.t = Node::T::Seq;
      for (uint32_t item : t_.items(v)) {
        auto g = generic(item);
        if (!g) return g.error();
        s.items.push_back(std::move(*g));
      }
      return s;
    }
    if (n.is_mapping()) {
      Node m;
      m.t = Node::T::Map;
      for (auto p : t_.pairs(v)) {
        auto k = key_string(p.key);
        if (!k) return k.error();
        auto g = generic(p.value);
        if (!g) return g.error();
        m.map.emplace_back(*k, std::move(*g));
      }
      return m;
    }
    if (!n.plain) return Node::str(std::string(n.text));
    Resolved r = resolve(n.text);
    switch (r.kind) {
      case RKind::Str: case RKind::Timestamp: return Node::str(std::string(n.text));
      case RKind::Null: return Node::token("null");
      case RKind::Bool: return Node::token(r.b ? "true" : "false");
      case RKind::Int: return Node::token(std::to_string(r.i));
      case RKind::Uint: return Node::token(std::to_string(r.u));
      case RKind::Float:
        if (!std::isfinite(r.f)) return yaml::yaml_error_at(d_, n, "import-values cannot hold an infinite or NaN number (JSON has none)");
        if (std::trunc(r.f) == r.f && std::fabs(r.f) < 1e21) {
          char b[40];
          std::snprintf(b, sizeof b, "%.0f", r.f);
          return Node::token(std::string(std::strcmp(b, "-0") == 0 ? "0" : b));
        }
        return Node::token(go_format_g(r.f, 64));
    }
    return Node::str(std::string(n.text));
  }

  // Mapping pairs as encoding/json applies them: JSON object keys come sorted (json.Marshal of a
  // map), fields match exactly or case-insensitively, a later key wins.
  Expected<std::vector<std::pair<std::string, uint32_t>>> fields(uint32_t m, const char* what) const {
    if (!t_[m].is_mapping()) return yaml::yaml_error_at(d_, t_[m], std::string(what) + " must be a mapping");
    std::vector<std::pair<std::string, uint32_t>> out;
    for (auto p : t_.pairs(m)) {
      auto k = key_string(p.key);
      if (!k) return k.error();
      out.emplace_back(*k, p.value);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }

  static bool field_is(const std::string& key, const char* name) {
    if (key == name) return true;
    if (key.size() != std::strlen(name)) return false;
    for (size_t i = 0; i < key.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(key[i])) != std::tolower(static_cast<unsigned char>(name[i]))) return false;
    }
    return true;
  }

  Status maintainer(uint32_t v, Maint& m) const {
    auto fs = fields(v, "a maintainer");
    if (!fs) return fs.error();
    for (const auto& [k, val] : *fs) {
      Status s;
      if (field_is(k, "name")) s = str(val, "maintainers[].name", m.name);
      else if (field_is(k, "email")) s = str(val, "maintainers[].email", m.email);
      else if (field_is(k, "url")) s = str(val, "maintainers[].url", m.url);
      if (!s) return s;
    }
    return {};
  }

  Status dependency(uint32_t v, Dep& d) const {
    auto fs = fields(v, "a dependency");
    if (!fs) return fs.error();
    d.at = &t_[v];
    for (const auto& [k, val] : *fs) {
      Status s;
      if (field_is(k, "name")) s = str(val, "dependencies[].name", d.name);
      else if (field_is(k, "version")) s = str(val, "dependencies[].version", d.version);
      else if (field_is(k, "repository")) s = str(val, "dependencies[].repository", d.repository);
      else if (field_is(k, "condition")) s = str(val, "dependencies[].condition", d.condition);
      else if (field_is(k, "alias")) s = str(val, "dependencies[].alias", d.alias);
      else if (field_is(k, "tags")) s = strings(val, "dependencies[].tags", d.tags);
      else if (field_is(k, "enabled")) s = boolean(val, "dependencies[].enabled", d.enabled);
      else if (field_is(k, "import-values")) {
        const yaml::YamlNode& n = t_[val];
        d.import_values.clear();
        if (n.is_scalar() && n.is_null()) continue;
        if (!n.is_sequence()) return yaml::yaml_error_at(d_, n, "dependencies[].import-values must be a list");
        for (uint32_t item : t_.items(val)) {
          auto g = generic(item);
          if (!g) return g.error();
          d.import_values.push_back(std::move(*g));
        }
      }
      if (!s) return s;
    }
    return {};
  }

  Status dependencies(uint32_t v, std::vector<Dep>& out) const {
    const yaml::YamlNode& n = t_[v];
    out.clear();
    if (n.is_scalar() && n.is_null()) return {};
    if (!n.is_sequence()) return yaml::yaml_error_at(d_, n, "dependencies must be a list");
    for (uint32_t item : t_.items(v)) {
      if (t_[item].is_scalar() && t_[item].is_null()) {
        return yaml::yaml_error_at(d_, t_[item], "dependencies must not contain empty or null nodes");
      }
      Dep d;
      Status s = dependency(item, d);
      if (!s) return s;
      out.push_back(std::move(d));
    }
    return {};
  }

  Status metadata(Meta& m) const {
    if (t_.empty()) return {};
    if (t_[0].is_scalar() && t_[0].is_null()) return {};
    auto fs = fields(0, "Chart.yaml");
    if (!fs) return fs.error();
    for (const auto& [k, v] : *fs) {
      Status s;
      const yaml::YamlNode& n = t_[v];
      if (field_is(k, "name")) s = str(v, "name", m.name);
      else if (field_is(k, "home")) s = str(v, "home", m.home);
      else if (field_is(k, "sources")) s = strings(v, "sources", m.sources);
      else if (field_is(k, "version")) s = str(v, "version", m.version);
      else if (field_is(k, "description")) s = str(v, "description", m.description);
      else if (field_is(k, "keywords")) s = strings(v, "keywords", m.keywords);
      else if (field_is(k, "icon")) s = str(v, "icon", m.icon);
      else if (field_is(k, "apiVersion")) s = str(v, "apiVersion", m.api_version);
      else if (field_is(k, "condition")) s = str(v, "condition", m.condition);
      else if (field_is(k, "tags")) s = str(v, "tags", m.tags);
      else if (field_is(k, "appVersion")) s = str(v, "appVersion", m.app_version);
      else if (field_is(k, "deprecated")) s = boolean(v, "deprecated", m.deprecated);
      else if (field_is(k, "kubeVersion")) s = str(v, "kubeVersion", m.kube_version);
      else if (field_is(k, "type")) s = str(v, "type", m.type);
      else if (field_is(k, "dependencies")) s = dependencies(v, m.dependencies);
      else if (field_is(k, "maintainers")) {
        m.maintainers.clear();
        if (n.is_scalar() && n.is_null()) continue;
        if (!n.is_sequence()) return yaml::yaml_error_at(d_, n, "maintainers must be a list");
        for (uint32_t item : t_.items(v)) {
          if (t_[item].is_scalar() && t_[item].is_null()) {
            return yaml::yaml_error_at(d_, t_[item], "maintainers must not contain empty or null nodes");
          }
          Maint mt;
          s = maintainer(item, mt);
          if (!s) return s;
          m.maintainers.push_back(mt);
        }
      } else if (field_is(k, "annotations")) {
        if (n.is_scalar() && n.is_null()) {
          m.annotations.clear();
          continue;
        }
        if (!n.is_mapping()) return yaml::yaml_error_at(d_, n, "annotations must be a mapping of strings");
        for (auto p : t_.pairs(v)) {
          auto key = key_string(p.key);
          if (!key) return key.error();
          std::string val;
          s = str(p.value, "annotations values", val);
          if (!s) return s;
          auto it = std::find_if(m.annotations.begin(), m.annotations.end(), [&](const auto& a) { return a.first == *key; });
          if (it != m.annotations.end()) it->second = val;
          else m.annotations.emplace_back(*key, val);
        }
      }
      if (!s) return s;
    }
    return {};
  }

 private:
  const std::string& d_;
  const yaml::YamlTree& t_;
};

void add_str(Node& m, const char* k, const std::string& v, bool always = false) {
  if (!v.empty() || always) m.map.emplace_back(k, Node::str(v));
}
void add_list(Node& m, const char* k, const std::vector<std::string>& v) {
  if (v.empty()) return;
  Node s;
  s.t = Node::T::Seq;
  for (const auto& x : v) s.items.push_back(Node::str(x));
  m.map.emplace_back(k, std::move(s));
}

Node to_node(const Meta& md, bool with_dependencies) {
  Node m;
  m.t = Node::T::Map;
  add_str(m, "name", md.name);
  add_str(m, "home", md.home);
  add_list(m, "sources", md.sources);
  add_str(m, "version", md.version);
  add_str(m, "description", md.description);
  add_list(m, "keywords", md.keywords);
  if (!md.maintainers.empty()) {
    Node s;
    s.t = Node::T::Seq;
    for (const auto& mt : md.maintainers) {
      Node e;
      e.t = Node::T::Map;
      add_str(e, "name", mt.name);
      add_str(e, "email", mt.email);
      add_str(e, "url", mt.url);
      s.items.push_back(std::move(e));
    }
    m.map.emplace_back("maintainers", std::move(s));
  }
  add_str(m, "icon", md.icon);
  add_str(m, "apiVersion", md.api_version);
  add_str(m, "condition", md.condition);
  add_str(m, "tags", md.tags);
  add_str(m, "appVersion", md.app_version);
  if (md.deprecated) m.map.emplace_back("deprecated", Node::token("true"));
  if (!md.annotations.empty()) {
    Node a;
    a.t = Node::T::Map;
    for (const auto& [k, v] : md.annotations) a.map.emplace_back(k, Node::str(v));
    m.map.emplace_back("annotations", std::move(a));
  }
  add_str(m, "kubeVersion", md.kube_version);
  if (with_dependencies && !md.dependencies.empty()) {
    Node s;
    s.t = Node::T::Seq;
    for (const auto& d : md.dependencies) {
      Node e;
      e.t = Node::T::Map;
      add_str(e, "name", d.name, true);
      add_str(e, "version", d.version);
      add_str(e, "repository", d.repository, true);
      add_str(e, "condition", d.condition);
      add_list(e, "tags", d.tags);
      if (d.enabled) e.map.emplace_back("enabled", Node::token("true"));
      if (!d.import_values.empty()) {
        Node iv;
        iv.t = Node::T::Seq;
        iv.items = d.import_values;
        e.map.emplace_back("import-values", std::move(iv));
      }
      add_str(e, "alias", d.alias);
      s.items.push_back(std::move(e));
    }
    m.map.emplace_back("dependencies", std::move(s));
  }
  add_str(m, "type", md.type);
  return m;
}

std::string marshal(const Node& n) {
  Emitter e;
  e.document(n);
  return e.out;
}

// Metadata.Validate(): sanitizing, then the checks.
Status validate(const std::string& display, Meta& m) {
  m.name = sanitize(m.name);
  m.description = sanitize(m.description);
  m.home = sanitize(m.home);
  m.icon = sanitize(m.icon);
  m.condition = sanitize(m.condition);
  m.tags = sanitize(m.tags);
  m.app_version = sanitize(m.app_version);
  m.kube_version = sanitize(m.kube_version);
  for (auto& s : m.sources) s = sanitize(s);
  for (auto& s : m.keywords) s = sanitize(s);
  for (auto& mt : m.maintainers) {
    mt.name = sanitize(mt.name);
    mt.email = sanitize(mt.email);
    mt.url = sanitize(mt.url);
  }
  if (m.api_version.empty()) m.api_version = "v1";  // helm's loader: charts without apiVersion are v1
  if (m.api_version != "v1" && m.api_version != "v2") {
    return make_error(display, "apiVersion '" + m.api_version + "' is not v1 or v2");
  }
  if (m.name.empty()) return make_error(display, "Chart.yaml has no name");
  if (m.name.find('/') != std::string::npos || m.name == "." || m.name == ".." || m.name.find("..") != std::string::npos) {
    return make_error(display, "chart name '" + m.name + "' must not contain '/' or '..'");
  }
  if (m.version.empty()) return make_error(display, "Chart.yaml has no version");
  if (!is_semver2(m.version)) return make_error(display, "version '" + m.version + "' is not SemVer 2");
  if (!m.type.empty() && m.type != "application" && m.type != "library") {
    return make_error(display, "type '" + m.type + "' is not application or library");
  }
  static const std::regex alias_re("^[a-zA-Z0-9_-]+$");
  std::vector<std::string> seen;
  for (auto& d : m.dependencies) {
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.condition = sanitize(d.condition);
    for (auto& t : d.tags) t = sanitize(t);
    auto where = [&](std::string msg) { return d.at ? yaml::yaml_error_at(display, *d.at, std::move(msg)) : make_error(display, std::move(msg)); };
    if (d.name.empty()) return where("a dependency has no name");
    if (!d.alias.empty() && !std::regex_match(d.alias, alias_re)) return where("dependency '" + d.name + "' has disallowed characters in the alias");
    std::string key = d.alias.empty() ? d.name : d.alias;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return where("more than one dependency with name or alias '" + key + "'");
    seen.push_back(key);
  }
  return {};
}

}  // namespace

Expected<ChartMetadata> parse_chart_files(const std::string& display, const std::string& text, const std::string& req_display,
                                          const std::string* requirements) {
  auto tree = yaml::read_yaml(display, text);
  if (!tree) return tree.error();
  if (!tree->empty() && !(*tree)[0].is_mapping() && !(*tree)[0].is_null()) return make_error(display, "Chart.yaml is not a mapping");
  Meta md;
  Status s = Loader(display, *tree).metadata(md);
  if (!s) return s.error();
  std::optional<yaml::YamlTree> req_tree;  // its scalars view `*requirements`
  if (requirements) {
    auto rt = yaml::read_yaml(req_display, *requirements);
    if (!rt) return rt.error();
    req_tree = std::move(*rt);
    if (!req_tree->empty() && (*req_tree)[0].is_mapping()) {
      int64_t deps = req_tree->find(0, "dependencies");
      if (deps >= 0) {
        Status ds = Loader(req_display, *req_tree).dependencies(static_cast<uint32_t>(deps), md.dependencies);
        if (!ds) return ds.error();
      }
    }
  }
  Status v = validate(display, md);
  if (!v) return v.error();
  ChartMetadata m;
  m.api_version = md.api_version;
  m.name = md.name;
  m.version = md.version;
  for (const auto& d : md.dependencies) m.dependencies.push_back({d.name, d.version, d.repository, d.alias, d.condition});
  // helm's save drops a v1 chart's dependencies from Chart.yaml (they live in requirements.yaml);
  // the .prov's metadata is the loaded chart's, with them.
  m.canonical_yaml = marshal(to_node(md, md.api_version != "v1"));
  m.provenance_yaml = marshal(to_node(md, true));
  return m;
}

std::string provenance_files_yaml(const std::string& archive_name, const std::string& sha256) {
  Node files;
  files.t = Node::T::Map;
  files.map.emplace_back(archive_name, Node::str("sha256:" + sha256));
  Node root;
  root.t = Node::T::Map;
  root.map.emplace_back("files", std::move(files));
  return marshal(root);
}

Expected<ChartMetadata> parse_chart_yaml(const std::string& display, const std::string& text) {
  return parse_chart_files(display, text, "", nullptr);
}

}  // namespace vigil::signing
