// vigil vuln: the offline vulnerability database — OSV records, their SQLite store, the matcher.
//
// The data comes as OSV schema 1.x records (https://ossf.github.io/osv-schema/): a folder of JSON
// files, a zip of them (the layout of osv.dev's per-ecosystem all.zip), a single JSON file, or
// a URL serving either. Database::update() reads them into a SQLite file (one transaction: an
// update that fails or is interrupted leaves the previous content untouched), Database::load_for()
// reads the advisories of the package names a scan needs into an AdvisoryIndex, and
// AdvisoryIndex::match() answers "which advisories affect this npm package at this version?".
//
// Matching follows the OSV "evaluation" rules: for every `affected` entry of ecosystem npm naming
// the package, the version is affected when it is in the entry's explicit `versions` list (exact
// text), or inside one of its SEMVER/ECOSYSTEM ranges. A range's events are sorted by version
// ("introduced": "0" first) and walked in order: introduced (v >= it) turns "affected" on, fixed
// (v >= it) and last_affected (v > it) turn it off; when the range has `limit` events the version
// must also be below one of them. One refinement: a range whose events, as written, are
// introduced -> fixed/last_affected pairs (each end above its start) is the union of those pairs.
// For every well-formed range that is exactly the spec's walk; it differs only for converters
// that write "<2.0.1 || <1.1.7" as two overlapping pairs in one range, where the walk would stop
// at the lowest fix and miss versions the record names. Versions compare as node-semver orders them (loose parse,
// prereleases before their release), so a prerelease between two events is treated like any other
// version. GIT ranges are ignored. A range with an event that is not a version never matches
// (update() warns about it). An entry with neither ranges nor versions falls back to its
// database_specific.vulnerable_versions, a node-semver range (old NSWG/npm advisories), tested
// with include_prerelease so that it agrees with the event rules.
//
// Aliases: records that name each other (one lists the other's id in `aliases`) or share an alias
// (a GHSA record and an NSWG record both aliasing the same CVE) describe one vulnerability. match()
// gives one Match per such group, whose primary record is the best-named matched record: a GHSA-
// id first, then any other id that is not a CVE (NSWG-ECO-, MAL-, ...), then CVE-; alphabetical
// within a class. GHSA ids are what npm audit, GitHub and most suppression files use, and a CVE id
// is the least specific name (one CVE may span several packages).
//
// Nothing here throws or aborts on user input: bad records, bad archives and bad downloads are
// Errors (or warnings in an UpdateReport) naming the file, the zip entry and the record id.
// Database is not thread-safe; an AdvisoryIndex is immutable after load_for() and may be shared
// by threads that only call match().
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/severity.h"

struct sqlite3;

namespace vigil::vuln {

enum class RangeType : uint8_t { Semver, Ecosystem, Git };
enum class EventKind : uint8_t { Introduced, Fixed, LastAffected, Limit };

struct Event {
  EventKind kind;
  std::string version;
};

struct AffectedRange {
  RangeType type;
  std::string repo;  // GIT ranges only
  std::vector<Event> events;
};

// OSV severity[]: type "CVSS_V3", "CVSS_V4", ...; score = the vector text.
struct SeverityScore {
  std::string type;
  std::string score;
};

struct Reference {
  std::string type;
  std::string url;
};

struct AffectedPackage {
  uint32_t index = 0;  // position in the record's affected[]
  std::string ecosystem, name, purl;
  std::vector<AffectedRange> ranges;
  std::vector<std::string> versions;
  std::vector<SeverityScore> severity;  // affected[].severity (schema 1.5+)
  std::string npm_range;                // database_specific.vulnerable_versions when present (NSWG/GHSA text)
  std::string database_specific;        // raw JSON text ("" when absent)
};

struct Advisory {
  std::string id, modified, published, withdrawn, schema_version, summary, details;
  std::vector<std::string> aliases, related;
  std::vector<SeverityScore> severity;
  std::vector<AffectedPackage> affected;
  std::vector<Reference> references;
  std::string database_specific;  // raw JSON text (GHSA keeps "severity":"HIGH" and "cwe_ids" here); "" when absent
  // The record's own rating (database_specific.severity: LOW, MODERATE/MEDIUM, HIGH, CRITICAL);
  // Unknown when it has none.
  Severity rating = Severity::Unknown;
};

// Parses one OSV record. `origin` names the file (and zip entry) in errors, which also name the
// record id once it is known. Fails on invalid JSON or UTF-8, a missing id or modified, and any
// known field of the wrong type; unknown fields are ignored.
Expected<Advisory> parse_advisory(std::string_view json, const std::string& origin);

struct Match {
  const Advisory* advisory = nullptr;       // the primary record that matched
  uint32_t affected_index = 0;              // which affected[] entry of it matched (the first one)
  std::vector<std::string> ids;             // primary id first, then every id and alias of the group, unique
  std::vector<const Advisory*> advisories;  // every matched record of the alias group (primary first)
  std::vector<std::string> fixed;           // fixed versions of the primary record's matched entries, semver order, unique
  std::vector<std::string> last_affected;   // their last_affected versions (a range that names no fix), same order
  Severity severity = Severity::Unknown;    // the highest rating among `advisories`
};

// The advisories of some package names, in memory (from Database::load_for). It owns them; the
// pointers in a Match live as long as the index. Advisories loaded this way hold the affected
// entries of the requested names only and no details, references or database_specific text
// (Database::advisory() gives the whole record). Immutable: match() may run on several threads.
class AdvisoryIndex {
 public:
  AdvisoryIndex();
  ~AdvisoryIndex();
  AdvisoryIndex(AdvisoryIndex&&) noexcept;
  AdvisoryIndex& operator=(AdvisoryIndex&&) noexcept;
  AdvisoryIndex(const AdvisoryIndex&) = delete;
  AdvisoryIndex& operator=(const AdvisoryIndex&) = delete;

  // Builds an index over `advisories` (every ecosystem npm entry of them), as load_for does.
  // Withdrawn records are left out.
  static AdvisoryIndex build(std::vector<Advisory> advisories);

  // The advisories that affect npm package `package` at `version`, one per alias group, sorted by
  // primary id. A version that does not parse matches explicit `versions` lists only.
  std::vector<Match> match(std::string_view package, std::string_view version) const;

  size_t size() const;  // records held

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

enum class OpenMode : uint8_t { ReadOnly, ReadWrite };

// Where update() reads from: a folder (every *.json below it, recursively, in path order), a
// .zip of JSON files, a single JSON file (one record, or an array of records), or an http(s) URL
// serving a zip or a JSON file.
struct Source {
  std::string location;
  bool is_url = false;
  static Source from(std::string_view text);  // http:// and https:// (any case) are URLs
};

// Limits on an archive, checked while it is read (the sizes in its headers are not trusted). The
// ratio is expanded bytes over compressed bytes, per entry and over the whole file.
struct ArchiveLimits {
  uint64_t max_entries = 1'000'000;
  uint64_t max_entry_bytes = 64 << 20;
  uint64_t max_total_bytes = 8ull << 30;
  uint64_t max_ratio = 200;
};

struct UpdateReport;

struct UpdateOptions {
  bool allow_http = false;  // plain http:// URLs (tests on 127.0.0.1); https only otherwise
  ArchiveLimits limits;
  int64_t now = 0;  // epoch seconds recorded as last_update; 0 = the clock
  // Called after each record read, with the counts so far; returning false cancels the update,
  // which then fails and changes nothing. Optional.
  std::function<bool(const UpdateReport&)> progress;
};

struct UpdateReport {
  uint64_t read = 0;             // records read from the source (valid or not)
  uint64_t inserted = 0;         // new ids
  uint64_t updated = 0;          // known ids whose `modified` changed
  uint64_t unchanged = 0;        // known ids with the same `modified`: skipped
  uint64_t skipped_invalid = 0;  // records that could not be parsed: skipped, with a warning
  uint64_t withdrawn = 0;        // valid records read that are withdrawn
  std::vector<Error> warnings;   // bad records, ranges that never match
};

struct DatabaseStatus {
  uint64_t records = 0, withdrawn = 0, packages = 0;  // packages: distinct (ecosystem, name)
  std::string newest_modified;                        // the highest `modified` of any record
  std::string source;                                 // the last update's source ("" = never)
  int64_t last_update = 0;                            // epoch seconds, 0 = never
  int schema_version = 0;                             // the database file's schema (PRAGMA user_version)
};

// $XDG_CACHE_HOME/vigil/vuln.db, else ~/.cache/vigil/vuln.db; empty when HOME is not set either.
std::filesystem::path default_database_path();

// The SQLite file. Movable, not copyable; not thread-safe.
class Database {
 public:
  // ReadWrite creates the file (and its folder) when missing and migrates the schema to the
  // current version; ReadOnly fails on a missing file or a schema newer than this program's.
  static Expected<Database> open(const std::filesystem::path& path, OpenMode mode);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Reads `source` into the database in one transaction and records it (and the time) as the
  // last source. Records whose `modified` did not change are skipped. Bad records are skipped
  // with a warning; a bad archive, a failed download, a limit exceeded or a cancel fail the
  // whole update and leave the database as it was.
  Expected<UpdateReport> update(const Source& source, const UpdateOptions& options);

  Expected<DatabaseStatus> status() const;

  // The advisories (not withdrawn) with an npm `affected` entry naming one of `package_names`.
  Expected<AdvisoryIndex> load_for(const std::vector<std::string>& package_names) const;

  // The whole record, by id or alias (for an alias: the best-named record carrying it, in the
  // primary-id order above); nullopt when unknown.
  Expected<std::optional<Advisory>> advisory(const std::string& id) const;

  // The ids of every record (withdrawn included) with an npm entry naming `package`, sorted.
  Expected<std::vector<std::string>> advisories_for(const std::string& package) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  Database(sqlite3* db, std::filesystem::path path, OpenMode mode);
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  OpenMode mode_ = OpenMode::ReadOnly;
};

// The class of an id in the primary-id order: 0 = GHSA-, 1 = other non-CVE ids, 2 = CVE-.
int id_class(std::string_view id);
// True when `a` names a vulnerability better than `b` (lower class, then alphabetical).
bool id_before(std::string_view a, std::string_view b);

}  // namespace vigil::vuln
