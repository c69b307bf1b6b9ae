// vigil cvss (internal): the vector-string reader shared by the v3 and v4 calculators, and the
// two calculators behind score().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "vuln/cvss/cvss.h"

namespace vigil::cvss::internal {

// One metric of a version's vector string, in the specification's order. `values` are the
// abbreviations the specification allows, "X" (Not Defined) first for every optional metric.
struct MetricDef {
  std::string_view key;
  std::array<std::string_view, 5> values;
  uint8_t count;  // how many of `values` are used
  bool mandatory;
};

// A metric the vector does not give.
inline constexpr uint8_t kAbsent = 0xFF;

// Reads the fields after the prefix (vector[prefix_len..], the prefix ending in '/') into
// `out`, one slot per def: the index of the value in def.values, or kAbsent. `out` must have
// defs.size() slots. The first error found (in field order; missing mandatory metrics last)
// is returned; its message names the field and its 1-based column in `vector`.
Status read_metrics(std::string_view vector, size_t prefix_len, std::span<const MetricDef> defs, uint8_t* out);

// The normalized vector: `prefix` (without '/'), then "/KEY:VALUE" for every given metric whose
// value is not X, in the order of defs.
std::string normalized(std::string_view prefix, std::span<const MetricDef> defs, const uint8_t* values);

// The calculators; `vector` starts with the version's prefix.
Expected<Score> score_v3(std::string_view vector, Version version);
Expected<V3Equations> equations_v3(std::string_view vector, Version version);
Expected<Score> score_v4(std::string_view vector);

// Round half up (away from zero, for the non-negative scores here) to one decimal, decided on
// the exact binary value of x as Python's Decimal(x).quantize(Decimal("0.1"), ROUND_HALF_UP)
// does in FIRST's and RedHat's v4.0 calculators: 4.05 (stored as 4.04999...) gives 4.0.
double round_half_up_1(double x);

// CVSS v3.1 Appendix A Roundup (on integers: 9.200000000000001 gives 9.2, 4.02 gives 4.1).
double roundup_v31(double x);
// CVSS v3.0 Round up: the smallest one-decimal number >= the exact value x approximates.
double roundup_v30(double x);

}  // namespace vigil::cvss::internal
