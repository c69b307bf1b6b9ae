// vigil inventory: which libraries every codebase of an organisation contains.
//
// The public face of the module. build_inventory() discovers the projects below the given
// folders, extracts each lockfile with the extractor that claims it, resolves the dependency
// graph and hands back an Inventory: a plain value, sorted, the same bytes for the same input.
// A project whose files are bad does not stop the others: it lands in Inventory::failures.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/core.h"
#include "inventory/lockgraph.h"

namespace vigil::inventory {

// How a library is used, from how it is reachable from the project's own manifests:
// through dependencies only = Prod; only through peerDependencies = Peer; only through an
// optional edge = Optional; only through devDependencies = Dev (reachable from prod and dev =
// Prod). Bundled = shipped inside another package's tarball.
enum class Scope : uint8_t { Prod, Peer, Optional, Dev, Bundled };
std::string_view to_string(Scope s);

// A path from the project (or a workspace member) down to a library, as indexes: the importer
// it starts from (into Codebase::importers), then the components it passes through, the last
// being the library itself (into Codebase::components). Codebase::path_ids() spells it out.
struct PathRef {
  uint32_t importer = 0;
  std::vector<uint32_t> components;
  bool empty() const { return components.empty(); }
  auto operator<=>(const PathRef&) const = default;
};

// A path spelled out: "name@version" of the importer, then of each component.
using DependencyPath = std::vector<std::string>;

// One distinct package version in a codebase (instances installed at several places in the
// tree are merged).
struct Component {
  Package pkg;
  std::vector<std::string> aliases;   // names it is installed under besides pkg.name, sorted
  Scope scope = Scope::Prod;
  bool direct = false;                // declared by the project or a workspace member
  std::vector<std::string> members;   // importers (by name) that pull it in, sorted
  PathRef shortest_path;              // one shortest path from an importer (empty if unreachable)
  uint64_t path_count = 0;            // distinct paths from the importers (saturates at UINT64_MAX)
  std::vector<PathRef> paths;         // all paths, when Options::max_paths > 0 (bounded, sorted)
  bool paths_truncated = false;       // more paths exist than were listed
  std::vector<uint32_t> depends_on;   // indexes into Codebase::components, sorted
  bool library() const { return pkg.source == SourceKind::Registry; }
  std::string ref() const;            // unique within the codebase: purl, or purl + source
};

// The project itself or one of its workspace members.
struct Importer {
  std::string name;
  std::string version;
  std::string path;                         // folder relative to the project, "." for the root
  std::string license;
  std::vector<uint32_t> depends_on;         // direct dependencies: indexes into components
  std::vector<uint32_t> depends_on_members; // other importers it depends on: indexes into importers
  std::vector<DeclaredDependency> unresolved;  // declared but not resolved (no lockfile, missing)
};

struct Codebase {
  std::string id;         // the project folder relative to the scanned folder ("." = itself)
  std::string dir;        // the project folder as given/derived on the command line
  std::string lockfile;   // file name of the lockfile, empty without one
  std::string format;     // "package-lock-v3", "yarn-classic", "yarn-berry", "pnpm-9.0", "package-json"
  std::vector<Importer> importers;     // [0] is the root project
  std::vector<Component> components;   // sorted by name, version, source, resolved
  std::vector<Warning> warnings;       // sorted
  std::vector<Error> conflicts;        // the lockfile contradicts package.json (LockGraph::conflicts), sorted
  // What each component (or importer) declares for its dependencies, as the lockfile records
  // it: the range its manifest asks for ("^1.2.0"). Sorted by (from, to), one per pair (the
  // first instance's when merged instances disagree). `from` is a component index, or
  // kFromImporter | importer index; `range` indexes `ranges`.
  struct DeclaredRange {
    uint32_t from = 0;
    uint32_t to = 0;
    uint32_t range = 0;
  };
  static constexpr uint32_t kFromImporter = 0x80000000u;
  std::vector<std::string> ranges;
  std::vector<DeclaredRange> declared;
  // The range `from` declares for component `to`; empty when the lockfile does not say.
  std::string_view declared_range(uint32_t from, uint32_t to) const;

  bool resolved() const { return !lockfile.empty(); }
  // "name@version" (or the folder when it has no name) of an importer.
  std::string importer_id(uint32_t importer) const;
  // The path with each step as "name@version", the importer first.
  DependencyPath path_ids(const PathRef& path) const;
};

struct Options {
  uint64_t max_file_bytes = kDefaultMaxFileBytes;
  unsigned max_paths = 0;     // list up to this many paths per component (0 = none)
  unsigned threads = 0;       // 0 = all cores
};

struct Inventory {
  std::vector<Codebase> codebases;  // sorted by id
  std::vector<Error> failures;      // codebases that could not be read, sorted by file
};

// One project found by discovery.
struct ProjectRef {
  std::filesystem::path dir;     // the project folder
  std::string id;                // relative to the scan root it was found under
  std::string display;           // how errors name the folder
  std::filesystem::path fence;   // the scan root: no read leaves it
  uint64_t lockfile_bytes = 0;   // size of its largest lockfile (what a scan reads), 0 without one
};

// Finds every project below `roots`: a folder with a package.json or a lockfile, skipping
// node_modules and .git, never following a symlink, and leaving out workspace members (they
// belong to the project that lists them). Sorted by id. Roots that do not exist are errors.
std::vector<ProjectRef> discover(const std::vector<std::filesystem::path>& roots,
                                 std::vector<Error>& errors);

// Reads and analyses one project.
Expected<Codebase> scan_project(const ProjectRef& project, const Options& options);

// scan_project() on every project, spread over the cores; `failures` (from discover()) are
// kept in the result with those of the scans.
Inventory scan_projects(const std::vector<ProjectRef>& projects, std::vector<Error> failures, const Options& options);

// discover() + scan_projects().
Inventory build_inventory(const std::vector<std::filesystem::path>& roots, const Options& options);

// What a scan of `projects` will read: the total of their lockfile_bytes.
uint64_t lockfile_bytes(const std::vector<ProjectRef>& projects);

// The graph analysis stage: scope, direct, members, paths, merging of instances.
Codebase analyse(LockGraph graph, const Options& options);

}  // namespace vigil::inventory
