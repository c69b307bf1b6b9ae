// vigil store: labeled baselines of an organisation's audit (vigil audit --label 2022-Q4): the
// codebases, every library with its license verdict and how outdated it is, and the known
// vulnerabilities, kept so that quarters can be listed, shown and compared.
//
// - A Store is a database: a SQLite file (the default; nothing to install) or, for a team,
//   PostgreSQL (a postgresql:// URL, libpq). The schema is versioned and migrated forward in one
//   transaction; a newer schema than this program knows is refused. Both give the same answers
//   (text is ordered by bytes in both).
// - write() stores a whole baseline in one transaction: a run killed half-way leaves nothing.
//   A label is written once; writing it again is an error unless `replace` is set.
// - Reading and diffing are pure: same database, same bytes out.
// A Store is used from one thread at a time; several processes may write the same file (SQLite
// locks; a busy database is waited for up to 10 s, then an error); PostgreSQL serialises
// concurrent writers with an advisory lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/core.h"

namespace vigil::store {

struct LibraryRow {
  std::string codebase, name, version;
  bool direct = false;
  std::string scope;            // "prod", "dev", "optional", "peer"
  std::string license;          // normalised SPDX expression or "UNKNOWN"
  std::string license_verdict;  // "compliant", "low-risk", "review", "non-compliant", "unknown"
  std::string latest;           // empty when unknown
  std::string behind;           // "up-to-date", "patch", "minor", "major", "unknown"
  bool outdated = false;
  std::string deprecated;
};

struct VulnerabilityRow {
  std::string codebase, id, package, version;
  std::string severity;  // "critical", "high", "moderate", "low", "none", "unknown"
  std::optional<double> score;
  bool direct = false;
  bool suppressed = false;
  std::string fixed_version;
  std::string fix;  // the remediation text
};

struct Baseline {
  std::string label;
  int64_t created_at = 0;  // seconds since the epoch (SOURCE_DATE_EPOCH makes it reproducible)
  std::string tool_version;
  std::vector<std::string> codebases;              // sorted
  std::vector<LibraryRow> libraries;               // sorted: codebase, name, version
  std::vector<VulnerabilityRow> vulnerabilities;   // sorted: codebase, id, package, version
};

struct BaselineInfo {
  std::string label;
  int64_t created_at = 0;
  size_t codebases = 0, libraries = 0, vulnerabilities = 0;  // libraries: distinct name@version
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status write(const Baseline& b, bool replace) = 0;
  virtual Expected<std::vector<BaselineInfo>> list() = 0;  // oldest first (created_at, label)
  virtual Expected<Baseline> read(const std::string& label) = 0;
  virtual std::string describe() const = 0;  // the file, for messages
};

// `target`: a file path (SQLite), "sqlite:PATH", or a postgresql:// (postgres://) URL. Creates a
// SQLite file and its folder when missing.
// `busy_timeout_ms`: how long a SQLite write waits for another writer's lock before it is an error.
Expected<std::unique_ptr<Store>> open_store(const std::string& target, int busy_timeout_ms = 10000);
// ~/.cache/vigil/baselines.db (XDG_CACHE_HOME respected); empty without HOME.
std::string default_store();

// What changed from `a` to `b`.
struct LibraryChange {
  std::string codebase, name, from, to;  // from empty = added; to empty = removed
};
struct BaselineDiff {
  std::vector<std::string> codebases_added, codebases_removed;
  std::vector<LibraryChange> added, removed, upgraded, downgraded;  // per codebase and name
  std::vector<VulnerabilityRow> new_vulnerabilities, fixed_vulnerabilities;  // unsuppressed ones
  struct LicenseChange {
    std::string codebase, name, version, from, to;  // verdicts
  };
  std::vector<LicenseChange> license_changes;
};
BaselineDiff diff(const Baseline& a, const Baseline& b);

}  // namespace vigil::store
