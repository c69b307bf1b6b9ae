// The CVSS vector-string reader shared by v3 and v4 (internal.h).
#include <fmt/format.h>

#include <cmath>

#include "vuln/cvss/internal.h"

namespace vigil::cvss::internal {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    if (up(a[i]) != up(b[i])) return false;
  }
  return true;
}

std::string allowed_values(const MetricDef& def) {
  std::string out;
  for (uint8_t i = 0; i < def.count; ++i) {
    if (i > 0) out += i + 1 == def.count ? " or " : ", ";
    out += def.values[i];
  }
  return out;
}

}  // namespace

Status read_metrics(std::string_view vector, size_t prefix_len, std::span<const MetricDef> defs, uint8_t* out) {
  constexpr size_t kMaxMetrics = 32;
  std::array<uint32_t, kMaxMetrics> column_of{};  // where each metric was given, for duplicates
  for (size_t i = 0; i < defs.size(); ++i) out[i] = kAbsent;

  // Vectors nearly always list metrics in the specification's order: try the metric after the
  // last one found before searching them all.
  size_t hint = 0;
  size_t pos = prefix_len;
  while (true) {
    size_t end = vector.find('/', pos);
    if (end == std::string_view::npos) end = vector.size();
    const std::string_view field = vector.substr(pos, end - pos);
    const auto column = static_cast<uint32_t>(pos + 1);
    if (field.empty()) {
      if (pos == vector.size()) {
        if (pos == prefix_len) return make_error("", "no metrics after the prefix");
        return make_error("", fmt::format("empty field at column {} (the vector ends with '/')", column));
      }
      return make_error("", fmt::format("empty field at column {} (two '/' in a row)", column));
    }
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos) {
      return make_error("", fmt::format("field \"{}\" at column {} is not METRIC:VALUE (no ':')", field, column));
    }
    const std::string_view key = field.substr(0, colon);
    const std::string_view value = field.substr(colon + 1);
    if (value.find(':') != std::string_view::npos) {
      return make_error("", fmt::format("field \"{}\" at column {} is not METRIC:VALUE (more than one ':')", field, column));
    }
    size_t k = hint < defs.size() && defs[hint].key == key ? hint : defs.size();
    if (k == defs.size()) {
      for (size_t i = 0; i < defs.size(); ++i) {
        if (defs[i].key == key) {
          k = i;
          break;
        }
      }
    }
    if (k == defs.size()) {
      if (key.empty()) return make_error("", fmt::format("field \"{}\" at column {} has no metric name", field, column));
      for (const MetricDef& def : defs) {
        if (equal_ignoring_case(def.key, key)) {
          return make_error("", fmt::format("unknown metric \"{}\" at column {} (metric names are case-sensitive: {})",
                                            key, column, def.key));
        }
      }
      return make_error("", fmt::format("unknown metric \"{}\" at column {}", key, column));
    }
    const MetricDef& def = defs[k];
    if (out[k] != kAbsent) {
      return make_error("", fmt::format("duplicate metric {} at column {} (first given at column {})", def.key, column,
                                        column_of[k]));
    }
    uint8_t v = 0;
    while (v < def.count && def.values[v] != value) ++v;
    if (v == def.count) {
      return make_error("", fmt::format("invalid value \"{}\" for metric {} at column {} (expected {})", value, def.key,
                                        column, allowed_values(def)));
    }
    out[k] = v;
    column_of[k] = column;
    hint = k + 1;
    if (end == vector.size()) break;
    pos = end + 1;
  }

  std::string missing;
  size_t n_missing = 0;
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].mandatory && out[i] == kAbsent) {
      if (n_missing++ > 0) missing += ", ";
      missing += defs[i].key;
    }
  }
  if (n_missing == 1) return make_error("", fmt::format("missing mandatory base metric {}", missing));
  if (n_missing > 1) return make_error("", fmt::format("missing mandatory base metrics {}", missing));
  return {};
}

std::string normalized(std::string_view prefix, std::span<const MetricDef> defs, const uint8_t* values) {
  size_t size = prefix.size();
  for (size_t i = 0; i < defs.size(); ++i) {
    if (values[i] != kAbsent && defs[i].values[values[i]] != "X") size += defs[i].key.size() + defs[i].values[values[i]].size() + 2;
  }
  std::string out;
  out.reserve(size);
  out += prefix;
  for (size_t i = 0; i < defs.size(); ++i) {
    if (values[i] == kAbsent) continue;
    const std::string_view v = defs[i].values[values[i]];
    if (v == "X") continue;
    out += '/';
    out += defs[i].key;
    out += ':';
    out += v;
  }
  return out;
}

double round_half_up_1(double x) {
  // x * 10 = t + err exactly (fma gives the rounding error of the product), so the fraction
  // of the exact product is (t - floor(t)) + err, with |err| <= ulp(t) / 2: only a computed
  // fraction of exactly 0.5 needs err's sign to decide.
  const double t = x * 10.0;
  const double err = std::fma(x, 10.0, -t);
  const double whole = std::floor(t);
  const double frac = t - whole;
  const bool up = frac > 0.5 || (frac == 0.5 && err >= 0);
  return (whole + (up ? 1.0 : 0.0)) / 10.0;
}

}  // namespace vigil::cvss::internal
