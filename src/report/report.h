// vigil report: the writers that turn an Inventory or a Codebase into text.
//
// Every writer is a pure function of its input: it returns the document as a std::string and
// prints nothing, reads no clock and no environment. The same input gives the same bytes (all
// lists are written in a fixed order; the only time in a document is the one passed in), so
// reports diff cleanly and can be checked into a repository. All output is valid UTF-8: bytes
// of the input that are not valid UTF-8 are written as U+FFFD.
//
// docs/formats.md describes every format and field.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "license/license.h"
#include "scan/scan.h"
#include "store/store.h"

namespace vigil::report {

enum class InventoryFormat { Table, Json, Csv };

// vigil inventory: per codebase and organisation totals: libraries (distinct name@version of
// registry components), distinct names, direct vs transitive, dev-only (scope Dev),
// non-registry components, and the names present in more than one version across the
// organisation (with the versions and, per version, the codebases).
//   Table = aligned human table (one row per codebase + a totals row), then a "multiple
//           versions" section and the failures;
//   Json  = full detail including every component's fields, warnings and failures;
//   Csv   = one row per component per codebase (RFC 4180 quoting, CRLF) with a header.
std::string write_inventory(const inventory::Inventory& inv, InventoryFormat format);

// The license evaluation of the libraries a report covers (license::evaluate_inventory's
// libraries, possibly filtered), with the warnings to list and each codebase's lockfile (its
// path relative to the codebase, for SARIF locations). The pointers must outlive the writer call.
struct LicenseView {
  std::vector<const license::LibraryLicense*> libraries;  // sorted: codebase, name, version
  std::vector<Error> warnings;
  std::map<std::string, std::string> lockfiles;  // codebase id -> lockfile
};

enum class LicenseFormat { Table, Json, Csv, Sarif };

// vigil licenses:
//   Table = the risk summary (distinct libraries per verdict, each at its worst over the
//           codebases), per license the libraries, codebases and worst verdict, then every
//           non-compliant, review and low-risk library per codebase with the reason (the chosen
//           alternative for a dual license) and the path that pulls it in, then the libraries
//           whose license is unknown, one line each;
//   Json  = the summary, the per-license rows and every library with its evaluation;
//   Csv   = one row per library per codebase (RFC 4180, CRLF);
//   Sarif = SARIF 2.1.0: one result per non-compliant, unknown, review and low-risk library at
//           its codebase's lockfile.
std::string write_licenses(const LicenseView& view, LicenseFormat format, const std::string& tool_version);

enum class ScanFormat { Table, Json, Sarif, Csv };

// vigil scan: the findings of a vulnerability scan.
//   Table = a summary line, then the unsuppressed findings worst first (severity, score,
//           advisory, package@version, direct/transitive and scope, codebase, fixed version),
//           each with its summary, shortest path and fix; then the suppressed ones with their
//           reason, origin and expiry; then warnings and the codebases that were not scanned;
//   Json  = every field of every finding, the summary, warnings and failures;
//   Sarif = SARIF 2.1.0 for GitHub code scanning: one rule per advisory (security-severity from
//           the CVSS score, CWE tags), one result per finding at the package's line in its
//           lockfile, suppressed findings carrying an accepted external suppression;
//   Csv   = one row per finding (RFC 4180 quoting, CRLF) with a header.
// With `licenses`, the license evaluation appears too: Table ends with the license risk summary
// and the non-compliant and review libraries (reason, path); Json has a `licenses` object (the
// summary and every library that is not simply compliant); Sarif adds a result per non-compliant
// and review library (unknown ones are in Json and in `vigil licenses`); Csv stays one row per
// vulnerability finding.
std::string write_scan(const scan::Result& result, const std::vector<Error>& failures, ScanFormat format,
                       const std::string& tool_version, const LicenseView* licenses = nullptr);

struct SbomOptions {
  bool prod_only = false;        // leave out components whose scope is Dev
  int64_t timestamp = 0;         // seconds since the epoch, for metadata.timestamp / creationInfo.created
  std::string serial_seed;       // when non-empty, the CycloneDX serialNumber / SPDX documentNamespace UUID is derived from it (UUID v5-like from a hash of seed + content) ; when empty derive from the content only — ALWAYS deterministic
  std::string tool_version;      // vigil's version
  // CycloneDX only: a scan's findings of this codebase, written as the document's
  // `vulnerabilities` (with ratings, CWEs, affected refs, fix recommendation and, for a
  // suppressed finding, an analysis saying the risk is accepted and why).
  const std::vector<scan::VulnerabilityFinding>* vulnerabilities = nullptr;
};

// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/).
std::string write_cyclonedx(const inventory::Codebase& cb, const SbomOptions& opt);
// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/).
std::string write_spdx(const inventory::Codebase& cb, const SbomOptions& opt);

// vigil report: the quarterly audit dashboard from stored baselines (oldest first).
struct DashboardQuarter {
  std::string label;
  int64_t created_at = 0;
  size_t codebases = 0, libraries = 0;  // libraries: distinct name@version
  size_t up_to_date = 0, outdated = 0, outdated_unknown = 0, multiple_versions = 0;
  std::map<std::string, size_t> vulnerabilities;  // critical, high, moderate, low, unknown (unsuppressed findings)
  std::map<std::string, size_t> licenses;         // compliant, low-risk, review, non-compliant, unknown (distinct libraries, worst verdict)
  bool has_previous = false;                      // the fields below compare with the baseline before
  size_t new_vulnerabilities = 0, fixed_vulnerabilities = 0, libraries_added = 0, libraries_removed = 0, libraries_upgraded = 0;
};
struct DashboardCritical {  // a library with a CVSS >= 9 (or critical) finding in the latest baseline
  std::string package, version;
  double score = 0;
  std::set<std::string> advisories, codebases, direct_in, transitive_in;
};
struct DashboardAction {  // one remediation, with the findings it removes across the organisation
  std::string action;
  size_t findings = 0;
  std::set<std::string> codebases, severities;
};
struct Dashboard {
  std::vector<DashboardQuarter> quarters;
  std::vector<DashboardCritical> critical;  // worst first
  std::vector<DashboardAction> actions;     // most findings removed first, at most 20
  std::vector<store::VulnerabilityRow> new_in_latest, fixed_in_latest;
};
Dashboard build_dashboard(const std::vector<store::Baseline>& baselines);

enum class DashboardFormat { Html, Markdown, Json };
// Html: one self-contained file (inline CSS, inline SVG charts of libraries, vulnerabilities and
// license risk per baseline; every number in a table cell with a data-key), readable printed.
std::string write_dashboard(const Dashboard& d, DashboardFormat format, const std::string& title);

}  // namespace vigil::report
