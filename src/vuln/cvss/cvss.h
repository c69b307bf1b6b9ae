// CVSS calculators: v3.0 and v3.1 (base, temporal, environmental equations of FIRST's
// specification documents) and v4.0 (every metric group; the specification's macro-vector
// lookup table and its interpolation, as FIRST's reference calculator computes them).
//
// score() reads a vector string strictly: the prefix "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/",
// then METRIC:VALUE fields separated by '/', each metric known to that version, each value one
// the specification lists (case-sensitive), no metric twice, no empty field, and every base
// metric present. Metrics may come in any order, for v3 and for v4 alike (RedHat's reference
// library and cvss-suite accept both; the normalized vector puts them in order). Anything else
// gives an Error with no file (callers say where the vector came from) and a message naming the
// field, its column (1-based, in the vector) and what is wrong.
//
// Scores are the specification's one-decimal numbers, as the nearest double (9.8, not
// 9.800000000000001). All functions are pure and thread-safe; score() allocates only the
// strings of the Score it returns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::cvss {

enum class Version : uint8_t { V3_0, V3_1, V4_0 };

// The specification's qualitative severity rating scale: None 0.0, Low 0.1-3.9,
// Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.
enum class Rating : uint8_t { None, Low, Medium, High, Critical };

struct Score {
  Version version = Version::V3_1;
  // v3: the base score. v4: the one v4.0 score (CVSS-B, -BT, -BE or -BTE, see nomenclature).
  double base = 0;
  // v3 only: set when the vector defines a temporal metric (E, RL or RC other than X).
  std::optional<double> temporal;
  // v3 only: set when the vector defines an environmental metric (CR, IR, AR or a modified
  // base metric, other than X).
  std::optional<double> environmental;
  // The score to report: v3 = environmental if set, else temporal if set, else base; v4 = base.
  double score = 0;
  Rating rating = Rating::None;  // of `score`
  // The prefix as given, then every metric the vector gives in the specification's order, those
  // whose value is X (Not Defined, the same as leaving the metric out) left out, as FIRST's and
  // RedHat's calculators write a vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P".
  std::string normalized_vector;
  // v4: "CVSS-B", "CVSS-BT" (threat metric E given), "CVSS-BE" (an environmental metric
  // given) or "CVSS-BTE". Supplemental metrics do not change the score nor the name. v3: empty.
  std::string nomenclature;
};

// "CVSS:3.0/...", "CVSS:3.1/..." or "CVSS:4.0/...".
Expected<Score> score(std::string_view vector);

// CVSS v3 only: the three equations all evaluated, the metrics the vector leaves out taking
// their Not Defined values; these are the three numbers FIRST's v3 calculator shows. Where the
// vector defines no temporal or environmental metric they may differ from Score::base: for a
// v3.1 vector with Scope Changed the environmental equation uses (MISS x 0.9731 - 0.02)^13,
// so CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H has base 7.6 and environmental 7.7.
struct V3Equations {
  double base = 0;
  double temporal = 0;
  double environmental = 0;
};
// An error for anything but a valid CVSS:3.0/ or CVSS:3.1/ vector.
Expected<V3Equations> v3_equations(std::string_view vector);

Rating rating_of(double score);
std::string_view to_string(Rating rating);    // "None", "Low", "Medium", "High", "Critical"
std::string_view to_string(Version version);  // "3.0", "3.1", "4.0"

}  // namespace vigil::cvss
