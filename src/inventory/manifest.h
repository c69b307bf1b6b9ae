// vigil inventory: package.json, the manifest every npm-family project has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "inventory/lockgraph.h"

namespace vigil::inventory {

struct Manifest {
  std::string name;
  std::string version;
  std::string license;  // "license" string, or the legacy "licenses" array's types joined by " OR "
  bool has_license = false;
  // dependencies, devDependencies, optionalDependencies, peerDependencies, in that order; a name
  // in both dependencies and optionalDependencies counts once, as optional (npm's rule).
  std::vector<DeclaredDependency> dependencies;
  std::vector<std::string> bundled;     // bundleDependencies / bundledDependencies
  std::vector<std::string> workspaces;  // "workspaces": [...] or {"packages": [...]}
};

// Parses package.json text. `display` names the file in errors. `contents` must have
// kReadPadding spare bytes of capacity (read_file() gives that).
Expected<Manifest> parse_manifest(std::string& contents, const std::string& display);

// Reads and parses `relative` (a package.json) from `files`.
class ProjectFiles;
Expected<Manifest> read_manifest(const ProjectFiles& files, std::string_view relative);

}  // namespace vigil::inventory
