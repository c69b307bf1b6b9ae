// vigil report (internal): the pieces of the license report that `vigil licenses` and
// `vigil scan` share (the risk summary, one library as JSON, the SARIF rules and results).
#pragma once

#include <map>
#include <set>
#include <string>

#include "report/json_writer.h"
#include "report/report.h"

namespace vigil::report::detail {

// The distinct libraries (name@version) per verdict, each at its worst verdict over the
// codebases, and per license the libraries, the codebases and the worst verdict.
struct LicenseSummary {
  std::map<license::Verdict, std::set<std::string>> by_verdict;
  struct PerLicense {
    std::set<std::string> libraries, codebases;
    license::Verdict worst = license::Verdict::Compliant;
  };
  std::map<std::string, PerLicense> by_license;  // "UNKNOWN: <raw>" for what is not SPDX
  size_t count(license::Verdict v) const;
};
LicenseSummary summarise(const LicenseView& v);

// {"compliant": n, "low-risk": n, "review": n, "non-compliant": n, "unknown": n}
void write_summary_json(JsonWriter& w, const LicenseSummary& s);
void write_library_json(JsonWriter& w, const license::LibraryLicense& l);
// The one-line text of what a library declared: its expression, or UNKNOWN "raw".
std::string declared_text(const license::LibraryLicense& l);

// SARIF: the rules (license/non-compliant, license/unknown, license/review, license/low-risk)
// and one result per library whose verdict is in `verdicts`.
void write_sarif_rules(JsonWriter& w, const std::set<license::Verdict>& verdicts);
void write_sarif_results(JsonWriter& w, const LicenseView& v, const std::set<license::Verdict>& verdicts);

}  // namespace vigil::report::detail
