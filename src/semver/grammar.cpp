// vigil semver (internal): see grammar.h.
#include "semver/grammar.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace vigil::semver::detail {

namespace {
constexpr size_t kMaxDigits = 256;    // \d* and \d+ in node-semver's safe regexes
constexpr size_t kMaxIdChars = 250;   // [a-zA-Z0-9-]* and + (MAX_LENGTH - 6)
constexpr int kMaxDepth = 3000;       // dot-separated identifiers in one match

bool digit_p(char c) { return is_digit(c); }
bool idchar_p(char c) { return is_idchar(c); }
bool nonzero_digit(char c) { return c >= '1' && c <= '9'; }
}  // namespace

size_t ws_len(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  auto u = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = u(i);
  if (c == ' ' || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c < 0xc2) return 0;
  if (c == 0xc2 && i + 1 < s.size() && u(i + 1) == 0xa0) return 2;  // U+00A0
  if (i + 2 >= s.size()) return 0;
  unsigned char c1 = u(i + 1), c2 = u(i + 2);
  if (c == 0xe1 && c1 == 0x9a && c2 == 0x80) return 3;                    // U+1680
  if (c == 0xe2 && c1 == 0x80 && (c2 <= 0x8a || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf)) {
    return c2 >= 0x80 ? 3 : 0;                                            // U+2000-200A, 2028, 2029, 202F
  }
  if (c == 0xe2 && c1 == 0x81 && c2 == 0x9f) return 3;                    // U+205F
  if (c == 0xe3 && c1 == 0x80 && c2 == 0x80) return 3;                    // U+3000
  if (c == 0xef && c1 == 0xbb && c2 == 0xbf) return 3;                    // U+FEFF
  return 0;
}

std::string_view js_trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t w = ws_len(s, b);
    if (w == 0) break;
    b += w;
  }
  size_t e = s.size();
  while (e > b) {
    // Whitespace characters are 1 to 3 bytes long; find the one that ends at e.
    size_t w = 0;
    for (size_t len = 1; len <= 3 && len <= e - b; ++len) {
      if (ws_len(s, e - len) == len) {
        w = len;
        break;
      }
    }
    if (w == 0) break;
    e -= w;
  }
  return s.substr(b, e - b);
}

size_t utf16_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xc0) != 0x80) n += (c >= 0xf0) ? 2 : 1;  // lead bytes; 4-byte sequences are surrogate pairs
  }
  return n;
}

std::string collapse_ws(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t w = ws_len(s, i);
    if (w == 0) {
      out.push_back(s[i++]);
      continue;
    }
    while ((w = ws_len(s, i)) != 0) i += w;
    out.push_back(' ');
  }
  return out;
}

std::vector<std::string> split_ws(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  while (i < s.size()) {
    size_t w = ws_len(s, i);
    if (w == 0) {
      ++i;
      continue;
    }
    out.emplace_back(s.substr(start, i - start));
    while ((w = ws_len(s, i)) != 0) i += w;
    start = i;
  }
  out.emplace_back(s.substr(start));
  return out;
}

std::vector<std::string> split_str(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) break;
    out.emplace_back(s.substr(start, at - start));
    start = at + sep.size();
  }
  out.emplace_back(s.substr(start));
  return out;
}

double js_to_number(std::string_view text) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::string_view s = js_trim(text);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    int base = 0;
    char c = s[1];
    if (c == 'x' || c == 'X') base = 16;
    if (c == 'o' || c == 'O') base = 8;
    if (c == 'b' || c == 'B') base = 2;
    if (base != 0) {
      double v = 0;
      for (size_t i = 2; i < s.size(); ++i) {
        char d = s[i];
        int dv = is_digit(d) ? d - '0' : (d >= 'a' && d <= 'f') ? d - 'a' + 10 : (d >= 'A' && d <= 'F') ? d - 'A' + 10 : 99;
        if (dv >= base) return nan;
        v = v * base + dv;
      }
      return v;
    }
  }
  size_t i = 0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
  }
  std::string_view body = s.substr(i);
  if (body == "Infinity") return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  // StrUnsignedDecimalLiteral: digits [. digits] [e [+-] digits], or . digits [exponent]
  size_t j = 0, int_digits = 0, frac_digits = 0;
  while (j < body.size() && is_digit(body[j])) ++j, ++int_digits;
  if (j < body.size() && body[j] == '.') {
    ++j;
    while (j < body.size() && is_digit(body[j])) ++j, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return nan;
  if (j < body.size() && (body[j] == 'e' || body[j] == 'E')) {
    ++j;
    if (j < body.size() && (body[j] == '+' || body[j] == '-')) ++j;
    size_t exp_digits = 0;
    while (j < body.size() && is_digit(body[j])) ++j, ++exp_digits;
    if (exp_digits == 0) return nan;
  }
  if (j != body.size()) return nan;
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

std::string js_number_to_string(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x < 0 ? "-Infinity" : "Infinity";
  if (x == 0) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // e.g. "-1.2345e+21": shortest round-trip digits
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t epos = sci.find('e');
  std::string mant = sci.substr(0, epos);
  int exp = std::atoi(sci.c_str() + epos + 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits.push_back(c);
  }
  int k = static_cast<int>(digits.size());
  int n = exp + 1;  // the decimal point sits after n digits
  std::string out;
  if (neg) out.push_back('-');
  if (k <= n && n <= 21) {
    out.append(digits).append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n)).push_back('.');
    out.append(digits, static_cast<size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<size_t>(-n), '0').append(digits);
  } else {
    out.push_back(digits[0]);
    if (k > 1) out.append(1, '.').append(digits, 1, std::string::npos);
    out.append(n - 1 >= 0 ? "e+" : "e-").append(std::to_string(std::abs(n - 1)));
  }
  return out;
}

std::string js_digits_plus_one(std::string_view digits) {
  size_t z = 0;
  while (z + 1 < digits.size() && digits[z] == '0') ++z;
  std::string_view d = digits.substr(z);
  if (d.size() <= 15) {
    uint64_t v = 0;
    for (char c : d) v = v * 10 + static_cast<uint64_t>(c - '0');
    return std::to_string(v + 1);
  }
  std::string copy(d);
  return js_number_to_string(std::strtod(copy.c_str(), nullptr) + 1.0);
}

// ---- matchers -------------------------------------------------------------------------

size_t Grammar::run(size_t p, bool (*pred)(char), size_t max) const {
  size_t k = 0;
  while (p + k < n_ && k < max && pred(s_[p + k])) ++k;
  return k;
}

bool Grammar::gtlt(size_t p, Span& cap, Cont k) {
  if (!step()) return false;
  auto after_dir = [&](size_t q) {
    if (q < n_ && s_[q] == '=') {
      cap = {p, q + 1};
      if (k(q + 1)) return true;
    }
    cap = {p, q};
    return k(q);
  };
  if (p < n_ && (s_[p] == '<' || s_[p] == '>')) {
    if (after_dir(p + 1)) return true;
  }
  return after_dir(p);
}

bool Grammar::opt_ws(size_t p, Cont k) {
  size_t w = ws_len(s_, p);
  if (w != 0 && k(p + w)) return true;
  return k(p);
}

bool Grammar::num(size_t p, bool loose, Cont k) {
  if (!step()) return false;
  if (loose) {
    size_t r = run(p, digit_p, kMaxDigits);
    for (size_t l = r; l >= 1; --l) {
      if (k(p + l)) return true;
    }
    return false;
  }
  if (p < n_ && s_[p] == '0') return k(p + 1);
  if (p < n_ && nonzero_digit(s_[p])) {
    size_t r = run(p + 1, digit_p, kMaxDigits);
    for (size_t l = r + 1; l >= 1; --l) {
      if (k(p + l)) return true;
    }
  }
  return false;
}

// \d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250}: giving back digits leaves a digit where the letter
// must be, so only the longest digit run can succeed.
bool Grammar::nonnumeric(size_t p, Cont k) {
  if (!step()) return false;
  size_t d = run(p, digit_p, kMaxDigits);
  size_t q = p + d;
  if (!(q < n_ && (is_alpha(s_[q]) || s_[q] == '-'))) return false;
  size_t r = run(q + 1, idchar_p, kMaxIdChars);
  for (size_t l = r + 1; l >= 1; --l) {
    if (k(q + l)) return true;
  }
  return false;
}

bool Grammar::preid(size_t p, bool loose, Cont k) {
  if (nonnumeric(p, k)) return true;
  return num(p, loose, k);
}

bool Grammar::pre_star(size_t p, bool loose, Cont k) {
  if (p < n_ && s_[p] == '.' && depth_ < kMaxDepth) {
    ++depth_;
    bool ok = preid(p + 1, loose, [&](size_t q) { return pre_star(q, loose, k); });
    --depth_;
    if (ok) return true;
  }
  return k(p);
}

bool Grammar::pre_list(size_t p, bool loose, Cont k) {
  return preid(p, loose, [&](size_t q) { return pre_star(q, loose, k); });
}

bool Grammar::prerelease(size_t p, bool loose, Span& cap, Cont k) {
  if (p < n_ && s_[p] == '-') {
    if (pre_list(p + 1, loose, [&](size_t q) {
          cap = {p + 1, q};
          return k(q);
        })) {
      return true;
    }
  }
  if (!loose) return false;
  return pre_list(p, loose, [&](size_t q) {
    cap = {p, q};
    return k(q);
  });
}

bool Grammar::build_id(size_t p, Cont k) {
  if (!step()) return false;
  size_t r = run(p, idchar_p, kMaxIdChars);
  for (size_t l = r; l >= 1; --l) {
    if (k(p + l)) return true;
  }
  return false;
}

bool Grammar::build_star(size_t p, Cont k) {
  if (p < n_ && s_[p] == '.' && depth_ < kMaxDepth) {
    ++depth_;
    bool ok = build_id(p + 1, [&](size_t q) { return build_star(q, k); });
    --depth_;
    if (ok) return true;
  }
  return k(p);
}

bool Grammar::build(size_t p, Span& cap, Cont k) {
  if (!(p < n_ && s_[p] == '+')) return false;
  return build_id(p + 1, [&](size_t q) {
    return build_star(q, [&](size_t e) {
      cap = {p + 1, e};
      return k(e);
    });
  });
}

bool Grammar::plain(size_t p, bool loose, Span& cap, Cont k) {
  size_t start = p;
  if (loose) {
    // [v=\s]*: what follows is a digit, so only the longest run can succeed.
    for (;;) {
      if (p < n_ && (s_[p] == 'v' || s_[p] == '=')) {
        ++p;
        continue;
      }
      size_t w = ws_len(s_, p);
      if (w == 0) break;
      p += w;
    }
  }
  auto main = [&](size_t q) {
    return num(q, loose, [&](size_t a) {
      if (!(a < n_ && s_[a] == '.')) return false;
      return num(a + 1, loose, [&](size_t b) {
        if (!(b < n_ && s_[b] == '.')) return false;
        return num(b + 1, loose, [&](size_t c) {
          auto after_pre = [&](size_t d) {
            Span bc;
            if (build(d, bc, [&](size_t e) {
                  cap = {start, e};
                  return k(e);
                })) {
              return true;
            }
            cap = {start, d};
            return k(d);
          };
          Span pc;
          if (prerelease(c, loose, pc, after_pre)) return true;
          return after_pre(c);
        });
      });
    });
  };
  if (!loose && p < n_ && s_[p] == 'v') {
    if (main(p + 1)) return true;
  }
  return main(p);
}

bool Grammar::xid(size_t p, bool loose, Cont k) {
  if (num(p, loose, k)) return true;
  if (p < n_ && (s_[p] == 'x' || s_[p] == 'X' || s_[p] == '*')) return k(p + 1);
  return false;
}

bool Grammar::xrange_plain(size_t p, bool loose, XCaps& caps, Cont k) {
  size_t start = p;
  for (;;) {  // [v=\s]*, followed by an x-range identifier: longest run only
    if (p < n_ && (s_[p] == 'v' || s_[p] == '=')) {
      ++p;
      continue;
    }
    size_t w = ws_len(s_, p);
    if (w == 0) break;
    p += w;
  }
  return xid(p, loose, [&](size_t a) {
    caps.M = {p, a};
    // (?:\.(XID)(?:\.(XID)(?:PRERELEASE)?BUILD?)?)?
    if (a < n_ && s_[a] == '.') {
      bool ok = xid(a + 1, loose, [&](size_t b) {
        caps.m = {a + 1, b};
        if (b < n_ && s_[b] == '.') {
          bool ok2 = xid(b + 1, loose, [&](size_t c) {
            caps.p = {b + 1, c};
            auto after_pre = [&](size_t d) {
              if (build(d, caps.build, [&](size_t e) {
                    caps.all = {start, e};
                    return k(e);
                  })) {
                return true;
              }
              caps.build.reset();
              caps.all = {start, d};
              return k(d);
            };
            if (prerelease(c, loose, caps.pr, after_pre)) return true;
            caps.pr.reset();
            return after_pre(c);
          });
          if (ok2) return true;
        }
        caps.p.reset();
        caps.pr.reset();
        caps.build.reset();
        caps.all = {start, b};
        return k(b);
      });
      if (ok) return true;
    }
    caps.m.reset();
    caps.p.reset();
    caps.pr.reset();
    caps.build.reset();
    caps.all = {start, a};
    return k(a);
  });
}

}  // namespace vigil::semver::detail
