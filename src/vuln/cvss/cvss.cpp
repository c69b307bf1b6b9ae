// CVSS v3.0 and v3.1 from FIRST's specification documents (v3.1 sections 7.1-7.4 and
// Appendix A; v3.0 section 8), the rating scale, and score()'s dispatch on the prefix.
#include "vuln/cvss/cvss.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "vuln/cvss/internal.h"

namespace vigil::cvss {

namespace internal {

namespace {

// Specification order (v3.1 Table 15), values as the tables of section 2-4 list them.
constexpr std::array<MetricDef, 22> kV3Metrics = {{
    {"AV", {"N", "A", "L", "P"}, 4, true},
    {"AC", {"L", "H"}, 2, true},
    {"PR", {"N", "L", "H"}, 3, true},
    {"UI", {"N", "R"}, 2, true},
    {"S", {"U", "C"}, 2, true},
    {"C", {"H", "L", "N"}, 3, true},
    {"I", {"H", "L", "N"}, 3, true},
    {"A", {"H", "L", "N"}, 3, true},
    {"E", {"X", "H", "F", "P", "U"}, 5, false},
    {"RL", {"X", "U", "W", "T", "O"}, 5, false},
    {"RC", {"X", "C", "R", "U"}, 4, false},
    {"CR", {"X", "H", "M", "L"}, 4, false},
    {"IR", {"X", "H", "M", "L"}, 4, false},
    {"AR", {"X", "H", "M", "L"}, 4, false},
    {"MAV", {"X", "N", "A", "L", "P"}, 5, false},
    {"MAC", {"X", "L", "H"}, 3, false},
    {"MPR", {"X", "N", "L", "H"}, 4, false},
    {"MUI", {"X", "N", "R"}, 3, false},
    {"MS", {"X", "U", "C"}, 3, false},
    {"MC", {"X", "H", "L", "N"}, 4, false},
    {"MI", {"X", "H", "L", "N"}, 4, false},
    {"MA", {"X", "H", "L", "N"}, 4, false},
}};

enum V3 : uint8_t { AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR, MAV, MAC, MPR, MUI, MS, MC, MI, MA };

// Metric weights (v3.1 section 7.4), indexed like the values above.
constexpr std::array<double, 4> kAttackVector = {0.85, 0.62, 0.55, 0.2};
constexpr std::array<double, 2> kAttackComplexity = {0.77, 0.44};
constexpr std::array<double, 3> kPrivilegesUnchanged = {0.85, 0.62, 0.27};
constexpr std::array<double, 3> kPrivilegesChanged = {0.85, 0.68, 0.5};
constexpr std::array<double, 2> kUserInteraction = {0.85, 0.62};
constexpr std::array<double, 3> kImpact = {0.56, 0.22, 0.0};
constexpr std::array<double, 5> kExploitMaturity = {1.0, 1.0, 0.97, 0.94, 0.91};
constexpr std::array<double, 5> kRemediationLevel = {1.0, 1.0, 0.97, 0.96, 0.95};
constexpr std::array<double, 4> kReportConfidence = {1.0, 1.0, 0.96, 0.92};
constexpr std::array<double, 4> kRequirement = {1.0, 1.5, 1.0, 0.5};

constexpr uint8_t kScopeChanged = 1;  // S:C, MS:C is 2 (after X and U)

struct V3Values {
  std::array<uint8_t, kV3Metrics.size()> v;
  bool temporal_given = false;
  bool environmental_given = false;
};

// Reads a vector with a "CVSS:3.x/" prefix.
Expected<V3Values> read_v3(std::string_view vector) {
  V3Values out;
  if (Status st = read_metrics(vector, 9, kV3Metrics, out.v.data()); !st) return st.error();
  auto given = [&](uint8_t k) { return out.v[k] != kAbsent && out.v[k] != 0; };  // 0 = X
  out.temporal_given = given(E) || given(RL) || given(RC);
  for (uint8_t k = CR; k <= MA; ++k) out.environmental_given = out.environmental_given || given(k);
  return out;
}

V3Equations compute_v3(const V3Values& in, Version version) {
  const auto& v = in.v;
  const bool v31 = version == Version::V3_1;
  auto roundup = [v31](double x) { return v31 ? roundup_v31(x) : roundup_v30(x); };
  // An optional metric's index, 0 (X) when not given.
  auto opt = [&](uint8_t k) -> uint8_t { return v[k] == kAbsent ? 0 : v[k]; };
  // A modified base metric's weight index: the base metric's when X or not given.
  auto mod = [&](uint8_t mk, uint8_t bk) -> uint8_t { return opt(mk) == 0 ? v[bk] : static_cast<uint8_t>(opt(mk) - 1); };

  V3Equations out;

  // Base (7.1).
  const bool changed = v[S] == kScopeChanged;
  const double iss = 1 - ((1 - kImpact[v[C]]) * (1 - kImpact[v[I]]) * (1 - kImpact[v[A]]));
  const double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability = 8.22 * kAttackVector[v[AV]] * kAttackComplexity[v[AC]] *
                                (changed ? kPrivilegesChanged : kPrivilegesUnchanged)[v[PR]] * kUserInteraction[v[UI]];
  if (impact > 0) {
    out.base = changed ? roundup(std::min(1.08 * (impact + exploitability), 10.0))
                       : roundup(std::min(impact + exploitability, 10.0));
  }

  // Temporal (7.2).
  const double e = kExploitMaturity[opt(E)], rl = kRemediationLevel[opt(RL)], rc = kReportConfidence[opt(RC)];
  out.temporal = roundup(out.base * e * rl * rc);

  // Environmental (7.3).
  const bool mchanged = opt(MS) == 0 ? changed : opt(MS) == 2;
  const double miss = std::min(1 - ((1 - kRequirement[opt(CR)] * kImpact[mod(MC, C)]) *
                                    (1 - kRequirement[opt(IR)] * kImpact[mod(MI, I)]) *
                                    (1 - kRequirement[opt(AR)] * kImpact[mod(MA, A)])),
                               0.915);
  double mimpact = 6.42 * miss;
  if (mchanged) {
    mimpact = v31 ? 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13)
                  : 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  }
  const double mexploitability = 8.22 * kAttackVector[mod(MAV, AV)] * kAttackComplexity[mod(MAC, AC)] *
                                 (mchanged ? kPrivilegesChanged : kPrivilegesUnchanged)[mod(MPR, PR)] *
                                 kUserInteraction[mod(MUI, UI)];
  if (mimpact > 0) {
    const double modified = mchanged ? roundup(std::min(1.08 * (mimpact + mexploitability), 10.0))
                                     : roundup(std::min(mimpact + mexploitability, 10.0));
    out.environmental = roundup(modified * e * rl * rc);
  }
  return out;
}

}  // namespace

// CVSS v3.1 Appendix A: Roundup, on integers so that float noise (9.200000000000001) does not
// lift a score by 0.1.
double roundup_v31(double x) {
  const long long i = std::llround(x * 100000.0);
  if (i % 10000 == 0) return static_cast<double>(i) / 100000.0;
  return (std::floor(static_cast<double>(i) / 10000.0) + 1.0) / 10.0;
}

// CVSS v3.0 section 8: "Round up is defined as the smallest number, specified to one decimal
// place, that is equal to or higher than its input", meant on the exact value (RedHat computes
// it with Decimal; FIRST's 3.0 JavaScript did Math.ceil(x * 10) / 10 on doubles and so scored
// 10 x 0.92 as 9.3, see ../shared/vectors/cvss/cvss-v3.0-rounding-edge.json). The double x
// carries an error of a few 1e-15; an exact value that is not a one-decimal number lies at
// least 3.05e-5 above one (checked over every value the v3.0 equations can round: all base
// and modified subtotals, with Python Fractions, and all products of a one-decimal score with
// E x RL x RC, whose nearest is 6.4e-5), so treating anything within 1e-9 of a one-decimal
// number as that number gives the exact Round up.
double roundup_v30(double x) {
  const double tenths = x * 10.0;
  const double nearest = std::round(tenths);
  if (std::fabs(tenths - nearest) < 1e-8) return nearest / 10.0;
  return std::ceil(tenths) / 10.0;
}

Expected<Score> score_v3(std::string_view vector, Version version) {
  auto values = read_v3(vector);
  if (!values) return values.error();
  const V3Equations eq = compute_v3(*values, version);
  Score out;
  out.version = version;
  out.base = eq.base;
  if (values->temporal_given) out.temporal = eq.temporal;
  if (values->environmental_given) out.environmental = eq.environmental;
  out.score = out.environmental ? *out.environmental : out.temporal ? *out.temporal : out.base;
  out.rating = rating_of(out.score);
  out.normalized_vector = normalized(vector.substr(0, 8), kV3Metrics, values->v.data());
  return out;
}

Expected<V3Equations> equations_v3(std::string_view vector, Version version) {
  auto values = read_v3(vector);
  if (!values) return values.error();
  return compute_v3(*values, version);
}

}  // namespace internal

namespace {

// The version a vector's prefix names, or an error saying what is wrong with the prefix.
Expected<Version> version_of(std::string_view vector) {
  if (vector.empty()) return make_error("", "empty vector");
  const std::string_view head = vector.substr(0, vector.find('/'));
  Version v;
  if (head == "CVSS:3.0") {
    v = Version::V3_0;
  } else if (head == "CVSS:3.1") {
    v = Version::V3_1;
  } else if (head == "CVSS:4.0") {
    v = Version::V4_0;
  } else if (head.substr(0, 5) == "CVSS:") {
    return make_error("", fmt::format("unsupported CVSS version \"{}\" (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)", head));
  } else {
    return make_error("", "missing prefix: a vector starts with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");
  }
  if (head.size() == vector.size()) return make_error("", fmt::format("no metrics after the prefix {}", head));
  return v;
}

}  // namespace

Expected<Score> score(std::string_view vector) {
  auto version = version_of(vector);
  if (!version) return version.error();
  if (*version == Version::V4_0) return internal::score_v4(vector);
  return internal::score_v3(vector, *version);
}

Expected<V3Equations> v3_equations(std::string_view vector) {
  auto version = version_of(vector);
  if (!version) return version.error();
  if (*version == Version::V4_0) return make_error("", "not a CVSS v3 vector (CVSS:4.0/ prefix)");
  return internal::equations_v3(vector, *version);
}

Rating rating_of(double score) {
  // Scores are one-decimal numbers; the bands' edges are halfway between two of them.
  if (score < 0.05) return Rating::None;
  if (score < 3.95) return Rating::Low;
  if (score < 6.95) return Rating::Medium;
  if (score < 8.95) return Rating::High;
  return Rating::Critical;
}

std::string_view to_string(Rating rating) {
  switch (rating) {
    case Rating::None: return "None";
    case Rating::Low: return "Low";
    case Rating::Medium: return "Medium";
    case Rating::High: return "High";
    case Rating::Critical: return "Critical";
  }
  return "None";
}

std::string_view to_string(Version version) {
  switch (version) {
    case Version::V3_0: return "3.0";
    case Version::V3_1: return "3.1";
    case Version::V4_0: return "4.0";
  }
  return "";
}

}  // namespace vigil::cvss
