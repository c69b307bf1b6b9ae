// vigil inventory: the interface every lockfile format implements.
//
// An extractor answers two questions only (after osv-scalibr): "is this file mine?" and "what
// does this file hold?". Walking folders, size and symlink limits and collecting each
// project's status belong to the caller (discover.h, inventory.h). Adding a format is one new
// file and one line in registry.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "inventory/lockgraph.h"

namespace vigil::inventory {

// Read access to the files of one project folder, confined to it: paths are relative with '/'
// separators; '..', absolute paths and symlinks leading out of the scanned tree are refused.
// Thread-compatible: one instance per project, used from one thread.
class ProjectFiles {
 public:
  // `dir` is the project folder, `display_dir` how errors name it, `fence` the folder no
  // read may leave (the scan root).
  ProjectFiles(std::filesystem::path dir, std::string display_dir, std::filesystem::path fence,
               uint64_t max_bytes);

  Expected<std::string> read(std::string_view relative) const;
  // The same into `out`, reusing its capacity.
  Status read_into(std::string_view relative, std::string& out) const;
  bool exists(std::string_view relative) const;
  // The name errors use for a file of this project: display_dir + '/' + relative.
  std::string display(std::string_view relative) const;
  // Project-relative folders matching a workspace glob ("packages/*", "libs/**", "apps/web"),
  // sorted; only folders holding a package.json; never below node_modules or .git.
  std::vector<std::string> glob_folders(std::string_view pattern) const;
  const std::filesystem::path& dir() const { return dir_; }
  uint64_t max_bytes() const { return max_bytes_; }

 private:
  bool inside_fence(const std::filesystem::path& p) const;
  std::filesystem::path dir_;
  std::string display_dir_;
  std::filesystem::path fence_;
  uint64_t max_bytes_;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  // Short stable name of the family, e.g. "package-lock", "yarn-classic", "pnpm".
  virtual std::string_view name() const = 0;
  // Is the file with this base name and contents one of mine? Cheap: no full parse.
  virtual bool claims(std::string_view file_name, std::string_view contents) const = 0;
  // Parses `contents` (the file `file_name` in `files`; capacity has kReadPadding spare bytes)
  // and resolves its graph. Node 0 of the result is the root importer. Any error names the
  // file and line:column where known.
  virtual Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                                      std::string& contents) const = 0;
};

// Every extractor, in the order lockfiles are preferred when one folder holds several.
const std::vector<const Extractor*>& extractors();

// Names of the files extractors look at, most preferred first.
const std::vector<std::string_view>& lockfile_names();

}  // namespace vigil::inventory
