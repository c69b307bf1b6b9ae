// Discovery: every project below the given folders, and the scan of each.

#include <algorithm>
#include <set>
#include <system_error>

#include "inventory/extractor.h"
#include "inventory/inventory.h"
#include "inventory/manifest.h"
#include "yaml/yaml.h"

namespace vigil::inventory {

using namespace vigil::yaml;  // NOLINT(google-build-using-namespace): the YAML tree types

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 64;

bool is_project_file(const std::string& name) {
  if (name == "package.json") return true;
  const auto& names = lockfile_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Folders (relative to `root`, "" for root itself) holding a manifest or lockfile.
void walk(const fs::path& root, std::vector<std::string>& found, std::vector<std::string>& has_lock) {
  std::vector<std::pair<std::string, int>> stack{{"", 0}};
  while (!stack.empty()) {
    auto [rel, depth] = stack.back();
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(rel.empty() ? root : root / rel, ec), end;
    if (ec) continue;
    bool project = false, lock = false;
    std::vector<std::string> subdirs;
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      std::string name = it->path().filename().string();
      std::error_code e2;
      auto st = it->symlink_status(e2);  // never follow symlinks
      if (e2) continue;
      if (fs::is_directory(st)) {
        if (name != "node_modules" && name != ".git" && depth < kMaxDepth) subdirs.push_back(name);
      } else if ((fs::is_regular_file(st) || fs::is_symlink(st)) && is_project_file(name)) {
        // A symlinked file counts: reading it later refuses it if it leads out of the tree.
        project = true;
        if (name != "package.json") lock = true;
      }
    }
    if (project) {
      found.push_back(rel);
      if (lock) has_lock.push_back(rel);
    }
    std::sort(subdirs.rbegin(), subdirs.rend());
    for (auto& d : subdirs) stack.push_back({rel.empty() ? d : rel + "/" + d, depth + 1});
  }
}

// Workspace globs a folder declares: package.json "workspaces", pnpm-workspace.yaml "packages".
std::vector<std::string> workspace_patterns(const ProjectFiles& files) {
  std::vector<std::string> out;
  if (files.exists("package.json")) {
    auto text = files.read("package.json");
    if (text && text->find("\"workspaces\"") != std::string::npos) {
      auto m = parse_manifest(*text, files.display("package.json"));
      if (m) out = m->workspaces;
    }
  }
  if (files.exists("pnpm-workspace.yaml")) {
    auto text = files.read("pnpm-workspace.yaml");
    // Read with the guarded reader (no anchors, bounded depth). A file it refuses declares no
    // members here; the pnpm extractor names the problem when it reads the lockfile.
    if (text) {
      auto tree = read_yaml(files.display("pnpm-workspace.yaml"), *text);
      if (tree && !tree->empty() && (*tree)[tree->root()].is_mapping()) {
        int64_t seq = tree->find(tree->root(), "packages");
        if (seq >= 0) {
          for (uint32_t item : tree->items(static_cast<uint32_t>(seq))) {
            if ((*tree)[item].is_scalar()) out.emplace_back((*tree)[item].text);
          }
        }
      }
    }
  }
  return out;
}

std::string base_name(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  std::string s = (ec ? p : c).filename().string();
  return s.empty() ? std::string(".") : s;
}

// The size of the largest lockfile in `dir`, 0 without one.
uint64_t largest_lockfile(const fs::path& dir) {
  uint64_t size = 0;
  for (std::string_view name : lockfile_names()) {
    std::error_code ec;
    auto s = fs::file_size(dir / name, ec);
    if (!ec) size = std::max<uint64_t>(size, s);
  }
  return size;
}

}  // namespace

std::vector<ProjectRef> discover(const std::vector<fs::path>& roots, std::vector<Error>& errors) {
  std::vector<ProjectRef> out;
  for (const auto& given : roots) {
    std::error_code ec;
    fs::path root = given;
    auto st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      errors.push_back(make_error(given.string(), "no such file or folder"));
      continue;
    }
    if (fs::is_regular_file(st)) {
      std::string name = root.filename().string();
      if (!is_project_file(name)) {
        errors.push_back(make_error(given.string(), "not a folder, a package.json or a lockfile"));
        continue;
      }
      root = root.has_parent_path() ? root.parent_path() : fs::path(".");
    } else if (!fs::is_directory(st)) {
      errors.push_back(make_error(given.string(), "not a folder"));
      continue;
    }
    std::vector<std::string> found, has_lock;
    walk(root, found, has_lock);
    std::set<std::string> locked(has_lock.begin(), has_lock.end());
    // Members of a workspace belong to the project that declares them.
    std::set<std::string> members;
    for (const auto& rel : found) {
      ProjectFiles files(rel.empty() ? root : root / rel, rel, root, kDefaultMaxFileBytes);
      for (const auto& pattern : workspace_patterns(files)) {
        bool negate = !pattern.empty() && pattern[0] == '!';
        for (const auto& m : files.glob_folders(negate ? pattern.substr(1) : pattern)) {
          std::string full = rel.empty() ? m : rel + "/" + m;
          if (full == rel || locked.count(full) != 0) continue;  // a member with its own lockfile stands alone
          if (negate) {
            members.erase(full);
          } else {
            members.insert(full);
          }
        }
      }
    }
    const std::string prefix = roots.size() > 1 ? base_name(root) + "/" : std::string();
    for (const auto& rel : found) {
      if (members.count(rel) != 0) continue;
      ProjectRef ref;
      ref.dir = rel.empty() ? root : root / rel;
      ref.id = rel.empty() ? base_name(root) : prefix + rel;
      if (rel.empty() && roots.size() > 1) ref.id = base_name(root);
      ref.display = rel.empty() ? fs::path(root).generic_string() : (fs::path(root) / rel).generic_string();
      ref.fence = root;
      ref.lockfile_bytes = largest_lockfile(ref.dir);
      out.push_back(std::move(ref));
    }
  }
  std::sort(out.begin(), out.end(), [](const ProjectRef& a, const ProjectRef& b) { return a.id < b.id; });
  return out;
}

Expected<Codebase> scan_project(const ProjectRef& project, const Options& options) {
  ProjectFiles files(project.dir, project.display, project.fence, options.max_file_bytes);
  std::string chosen;
  std::vector<std::string> others;
  for (auto name : lockfile_names()) {
    if (!files.exists(name)) continue;
    if (chosen.empty()) {
      chosen = name;
    } else {
      others.emplace_back(name);
    }
  }
  if (chosen.empty()) chosen = "package.json";
  // One buffer per thread, reused: nothing extract() returns points into it.
  thread_local std::string buffer;
  if (Status s = files.read_into(chosen, buffer); !s) return s.error();
  std::string* contents = &buffer;
  const Extractor* extractor = nullptr;
  for (const Extractor* e : extractors()) {
    if (e->claims(chosen, *contents)) {
      extractor = e;
      break;
    }
  }
  if (extractor == nullptr) return make_error(files.display(chosen), "no extractor understands this file");
  auto graph = extractor->extract(files, chosen, *contents);
  if (!graph) return graph.error();
  if (graph->nodes.empty() || !graph->nodes[0].importer) {
    return make_error(files.display(chosen), "internal: extractor returned no root project");
  }
  Codebase cb = analyse(std::move(*graph), options);
  cb.id = project.id;
  cb.dir = project.display;
  cb.lockfile = chosen == "package.json" ? std::string() : chosen;
  for (const auto& o : others) {
    cb.warnings.push_back(make_error(files.display(o), "ignored: the folder also has " + chosen + ", which was used"));
  }
  for (auto* list : {&cb.warnings, &cb.conflicts}) {
    for (auto& w : *list) {
      if (w.file.empty()) w.file = files.display(chosen);
    }
    std::sort(list->begin(), list->end(), [](const Error& a, const Error& b) {
      return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
    });
    list->erase(std::unique(list->begin(), list->end(),
                            [](const Error& a, const Error& b) {
                              return a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message;
                            }),
                list->end());
  }
  return cb;
}

uint64_t lockfile_bytes(const std::vector<ProjectRef>& projects) {
  uint64_t total = 0;
  for (const auto& p : projects) total += p.lockfile_bytes;
  return total;
}

Inventory build_inventory(const std::vector<fs::path>& roots, const Options& options) {
  std::vector<Error> failures;
  auto projects = discover(roots, failures);
  return scan_projects(projects, std::move(failures), options);
}

Inventory scan_projects(const std::vector<ProjectRef>& projects, std::vector<Error> failures, const Options& options) {
  Inventory inv;
  inv.failures = std::move(failures);
  // Largest projects first, so that no big lockfile starts last and leaves the other cores idle.
  std::vector<std::pair<uint64_t, size_t>> order(projects.size());
  for (size_t i = 0; i < projects.size(); ++i) order[i] = {projects[i].lockfile_bytes, i};
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::optional<Expected<Codebase>>> results(projects.size());
  parallel_for(
      projects.size(),
      [&](size_t k) {
        const size_t i = order[k].second;
        results[i].emplace(scan_project(projects[i], options));
      },
      options.threads);
  for (auto& r : results) {
    if (r->ok()) {
      inv.codebases.push_back(std::move(**r));
    } else {
      inv.failures.push_back(r->error());
    }
  }
  std::sort(inv.failures.begin(), inv.failures.end(), [](const Error& a, const Error& b) {
    return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
  });
  return inv;
}

}  // namespace vigil::inventory
