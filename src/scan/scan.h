// vigil scan: the evaluate stage for known vulnerabilities.
//
// scan() joins the two inputs the stages before it produced — an Inventory (what every
// codebase contains) and the vulnerability database (what is known to be vulnerable) — and
// turns every match into a VulnerabilityFinding: which advisory, how bad (from its CVSS vector,
// else its own rating), how the library comes in (direct or transitive, scope, the dependency
// paths), what fixes it, and whether an accepted risk (a suppression of the codebase's
// policy) covers it. It then applies the gate. Plain values in, a plain value out: it prints
// nothing and reads no clock (the date that decides suppression expiry is an input).
//
// This module sits where ARCHITECTURE.md puts "evaluate": it may use inventory, vuln, semver
// and policy, and nothing uses it but report/ and cli/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/core.h"
#include "inventory/inventory.h"
#include "policy/policy.h"

namespace vigil::vuln {
class Database;
}

namespace vigil::scan {

// What removes a finding.
struct Fix {
  enum class Kind : uint8_t {
    None,            // no fixed version is known
    UpgradeDirect,   // the library is a direct dependency: raise its version in package.json
    Refresh,         // transitive, and every parent's declared range already admits the fixed
                     // version: updating the lockfile (`npm update NAME`) is enough
    Override,        // transitive: force the fixed version with the package manager's override
  };
  Kind kind = Kind::None;
  std::string fixed_version;   // the lowest fixed version above the installed one; ">X" when the record
                               // names only X as the last affected version (any release above X fixes it)
  bool major = false;          // the fix is in a newer major version (may break the code)
  std::vector<std::string> via;  // transitive: the direct dependencies it comes in through ("name@version"), sorted
  std::string manifest_entry;  // what to write: `"overrides": {"x@1.2.3": "1.2.5"}` (npm), `"resolutions": ...` (yarn), `"pnpm": {"overrides": ...}`
  std::string text;            // one sentence for people
};

struct VulnerabilityFinding {
  // Where.
  std::string codebase;        // Codebase::id
  std::string lockfile;        // path of the lockfile relative to the scan root (for SARIF), or the manifest
  uint32_t line = 1;           // the package's entry in the lockfile
  uint32_t component = 0;      // index into the codebase's components
  // What.
  std::string id;                      // primary advisory id (GHSA when there is one)
  std::vector<std::string> aliases;    // the other ids of the same vulnerability, sorted
  std::string summary;
  std::string url;                     // the advisory's page (its first ADVISORY or WEB reference)
  std::vector<std::string> cwes;       // "CWE-1321", sorted
  std::string package;
  std::string version;
  std::string purl;
  // How bad.
  Severity severity = Severity::Unknown;
  std::optional<double> score;         // from the vector, when there is one
  std::string vector;                  // CVSS vector the score comes from ("" = the record's own rating)
  std::string severity_source;         // "CVSS:3.1", "CVSS:4.0", "advisory"
  // How it comes in.
  bool direct = false;
  inventory::Scope scope = inventory::Scope::Prod;
  std::vector<inventory::DependencyPath> paths;  // shortest first; bounded by Options::max_paths (at least one)
  uint64_t path_count = 0;
  std::vector<std::string> fixed_versions;       // every fixed version the advisory names for this package, semver order
  std::string vulnerable_range;                  // the affected ranges in words: ">=1.0.0 <1.2.5"
  Fix fix;
  // Accepted risk.
  bool suppressed = false;
  std::string suppression_reason;
  std::string suppression_origin;     // "path/vigil.yaml:12"
  std::optional<policy::Date> suppression_expires;
  bool suppression_expired = false;   // an expired suppression would have covered it: not suppressed
  bool gating = false;                // counts against the gate (unsuppressed, in scope, at or above fail-on)
};

// The policy that applies to one codebase: the organisation's (--policy) plus the codebase's
// own vigil.yaml and the other tools' files it keeps (.grype.yaml, audit-ci.json*), unless
// importing them is turned off.
struct CodebasePolicy {
  std::vector<policy::Suppression> suppressions;
  std::optional<Severity> fail_on;
  std::optional<bool> prod_only;
};

struct Options {
  std::optional<Severity> fail_on;   // the command line's; overrides every policy's
  std::optional<bool> prod_only;     // likewise
  policy::Date today;                // decides suppression expiry
  unsigned max_paths = 5;            // dependency paths listed per finding (the count is always exact)
  std::map<std::string, CodebasePolicy> policies;  // by Codebase::id; a codebase without one gets the defaults
};

struct Summary {
  uint64_t findings = 0;             // all, suppressed included
  uint64_t suppressed = 0;
  uint64_t gating = 0;
  std::map<Severity, uint64_t> by_severity;  // unsuppressed findings
  uint64_t vulnerable_packages = 0;  // distinct name@version with an unsuppressed finding
  uint64_t direct = 0;               // unsuppressed findings in direct dependencies
  uint64_t transitive = 0;
};

struct Result {
  std::vector<VulnerabilityFinding> findings;  // sorted: severity (worst first), score, id, codebase, package, version
  std::vector<Error> warnings;                  // e.g. expired suppressions that matched, unknown vectors
  Summary summary;
  bool gate_failed = false;
};

// Matches every registry library of `inv` against `db`. The inventory must outlive nothing:
// the result holds copies. Thread-compatible.
Result scan(const inventory::Inventory& inv, const vuln::Database& db, const Options& options);

// The line of `c`'s entry in the lockfile text of its codebase (1-based), or 0 when it cannot
// be found. Works on every lockfile format vigil reads.
uint32_t lockfile_line(std::string_view lockfile_text, std::string_view format, const inventory::Component& c);
// The same on a lockfile already split into lines (split_lines), for many lookups in one file.
uint32_t lockfile_line(const std::vector<std::string_view>& lines, const inventory::Component& c);
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace vigil::scan
