// vigil registry: what the npm registry knows about each library — the versions it has, the
// latest one, deprecations and publish times — and what that says about a codebase: which
// libraries are outdated and by how much.
//
// - load_npm_config() reads npm's own configuration the way npm does (environment npm_config_*,
//   the project's .npmrc, the user's, the global one, and npm's built-in default by asking
//   `npm config get registry`). vigil never names a registry itself.
// - fetch() gets package documents (packuments) with libcurl: many transfers at once (HTTP/2
//   multiplexing where the server offers it), retries with backoff on 5xx and network errors,
//   conditional requests (ETag / Last-Modified) against an on-disk SQLite cache with a TTL, and an
//   offline mode that reads the cache only. A library it cannot get is reported, never fatal.
// - outdated() compares an inventory with the documents.
// Nothing here prints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "inventory/inventory.h"

namespace vigil::registry {

// ---- npm's configuration ----

struct NpmConfig {
  std::string registry;         // "https://host/path/" (always ends in '/')
  std::string registry_origin;  // where it was set: "npm_config_registry", "/home/u/.npmrc:3", "npm config get registry"
  std::map<std::string, std::string> scopes;    // "@scope" -> registry URL (ends in '/')
  std::map<std::string, std::string> settings;  // every key as read (later sources win), values with ${VAR} expanded

  // The registry a package's documents come from: its scope's, else the default one.
  const std::string& registry_for(std::string_view package) const;
  // The Authorization header value for `url`: from the longest "//host/path/:" key prefix of the
  // URL that carries _authToken (Bearer), _auth (Basic) or username + _password (Basic); empty
  // when none does.
  std::string authorization_for(std::string_view url) const;
};

// Where the configuration comes from. default_sources() fills it as npm would for a project
// folder; tests set every field.
struct NpmConfigSources {
  std::vector<std::pair<std::string, std::string>> env;  // the environment (only npm_config_* and the variables ${...} names)
  std::filesystem::path project_npmrc;                   // <project>/.npmrc (may not exist)
  std::filesystem::path user_npmrc;                      // $npm_config_userconfig, else ~/.npmrc
  std::filesystem::path global_npmrc;                    // $npm_config_globalconfig, else <npm prefix>/etc/npmrc
  // npm's built-in default registry, asked only when no source sets one.
  std::function<std::optional<std::string>()> builtin_registry;
};
NpmConfigSources default_sources(const std::filesystem::path& project_dir);

// Reads the sources, lowest precedence first (global, user, project, environment). A malformed
// line or a ${VAR} that is not set is an Error naming the file and line; an absent file is fine.
Expected<NpmConfig> load_npm_config(const NpmConfigSources& sources);

// ---- package documents ----

struct Packument {
  std::string name;
  std::map<std::string, std::string> dist_tags;     // "latest" -> "1.2.3"
  std::vector<std::string> versions;                // every valid version, ascending (semver order)
  std::map<std::string, std::string> deprecated;    // version -> the deprecation message
  std::map<std::string, int64_t> published;         // version -> publish time (seconds since the epoch), when the document has `time`
};
// `display` names the document in errors. Versions that are not valid semver are left out.
Expected<Packument> parse_packument(std::string_view json, const std::string& display);

// The document's address: the registry for the package, then the name with a scope's '/' as %2f.
std::string packument_url(const NpmConfig& cfg, std::string_view package);

struct FetchOptions {
  std::filesystem::path cache;  // SQLite file; empty = no cache
  int64_t ttl_seconds = 24 * 3600;  // a cached document younger than this is used without asking
  bool offline = false;             // cache only, whatever its age
  unsigned concurrency = 16;        // transfers at once
  unsigned retries = 3;             // further attempts after a 5xx, 429 or network error
  long timeout_seconds = 30;        // per transfer
  unsigned backoff_ms = 200;        // first retry delay; doubles each time
  bool full = false;                // ask for the full document (publish times) instead of the abbreviated one
  int64_t now = 0;                  // seconds since the epoch; 0 = the clock
  // Called from the fetching thread as documents arrive: done, total (documents to download).
  std::function<void(size_t, size_t)> progress;
};

struct FetchStats {
  size_t requested = 0, fresh_from_cache = 0, not_modified = 0, downloaded = 0, stale_from_cache = 0, failed = 0, retries = 0;
};

struct FetchResult {
  std::map<std::string, Packument> documents;  // by package name
  std::map<std::string, std::string> failed;   // package name -> why ("404: not in the registry", "timeout", ...)
  FetchStats stats;
};

// ~/.cache/vigil/registry.db (XDG_CACHE_HOME respected); empty without HOME.
std::filesystem::path default_cache_path();

// Fetches the documents of `names` (duplicates are fine). Errors only for what stops everything
// (the cache file cannot be opened); each package that cannot be had is in `failed`.
Expected<FetchResult> fetch(const std::vector<std::string>& names, const NpmConfig& cfg, const FetchOptions& options);

// The documents of an inventory's libraries (the direct dependencies, or with `all` every
// library), each codebase's from the registry its own npm configuration names (default_sources
// of its folder); codebases with the same configuration share one fetch. Errors: a codebase's
// configuration cannot be read, or the cache cannot be opened.
Expected<FetchResult> fetch_inventory(const inventory::Inventory& inv, bool all, const FetchOptions& options);

// ---- outdated libraries ----

enum class Behind : uint8_t { UpToDate, Patch, Minor, Major, Unknown };
std::string_view to_string(Behind b);  // "up-to-date", "patch", "minor", "major", "unknown"

// .ncurc.json / .ncurc.yaml / .ncurc.yml of npm-check-updates: `reject` (names, "*" globs,
// "/regex/") and `target` (latest, minor, patch).
struct NcuConfig {
  std::vector<std::string> reject;
  std::string target = "latest";
  std::string origin;  // the file
  bool rejects(std::string_view name) const;
};
// Reads the first of .ncurc.json, .ncurc.yaml, .ncurc.yml, .ncurc in `dir`; nullopt (no error)
// when there is none. .ncurc.js / .ncurc.cjs cannot be read without running them: a warning.
Expected<std::optional<NcuConfig>> load_ncurc(const std::filesystem::path& dir, const std::string& display_prefix,
                                              std::vector<Error>& warnings);

// The .ncurc of every codebase that has one (codebase id -> its config); an unreadable one is an Error.
Status load_ncurcs(const inventory::Inventory& inv, std::map<std::string, NcuConfig>& out, std::vector<Error>& warnings);

struct OutdatedEntry {
  std::string codebase;
  std::string name;
  std::string current;
  std::string declared;  // the range the codebase's manifest declares (direct dependencies)
  std::string wanted;    // the newest version the declared range allows (direct dependencies)
  std::string latest;    // dist-tags.latest
  Behind behind = Behind::Unknown;
  bool direct = false;
  inventory::Scope scope = inventory::Scope::Prod;
  bool outdated = false;          // behind at or above the threshold, and not rejected
  bool rejected = false;          // an .ncurc reject entry holds it back
  bool missing = false;           // the registry does not have the current version
  std::string deprecated;         // the current version's deprecation message
  std::optional<double> libyear;  // years between the current and the latest release (full documents)
  std::optional<std::string> unknown;  // why nothing is known (the registry failed)
};

struct OutdatedOptions {
  Behind threshold = Behind::Patch;  // "outdated" = behind by at least this (Patch: any newer release)
  bool all = false;                  // transitive libraries too (default: direct dependencies)
  std::map<std::string, NcuConfig> ncurc;  // codebase id -> its .ncurc
  // When set (seconds since the epoch), "latest" is the newest stable version published on or
  // before it (from the documents' publish times), not today's dist-tag: how outdated a
  // historical baseline was at its own date. Without publish times a library is unknown.
  int64_t as_of = 0;
};

struct OutdatedSummary {
  size_t libraries = 0;  // distinct name@version considered
  size_t up_to_date = 0, outdated = 0, rejected = 0, unknown = 0;  // these four add up to `libraries`
  size_t deprecated = 0, missing = 0;
  size_t multiple_versions = 0;  // names present in more than one version across the inventory
  size_t major = 0, minor = 0, patch = 0;
  double libyears = 0;
};

struct OutdatedReport {
  std::vector<OutdatedEntry> entries;  // sorted: codebase, name, current
  OutdatedSummary summary;             // over distinct name@version
};

OutdatedReport outdated(const inventory::Inventory& inv, const FetchResult& docs, const OutdatedOptions& options);

}  // namespace vigil::registry
