// vigil semver: comparators and ranges (node-semver's Comparator and Range classes and the
// functions on ranges).
//
// A range is parsed the way node-semver parses it: the text goes through the same chain of
// rewrites (build metadata stripped, hyphen ranges, whitespace trims, carets, tildes,
// x-ranges, stars, >=0.0.0) and the same dedup and null-set rules, so that odd input comes out
// as odd as it does in node-semver. The result is a plain structure that test() walks without
// allocating.
#include <algorithm>

#include "semver/grammar.h"
#include "semver/internal.h"
#include "semver/semver.h"

namespace vigil::semver {

using detail::Grammar;
using detail::Span;
using detail::XCaps;

namespace {

std::string_view op_text(Comparator::Op op) {
  switch (op) {
    case Comparator::Op::kLt: return "<";
    case Comparator::Op::kLte: return "<=";
    case Comparator::Op::kGt: return ">";
    case Comparator::Op::kGte: return ">=";
    case Comparator::Op::kAny:
    case Comparator::Op::kEq: break;
  }
  return "";
}

std::string sub(std::string_view s, const Span& sp) {
  if (!sp.set()) return {};
  return std::string(s.substr(sp.b, sp.e - sp.b));
}

// isX: !id || id.toLowerCase() === 'x' || id === '*'
bool is_x(std::string_view s, const Span& sp) {
  if (!sp.set() || sp.e == sp.b) return true;
  std::string_view id = s.substr(sp.b, sp.e - sp.b);
  return id == "x" || id == "X" || id == "*";
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// String.prototype.replace with a global regular expression that never matches empty:
// `at(i, end, repl)` tries a match at i, setting its end and replacement.
template <class At>
std::string replace_all(std::string_view s, At at) {
  std::string out;
  size_t last = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = 0;
    std::string repl;
    if (at(i, end, repl)) {
      out.append(s.substr(last, i - last));
      out += repl;
      last = i = end;
      continue;
    }
    ++i;
  }
  out.append(s.substr(last));
  return out;
}

// BUILDSTRIPRE: \+([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*), global, unbounded.
std::string strip_build(std::string_view s) {
  if (s.find('+') == std::string_view::npos) return std::string(s);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '+' && i + 1 < s.size() && detail::is_idchar(s[i + 1])) {
      size_t j = i + 1;
      while (j < s.size() && detail::is_idchar(s[j])) ++j;
      while (j + 1 < s.size() && s[j] == '.' && detail::is_idchar(s[j + 1])) {
        ++j;
        while (j < s.size() && detail::is_idchar(s[j])) ++j;
      }
      i = j;
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

// ---- the rewrites of parseRange / parseComparator -------------------------------------

struct Rewriter {
  Options o;

  // hyphenReplace
  std::string hyphen(std::string_view r) const {
    Grammar g(r, o.loose);
    XCaps f, t;
    const size_t n = r.size();
    bool ok = g.opt_ws(0, [&](size_t p) {
      return g.xrange_plain(p, o.loose, f, [&](size_t a) {
        size_t w1 = detail::ws_len(r, a);
        if (w1 == 0 || a + w1 >= n || r[a + w1] != '-') return false;
        size_t w2 = detail::ws_len(r, a + w1 + 1);
        if (w2 == 0) return false;
        return g.xrange_plain(a + w1 + 1 + w2, o.loose, t, [&](size_t b) {
          return g.opt_ws(b, [&](size_t c) { return c == n; });
        });
      });
    });
    if (!ok) return std::string(r);
    const std::string z = o.include_prerelease ? "-0" : "";
    std::string from, to;
    if (is_x(r, f.M)) {
      from = "";
    } else if (is_x(r, f.m)) {
      from = ">=" + sub(r, f.M) + ".0.0" + z;
    } else if (is_x(r, f.p)) {
      from = ">=" + sub(r, f.M) + "." + sub(r, f.m) + ".0" + z;
    } else if (f.pr.set()) {
      from = ">=" + sub(r, f.all);
    } else {
      from = ">=" + sub(r, f.all) + z;
    }
    if (is_x(r, t.M)) {
      to = "";
    } else if (is_x(r, t.m)) {
      to = "<" + detail::js_digits_plus_one(sub(r, t.M)) + ".0.0-0";
    } else if (is_x(r, t.p)) {
      to = "<" + sub(r, t.M) + "." + detail::js_digits_plus_one(sub(r, t.m)) + ".0-0";
    } else if (t.pr.set()) {
      to = "<=" + sub(r, t.M) + "." + sub(r, t.m) + "." + sub(r, t.p) + "-" + sub(r, t.pr);
    } else if (o.include_prerelease) {
      to = "<" + sub(r, t.M) + "." + sub(r, t.m) + "." + detail::js_digits_plus_one(sub(r, t.p)) + "-0";
    } else {
      to = "<=" + sub(r, t.all);
    }
    return std::string(detail::js_trim(from + " " + to));
  }

  // COMPARATORTRIM: (\s?)((?:<|>)?=?)\s?(LOOSEPLAIN|XRANGEPLAIN) -> $1$2$3
  static std::string comparator_trim(std::string_view r) {
    Grammar g(r, true);
    return replace_all(r, [&](size_t i, size_t& end, std::string& repl) {
      Span op;
      size_t mid_b = 0, mid_e = 0;
      bool ok = g.opt_ws(i, [&](size_t a) {
        return g.gtlt(a, op, [&](size_t b) {
          return g.opt_ws(b, [&](size_t c) {
            mid_b = b;
            mid_e = c;
            Span cap;
            auto accept = [&](size_t e) {
              end = e;
              return true;
            };
            if (g.plain(c, true, cap, accept)) return true;
            XCaps x;
            return g.xrange_plain(c, false, x, accept);
          });
        });
      });
      if (!ok) return false;
      repl = std::string(r.substr(i, mid_b - i)) + std::string(r.substr(mid_e, end - mid_e));
      return true;
    });
  }

  // TILDETRIM (\s?)~>?\s -> $1~ ; CARETTRIM (\s?)\^\s -> $1^
  static std::string lone_trim(std::string_view r, char sigil) {
    return replace_all(r, [&](size_t i, size_t& end, std::string& repl) {
      auto after_ws = [&](size_t a) {
        if (!(a < r.size() && r[a] == sigil)) return false;
        size_t b = a + 1;
        if (sigil == '~' && b < r.size() && r[b] == '>') {
          size_t w = detail::ws_len(r, b + 1);
          if (w != 0) {
            end = b + 1 + w;
            repl = std::string(r.substr(i, a - i)) + sigil;
            return true;
          }
        }
        size_t w = detail::ws_len(r, b);
        if (w == 0) return false;
        end = b + w;
        repl = std::string(r.substr(i, a - i)) + sigil;
        return true;
      };
      size_t w0 = detail::ws_len(r, i);
      if (w0 != 0 && after_ws(i + w0)) return true;
      return after_ws(i);
    });
  }

  // replaceCaret / replaceTilde on one token
  std::string caret_or_tilde(const std::string& c, bool caret) const {
    Grammar g(c, o.loose);
    XCaps x;
    const size_t n = c.size();
    auto to_end = [&](size_t e) { return e == n; };
    bool ok = false;
    if (caret) {
      ok = n > 0 && c[0] == '^' && g.xrange_plain(1, o.loose, x, to_end);
    } else if (n > 0 && c[0] == '~') {
      if (n > 1 && c[1] == '>') ok = g.xrange_plain(2, o.loose, x, to_end);
      if (!ok) ok = g.xrange_plain(1, o.loose, x, to_end);
    }
    if (!ok) return c;
    const std::string z = o.include_prerelease ? "-0" : "";
    std::string M = sub(c, x.M), m = sub(c, x.m), p = sub(c, x.p), pr = sub(c, x.pr);
    auto plus1 = [](const std::string& d) { return detail::js_digits_plus_one(d); };
    if (is_x(c, x.M)) return "";
    if (is_x(c, x.m)) return ">=" + M + ".0.0" + z + " <" + plus1(M) + ".0.0-0";
    if (!caret) {
      if (is_x(c, x.p)) return ">=" + M + "." + m + ".0" + z + " <" + M + "." + plus1(m) + ".0-0";
      if (x.pr.set()) return ">=" + M + "." + m + "." + p + "-" + pr + " <" + M + "." + plus1(m) + ".0-0";
      return ">=" + M + "." + m + "." + p + " <" + M + "." + plus1(m) + ".0-0";
    }
    if (is_x(c, x.p)) {
      if (M == "0") return ">=" + M + "." + m + ".0" + z + " <" + M + "." + plus1(m) + ".0-0";
      return ">=" + M + "." + m + ".0" + z + " <" + plus1(M) + ".0.0-0";
    }
    std::string low = ">=" + M + "." + m + "." + p + (x.pr.set() ? "-" + pr : "");
    if (M == "0") {
      if (m == "0") return low + " <" + M + "." + m + "." + plus1(p) + "-0";
      return low + " <" + M + "." + plus1(m) + ".0-0";
    }
    return low + " <" + plus1(M) + ".0.0-0";
  }

  std::string each_token(const std::string& comp, bool caret) const {
    auto parts = detail::split_ws(detail::js_trim(comp));
    for (auto& t : parts) t = caret_or_tilde(t, caret);
    return join(parts, " ");
  }

  // replaceXRange on one token
  std::string xrange(std::string_view token) const {
    const std::string comp(detail::js_trim(token));
    Grammar g(comp, o.loose);
    Span op;
    XCaps x;
    const size_t n = comp.size();
    bool ok = g.gtlt(0, op, [&](size_t a) {
      return g.opt_ws(a, [&](size_t b) { return g.xrange_plain(b, o.loose, x, [&](size_t e) { return e == n; }); });
    });
    if (!ok) return comp;
    const bool xM = is_x(comp, x.M);
    const bool xm = xM || is_x(comp, x.m);
    const bool xp = xm || is_x(comp, x.p);
    // invalidXRangeOrder
    if ((xM && !is_x(comp, x.m)) || (is_x(comp, x.m) && x.p.set() && !is_x(comp, x.p))) return comp;
    std::string gtlt = sub(comp, op);
    if (gtlt == "=" && xp) gtlt = "";
    std::string pr = o.include_prerelease ? "-0" : "";
    std::string M = sub(comp, x.M), m = sub(comp, x.m), p = sub(comp, x.p);
    if (xM) {
      if (gtlt == ">" || gtlt == "<") return "<0.0.0-0";
      return "*";
    }
    if (!gtlt.empty() && xp) {
      if (xm) m = "0";
      p = "0";
      if (gtlt == ">") {
        gtlt = ">=";
        if (xm) {
          M = detail::js_digits_plus_one(M);
          m = "0";
        } else {
          m = detail::js_digits_plus_one(m);
        }
        p = "0";
      } else if (gtlt == "<=") {
        gtlt = "<";
        if (xm) {
          M = detail::js_digits_plus_one(M);
        } else {
          m = detail::js_digits_plus_one(m);
        }
      }
      if (gtlt == "<") pr = "-0";
      return gtlt + M + "." + m + "." + p + pr;
    }
    if (xm) return ">=" + M + ".0.0" + pr + " <" + detail::js_digits_plus_one(M) + ".0.0-0";
    if (xp) return ">=" + M + "." + m + ".0" + pr + " <" + M + "." + detail::js_digits_plus_one(m) + ".0-0";
    return comp;
  }

  // replaceStars: (<|>)?=?\s?\* removed once (the first match).
  static std::string stars(std::string_view token) {
    std::string comp(detail::js_trim(token));
    for (size_t i = 0; i < comp.size(); ++i) {
      size_t j = i;
      if (comp[j] == '<' || comp[j] == '>') ++j;
      if (j < comp.size() && comp[j] == '=') ++j;
      j += detail::ws_len(comp, j);
      if (j < comp.size() && comp[j] == '*') return comp.substr(0, i) + comp.substr(j + 1);
    }
    return comp;
  }

  std::string parse_comparator(const std::string& comp) const {
    std::string c = each_token(comp, true);
    c = each_token(c, false);
    auto parts = detail::split_ws(c);
    for (auto& t : parts) t = xrange(t);
    c = join(parts, " ");
    return stars(c);
  }
};

bool comparator_text_matches(std::string_view comp, bool loose, Span* op_out, Span* version_out) {
  if (comp.empty()) return true;
  Grammar g(comp, loose);
  Span op, ver;
  const size_t n = comp.size();
  bool ok = g.gtlt(0, op, [&](size_t a) {
    return g.opt_ws(a, [&](size_t b) { return g.plain(b, loose, ver, [&](size_t e) { return e == n; }); });
  });
  if (ok && op_out) *op_out = op;
  if (ok && version_out) *version_out = ver;
  return ok;
}

bool is_null_set(const Comparator& c) { return c.str() == "<0.0.0-0"; }

bool test_set(const std::vector<Comparator>& set, const Version& v, bool include_prerelease) {
  for (const auto& c : set) {
    if (!c.test(v)) return false;
  }
  if (!v.prerelease().empty() && !include_prerelease) {
    for (const auto& c : set) {
      if (c.op() == Comparator::Op::kAny) continue;
      const Version& allowed = c.version();
      if (!allowed.prerelease().empty() && allowed.major() == v.major() && allowed.minor() == v.minor() &&
          allowed.patch() == v.patch()) {
        return true;
      }
    }
    return false;
  }
  return true;
}

}  // namespace

// ---- Comparator ---------------------------------------------------------------------------

struct RangeBuilder {
  // new Comparator(text, options); text already has its whitespace normalised.
  static std::optional<Comparator> comparator(std::string_view text, bool loose) {
    Span op, ver;
    if (!comparator_text_matches(text, loose, &op, &ver)) return std::nullopt;
    Comparator c;
    if (text.empty()) return c;  // ANY
    std::string_view o = text.substr(op.b, op.e - op.b);
    std::string_view vt = text.substr(ver.b, ver.e - ver.b);
    if (vt.size() > kMaxLength && detail::utf16_length(vt) > kMaxLength) return std::nullopt;
    auto v = VersionAccess::parse_trimmed(detail::js_trim(vt), loose);
    if (!v) return std::nullopt;
    c.version_ = std::move(*v);
    c.op_ = o == "<" ? Comparator::Op::kLt : o == "<=" ? Comparator::Op::kLte : o == ">" ? Comparator::Op::kGt
            : o == ">=" ? Comparator::Op::kGte : Comparator::Op::kEq;
    return c;
  }

  // Range.prototype.parseRange: nullopt when it throws; an empty list is allowed.
  static std::optional<std::vector<Comparator>> parse_range(std::string_view part, Options o) {
    Rewriter rw{o};
    std::string r = strip_build(part);
    r = rw.hyphen(r);
    r = Rewriter::comparator_trim(r);
    r = Rewriter::lone_trim(r, '~');
    r = Rewriter::lone_trim(r, '^');
    auto comps = detail::split_str(r, " ");
    for (auto& c : comps) c = rw.parse_comparator(c);
    auto list = detail::split_ws(join(comps, " "));
    const std::string_view gte0 = o.include_prerelease ? ">=0.0.0-0" : ">=0.0.0";
    for (auto& c : list) {
      std::string_view t = detail::js_trim(c);
      // GTE0 / GTE0PRE: ^\s?>=\s?0\.0\.0(-0)?\s?$ on a token without whitespace
      c = (t == gte0) ? std::string() : std::string(t);
    }
    if (o.loose) {
      std::erase_if(list, [](const std::string& c) { return !comparator_text_matches(c, true, nullptr, nullptr); });
    }
    std::vector<Comparator> parsed;
    parsed.reserve(list.size());
    for (const auto& c : list) {
      auto cmp = comparator(detail::collapse_ws(detail::js_trim(c)), o.loose);
      if (!cmp) return std::nullopt;
      parsed.push_back(std::move(*cmp));
    }
    std::vector<Comparator> out;
    std::vector<std::string> keys;
    for (auto& c : parsed) {
      if (is_null_set(c)) return std::vector<Comparator>{c};
      std::string key = c.str();
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        keys.push_back(std::move(key));
        out.push_back(std::move(c));
      }
    }
    if (out.size() > 1) {
      auto any = std::find(keys.begin(), keys.end(), "");
      if (any != keys.end()) out.erase(out.begin() + (any - keys.begin()));
    }
    return out;
  }
};

std::optional<Comparator> Comparator::parse(std::string_view text, Options options) {
  return RangeBuilder::comparator(detail::collapse_ws(detail::js_trim(text)), options.loose);
}

bool Comparator::test(const Version& v) const {
  if (op_ == Op::kAny) return true;
  int c = compare(v, version_);
  switch (op_) {
    case Op::kEq: return c == 0;
    case Op::kLt: return c < 0;
    case Op::kLte: return c <= 0;
    case Op::kGt: return c > 0;
    case Op::kGte: return c >= 0;
    case Op::kAny: break;
  }
  return true;
}

std::string Comparator::str() const {
  if (op_ == Op::kAny) return "";
  return std::string(op_text(op_)) + version_.str();
}

bool Comparator::intersects(const Comparator& other, Options options) const {
  const std::string this_value = str(), other_value = other.str();
  const bool this_plain = op_ == Op::kAny || op_ == Op::kEq;  // operator === ''
  const bool other_plain = other.op_ == Op::kAny || other.op_ == Op::kEq;
  if (this_plain) {
    if (op_ == Op::kAny) return true;
    auto r = Range::parse(other_value, options);
    return r && r->test(std::string_view(this_value));
  }
  if (other_plain) {
    if (other.op_ == Op::kAny) return true;
    auto r = Range::parse(this_value, options);
    return r && r->test(other.version_);
  }
  if (options.include_prerelease && (this_value == "<0.0.0-0" || other_value == "<0.0.0-0")) return false;
  if (!options.include_prerelease &&
      (this_value.rfind("<0.0.0", 0) == 0 || other_value.rfind("<0.0.0", 0) == 0)) {
    return false;
  }
  const bool this_gt = op_ == Op::kGt || op_ == Op::kGte, this_lt = op_ == Op::kLt || op_ == Op::kLte;
  const bool other_gt = other.op_ == Op::kGt || other.op_ == Op::kGte;
  const bool other_lt = other.op_ == Op::kLt || other.op_ == Op::kLte;
  if (this_gt && other_gt) return true;
  if (this_lt && other_lt) return true;
  const bool this_eq = op_ == Op::kGte || op_ == Op::kLte, other_eq = other.op_ == Op::kGte || other.op_ == Op::kLte;
  if (version_.str() == other.version_.str() && this_eq && other_eq) return true;
  int c = compare(version_, other.version_);
  if (c < 0 && this_gt && other_lt) return true;
  if (c > 0 && this_lt && other_gt) return true;
  return false;
}

// ---- Range --------------------------------------------------------------------------------

std::optional<Range> Range::parse(std::string_view text, Options options) {
  const std::string raw = detail::collapse_ws(detail::js_trim(text));
  std::vector<std::vector<Comparator>> sets;
  for (const auto& part : detail::split_str(raw, "||")) {
    auto set = RangeBuilder::parse_range(detail::js_trim(part), options);
    if (!set) return std::nullopt;
    if (!set->empty()) sets.push_back(std::move(*set));
  }
  if (sets.empty()) return std::nullopt;
  if (sets.size() > 1) {
    std::vector<Comparator> first = sets[0];
    std::erase_if(sets, [](const std::vector<Comparator>& c) { return is_null_set(c[0]); });
    if (sets.empty()) {
      sets.push_back(std::move(first));
    } else if (sets.size() > 1) {
      for (auto& c : sets) {
        if (c.size() == 1 && c[0].op() == Comparator::Op::kAny) {
          std::vector<Comparator> keep = std::move(c);
          sets.clear();
          sets.push_back(std::move(keep));
          break;
        }
      }
    }
  }
  Range r;
  r.set_ = std::move(sets);
  r.options_ = options;
  return r;
}

bool Range::test(const Version& v) const {
  for (const auto& set : set_) {
    if (test_set(set, v, options_.include_prerelease)) return true;
  }
  return false;
}

bool Range::test(std::string_view version) const {
  if (version.empty()) return false;
  auto v = semver::parse(version, options_);
  return v && test(*v);
}

std::string Range::str() const {
  std::string out;
  for (size_t i = 0; i < set_.size(); ++i) {
    if (i > 0) out += "||";
    for (size_t k = 0; k < set_[i].size(); ++k) {
      if (k > 0) out += ' ';
      out += set_[i][k].str();
    }
  }
  return out;
}

namespace {
bool satisfiable(const std::vector<Comparator>& comparators, Options options) {
  bool result = true;
  std::vector<const Comparator*> remaining;
  for (const auto& c : comparators) remaining.push_back(&c);
  const Comparator* test = remaining.back();
  remaining.pop_back();
  while (result && !remaining.empty()) {
    result = std::all_of(remaining.begin(), remaining.end(),
                         [&](const Comparator* other) { return test->intersects(*other, options); });
    test = remaining.back();
    remaining.pop_back();
  }
  return result;
}
}  // namespace

bool Range::intersects(const Range& other) const { return intersects(other, options_); }

bool Range::intersects(const Range& other, Options options) const {
  return std::any_of(set_.begin(), set_.end(), [&](const std::vector<Comparator>& mine) {
    return satisfiable(mine, options) &&
           std::any_of(other.set_.begin(), other.set_.end(), [&](const std::vector<Comparator>& theirs) {
             return satisfiable(theirs, options) &&
                    std::all_of(mine.begin(), mine.end(), [&](const Comparator& a) {
                      return std::all_of(theirs.begin(), theirs.end(),
                                         [&](const Comparator& b) { return a.intersects(b, options); });
                    });
           });
  });
}

// ---- functions on ranges --------------------------------------------------------------------

bool satisfies(std::string_view version, std::string_view range, Options options) {
  auto r = Range::parse(range, options);
  return r && r->test(version);
}

bool satisfies(const Version& version, const Range& range) { return range.test(version); }

namespace {
std::optional<std::string> best_satisfying(const std::vector<std::string>& versions, std::string_view range,
                                           Options options, int want) {
  auto r = Range::parse(range, options);
  if (!r) return std::nullopt;
  std::optional<std::string> best;
  std::optional<Version> best_v;
  for (const auto& s : versions) {
    if (s.empty()) continue;
    auto v = parse(s, options);
    if (!v || !r->test(*v)) continue;
    if (!best || compare(*best_v, *v) == -want) {
      best = s;
      best_v = std::move(v);
    }
  }
  return best;
}

bool outside(std::string_view version, std::string_view range, char hilo, Options options) {
  auto v = parse(version, options);
  auto r = Range::parse(range, options);
  if (!v || !r) return false;
  if (r->test(*v)) return false;
  const bool hi = hilo == '>';
  // gtfn / ltefn / ltfn of outside.js, and comp / ecomp as operators
  auto gtfn = [&](const Version& a, const Version& b) { return hi ? compare(a, b) > 0 : compare(a, b) < 0; };
  auto ltfn = [&](const Version& a, const Version& b) { return hi ? compare(a, b) < 0 : compare(a, b) > 0; };
  auto ltefn = [&](const Version& a, const Version& b) { return hi ? compare(a, b) <= 0 : compare(a, b) >= 0; };
  const Comparator::Op comp = hi ? Comparator::Op::kGt : Comparator::Op::kLt;
  const Comparator::Op ecomp = hi ? Comparator::Op::kGte : Comparator::Op::kLte;
  const Comparator gte0 = *Comparator::parse(">=0.0.0");
  for (const auto& set : r->sets()) {
    const Comparator* high = nullptr;
    const Comparator* low = nullptr;
    for (const auto& c0 : set) {
      const Comparator* c = c0.op() == Comparator::Op::kAny ? &gte0 : &c0;
      if (!high) high = c;
      if (!low) low = c;
      if (gtfn(c->version(), high->version())) {
        high = c;
      } else if (ltfn(c->version(), low->version())) {
        low = c;
      }
    }
    if (high->op() == comp || high->op() == ecomp) return false;
    const bool low_plain = low->op() == Comparator::Op::kEq || low->op() == Comparator::Op::kAny;
    if ((low_plain || low->op() == comp) && ltefn(*v, low->version())) return false;
    if (low->op() == ecomp && ltfn(*v, low->version())) return false;
  }
  return true;
}
}  // namespace

std::optional<std::string> max_satisfying(const std::vector<std::string>& versions, std::string_view range,
                                          Options options) {
  return best_satisfying(versions, range, options, 1);
}

std::optional<std::string> min_satisfying(const std::vector<std::string>& versions, std::string_view range,
                                          Options options) {
  return best_satisfying(versions, range, options, -1);
}

bool gtr(std::string_view version, std::string_view range, Options options) {
  return outside(version, range, '>', options);
}

bool ltr(std::string_view version, std::string_view range, Options options) {
  return outside(version, range, '<', options);
}

bool intersects(std::string_view range1, std::string_view range2, Options options) {
  auto a = Range::parse(range1, options);
  auto b = Range::parse(range2, options);
  return a && b && a->intersects(*b, options);
}

std::optional<std::string> min_version(std::string_view range, Options options) {
  auto r = Range::parse(range, options);
  if (!r) return std::nullopt;
  Version zero = VersionAccess::make(0, 0, 0, {});
  if (r->test(zero)) return zero.str();
  Version zero_pre = VersionAccess::make(0, 0, 0, {"0"});
  if (r->test(zero_pre)) return zero_pre.str();
  std::optional<Version> minver;
  for (const auto& set : r->sets()) {
    std::optional<Version> set_min;
    for (const auto& c : set) {
      Version compver = c.version();
      switch (c.op()) {
        case Comparator::Op::kGt:
          VersionAccess::bump_for_min(compver);
          [[fallthrough]];
        case Comparator::Op::kEq:
        case Comparator::Op::kGte:
          if (!set_min || compare(compver, *set_min) > 0) set_min = compver;
          break;
        case Comparator::Op::kAny:
        case Comparator::Op::kLt:
        case Comparator::Op::kLte:
          break;
      }
    }
    if (set_min && (!minver || compare(*minver, *set_min) > 0)) minver = set_min;
  }
  if (!minver) return std::nullopt;
  // node-semver re-parses the candidate when the range's options are not the defaults, and
  // throws when ">" pushed its patch above 2^53-1.
  if ((options.loose || options.include_prerelease) && minver->patch() > kMaxSafeInteger) return std::nullopt;
  if (r->test(*minver)) return minver->str();
  return std::nullopt;
}

std::optional<std::string> valid_range(std::string_view text, Options options) {
  auto r = Range::parse(text, options);
  if (!r) return std::nullopt;
  std::string s = r->str();
  return s.empty() ? std::string("*") : s;
}

}  // namespace vigil::semver
