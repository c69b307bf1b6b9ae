// package.json alone: a project without a lockfile. Nothing is resolved: the project is one
// importer whose declared dependencies (with their ranges) are all unresolved, and its
// workspace members are importers of their own.
#include <algorithm>

#include "inventory/extractors.h"
#include "inventory/manifest.h"

namespace vigil::inventory {

namespace {

class PackageJsonExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "package-json"; }
  bool claims(std::string_view file_name, std::string_view) const override { return file_name == "package.json"; }

  Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                              std::string& contents) const override {
    auto m = parse_manifest(contents, files.display(file_name));
    if (!m) return m.error();
    LockGraph g;
    g.format = "package-json";
    auto importer = [](const Manifest& mf, std::string location) {
      Node n;
      n.importer = true;
      n.location = std::move(location);
      n.pkg.name = mf.name;
      n.pkg.version = mf.version;
      n.pkg.license = mf.license;
      n.pkg.source = SourceKind::Workspace;
      n.unresolved = mf.dependencies;
      return n;
    };
    g.nodes.push_back(importer(*m, ""));
    std::vector<std::string> members;
    for (const auto& pattern : m->workspaces) {
      for (auto& f : files.glob_folders(pattern)) members.push_back(std::move(f));
    }
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    for (const auto& dir : members) {
      auto mm = read_manifest(files, dir + "/package.json");
      if (!mm) return mm.error();
      if (mm->name.empty()) mm->name = dir;
      g.nodes.push_back(importer(*mm, dir));
    }
    // Workspace members that depend on each other are resolved: they are right here.
    for (auto& n : g.nodes) {
      auto& un = n.unresolved;
      for (auto it = un.begin(); it != un.end();) {
        auto target = std::find_if(g.nodes.begin() + 1, g.nodes.end(), [&](const Node& x) { return x.pkg.name == it->name; });
        if (target != g.nodes.end() && &*target != &n) {
          n.deps.push_back({static_cast<uint32_t>(target - g.nodes.begin()), it->type, g.add_range(it->range)});
          it = un.erase(it);
        } else {
          ++it;
        }
      }
    }
    return g;
  }
};

}  // namespace

const Extractor& package_json_extractor() {
  static const PackageJsonExtractor e;
  return e;
}

}  // namespace vigil::inventory
