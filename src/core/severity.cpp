#include "core/severity.h"

#include <cctype>
#include <string>

namespace vigil {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Unknown: return "unknown";
    case Severity::None: return "none";
    case Severity::Low: return "low";
    case Severity::Moderate: return "moderate";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "unknown";
}

std::optional<Severity> parse_severity(std::string_view text) {
  std::string t;
  t.reserve(text.size());
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "unknown") return Severity::Unknown;
  if (t == "none") return Severity::None;
  if (t == "low" || t == "negligible") return Severity::Low;
  if (t == "moderate" || t == "medium") return Severity::Moderate;
  if (t == "high") return Severity::High;
  if (t == "critical") return Severity::Critical;
  return std::nullopt;
}

Severity severity_of_score(double score) {
  // Scores carry one decimal; compare in tenths to stay clear of binary fractions.
  long tenths = static_cast<long>(score * 10.0 + 0.5);
  if (tenths <= 0) return Severity::None;
  if (tenths < 40) return Severity::Low;
  if (tenths < 70) return Severity::Moderate;
  if (tenths < 90) return Severity::High;
  return Severity::Critical;
}

}  // namespace vigil
