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
#include <string>

#include "inventory/inventory.h"
#include "scan/scan.h"

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
std::string write_scan(const scan::Result& result, const std::vector<Error>& failures, ScanFormat format,
                       const std::string& tool_version);

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

}  // namespace vigil::report
