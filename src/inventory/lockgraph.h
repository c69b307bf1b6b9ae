// vigil inventory: the graph one lockfile describes, as every extractor hands it on.
//
// A LockGraph is a plain value: the package instances a lockfile installs (Nodes) and the
// edges between them, resolved the way the package manager resolves them. Importers (the root
// project and each workspace member) are nodes too, flagged `importer`; they are the project's
// own code, not libraries. The analysis stage (graph.h) turns a LockGraph into a Codebase.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/core.h"

namespace vigil::inventory {

// The kind of a dependency edge, as the depending manifest declares it.
enum class DepType : uint8_t { Prod, Dev, Optional, Peer };

std::string_view to_string(DepType t);

inline constexpr uint32_t kNoRange = UINT32_MAX;

struct Edge {
  uint32_t to = 0;  // index into LockGraph::nodes
  DepType type = DepType::Prod;
  // The range the depending manifest declares for it ("^1.2.0"), as an index into
  // LockGraph::ranges; kNoRange when the lockfile does not record it (pnpm's package entries).
  uint32_t range = kNoRange;
};

// A dependency that a manifest declares but that no lockfile entry resolves: the whole
// declaration list of a project without a lockfile, or a "missing" entry of a lockfile.
struct DeclaredDependency {
  std::string name;   // the name it is declared under (an alias stays an alias here)
  std::string range;  // as written: "^1.2.0", "npm:bar@^2", "github:user/repo", ...
  DepType type = DepType::Prod;
};

struct Node {
  Package pkg;            // for importers: the manifest's name and version
  std::string alias;      // the name it is installed under when that differs from pkg.name
  std::string location;   // where the lockfile keeps it: "node_modules/a", "/a@1.0.0", "packages/x"
  bool importer = false;  // the root project or a workspace member
  bool bundled = false;   // the lockfile says it ships inside its parent's tarball
  bool lock_dev = false;  // the lockfile's own dev flag (used only for unreachable entries)
  std::vector<Edge> deps;
  std::vector<DeclaredDependency> unresolved;  // declared here, resolved by nothing
};

// A warning about the input that does not stop the scan: a missing or extraneous entry, a
// lockfile out of step with its manifest. `file`/`line` name the place as Error does.
using Warning = Error;

struct LockGraph {
  std::string format;       // extractor format name, e.g. "package-lock-v3", "yarn-classic"
  std::vector<Node> nodes;  // node 0 is the root importer
  std::vector<Warning> warnings;
  // Where the lockfile contradicts its manifest (a dependency declared in package.json that
  // the lockfile lacks or locks for another range, or the reverse): npm ci refuses such a
  // lockfile. The graph is still complete; the caller decides whether that is an error.
  std::vector<Error> conflicts;
  // The declared ranges of the edges, each once.
  std::vector<std::string> ranges;
  std::unordered_map<std::string, uint32_t> range_ids;  // ranges[i] -> i

  // The index of `range` in `ranges`, adding it when new.
  uint32_t add_range(std::string_view range) {
    auto it = range_ids.find(std::string(range));
    if (it != range_ids.end()) return it->second;
    auto id = static_cast<uint32_t>(ranges.size());
    ranges.emplace_back(range);
    range_ids.emplace(ranges.back(), id);
    return id;
  }
};

}  // namespace vigil::inventory
