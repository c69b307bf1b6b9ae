// vigil semver (internal): node-semver's grammar as hand-written backtracking matchers.
//
// node-semver rewrites a range through a chain of regular expressions (re.js, "safe" forms:
// bounded repeats). Their quirks are the contract, so each pattern is spelt out here as a
// function that tries its alternatives in the same order as the regular expression would and
// hands every candidate end position to a continuation, which answers whether the rest of the
// pattern matches from there. The first candidate the continuation accepts wins, exactly as in
// a backtracking regex engine; captures are spans of the subject.
//
// Only the parse path uses this; Range::test never does. A step budget and a depth limit bound
// the work on hostile input (a match that runs out of either fails).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vigil::semver::detail {

// A non-owning reference to a callable bool(size_t): the continuation of a match.
class Cont {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Cont>>>
  Cont(F&& f)  // NOLINT(google-explicit-constructor)
      : obj_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, size_t p) { return (*static_cast<std::remove_reference_t<F>*>(o))(p); }) {}
  bool operator()(size_t p) const { return call_(obj_, p); }

 private:
  void* obj_;
  bool (*call_)(void*, size_t);
};

struct Span {
  size_t b = npos, e = npos;
  static constexpr size_t npos = static_cast<size_t>(-1);
  bool set() const { return b != npos; }
  void reset() { b = e = npos; }
};

// Captures of XRANGEPLAIN: (M)(m)(p)(prerelease)(build), the whole match in `all`.
struct XCaps {
  Span all, M, m, p, pr, build;
  void reset() { all.reset(); M.reset(); m.reset(); p.reset(); pr.reset(); build.reset(); }
};

// Length in bytes of the JavaScript whitespace character (\s) at s[i], or 0.
size_t ws_len(std::string_view s, size_t i);
// String.prototype.trim.
std::string_view js_trim(std::string_view s);
// The length of `s` (UTF-8) in UTF-16 code units, as JavaScript's .length counts.
size_t utf16_length(std::string_view s);
// s.replace(/\s+/g, ' ').
std::string collapse_ws(std::string_view s);
// s.split(/\s+/).
std::vector<std::string> split_ws(std::string_view s);
// s.split(sep) for a non-empty string separator.
std::vector<std::string> split_str(std::string_view s, std::string_view sep);

// Number(s) for a JavaScript string (NaN when not a number).
double js_to_number(std::string_view s);
// String(x) for a JavaScript number.
std::string js_number_to_string(double x);
// `${+digits + 1}`: the decimal digits as a JS number, plus one, as JS prints it.
std::string js_digits_plus_one(std::string_view digits);

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_idchar(char c) { return is_digit(c) || is_alpha(c) || c == '-'; }

// The matchers. `loose` picks the *LOOSE forms.
class Grammar {
 public:
  Grammar(std::string_view subject, bool loose) : s_(subject), n_(subject.size()), loose_(loose) {}

  std::string_view subject() const { return s_; }
  bool exhausted() const { return budget_ <= 0; }

  // GTLT: ((?:<|>)?=?)
  bool gtlt(size_t p, Span& cap, Cont k);
  // \s{0,1}
  bool opt_ws(size_t p, Cont k);
  // NUMERICIDENTIFIER (0|[1-9]\d*) or, loose, NUMERICIDENTIFIERLOOSE (\d+)
  bool num(size_t p, bool loose, Cont k);
  // PRERELEASE (-(id(.id)*)) or PRERELEASELOOSE (-?(id(.id)*)), capture without the hyphen.
  bool prerelease(size_t p, bool loose, Span& cap, Cont k);
  // BUILD: \+(id(.id)*)
  bool build(size_t p, Span& cap, Cont k);
  // FULLPLAIN / LOOSEPLAIN (by `loose`), the whole match in `cap`.
  bool plain(size_t p, bool loose, Span& cap, Cont k);
  // XRANGEPLAIN / XRANGEPLAINLOOSE.
  bool xrange_plain(size_t p, bool loose, XCaps& caps, Cont k);

  bool loose() const { return loose_; }

 private:
  bool step() { return --budget_ > 0; }
  char at(size_t i) const { return i < n_ ? s_[i] : '\0'; }
  size_t run(size_t p, bool (*pred)(char), size_t max) const;
  bool nonnumeric(size_t p, Cont k);
  bool preid(size_t p, bool loose, Cont k);
  bool pre_list(size_t p, bool loose, Cont k);
  bool pre_star(size_t p, bool loose, Cont k);
  bool build_id(size_t p, Cont k);
  bool build_star(size_t p, Cont k);
  bool xid(size_t p, bool loose, Cont k);

  std::string_view s_;
  size_t n_;
  bool loose_;
  long budget_ = 2'000'000;
  int depth_ = 0;
};

}  // namespace vigil::semver::detail
