// CVSS v4.0 (FIRST, CVSS v4.0 Specification Document, sections 3-8): the vector's metrics,
// the macro vector (EQ1-EQ6, section 8.2), the score of each macro vector (the
// specification's lookup table, below), and the interpolation of a vector's score inside its
// macro vector by severity distances, exactly as FIRST's reference calculator computes it
// (cvss-v4-calculator: cvss_lookup.js, max_composed.js, max_severity.js and cvss_score.js, by
// FIRST and Red Hat; checked against RedHat's Python port, RedHatProductSecurity/cvss
// cvss/cvss4.py and cvss/constants4.py, whose scores ../shared/vectors/cvss encodes).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "vuln/cvss/internal.h"

namespace vigil::cvss::internal {

namespace {

// Specification order (section 7, Table 23), values in the order of the specification's tables.
constexpr std::array<MetricDef, 32> kV4Metrics = {{
    // Base
    {"AV", {"N", "A", "L", "P"}, 4, true},
    {"AC", {"L", "H"}, 2, true},
    {"AT", {"N", "P"}, 2, true},
    {"PR", {"N", "L", "H"}, 3, true},
    {"UI", {"N", "P", "A"}, 3, true},
    {"VC", {"H", "L", "N"}, 3, true},
    {"VI", {"H", "L", "N"}, 3, true},
    {"VA", {"H", "L", "N"}, 3, true},
    {"SC", {"H", "L", "N"}, 3, true},
    {"SI", {"H", "L", "N"}, 3, true},
    {"SA", {"H", "L", "N"}, 3, true},
    // Threat
    {"E", {"X", "A", "P", "U"}, 4, false},
    // Environmental
    {"CR", {"X", "H", "M", "L"}, 4, false},
    {"IR", {"X", "H", "M", "L"}, 4, false},
    {"AR", {"X", "H", "M", "L"}, 4, false},
    {"MAV", {"X", "N", "A", "L", "P"}, 5, false},
    {"MAC", {"X", "L", "H"}, 3, false},
    {"MAT", {"X", "N", "P"}, 3, false},
    {"MPR", {"X", "N", "L", "H"}, 4, false},
    {"MUI", {"X", "N", "P", "A"}, 4, false},
    {"MVC", {"X", "H", "L", "N"}, 4, false},
    {"MVI", {"X", "H", "L", "N"}, 4, false},
    {"MVA", {"X", "H", "L", "N"}, 4, false},
    {"MSC", {"X", "H", "L", "N"}, 4, false},
    {"MSI", {"X", "S", "H", "L", "N"}, 5, false},
    {"MSA", {"X", "S", "H", "L", "N"}, 5, false},
    // Supplemental: read and kept in the normalized vector, never scored.
    {"S", {"X", "N", "P"}, 3, false},
    {"AU", {"X", "N", "Y"}, 3, false},
    {"R", {"X", "A", "U", "I"}, 4, false},
    {"V", {"X", "D", "C"}, 3, false},
    {"RE", {"X", "L", "M", "H"}, 4, false},
    {"U", {"X", "Clear", "Green", "Amber", "Red"}, 5, false},
}};

namespace m {
enum : uint8_t {
  AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR,
  MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA,
  S, AU, R, V, RE, U,
};
}  // namespace m

// The score of every macro vector "EQ1 EQ2 EQ3 EQ4 EQ5 EQ6" (specification section 8.2; FIRST's
// cvss_lookup.js). EQ3 = 2 (no High impact on the vulnerable system) comes only with EQ6 = 1,
// so 270 of the 3 x 2 x 3 x 3 x 3 x 2 = 324 combinations exist.
struct MacroScore {
  char code[7];
  double score;
};
constexpr MacroScore kMacroScores[] = {
    {"000000", 10.0}, {"000001", 9.9}, {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5}, {"000021", 9.2},
    {"000100", 10.0}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7}, {"000120", 9.1}, {"000121", 8.1},
    {"000200", 9.3}, {"000201", 9.0}, {"000210", 8.9}, {"000211", 8.0}, {"000220", 8.1}, {"000221", 6.8},
    {"001000", 9.8}, {"001001", 9.5}, {"001010", 9.5}, {"001011", 9.2}, {"001020", 9.0}, {"001021", 8.4},
    {"001100", 9.3}, {"001101", 9.2}, {"001110", 8.9}, {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8}, {"001201", 8.0}, {"001210", 7.8}, {"001211", 7.0}, {"001220", 6.9}, {"001221", 4.8},
    {"002001", 9.2}, {"002011", 8.2}, {"002021", 7.2},
    {"002101", 7.9}, {"002111", 6.9}, {"002121", 5.0},
    {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9}, {"010001", 9.7}, {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2}, {"010021", 8.5},
    {"010100", 9.5}, {"010101", 9.1}, {"010110", 9.0}, {"010111", 8.3}, {"010120", 8.4}, {"010121", 7.1},
    {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2}, {"010211", 7.1}, {"010220", 7.2}, {"010221", 5.3},
    {"011000", 9.5}, {"011001", 9.3}, {"011010", 9.2}, {"011011", 8.5}, {"011020", 8.5}, {"011021", 7.3},
    {"011100", 9.2}, {"011101", 8.2}, {"011110", 8.0}, {"011111", 7.2}, {"011120", 7.0}, {"011121", 5.9},
    {"011200", 8.4}, {"011201", 7.0}, {"011210", 7.1}, {"011211", 5.2}, {"011220", 5.0}, {"011221", 3.0},
    {"012001", 8.6}, {"012011", 7.5}, {"012021", 5.2},
    {"012101", 7.1}, {"012111", 5.2}, {"012121", 2.9},
    {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8}, {"100001", 9.5}, {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1}, {"100021", 8.1},
    {"100100", 9.4}, {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4}, {"100120", 7.7}, {"100121", 6.4},
    {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4}, {"100211", 6.3}, {"100220", 6.3}, {"100221", 4.9},
    {"101000", 9.4}, {"101001", 8.9}, {"101010", 8.8}, {"101011", 7.7}, {"101020", 7.6}, {"101021", 6.7},
    {"101100", 8.6}, {"101101", 7.6}, {"101110", 7.4}, {"101111", 5.8}, {"101120", 5.9}, {"101121", 5.0},
    {"101200", 7.2}, {"101201", 5.7}, {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2}, {"101221", 2.5},
    {"102001", 8.3}, {"102011", 7.0}, {"102021", 5.4},
    {"102101", 6.5}, {"102111", 5.8}, {"102121", 2.6},
    {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5}, {"110001", 9.0}, {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6}, {"110021", 7.0},
    {"110100", 9.0}, {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2}, {"110120", 6.1}, {"110121", 5.3},
    {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8}, {"110211", 5.9}, {"110220", 5.2}, {"110221", 3.0},
    {"111000", 8.9}, {"111001", 7.8}, {"111010", 7.6}, {"111011", 6.7}, {"111020", 6.2}, {"111021", 5.8},
    {"111100", 7.4}, {"111101", 5.9}, {"111110", 5.7}, {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1}, {"111201", 5.2}, {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4}, {"111221", 1.6},
    {"112001", 7.1}, {"112011", 5.9}, {"112021", 3.0},
    {"112101", 5.8}, {"112111", 2.6}, {"112121", 1.5},
    {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3}, {"200001", 8.7}, {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5}, {"200021", 5.8},
    {"200100", 8.6}, {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1}, {"200120", 5.6}, {"200121", 3.4},
    {"200200", 7.0}, {"200201", 5.4}, {"200210", 5.2}, {"200211", 4.0}, {"200220", 4.0}, {"200221", 2.2},
    {"201000", 8.5}, {"201001", 7.5}, {"201010", 7.4}, {"201011", 5.5}, {"201020", 6.2}, {"201021", 5.1},
    {"201100", 7.2}, {"201101", 5.7}, {"201110", 5.5}, {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3}, {"201201", 3.6}, {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9}, {"201221", 0.8},
    {"202001", 6.4}, {"202011", 5.1}, {"202021", 2.0},
    {"202101", 4.7}, {"202111", 2.1}, {"202121", 1.1},
    {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8}, {"210001", 7.5}, {"210010", 7.3}, {"210011", 5.3}, {"210020", 6.0}, {"210021", 5.0},
    {"210100", 7.3}, {"210101", 5.5}, {"210110", 5.9}, {"210111", 4.0}, {"210120", 4.1}, {"210121", 2.0},
    {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5}, {"210211", 2.2}, {"210220", 2.0}, {"210221", 1.1},
    {"211000", 7.5}, {"211001", 5.5}, {"211010", 5.8}, {"211011", 4.5}, {"211020", 4.0}, {"211021", 2.1},
    {"211100", 6.1}, {"211101", 5.1}, {"211110", 4.8}, {"211111", 1.8}, {"211120", 2.0}, {"211121", 0.9},
    {"211200", 4.6}, {"211201", 1.8}, {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8}, {"211221", 0.2},
    {"212001", 5.3}, {"212011", 2.4}, {"212021", 1.4},
    {"212101", 2.4}, {"212111", 1.2}, {"212121", 0.5},
    {"212201", 1.0}, {"212211", 0.3}, {"212221", 0.1},
};
static_assert(std::size(kMacroScores) == 270);

constexpr size_t macro_index(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  return static_cast<size_t>(((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6);
}

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// kMacroScores as a dense table; NaN where no macro vector exists.
constexpr std::array<double, 324> kMacroTable = [] {
  std::array<double, 324> t{};
  for (double& d : t) d = kMissing;
  for (const MacroScore& s : kMacroScores) {
    t[macro_index(s.code[0] - '0', s.code[1] - '0', s.code[2] - '0', s.code[3] - '0', s.code[4] - '0', s.code[5] - '0')] = s.score;
  }
  return t;
}();

// The score of a macro vector; NaN for one that does not exist (an EQ past its lowest level).
double macro_score(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 > 2 || eq2 > 1 || eq3 > 2 || eq4 > 2 || eq5 > 2 || eq6 > 1) return kMissing;
  return kMacroTable[macro_index(eq1, eq2, eq3, eq4, eq5, eq6)];
}

// The metric values the equations use (section 8.2): a modified base metric replaces its base
// metric unless X; E Not Defined counts as Attacked, CR/IR/AR Not Defined as High.
struct Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

Effective effective(const uint8_t* v) {
  auto letter = [&](uint8_t k) -> char { return v[k] == kAbsent ? 'X' : kV4Metrics[k].values[v[k]][0]; };
  auto pick = [&](uint8_t base, uint8_t modified) {
    const char mv = letter(modified);
    return mv == 'X' ? letter(base) : mv;
  };
  auto or_default = [&](uint8_t k, char dflt) {
    const char c = letter(k);
    return c == 'X' ? dflt : c;
  };
  return Effective{pick(m::AV, m::MAV), pick(m::AC, m::MAC), pick(m::AT, m::MAT), pick(m::PR, m::MPR),
                   pick(m::UI, m::MUI), pick(m::VC, m::MVC), pick(m::VI, m::MVI), pick(m::VA, m::MVA),
                   pick(m::SC, m::MSC), pick(m::SI, m::MSI), pick(m::SA, m::MSA), or_default(m::E, 'A'),
                   or_default(m::CR, 'H'), or_default(m::IR, 'H'), or_default(m::AR, 'H')};
}

struct Macro {
  int eq1, eq2, eq3, eq4, eq5, eq6;
};

Macro macro_vector(const Effective& x) {
  Macro q{};
  // EQ1: 0 = AV:N and PR:N and UI:N; 1 = (AV:N or PR:N or UI:N) and not all three and not AV:P;
  // 2 = AV:P or none of AV:N, PR:N, UI:N.
  const bool any_n = x.av == 'N' || x.pr == 'N' || x.ui == 'N';
  if (x.av == 'N' && x.pr == 'N' && x.ui == 'N') {
    q.eq1 = 0;
  } else if (any_n && x.av != 'P') {
    q.eq1 = 1;
  } else {
    q.eq1 = 2;
  }
  // EQ2: 0 = AC:L and AT:N; 1 otherwise.
  q.eq2 = x.ac == 'L' && x.at == 'N' ? 0 : 1;
  // EQ3: 0 = VC:H and VI:H; 1 = not that, but VC:H or VI:H or VA:H; 2 = no H.
  if (x.vc == 'H' && x.vi == 'H') {
    q.eq3 = 0;
  } else if (x.vc == 'H' || x.vi == 'H' || x.va == 'H') {
    q.eq3 = 1;
  } else {
    q.eq3 = 2;
  }
  // EQ4: 0 = MSI:S or MSA:S; 1 = not that, but SC:H or SI:H or SA:H; 2 otherwise.
  if (x.si == 'S' || x.sa == 'S') {
    q.eq4 = 0;
  } else if (x.sc == 'H' || x.si == 'H' || x.sa == 'H') {
    q.eq4 = 1;
  } else {
    q.eq4 = 2;
  }
  // EQ5: E:A 0, E:P 1, E:U 2.
  q.eq5 = x.e == 'A' ? 0 : x.e == 'P' ? 1 : 2;
  // EQ6: 0 = (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H); 1 otherwise.
  q.eq6 = (x.cr == 'H' && x.vc == 'H') || (x.ir == 'H' && x.vi == 'H') || (x.ar == 'H' && x.va == 'H') ? 0 : 1;
  return q;
}

// Severity levels of the values within each metric (cvss_score.js), 0.0 = most severe.
double level_av(char c) { return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double level_pr(char c) { return c == 'N' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double level_ui(char c) { return c == 'N' ? 0.0 : c == 'P' ? 0.1 : 0.2; }
double level_ac(char c) { return c == 'L' ? 0.0 : 0.1; }
double level_at(char c) { return c == 'N' ? 0.0 : 0.1; }
double level_vcia(char c) { return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double level_sc(char c) { return c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double level_sia(char c) { return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double level_req(char c) { return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2; }

// The highest-severity vectors of each EQ level (max_composed.js), in the reference's order.
struct Eq1Max {
  char av, pr, ui;
};
struct Eq2Max {
  char ac, at;
};
struct Eq36Max {
  char vc, vi, va, cr, ir, ar;
};
struct Eq4Max {
  char sc, si, sa;
};
template <class T>
struct Span {
  const T* data;
  size_t size;
};

constexpr Eq1Max kEq1Max0[] = {{'N', 'N', 'N'}};
constexpr Eq1Max kEq1Max1[] = {{'A', 'N', 'N'}, {'N', 'L', 'N'}, {'N', 'N', 'P'}};
constexpr Eq1Max kEq1Max2[] = {{'P', 'N', 'N'}, {'A', 'L', 'P'}};
constexpr Span<Eq1Max> kEq1Max[] = {{kEq1Max0, 1}, {kEq1Max1, 3}, {kEq1Max2, 2}};

constexpr Eq2Max kEq2Max0[] = {{'L', 'N'}};
constexpr Eq2Max kEq2Max1[] = {{'H', 'N'}, {'L', 'P'}};
constexpr Span<Eq2Max> kEq2Max[] = {{kEq2Max0, 1}, {kEq2Max1, 2}};

constexpr Eq36Max kEq36Max00[] = {{'H', 'H', 'H', 'H', 'H', 'H'}};
constexpr Eq36Max kEq36Max01[] = {{'H', 'H', 'L', 'M', 'M', 'H'}, {'H', 'H', 'H', 'M', 'M', 'M'}};
constexpr Eq36Max kEq36Max10[] = {{'L', 'H', 'H', 'H', 'H', 'H'}, {'H', 'L', 'H', 'H', 'H', 'H'}};
constexpr Eq36Max kEq36Max11[] = {{'L', 'H', 'L', 'H', 'M', 'H'},
                                  {'L', 'H', 'H', 'H', 'M', 'M'},
                                  {'H', 'L', 'H', 'M', 'H', 'M'},
                                  {'H', 'L', 'L', 'M', 'H', 'H'},
                                  {'L', 'L', 'H', 'H', 'H', 'M'}};
constexpr Eq36Max kEq36Max21[] = {{'L', 'L', 'L', 'H', 'H', 'H'}};
// [eq3][eq6]; EQ3 = 2 with EQ6 = 0 does not exist.
constexpr Span<Eq36Max> kEq36Max[3][2] = {
    {{kEq36Max00, 1}, {kEq36Max01, 2}},
    {{kEq36Max10, 2}, {kEq36Max11, 5}},
    {{nullptr, 0}, {kEq36Max21, 1}},
};

constexpr Eq4Max kEq4Max0[] = {{'H', 'S', 'S'}};
constexpr Eq4Max kEq4Max1[] = {{'H', 'H', 'H'}};
constexpr Eq4Max kEq4Max2[] = {{'L', 'L', 'L'}};
constexpr Span<Eq4Max> kEq4Max[] = {{kEq4Max0, 1}, {kEq4Max1, 1}, {kEq4Max2, 1}};

// The severity depth of each EQ level, in steps of 0.1 (max_severity.js).
constexpr int kMaxSeverityEq1[] = {1, 4, 5};
constexpr int kMaxSeverityEq2[] = {1, 2};
constexpr int kMaxSeverityEq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kMaxSeverityEq4[] = {6, 5, 4};

// The distances of a vector from one highest-severity vector of its macro vector.
struct Distances {
  double av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar;
  bool all_non_negative() const {
    for (double d : {av, pr, ui, ac, at, vc, vi, va, sc, si, sa, cr, ir, ar}) {
      if (d < 0) return false;
    }
    return true;
  }
};

double score_of(const Effective& x) {
  if (x.vc == 'N' && x.vi == 'N' && x.va == 'N' && x.sc == 'N' && x.si == 'N' && x.sa == 'N') return 0.0;

  const Macro q = macro_vector(x);
  double value = macro_score(q.eq1, q.eq2, q.eq3, q.eq4, q.eq5, q.eq6);

  // The macro vectors one step less severe in each EQ (EQ3 and EQ6 move together).
  const double lower_eq1 = macro_score(q.eq1 + 1, q.eq2, q.eq3, q.eq4, q.eq5, q.eq6);
  const double lower_eq2 = macro_score(q.eq1, q.eq2 + 1, q.eq3, q.eq4, q.eq5, q.eq6);
  double lower_eq3eq6;
  if (q.eq3 == 0 && q.eq6 == 0) {
    // Two ways down; the higher score (Python's max(left, right), NaN-preserving as it is).
    const double left = macro_score(q.eq1, q.eq2, q.eq3, q.eq4, q.eq5, q.eq6 + 1);
    const double right = macro_score(q.eq1, q.eq2, q.eq3 + 1, q.eq4, q.eq5, q.eq6);
    lower_eq3eq6 = right > left ? right : left;
  } else if (q.eq3 == 1 && q.eq6 == 0) {
    lower_eq3eq6 = macro_score(q.eq1, q.eq2, q.eq3, q.eq4, q.eq5, q.eq6 + 1);
  } else if (q.eq6 == 1 && q.eq3 < 2) {
    lower_eq3eq6 = macro_score(q.eq1, q.eq2, q.eq3 + 1, q.eq4, q.eq5, q.eq6);
  } else {
    lower_eq3eq6 = macro_score(q.eq1, q.eq2, q.eq3 + 1, q.eq4, q.eq5, q.eq6 + 1);  // none
  }
  const double lower_eq4 = macro_score(q.eq1, q.eq2, q.eq3, q.eq4 + 1, q.eq5, q.eq6);
  const double lower_eq5 = macro_score(q.eq1, q.eq2, q.eq3, q.eq4, q.eq5 + 1, q.eq6);

  // The first highest-severity vector of the macro vector that the vector does not exceed in
  // any metric (the last one tried when there is none, as the reference does).
  Distances d{};
  const auto eq1s = kEq1Max[q.eq1];
  const auto eq2s = kEq2Max[q.eq2];
  const auto eq36s = kEq36Max[q.eq3][q.eq6];
  const auto eq4s = kEq4Max[q.eq4];
  bool found = false;
  for (size_t i1 = 0; i1 < eq1s.size && !found; ++i1) {
    for (size_t i2 = 0; i2 < eq2s.size && !found; ++i2) {
      for (size_t i3 = 0; i3 < eq36s.size && !found; ++i3) {
        for (size_t i4 = 0; i4 < eq4s.size && !found; ++i4) {
          const Eq1Max& a = eq1s.data[i1];
          const Eq2Max& b = eq2s.data[i2];
          const Eq36Max& c = eq36s.data[i3];
          const Eq4Max& e4 = eq4s.data[i4];
          d.av = level_av(x.av) - level_av(a.av);
          d.pr = level_pr(x.pr) - level_pr(a.pr);
          d.ui = level_ui(x.ui) - level_ui(a.ui);
          d.ac = level_ac(x.ac) - level_ac(b.ac);
          d.at = level_at(x.at) - level_at(b.at);
          d.vc = level_vcia(x.vc) - level_vcia(c.vc);
          d.vi = level_vcia(x.vi) - level_vcia(c.vi);
          d.va = level_vcia(x.va) - level_vcia(c.va);
          d.sc = level_sc(x.sc) - level_sc(e4.sc);
          d.si = level_sia(x.si) - level_sia(e4.si);
          d.sa = level_sia(x.sa) - level_sia(e4.sa);
          d.cr = level_req(x.cr) - level_req(c.cr);
          d.ir = level_req(x.ir) - level_req(c.ir);
          d.ar = level_req(x.ar) - level_req(c.ar);
          found = d.all_non_negative();
        }
      }
    }
  }

  // The same operations in the same order as the reference, so that the doubles agree.
  const double distance_eq1 = d.av + d.pr + d.ui;
  const double distance_eq2 = d.ac + d.at;
  const double distance_eq3eq6 = d.vc + d.vi + d.va + d.cr + d.ir + d.ar;
  const double distance_eq4 = d.sc + d.si + d.sa;

  constexpr double kStep = 0.1;
  const double available_eq1 = value - lower_eq1;
  const double available_eq2 = value - lower_eq2;
  const double available_eq3eq6 = value - lower_eq3eq6;
  const double available_eq4 = value - lower_eq4;
  const double available_eq5 = value - lower_eq5;

  const double max_severity_eq1 = kMaxSeverityEq1[q.eq1] * kStep;
  const double max_severity_eq2 = kMaxSeverityEq2[q.eq2] * kStep;
  const double max_severity_eq3eq6 = kMaxSeverityEq36[q.eq3][q.eq6] * kStep;
  const double max_severity_eq4 = kMaxSeverityEq4[q.eq4] * kStep;

  // A NaN distance (no lower macro vector) fails >= 0 and does not count.
  int n_lower = 0;
  double normalized_eq1 = 0, normalized_eq2 = 0, normalized_eq3eq6 = 0, normalized_eq4 = 0, normalized_eq5 = 0;
  if (available_eq1 >= 0) {
    ++n_lower;
    normalized_eq1 = available_eq1 * (distance_eq1 / max_severity_eq1);
  }
  if (available_eq2 >= 0) {
    ++n_lower;
    normalized_eq2 = available_eq2 * (distance_eq2 / max_severity_eq2);
  }
  if (available_eq3eq6 >= 0) {
    ++n_lower;
    normalized_eq3eq6 = available_eq3eq6 * (distance_eq3eq6 / max_severity_eq3eq6);
  }
  if (available_eq4 >= 0) {
    ++n_lower;
    normalized_eq4 = available_eq4 * (distance_eq4 / max_severity_eq4);
  }
  if (available_eq5 >= 0) {
    // Exploit Maturity has one value per level: the vector is always at its level's top.
    ++n_lower;
    normalized_eq5 = available_eq5 * 0.0;
  }
  const double mean_distance =
      n_lower == 0 ? 0.0
                   : (normalized_eq1 + normalized_eq2 + normalized_eq3eq6 + normalized_eq4 + normalized_eq5) / n_lower;
  value -= mean_distance;
  value = std::min(10.0, std::max(0.0, value));
  // The reference rounds value + EPSILON (1e-6; constants4.py: "so the result is rounded
  // correctly despite floating point inaccuracies"): 5.05 computed as 5.0499999999999998 is 5.1.
  constexpr double kEpsilon = 1e-6;
  return round_half_up_1(value + kEpsilon);
}

}  // namespace

Expected<Score> score_v4(std::string_view vector) {
  std::array<uint8_t, kV4Metrics.size()> v;
  if (Status st = read_metrics(vector, 9, kV4Metrics, v.data()); !st) return st.error();
  auto given = [&](uint8_t k) { return v[k] != kAbsent && v[k] != 0; };  // 0 = X
  const bool threat = given(m::E);
  bool environmental = false;
  for (uint8_t k = m::CR; k <= m::MSA; ++k) environmental = environmental || given(k);

  Score out;
  out.version = Version::V4_0;
  out.base = score_of(effective(v.data()));
  out.score = out.base;
  out.rating = rating_of(out.score);
  out.normalized_vector = normalized(vector.substr(0, 8), kV4Metrics, v.data());
  out.nomenclature = threat ? (environmental ? "CVSS-BTE" : "CVSS-BT") : (environmental ? "CVSS-BE" : "CVSS-B");
  return out;
}

}  // namespace vigil::cvss::internal
