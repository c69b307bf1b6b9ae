// vigil policy: the organisation's rules as code (vigil.yaml) and the files of the tools it
// replaces, read as they are.
//
// vigil.yaml is the one policy file every vigil check shares; docs/policy.md is its reference.
// This module reads it (and, for migration, grype's .grype.yaml ignore list and audit-ci's
// audit-ci.json/.jsonc/.json5 allowlist) into plain values, and answers one question for the
// evaluate stage: which suppression, if any, covers a finding. It never prints and never decides
// an exit code; cli/ does.
//
// Every parse function takes the file's text and the name to use in errors, and returns an
// Error naming that file, the line and the column of the first problem. Nothing is partially
// returned: a policy with one bad suppression is an error, not a shorter list (a suppression
// silently dropped would fail a build for the wrong reason, or worse, one silently widened
// would pass it).
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace vigil::policy {

// A calendar date (no time zone: suppressions expire at the end of their day, UTC).
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const Date&) const = default;
  std::string str() const;  // YYYY-MM-DD
};

// "YYYY-MM-DD" and a real calendar date, else nullopt.
std::optional<Date> parse_date(std::string_view text);
// The UTC date of a Unix time.
Date date_of_epoch(int64_t seconds);

// One accepted risk: findings of advisory `id` (or any of its aliases) are not counted against
// the gate until `expires` has passed.
struct Suppression {
  std::string id;        // advisory id or alias (GHSA-..., CVE-..., NSWG-ECO-...); "*" = every advisory of `package`
  std::string package;   // only findings in this package (empty = any package)
  std::string version;   // only this version of it (empty = any version)
  std::string reason;    // why the risk is accepted; never empty
  std::optional<Date> expires;  // last day it applies; none = until removed
  bool include_aliases = true;  // false: `id` must be the finding's primary id (grype's include-aliases: false)
  std::string origin;    // where it was written: "path/vigil.yaml:12"
};

struct VulnerabilityPolicy {
  std::optional<Severity> fail_on;   // gate: a finding at or above this severity fails the build
  std::optional<bool> prod_only;     // count only libraries that ship (prod, optional, peer, bundled)
  std::vector<Suppression> suppressions;
  std::vector<std::string> imports;  // other tools' files to read, relative to the policy file
};

// The license rules (vigil.yaml `licenses:`, or imported from license-scanner's config.toml).
// Each rule is an SPDX id ("MIT"; "GPL-2.0+" covers later versions), a glob over ids ("Apache*",
// "BSD*"), a category name (permissive, public-domain, weak-copyleft, strong-copyleft,
// network-copyleft, non-commercial, unknown) or, for what is not SPDX ("Public Domain",
// "UNLICENSED"), the exact declared string. license/license.h evaluates them: deny before allow
// before review, an id before a category; what no rule covers is non-compliant.
struct LicenseException {
  std::string package;   // npm name
  std::string version;   // empty = any version
  std::string reason;    // never empty
  std::optional<Date> expires;
  std::string origin;    // "path/vigil.yaml:12"
};
struct LicensePolicy {
  std::vector<std::string> allow;
  std::vector<std::string> review;
  std::vector<std::string> deny;
  std::vector<LicenseException> exceptions;
  std::string fail_on;               // "non-compliant" or "review"; empty = not set
  std::vector<std::string> imports;  // license-scanner config.toml files, relative to the policy file
};

// license-scanner's config.toml (mojaloop/license-scanner-tool): `allowedList` strings become
// allow rules, kept verbatim (license/license.h reads SPDX ids, "X*" globs, whole expressions and
// plain strings out of them), `excludeList` "name@version;reason" entries become exceptions. Every other key is
// the tool's own (repos, docker images) and ignored.
struct LicenseImport {
  LicensePolicy policy;
  std::vector<Error> warnings;
};
Expected<LicenseImport> import_license_scanner(std::string_view text, const std::string& display);

// vigil.yaml `sast:` (vigil sast): rules switched on/off by id, the severity gate, excluded path
// globs, and extra taint sources (access paths), sinks ("RULE-ID:callee") and sanitizers (callees).
struct SastPolicy {
  std::vector<std::pair<std::string, bool>> rules;  // rule id -> on/off, in file order
  std::optional<std::string> fail_on;               // low, medium, high, critical
  std::vector<std::string> exclude;
  std::vector<std::string> sources;
  std::vector<std::string> sinks;
  std::vector<std::string> sanitizers;
};

// vigil.yaml `outdated:` (vigil check): a direct dependency behind by at least `fail_on` (major,
// minor, patch; the codebase's .ncurc reject list holds libraries back) fails the check; with
// `deprecated` "fail", so does a deprecated version. `offline` reads the registry cache only.
struct OutdatedPolicy {
  std::optional<std::string> fail_on;
  std::string deprecated = "warn";  // "fail" or "warn"
  bool offline = false;
};

struct Policy {
  int version = 1;
  std::optional<OutdatedPolicy> outdated;  // the `outdated:` section, when there is one
  VulnerabilityPolicy vulnerabilities;
  std::optional<LicensePolicy> licenses;  // the `licenses:` section, when there is one
  SastPolicy sast;                        // the `sast:` section (empty when absent)
  std::string vulndb_source;             // vulndb.source: where `vigil db update` fetches from
  std::optional<int> vulndb_max_age_days;  // vulndb.max-age-days
  std::vector<Error> warnings;          // e.g. a suppression that has already expired
};

// vigil.yaml. `today` decides which suppressions are already expired (warned about, kept: the
// evaluate stage reports them as expired).
Expected<Policy> parse_policy(std::string_view text, const std::string& display, Date today);
Expected<Policy> load_policy(const std::filesystem::path& file, const std::string& display, Date today);

// What another tool's configuration says, in vigil's terms.
struct Imported {
  std::vector<Suppression> suppressions;
  std::optional<Severity> fail_on;   // audit-ci's low/moderate/high/critical flags
  std::optional<bool> prod_only;     // audit-ci's skip-dev
  std::vector<Error> warnings;      // entries vigil reads differently or cannot use
};

// grype's configuration (.grype.yaml): `ignore` rules with vulnerability, include-aliases,
// reason, package {name, version}. Rules grype applies to things vigil does not scan (fix-state,
// a package type other than npm, a location) are left out with a warning.
Expected<Imported> import_grype(std::string_view text, const std::string& display);

// IBM audit-ci's configuration (JSON, JSONC or JSON5): the severity flags, skip-dev and the
// allowlist (advisory ids, "id|a>b>c" paths, module names, and {"id": {active, expiry, notes}}
// objects). A reason is taken from `notes`, else from the comments written next to the entry;
// an entry without either gets a reason that says so.
Expected<Imported> import_audit_ci(std::string_view text, const std::string& display);

// Reads `file` and imports it by its name: .grype.yaml / grype.yaml, audit-ci.json[c|5].
Expected<Imported> import_file(const std::filesystem::path& file, const std::string& display);

// The other tools' files vigil recognises in a project folder, in a fixed order.
std::vector<std::filesystem::path> importable_files(const std::filesystem::path& dir);

// The suppression that covers a finding: advisory `primary_id` with `aliases`, in
// package@version, on `today`. `applied` is the first active one that matches; `expired` the
// first expired one that would have matched (reported, so that nobody is surprised when a
// build starts failing on the day after).
struct SuppressionMatch {
  const Suppression* applied = nullptr;
  const Suppression* expired = nullptr;
};
SuppressionMatch find_suppression(const std::vector<Suppression>& suppressions, std::string_view primary_id,
                                  const std::vector<std::string>& aliases, std::string_view package,
                                  std::string_view version, Date today);

}  // namespace vigil::policy
