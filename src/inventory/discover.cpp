// Discovery: every project below the given folders, and the scan of each.
#include <libfyaml.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "inventory/extractor.h"
#include "inventory/inventory.h"
#include "inventory/manifest.h"

namespace vigil::inventory {

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
    if (text) {
      fy_parse_cfg cfg{};
      cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DISABLE_RECYCLING);
      fy_document* doc = fy_document_build_from_string(&cfg, text->data(), text->size());
      if (doc != nullptr) {
        fy_node* seq = fy_node_by_path(fy_document_root(doc), "/packages", FY_NT, FYNWF_DONT_FOLLOW);
        if (seq != nullptr && fy_node_is_sequence(seq)) {
          void* iter = nullptr;
          fy_node* item;
          while ((item = fy_node_sequence_iterate(seq, &iter)) != nullptr) {
            size_t len = 0;
            const char* s = fy_node_get_scalar(item, &len);
            if (s != nullptr) out.emplace_back(s, len);
          }
        }
        fy_document_destroy(doc);
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
    const std::string root_display = given.string();
    const std::string prefix = roots.size() > 1 ? base_name(root) + "/" : std::string();
    for (const auto& rel : found) {
      if (members.count(rel) != 0) continue;
      ProjectRef ref;
      ref.dir = rel.empty() ? root : root / rel;
      ref.id = rel.empty() ? base_name(root) : prefix + rel;
      if (rel.empty() && roots.size() > 1) ref.id = base_name(root);
      ref.display = rel.empty() ? fs::path(root).generic_string() : (fs::path(root) / rel).generic_string();
      ref.fence = root;
      (void)root_display;
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
  for (auto& w : cb.warnings) {
    if (w.file.empty()) w.file = files.display(chosen);
  }
  for (const auto& o : others) {
    cb.warnings.push_back(make_error(files.display(o), "ignored: the folder also has " + chosen + ", which was used"));
  }
  std::sort(cb.warnings.begin(), cb.warnings.end(), [](const Warning& a, const Warning& b) {
    return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
  });
  cb.warnings.erase(std::unique(cb.warnings.begin(), cb.warnings.end(),
                                [](const Warning& a, const Warning& b) {
                                  return a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message;
                                }),
                    cb.warnings.end());
  return cb;
}

Inventory build_inventory(const std::vector<fs::path>& roots, const Options& options) {
  Inventory inv;
  auto projects = discover(roots, inv.failures);
  std::vector<std::optional<Expected<Codebase>>> results(projects.size());
  parallel_for(projects.size(), [&](size_t i) { results[i].emplace(scan_project(projects[i], options)); },
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
