// vigil core: how bad a finding is.
//
// One scale for every check: vulnerabilities (from a CVSS score or an advisory's own rating),
// and later license and code findings. The names are npm's and GitHub's ("moderate", not
// "medium"); parse_severity() also accepts the CVSS and grype spellings.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil {

// Ordered: Unknown < None < Low < Moderate < High < Critical. Unknown is a finding whose
// source gives no rating at all; None is a CVSS score of 0.0.
enum class Severity : uint8_t { Unknown, None, Low, Moderate, High, Critical };

// "unknown", "none", "low", "moderate", "high", "critical".
std::string_view to_string(Severity s);

// Case-insensitive: the names above, plus "medium" (CVSS, grype) and "negligible" (grype) as
// Moderate and Low. Anything else is nullopt.
std::optional<Severity> parse_severity(std::string_view text);

// The CVSS v3/v4 qualitative rating of a score: 0.0 None, 0.1-3.9 Low, 4.0-6.9 Moderate
// (CVSS "Medium"), 7.0-8.9 High, 9.0-10.0 Critical.
Severity severity_of_score(double score);

}  // namespace vigil
