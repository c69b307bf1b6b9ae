// vigil semver: versions (node-semver's SemVer class and the functions on one version).
#include <cmath>
#include <cstdlib>

#include "semver/grammar.h"
#include "semver/internal.h"
#include "semver/semver.h"

namespace vigil::semver {

using detail::is_digit;
using detail::is_idchar;
using detail::Span;

namespace {

// +digits <= MAX_SAFE_INTEGER (JavaScript compares the double; every value of up to 16
// digits is exact, and 17 or more significant digits are above 2^53 - 1).
std::optional<uint64_t> safe_number(std::string_view digits) {
  size_t z = 0;
  while (z < digits.size() && digits[z] == '0') ++z;
  std::string_view d = digits.substr(z);
  if (d.size() > 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : d) v = v * 10 + static_cast<uint64_t>(c - '0');
  if (v > kMaxSafeInteger) return std::nullopt;
  return v;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

double digits_value(std::string_view s) {
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

// compareIdentifiers(a, b) of node-semver: numeric identifiers compare as JS numbers and sort
// before the others, which compare as strings.
int compare_identifiers(bool anum, double aval, std::string_view a, bool bnum, double bval, std::string_view b) {
  if (anum && bnum) {
    if (aval == bval) return 0;
    return aval < bval ? -1 : 1;
  }
  if (anum) return -1;
  if (bnum) return 1;
  if (a == b) return 0;
  return a < b ? -1 : 1;
}

}  // namespace

std::string Version::str() const {
  std::string out = std::to_string(major_);
  out += '.';
  out += std::to_string(minor_);
  out += '.';
  out += std::to_string(patch_);
  for (size_t i = 0; i < pre_.size(); ++i) {
    out += i == 0 ? '-' : '.';
    out += pre_[i];
  }
  return out;
}

Version VersionAccess::make(uint64_t major, uint64_t minor, uint64_t patch, const std::vector<std::string>& pre) {
  Version v;
  v.major_ = major;
  v.minor_ = minor;
  v.patch_ = patch;
  for (const auto& id : pre) {
    if (all_digits(id)) {
      auto n = safe_number(id);
      if (n && *n < kMaxSafeInteger) {
        v.pre_.push_back(std::to_string(*n));
        v.pre_kind_.push_back(Version::kNumber);
        v.pre_value_.push_back(static_cast<double>(*n));
      } else {
        v.pre_.push_back(id);
        v.pre_kind_.push_back(Version::kDigits);
        v.pre_value_.push_back(digits_value(id));
      }
    } else {
      v.pre_.push_back(id);
      v.pre_kind_.push_back(Version::kText);
      v.pre_value_.push_back(0);
    }
  }
  return v;
}

Version& VersionAccess::bump_for_min(Version& v) {
  if (v.pre_.empty()) {
    ++v.patch_;
  } else {
    v.pre_.push_back("0");
    v.pre_kind_.push_back(Version::kNumber);
    v.pre_value_.push_back(0);
  }
  return v;
}

std::optional<Version> VersionAccess::parse_trimmed(std::string_view t, bool loose) {
  Span M, m, P, pre, bld;
  const size_t n = t.size();
  if (!loose) {
    // FULL: v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(ids))?(?:\+(ids))? -- deterministic.
    size_t i = (n > 0 && t[0] == 'v') ? 1 : 0;
    auto number = [&](Span& s) {
      size_t b = i;
      while (i < n && is_digit(t[i])) ++i;
      if (i == b || (i - b > 1 && t[b] == '0')) return false;
      s = {b, i};
      return true;
    };
    if (!number(M) || i >= n || t[i] != '.') return std::nullopt;
    ++i;
    if (!number(m) || i >= n || t[i] != '.') return std::nullopt;
    ++i;
    if (!number(P)) return std::nullopt;
    if (i < n && t[i] == '-') {
      size_t b = ++i;
      for (;;) {
        size_t s = i;
        bool digits = true;
        while (i < n && is_idchar(t[i])) digits = digits && is_digit(t[i]), ++i;
        if (i == s) return std::nullopt;
        if (digits && i - s > 1 && t[s] == '0') return std::nullopt;
        if (i < n && t[i] == '.') {
          ++i;
          continue;
        }
        break;
      }
      pre = {b, i};
    }
    if (i < n && t[i] == '+') {
      size_t b = ++i;
      for (;;) {
        size_t s = i;
        while (i < n && is_idchar(t[i])) ++i;
        if (i == s) return std::nullopt;
        if (i < n && t[i] == '.') {
          ++i;
          continue;
        }
        break;
      }
      bld = {b, i};
    }
    if (i != n) return std::nullopt;
  } else {
    // LOOSE: [v=\s]*(\d+)\.(\d+)\.(\d+)(?:-?(ids))?(?:\+(ids))? -- the patch may give digits
    // back to a prerelease ("1.2.34.5" is 1.2.3-4.5), so this one backtracks.
    detail::Grammar g(t, true);
    size_t p = 0;
    for (;;) {
      if (p < n && (t[p] == 'v' || t[p] == '=')) {
        ++p;
        continue;
      }
      size_t w = detail::ws_len(t, p);
      if (w == 0) break;
      p += w;
    }
    bool ok = g.num(p, true, [&](size_t a) {
      if (!(a < n && t[a] == '.')) return false;
      M = {p, a};
      return g.num(a + 1, true, [&](size_t b) {
        if (!(b < n && t[b] == '.')) return false;
        m = {a + 1, b};
        return g.num(b + 1, true, [&](size_t c) {
          P = {b + 1, c};
          auto after_pre = [&](size_t d) {
            if (g.build(d, bld, [&](size_t e) { return e == n; })) return true;
            bld.reset();
            return d == n;
          };
          if (g.prerelease(c, true, pre, after_pre)) return true;
          pre.reset();
          return after_pre(c);
        });
      });
    });
    if (!ok) return std::nullopt;
  }
  auto major = safe_number(t.substr(M.b, M.e - M.b));
  auto minor = safe_number(t.substr(m.b, m.e - m.b));
  auto patch = safe_number(t.substr(P.b, P.e - P.b));
  if (!major || !minor || !patch) return std::nullopt;
  std::vector<std::string> ids;
  if (pre.set()) ids = detail::split_str(t.substr(pre.b, pre.e - pre.b), ".");
  Version v = make(*major, *minor, *patch, ids);
  if (bld.set()) v.build_ = detail::split_str(t.substr(bld.b, bld.e - bld.b), ".");
  return v;
}

std::optional<Version> parse(std::string_view text, Options options) {
  if (text.size() > kMaxLength && detail::utf16_length(text) > kMaxLength) return std::nullopt;
  return VersionAccess::parse_trimmed(detail::js_trim(text), options.loose);
}

int compare(const Version& a, const Version& b) {
  if (a.major() != b.major()) return a.major() < b.major() ? -1 : 1;
  if (a.minor() != b.minor()) return a.minor() < b.minor() ? -1 : 1;
  if (a.patch() != b.patch()) return a.patch() < b.patch() ? -1 : 1;
  const auto& ap = a.prerelease();
  const auto& bp = b.prerelease();
  if (ap.empty() || bp.empty()) {
    if (ap.empty() && bp.empty()) return 0;
    return ap.empty() ? 1 : -1;
  }
  for (size_t i = 0;; ++i) {
    if (i == ap.size() && i == bp.size()) return 0;
    if (i == bp.size()) return 1;
    if (i == ap.size()) return -1;
    if (ap[i] == bp[i]) continue;
    // Different text: compareIdentifiers decides (0 is possible for two long digit strings
    // that are the same double, and then node-semver stops there).
    return compare_identifiers(a.pre_kind_[i] != Version::kText, a.pre_value_[i], ap[i],
                               b.pre_kind_[i] != Version::kText, b.pre_value_[i], bp[i]);
  }
}

int compare_build(const Version& a, const Version& b) {
  int c = compare(a, b);
  if (c != 0) return c;
  const auto& ab = a.build();
  const auto& bb = b.build();
  for (size_t i = 0;; ++i) {
    if (i == ab.size() && i == bb.size()) return 0;
    if (i == bb.size()) return 1;
    if (i == ab.size()) return -1;
    if (ab[i] == bb[i]) continue;
    bool an = all_digits(ab[i]), bn = all_digits(bb[i]);
    return compare_identifiers(an, an ? digits_value(ab[i]) : 0, ab[i], bn, bn ? digits_value(bb[i]) : 0, bb[i]);
  }
}

std::optional<std::string> valid(std::string_view text, Options options) {
  auto v = parse(text, options);
  if (!v) return std::nullopt;
  return v->str();
}

std::optional<std::string> clean(std::string_view text, Options options) {
  std::string_view t = detail::js_trim(text);
  while (!t.empty() && (t[0] == '=' || t[0] == 'v')) t.remove_prefix(1);
  return valid(t, options);
}

// ---- coerce -----------------------------------------------------------------------------

namespace {

struct CoerceMatch {
  size_t index = 0, end = 0;  // of the whole match
  size_t g1 = 0;              // length of (^|[^\d])
  Span M, m, p, pre, build;
};

// Length of the UTF-8 character at s[i] (1 for a stray byte).
size_t char_len(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  return i + len <= s.size() ? len : 1;
}

// COERCE / COERCEFULL at position i:
// (^|[^\d])(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?[(?:PRERELEASE)?(?:BUILD)?](?:$|[^\d])
bool coerce_at(std::string_view s, size_t i, bool full, CoerceMatch& out) {
  const size_t n = s.size();
  detail::Grammar g(s, false);
  auto digits = [&](size_t p, detail::Cont k) {
    size_t r = 0;
    while (p + r < n && r < 16 && is_digit(s[p + r])) ++r;
    for (size_t l = r; l >= 1; --l) {
      if (k(p + l)) return true;
    }
    return false;
  };
  auto terminator = [&](size_t q) {
    if (q == n) {
      out.end = q;
      return true;
    }
    if (!is_digit(s[q])) {
      out.end = q + char_len(s, q);
      return true;
    }
    return false;
  };
  auto tail = [&](size_t q) {
    if (!full) return terminator(q);
    auto after_pre = [&](size_t d) {
      if (g.build(d, out.build, terminator)) return true;
      out.build.reset();
      return terminator(d);
    };
    if (g.prerelease(q, false, out.pre, after_pre)) return true;
    out.pre.reset();
    return after_pre(q);
  };
  auto body = [&](size_t start) {
    return digits(start, [&](size_t a) {
      out.M = {start, a};
      if (a < n && s[a] == '.') {
        bool ok = digits(a + 1, [&](size_t b) {
          out.m = {a + 1, b};
          if (b < n && s[b] == '.') {
            bool ok2 = digits(b + 1, [&](size_t c) {
              out.p = {b + 1, c};
              return tail(c);
            });
            if (ok2) return true;
          }
          out.p.reset();
          return tail(b);
        });
        if (ok) return true;
      }
      out.m.reset();
      out.p.reset();
      if (a < n && s[a] == '.') {
        // (?:\.(\d))? skipped; the third group needs its own dot
        bool ok3 = digits(a + 1, [&](size_t c) {
          out.p = {a + 1, c};
          return tail(c);
        });
        if (ok3) return true;
        out.p.reset();
      }
      return tail(a);
    });
  };
  out.index = i;
  if (i == 0) {
    out.g1 = 0;
    if (body(0)) return true;
  }
  if (i < n && !is_digit(s[i])) {
    out.g1 = char_len(s, i);
    if (body(i + out.g1)) return true;
  }
  return false;
}

std::optional<CoerceMatch> coerce_exec(std::string_view s, size_t from, bool full) {
  for (size_t i = from; i <= s.size(); ++i) {
    if (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) continue;
    CoerceMatch m;
    if (coerce_at(s, i, full, m)) return m;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Version> coerce(std::string_view text, CoerceOptions options) {
  const bool full = options.include_prerelease;
  std::optional<CoerceMatch> match;
  if (!options.rtl) {
    match = coerce_exec(text, 0, full);
  } else {
    size_t last = 0;
    for (;;) {
      auto next = coerce_exec(text, last, full);
      if (!next) break;
      if (match && match->end == text.size()) break;
      if (!match || next->end != match->end) match = next;
      last = next->index + next->g1 + (next->M.e - next->M.b);
    }
  }
  if (!match) return std::nullopt;
  auto part = [&](const Span& sp) { return std::string(text.substr(sp.b, sp.e - sp.b)); };
  std::string v = part(match->M);
  v.append(".").append(match->m.set() ? part(match->m) : "0");
  v.append(".").append(match->p.set() ? part(match->p) : "0");
  if (full && match->pre.set()) v.append("-").append(part(match->pre));
  if (full && match->build.set()) v.append("+").append(part(match->build));
  return parse(v, Options{options.loose, options.include_prerelease});
}

// ---- inc, truncate ------------------------------------------------------------------------

namespace {

struct Ident {
  std::string text;
  bool number = false;  // typeof === 'number'
  double value = 0;
};

struct Work {
  double major, minor, patch;
  std::vector<Ident> pre;
  bool loose;

  std::string format() const {
    std::string out = detail::js_number_to_string(major) + "." + detail::js_number_to_string(minor) + "." +
                      detail::js_number_to_string(patch);
    for (size_t i = 0; i < pre.size(); ++i) {
      out += i == 0 ? '-' : '.';
      out += pre[i].number ? detail::js_number_to_string(pre[i].value) : pre[i].text;
    }
    return out;
  }
};

bool is_numeric_text(const Ident& id) { return id.number || all_digits(id.text); }
double numeric_value(const Ident& id) { return id.number ? id.value : digits_value(id.text); }

int compare_ident(const Ident& a, const Ident& b) {
  bool an = is_numeric_text(a), bn = is_numeric_text(b);
  return compare_identifiers(an, an ? numeric_value(a) : 0, a.text, bn, bn ? numeric_value(b) : 0, b.text);
}

// `-${identifier}`.match(PRERELEASE[LOOSE]) and match[1] === identifier
bool valid_identifier(std::string_view identifier, bool loose) {
  std::string subject("-");
  subject += identifier;
  detail::Grammar g(subject, loose);
  for (size_t i = 0; i <= subject.size(); ++i) {
    Span cap;
    if (g.prerelease(i, loose, cap, [](size_t) { return true; })) {
      return std::string_view(subject).substr(cap.b, cap.e - cap.b) == identifier;
    }
    if (g.exhausted()) return false;
  }
  return false;
}

// SemVer.prototype.inc; false where it throws.
bool inc_step(Work& w, std::string_view release, std::string_view identifier, const IdentifierBase& base) {
  const bool base_false = base.kind == IdentifierBase::Kind::kFalse;
  if (release.substr(0, 3) == "pre") {
    if (identifier.empty() && base_false) return false;
    if (!identifier.empty() && !valid_identifier(identifier, w.loose)) return false;
  }
  if (release == "premajor") {
    w.pre.clear();
    w.patch = 0;
    w.minor = 0;
    w.major++;
    return inc_step(w, "pre", identifier, base);
  }
  if (release == "preminor") {
    w.pre.clear();
    w.patch = 0;
    w.minor++;
    return inc_step(w, "pre", identifier, base);
  }
  if (release == "prepatch") {
    w.pre.clear();
    return inc_step(w, "patch", identifier, base) && inc_step(w, "pre", identifier, base);
  }
  if (release == "prerelease") {
    if (w.pre.empty() && !inc_step(w, "patch", identifier, base)) return false;
    return inc_step(w, "pre", identifier, base);
  }
  if (release == "release") {
    if (w.pre.empty()) return false;
    w.pre.clear();
    return true;
  }
  if (release == "major") {
    if (w.minor != 0 || w.patch != 0 || w.pre.empty()) w.major++;
    w.minor = 0;
    w.patch = 0;
    w.pre.clear();
    return true;
  }
  if (release == "minor") {
    if (w.patch != 0 || w.pre.empty()) w.minor++;
    w.patch = 0;
    w.pre.clear();
    return true;
  }
  if (release == "patch") {
    if (w.pre.empty()) w.patch++;
    w.pre.clear();
    return true;
  }
  if (release == "pre") {
    double number_base = 0;
    if (base.kind == IdentifierBase::Kind::kText) number_base = detail::js_to_number(base.text);
    const double b = (number_base != 0 && !std::isnan(number_base)) ? 1 : 0;
    if (w.pre.empty()) {
      w.pre = {Ident{"", true, b}};
    } else {
      bool incremented = false;
      for (size_t i = w.pre.size(); i-- > 0;) {
        if (w.pre[i].number) {
          w.pre[i].value++;
          incremented = true;
          break;
        }
      }
      if (!incremented) {
        std::string joined = w.format();
        joined = joined.substr(joined.find('-') + 1);
        if (identifier == joined && base_false) return false;
        w.pre.push_back(Ident{"", true, b});
      }
    }
    if (!identifier.empty()) {
      std::vector<Ident> replacement{Ident{std::string(identifier), false, 0}};
      if (!base_false) replacement.push_back(Ident{"", true, b});
      auto parts = detail::split_str(identifier, ".");
      bool is_prefix = parts.size() <= w.pre.size();
      for (size_t i = 0; is_prefix && i < parts.size(); ++i) {
        is_prefix = compare_ident(w.pre[i], Ident{parts[i], false, 0}) == 0;
      }
      if (is_prefix) {
        // isNaN(this.prerelease[identifier.split('.').length])
        bool nan = true;
        if (parts.size() < w.pre.size()) {
          const Ident& next = w.pre[parts.size()];
          nan = next.number ? std::isnan(next.value) : std::isnan(detail::js_to_number(next.text));
        }
        if (nan) w.pre = replacement;
      } else {
        w.pre = replacement;
      }
    }
    return true;
  }
  return false;
}

Work to_work(const Version& v, bool loose) {
  Work w{static_cast<double>(v.major()), static_cast<double>(v.minor()), static_cast<double>(v.patch()), {}, loose};
  for (size_t i = 0; i < v.prerelease().size(); ++i) {
    Ident id;
    id.text = v.prerelease()[i];
    id.number = v.prerelease_is_number(i);
    if (id.number) id.value = digits_value(id.text);
    w.pre.push_back(std::move(id));
  }
  return w;
}

}  // namespace

std::optional<std::string> inc(std::string_view version, std::string_view release, Options options,
                               std::string_view identifier, const IdentifierBase& identifier_base) {
  auto v = parse(version, options);
  if (!v) return std::nullopt;
  Work w = to_work(*v, options.loose);
  if (!inc_step(w, release, identifier, identifier_base)) return std::nullopt;
  return w.format();
}

std::optional<std::string> truncate(std::string_view version, std::string_view release, Options options) {
  static constexpr std::string_view kTypes[] = {"major", "premajor", "minor", "preminor", "patch", "prepatch",
                                                "prerelease"};
  bool known = false;
  for (auto t : kTypes) known = known || t == release;
  if (!known) return std::nullopt;
  auto v = parse(version, options);
  if (!v) return std::nullopt;
  if (release.substr(0, 3) == "pre") return v->str();
  uint64_t minor = release == "major" ? 0 : v->minor();
  uint64_t patch = (release == "major" || release == "minor") ? 0 : v->patch();
  return VersionAccess::make(v->major(), minor, patch, {}).str();
}

}  // namespace vigil::semver
