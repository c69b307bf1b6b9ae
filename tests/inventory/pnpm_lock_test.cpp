// pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x): the extractor against lockfiles pnpm 7, 8 and
// 9 generated (tests/data/inventory, see README-pnpm.md), hand-written lockfiles for what the
// fixtures cannot show (git and remote tarballs, missing entries), the shared corpus when it
// has pnpm lockfiles, and broken or hostile YAML.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "inventory/extractors.h"
#include "inventory/inventory.h"
#include "support/test_support.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVersions[] = {"5.4", "6.0", "9.0"};

Expected<LockGraph> extract_pnpm(const fs::path& dir, const std::string& display = "proj") {
  ProjectFiles files(dir, display, dir, kDefaultMaxFileBytes);
  auto text = files.read("pnpm-lock.yaml");
  if (!text) return text.error();
  return pnpm_lock_extractor().extract(files, "pnpm-lock.yaml", *text);
}

Expected<LockGraph> extract_text(const std::string& lock, const std::string& manifest = {}) {
  TempDir dir;
  write_text(dir / "pnpm-lock.yaml", lock);
  if (!manifest.empty()) write_text(dir / "package.json", manifest);
  return extract_pnpm(dir.path());
}

Expected<Codebase> scan(const fs::path& dir) {
  ProjectRef ref{dir, dir.filename().string(), dir.string(), dir};
  return scan_project(ref, Options{});
}

fs::path fixture(const std::string& name, const std::string& version) {
  return vigil::testing::test_data() / "inventory" / name / ("pnpm-" + version);
}

std::set<std::string> package_ids(const LockGraph& g) {
  std::set<std::string> ids;
  for (const auto& n : g.nodes) {
    if (!n.importer) ids.insert(n.pkg.id());
  }
  return ids;
}

const Node* find_node(const LockGraph& g, const std::string& id) {
  for (const auto& n : g.nodes) {
    if (!n.importer && n.pkg.id() == id) return &n;
  }
  return nullptr;
}

std::vector<const Node*> find_all(const LockGraph& g, const std::string& id) {
  std::vector<const Node*> out;
  for (const auto& n : g.nodes) {
    if (!n.importer && n.pkg.id() == id) out.push_back(&n);
  }
  return out;
}

size_t index_of(const LockGraph& g, const Node* n) { return static_cast<size_t>(n - g.nodes.data()); }

// The type of the edge from node `from` to the node with this id (an importer: its name).
std::string edge_type(const LockGraph& g, size_t from, const std::string& id) {
  for (const auto& e : g.nodes[from].deps) {
    const Node& t = g.nodes[e.to];
    if ((t.importer ? t.pkg.name : t.pkg.id()) == id) return std::string(to_string(e.type));
  }
  return "none";
}

const Component* find_component(const Codebase& cb, const std::string& id) {
  for (const auto& c : cb.components) {
    if (c.pkg.id() == id) return &c;
  }
  return nullptr;
}

// Every edge as "from -type-> to" by ids: the shape of a graph, independent of node order and
// of the lockfile's own spelling of paths.
std::multiset<std::string> edges(const LockGraph& g) {
  std::multiset<std::string> out;
  auto id = [&](const Node& n) { return n.importer ? "importer:" + n.pkg.name : n.pkg.id(); };
  for (const auto& n : g.nodes) {
    for (const auto& e : n.deps) out.insert(id(n) + " -" + std::string(to_string(e.type)) + "-> " + id(g.nodes[e.to]));
  }
  return out;
}

std::vector<std::string> messages(const std::vector<Warning>& ws) {
  std::vector<std::string> out;
  for (const auto& w : ws) out.push_back(w.message);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The registry: pnpm-lock.yaml is ours, and only it.

TEST(PnpmLock, ClaimsPnpmLockfiles) {
  const auto& ex = pnpm_lock_extractor();
  EXPECT_EQ(ex.name(), "pnpm");
  EXPECT_TRUE(ex.claims("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"));
  EXPECT_TRUE(ex.claims("pnpm-lock.yaml", ""));  // so that an empty one gets a clear error
  EXPECT_FALSE(ex.claims("yarn.lock", "lockfileVersion: '9.0'\n"));
  EXPECT_FALSE(ex.claims("package-lock.json", "{}"));
  const Extractor* chosen = nullptr;
  for (const Extractor* e : extractors()) {
    if (e->claims("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")) {
      chosen = e;
      break;
    }
  }
  EXPECT_EQ(chosen, &pnpm_lock_extractor());
  const auto& names = lockfile_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "pnpm-lock.yaml"), names.end());
}

// ---------------------------------------------------------------------------------------------
// The crosspm fixture: pnpm 7, 8 and 9 on tests/data/inventory/crosspm/package.json.

class PnpmCrosspm : public ::testing::TestWithParam<std::string> {};

TEST_P(PnpmCrosspm, ExactPackagesAndEdges) {
  const std::string version = GetParam();
  auto g = extract_pnpm(fixture("crosspm", version));
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_EQ(g->format, "pnpm-" + version);
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  ASSERT_FALSE(g->nodes.empty());
  EXPECT_TRUE(g->nodes[0].importer);
  EXPECT_EQ(g->nodes[0].location, "");
  EXPECT_EQ(g->nodes[0].pkg.name, "crosspm-fixture");  // from package.json
  EXPECT_EQ(g->nodes[0].pkg.version, "1.0.0");
  EXPECT_EQ(g->nodes[0].pkg.license, "Apache-2.0");
  EXPECT_EQ(g->nodes[0].pkg.source, SourceKind::Workspace);
  const std::set<std::string> expected = {
      "@sindresorhus/is@4.6.0", "ansi-styles@4.3.0", "chalk@4.1.2",   "color-convert@2.0.1", "color-name@1.1.4",
      "debug@4.3.4",            "has-flag@4.0.0",    "is-number@7.0.0", "lru-cache@6.0.0",   "ms@2.0.0",
      "ms@2.1.2",               "semver@7.5.4",      "supports-color@7.2.0", "yallist@4.0.0"};
  EXPECT_EQ(package_ids(*g), expected);
  EXPECT_EQ(g->nodes.size(), expected.size() + 1);
  for (const auto& n : g->nodes) {
    if (n.importer) continue;
    EXPECT_EQ(n.pkg.source, SourceKind::Registry) << n.pkg.id();
    EXPECT_EQ(n.pkg.integrity.rfind("sha512-", 0), 0u) << n.pkg.id();
    EXPECT_EQ(n.pkg.resolved, "") << "pnpm writes no tarball URL for the default registry: " << n.pkg.id();
    EXPECT_FALSE(n.location.empty());
  }
  // The alias: installed as ms-alias, really ms@2.0.0.
  const Node* ms_old = find_node(*g, "ms@2.0.0");
  ASSERT_NE(ms_old, nullptr);
  EXPECT_EQ(ms_old->pkg.name, "ms");
  EXPECT_EQ(ms_old->alias, "ms-alias");
  EXPECT_EQ(find_node(*g, "ms@2.1.2")->alias, "");
  EXPECT_EQ(g->nodes[0].deps.size(), 6u);
  EXPECT_EQ(edge_type(*g, 0, "ms@2.0.0"), "prod");
  EXPECT_EQ(edge_type(*g, 0, "chalk@4.1.2"), "prod");
  EXPECT_EQ(edge_type(*g, 0, "semver@7.5.4"), "dev");
  EXPECT_EQ(edge_type(*g, 0, "is-number@7.0.0"), "optional");
  EXPECT_EQ(edge_type(*g, 0, "ms@2.1.2"), "none");
  const Node* debug = find_node(*g, "debug@4.3.4");
  EXPECT_EQ(edge_type(*g, index_of(*g, debug), "ms@2.1.2"), "prod");
  // debug's optional peer supports-color is not provided to it: no edge.
  EXPECT_EQ(edge_type(*g, index_of(*g, debug), "supports-color@7.2.0"), "none");
  // 5.4 and 6.0 say which packages only dev dependencies reach; 9.0 no longer does.
  EXPECT_EQ(find_node(*g, "yallist@4.0.0")->lock_dev, version != "9.0");
  EXPECT_FALSE(find_node(*g, "chalk@4.1.2")->lock_dev);
}

TEST_P(PnpmCrosspm, ScopesMatchNpm) {
  auto pnpm = scan(fixture("crosspm", GetParam()));
  ASSERT_TRUE(pnpm.ok()) << pnpm.error().to_string();
  auto npm = scan(vigil::testing::test_data() / "inventory/crosspm/npm-v3");
  ASSERT_TRUE(npm.ok()) << npm.error().to_string();
  std::map<std::string, std::string> p, n;
  for (const auto& x : pnpm->components) p[x.pkg.id()] = std::string(to_string(x.scope)) + (x.direct ? " direct" : "");
  for (const auto& x : npm->components) n[x.pkg.id()] = std::string(to_string(x.scope)) + (x.direct ? " direct" : "");
  EXPECT_EQ(p, n);
  EXPECT_EQ(p["semver@7.5.4"], "dev direct");
  EXPECT_EQ(p["yallist@4.0.0"], "dev");
  EXPECT_EQ(p["is-number@7.0.0"], "optional direct");
  EXPECT_EQ(p["ms@2.0.0"], "prod direct");
  EXPECT_EQ(find_component(*pnpm, "ms@2.0.0")->aliases, std::vector<std::string>{"ms-alias"});
  EXPECT_EQ(pnpm->path_ids(find_component(*pnpm, "ms@2.1.2")->shortest_path),
            (DependencyPath{"crosspm-fixture@1.0.0", "debug@4.3.4", "ms@2.1.2"}));
  EXPECT_EQ(pnpm->lockfile, "pnpm-lock.yaml");
  EXPECT_EQ(pnpm->format, "pnpm-" + GetParam());
}

std::string version_name(const ::testing::TestParamInfo<std::string>& p) {
  std::string s = "v" + p.param;
  std::replace(s.begin(), s.end(), '.', '_');
  return s;
}

INSTANTIATE_TEST_SUITE_P(Versions, PnpmCrosspm, ::testing::ValuesIn(kVersions), version_name);

TEST(PnpmLock, ThreeVersionsOneGraph) {
  std::vector<std::multiset<std::string>> shapes;
  for (const auto& v : kVersions) {
    auto g = extract_pnpm(fixture("crosspm", v));
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    shapes.push_back(edges(*g));
  }
  EXPECT_EQ(shapes[0], shapes[1]);
  EXPECT_EQ(shapes[1], shapes[2]);
  EXPECT_EQ(shapes[0].size(), 6u + 8u);  // the root's six, and eight between packages
}

TEST(PnpmLock, KeyOrderDoesNotMatter) {
  // snapshots: before packages:, entries in reverse order: the same graph, node for node.
  std::string text = vigil::testing::read_text(fixture("crosspm", "9.0") / "pnpm-lock.yaml");
  const size_t packages = text.find("\npackages:\n");
  const size_t snapshots = text.find("\nsnapshots:\n");
  ASSERT_NE(packages, std::string::npos);
  ASSERT_NE(snapshots, std::string::npos);
  auto reversed_section = [](const std::string& section) {
    // "name:\n" head line, then entries separated by blank lines
    std::vector<std::string> entries;
    size_t start = section.find("\n\n");
    std::string head = section.substr(0, start);
    std::string rest = section.substr(start + 2);
    size_t pos = 0;
    while (pos < rest.size()) {
      size_t next = rest.find("\n\n", pos);
      if (next == std::string::npos) next = rest.size();
      entries.push_back(rest.substr(pos, next - pos));
      pos = next + 2;
    }
    std::reverse(entries.begin(), entries.end());
    std::string out = head + "\n";
    for (const auto& e : entries) out += "\n" + e + "\n";
    return out;
  };
  std::string head = text.substr(0, packages + 1);
  std::string pkgs = reversed_section(text.substr(packages + 1, snapshots - packages));
  std::string snaps = reversed_section(text.substr(snapshots + 1));
  auto original = extract_pnpm(fixture("crosspm", "9.0"));
  auto shuffled = extract_text(head + snaps + "\n" + pkgs, vigil::testing::read_text(fixture("crosspm", "9.0") / "package.json"));
  ASSERT_TRUE(original.ok()) << original.error().to_string();
  ASSERT_TRUE(shuffled.ok()) << shuffled.error().to_string();
  ASSERT_EQ(original->nodes.size(), shuffled->nodes.size());
  for (size_t i = 0; i < original->nodes.size(); ++i) {
    EXPECT_EQ(original->nodes[i].location, shuffled->nodes[i].location);
    EXPECT_EQ(original->nodes[i].pkg.id(), shuffled->nodes[i].pkg.id());
    EXPECT_EQ(original->nodes[i].deps.size(), shuffled->nodes[i].deps.size());
  }
  EXPECT_EQ(edges(*original), edges(*shuffled));
}

// ---------------------------------------------------------------------------------------------
// The workspace fixture: a root and two members; app names lib through workspace:*, an npm:
// alias, dev dependencies, and use-sync-external-store resolved twice, once per react (a peer).

class PnpmWorkspaces : public ::testing::TestWithParam<std::string> {};

TEST_P(PnpmWorkspaces, ImportersMemberEdgesAndPeerVariants) {
  auto g = extract_pnpm(fixture("pnpm-workspaces", GetParam()));
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_EQ(g->format, "pnpm-" + GetParam());
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  ASSERT_GE(g->nodes.size(), 3u);
  EXPECT_EQ(g->nodes[0].pkg.name, "pnpm-ws-root");
  EXPECT_EQ(g->nodes[0].location, "");
  EXPECT_EQ(g->nodes[1].pkg.name, "@pws/app");
  EXPECT_EQ(g->nodes[1].pkg.version, "1.2.0");
  EXPECT_EQ(g->nodes[1].pkg.license, "MIT");
  EXPECT_EQ(g->nodes[1].location, "packages/app");
  EXPECT_EQ(g->nodes[2].pkg.name, "@pws/lib");
  EXPECT_EQ(g->nodes[2].pkg.version, "0.3.0");
  EXPECT_EQ(g->nodes[2].location, "packages/lib");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(g->nodes[i].importer);
    EXPECT_EQ(g->nodes[i].pkg.source, SourceKind::Workspace);
  }
  for (size_t i = 3; i < g->nodes.size(); ++i) EXPECT_FALSE(g->nodes[i].importer);
  EXPECT_EQ(package_ids(*g), (std::set<std::string>{"is-number@6.0.0", "is-number@7.0.0", "is-odd@3.0.1", "js-tokens@4.0.0",
                                                    "loose-envify@1.4.0", "ms@2.0.0", "ms@2.1.3", "object-assign@4.1.1",
                                                    "react@17.0.2", "react@18.2.0", "use-sync-external-store@1.2.0"}));
  EXPECT_EQ(g->nodes.size(), 3u + 12u);  // use-sync-external-store twice

  // workspace:* is a link to the member: an edge between importers.
  EXPECT_EQ(edge_type(*g, 1, "@pws/lib"), "prod");
  EXPECT_EQ(edge_type(*g, 2, "@pws/app"), "none");
  EXPECT_EQ(edge_type(*g, 1, "ms@2.0.0"), "prod");
  EXPECT_EQ(find_node(*g, "ms@2.0.0")->alias, "ms-alias");
  EXPECT_EQ(find_node(*g, "ms@2.1.3")->alias, "");
  EXPECT_EQ(edge_type(*g, 1, "is-odd@3.0.1"), "dev");
  EXPECT_EQ(edge_type(*g, 0, "is-number@7.0.0"), "dev");
  EXPECT_EQ(edge_type(*g, 2, "ms@2.1.3"), "prod");

  // One instance per peer variant, each with its own react (a peer edge).
  auto uses = find_all(*g, "use-sync-external-store@1.2.0");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_NE(uses[0]->location, uses[1]->location);
  std::set<std::string> reacts;
  for (const Node* u : uses) {
    ASSERT_EQ(u->deps.size(), 1u) << u->location;
    EXPECT_EQ(u->deps[0].type, DepType::Peer);
    reacts.insert(g->nodes[u->deps[0].to].pkg.id());
    EXPECT_NE(u->location.find(g->nodes[u->deps[0].to].pkg.version), std::string::npos) << u->location;
  }
  EXPECT_EQ(reacts, (std::set<std::string>{"react@17.0.2", "react@18.2.0"}));
  for (size_t member : {1u, 2u}) {
    bool found = false;
    for (const auto& e : g->nodes[member].deps) {
      const Node& t = g->nodes[e.to];
      if (t.pkg.name != "use-sync-external-store") continue;
      found = true;
      // The member's own react is the one its variant was resolved with.
      const std::string own_react = member == 1 ? "react@18.2.0" : "react@17.0.2";
      EXPECT_EQ(g->nodes[t.deps[0].to].pkg.id(), own_react);
    }
    EXPECT_TRUE(found);
  }

  auto cb = scan(fixture("pnpm-workspaces", GetParam()));
  ASSERT_TRUE(cb.ok()) << cb.error().to_string();
  EXPECT_TRUE(cb->warnings.empty()) << cb->warnings.front().to_string();
  ASSERT_EQ(cb->importers.size(), 3u);
  EXPECT_EQ(cb->importers[1].path, "packages/app");
  EXPECT_EQ(cb->importers[1].depends_on_members, std::vector<uint32_t>{2});
  EXPECT_TRUE(cb->importers[2].depends_on_members.empty());
  EXPECT_EQ(to_string(find_component(*cb, "is-number@7.0.0")->scope), "dev");
  EXPECT_EQ(to_string(find_component(*cb, "is-number@6.0.0")->scope), "dev");
  EXPECT_EQ(to_string(find_component(*cb, "is-odd@3.0.1")->scope), "dev");
  EXPECT_EQ(to_string(find_component(*cb, "ms@2.1.3")->scope), "prod");
  const Component* use = find_component(*cb, "use-sync-external-store@1.2.0");
  ASSERT_NE(use, nullptr);  // the two instances are one component
  EXPECT_EQ(to_string(use->scope), "prod");
  EXPECT_EQ(use->members, (std::vector<std::string>{"@pws/app", "@pws/lib"}));
  EXPECT_EQ(find_component(*cb, "ms@2.0.0")->aliases, std::vector<std::string>{"ms-alias"});
  EXPECT_EQ(cb->components.size(), 11u);
}

TEST(PnpmLock, WorkspacesSameGraphInEveryVersion) {
  std::vector<std::multiset<std::string>> shapes;
  for (const auto& v : kVersions) {
    auto g = extract_pnpm(fixture("pnpm-workspaces", v));
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    shapes.push_back(edges(*g));
  }
  EXPECT_EQ(shapes[0], shapes[1]);
  EXPECT_EQ(shapes[1], shapes[2]);
}

INSTANTIATE_TEST_SUITE_P(Versions, PnpmWorkspaces, ::testing::ValuesIn(kVersions), version_name);

// ---------------------------------------------------------------------------------------------
// The local-sources fixture: a file: folder, a file: tarball and a link: to a folder outside any
// workspace.

class PnpmLocalSources : public ::testing::TestWithParam<std::string> {};

TEST_P(PnpmLocalSources, FileAndLinkAreNotRegistryPackages) {
  auto g = extract_pnpm(fixture("pnpm-local-sources", GetParam()));
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  EXPECT_EQ(package_ids(*g),
            (std::set<std::string>{"dir-pkg@0.1.0", "is-number@7.0.0", "linked-pkg@0.2.0", "ms@2.1.3", "tgz-pkg@1.0.0"}));
  const Node* dir = find_node(*g, "dir-pkg@0.1.0");  // 6.0 and 9.0 leave the version to its package.json
  ASSERT_NE(dir, nullptr);
  EXPECT_EQ(dir->pkg.source, SourceKind::File);
  EXPECT_EQ(dir->pkg.resolved, "file:local/dir-pkg");
  EXPECT_EQ(dir->pkg.integrity, "");
  EXPECT_EQ(edge_type(*g, index_of(*g, dir), "ms@2.1.3"), "prod");
  const Node* tgz = find_node(*g, "tgz-pkg@1.0.0");
  ASSERT_NE(tgz, nullptr);
  EXPECT_EQ(tgz->pkg.source, SourceKind::File);
  EXPECT_EQ(tgz->pkg.resolved, "file:local/tgz-pkg-1.0.0.tgz");
  EXPECT_EQ(tgz->pkg.integrity.rfind("sha512-", 0), 0u);
  EXPECT_EQ(edge_type(*g, index_of(*g, tgz), "is-number@7.0.0"), "prod");
  const Node* link = find_node(*g, "linked-pkg@0.2.0");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->pkg.source, SourceKind::Link);
  EXPECT_EQ(link->pkg.resolved, "link:local/linked-pkg");
  EXPECT_EQ(link->pkg.license, "MIT");
  EXPECT_FALSE(link->importer);
  EXPECT_EQ(edge_type(*g, 0, "linked-pkg@0.2.0"), "prod");
  EXPECT_EQ(edge_type(*g, 0, "dir-pkg@0.1.0"), "prod");
  EXPECT_EQ(edge_type(*g, 0, "tgz-pkg@1.0.0"), "prod");
  EXPECT_EQ(find_node(*g, "ms@2.1.3")->pkg.source, SourceKind::Registry);

  auto cb = scan(fixture("pnpm-local-sources", GetParam()));
  ASSERT_TRUE(cb.ok()) << cb.error().to_string();
  EXPECT_TRUE(cb->warnings.empty()) << cb->warnings.front().to_string();
  EXPECT_FALSE(find_component(*cb, "dir-pkg@0.1.0")->library());
  EXPECT_FALSE(find_component(*cb, "tgz-pkg@1.0.0")->library());
  EXPECT_FALSE(find_component(*cb, "linked-pkg@0.2.0")->library());
  EXPECT_TRUE(find_component(*cb, "ms@2.1.3")->library());
  EXPECT_EQ(to_string(find_component(*cb, "ms@2.1.3")->scope), "prod");
}

INSTANTIATE_TEST_SUITE_P(Versions, PnpmLocalSources, ::testing::ValuesIn(kVersions), version_name);

// ---------------------------------------------------------------------------------------------
// What the fixtures cannot show: git and remote tarballs, aliases to scoped packages, nested
// peer suffixes, peer hashes, missing entries. Written as each pnpm version writes them.

TEST(PnpmLock, GitAndTarballSourcesV9) {
  auto g = extract_text(
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"
      "      is-positive:\n        specifier: github:kevva/is-positive#97edff6\n"
      "        version: https://codeload.github.com/kevva/is-positive/tar.gz/97edff6\n"
      "      foo:\n        specifier: git+https://git.example.test/u/foo.git#abc123\n"
      "        version: git+https://git.example.test/u/foo.git#abc123\n"
      "      bar:\n        specifier: https://files.example.test/bar-1.0.0.tgz\n"
      "        version: https://files.example.test/bar-1.0.0.tgz\n\n"
      "packages:\n\n"
      "  bar@https://files.example.test/bar-1.0.0.tgz:\n"
      "    resolution: {integrity: sha512-AAAA, tarball: https://files.example.test/bar-1.0.0.tgz}\n    version: 1.0.0\n\n"
      "  foo@git+https://git.example.test/u/foo.git#abc123:\n"
      "    resolution: {commit: abc123, repo: https://git.example.test/u/foo.git, type: git}\n    version: 2.0.0\n\n"
      "  is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6:\n"
      "    resolution: {tarball: https://codeload.github.com/kevva/is-positive/tar.gz/97edff6}\n    version: 3.1.0\n\n"
      "snapshots:\n\n"
      "  bar@https://files.example.test/bar-1.0.0.tgz: {}\n\n"
      "  foo@git+https://git.example.test/u/foo.git#abc123: {}\n\n"
      "  is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6: {}\n");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  const Node* pos = find_node(*g, "is-positive@3.1.0");
  ASSERT_NE(pos, nullptr);
  EXPECT_EQ(pos->pkg.source, SourceKind::Git);
  EXPECT_EQ(pos->pkg.resolved, "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6");
  const Node* foo = find_node(*g, "foo@2.0.0");
  ASSERT_NE(foo, nullptr);
  EXPECT_EQ(foo->pkg.source, SourceKind::Git);
  EXPECT_EQ(foo->pkg.resolved, "https://git.example.test/u/foo.git#abc123");
  const Node* bar = find_node(*g, "bar@1.0.0");
  ASSERT_NE(bar, nullptr);
  EXPECT_EQ(bar->pkg.source, SourceKind::Tarball);
  EXPECT_EQ(bar->pkg.integrity, "sha512-AAAA");
  EXPECT_EQ(g->nodes[0].deps.size(), 3u);
}

TEST(PnpmLock, GitAndTarballSourcesV6AndV5) {
  // pnpm 8 and 7 key such packages by host path and write their name and version as fields.
  for (const std::string& v : {std::string("'6.0'"), std::string("5.4")}) {
    SCOPED_TRACE(v);
    const bool v6 = v == "'6.0'";
    const std::string deps =
        v6 ? "dependencies:\n"
             "  is-positive:\n    specifier: github:kevva/is-positive#97edff6\n    version: github.com/kevva/is-positive/97edff6\n"
             "  foo:\n    specifier: git+https://git.example.test/u/foo.git#abc123\n    version: git.example.test/u/foo/abc123\n"
             "  bar:\n    specifier: https://files.example.test/bar-1.0.0.tgz\n    version: '@files.example.test/bar-1.0.0.tgz'\n"
           : "specifiers:\n  bar: https://files.example.test/bar-1.0.0.tgz\n  foo: git+https://git.example.test/u/foo.git#abc123\n"
             "  is-positive: github:kevva/is-positive#97edff6\n\n"
             "dependencies:\n  bar: '@files.example.test/bar-1.0.0.tgz'\n  foo: git.example.test/u/foo/abc123\n"
             "  is-positive: github.com/kevva/is-positive/97edff6\n";
    auto g = extract_text("lockfileVersion: " + v + "\n\n" + deps +
                          "\npackages:\n\n"
                          "  '@files.example.test/bar-1.0.0.tgz':\n"
                          "    resolution: {integrity: sha512-AAAA, tarball: https://files.example.test/bar-1.0.0.tgz}\n"
                          "    name: bar\n    version: 1.0.0\n    dev: false\n\n"
                          "  git.example.test/u/foo/abc123:\n"
                          "    resolution: {commit: abc123, repo: https://git.example.test/u/foo.git, type: git}\n"
                          "    name: foo\n    version: 2.0.0\n    dev: false\n\n"
                          "  github.com/kevva/is-positive/97edff6:\n"
                          "    resolution: {tarball: https://codeload.github.com/kevva/is-positive/tar.gz/97edff6}\n"
                          "    name: is-positive\n    version: 3.1.0\n    dev: false\n");
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
    EXPECT_EQ(package_ids(*g), (std::set<std::string>{"bar@1.0.0", "foo@2.0.0", "is-positive@3.1.0"}));
    EXPECT_EQ(find_node(*g, "is-positive@3.1.0")->pkg.source, SourceKind::Git);
    EXPECT_EQ(find_node(*g, "foo@2.0.0")->pkg.source, SourceKind::Git);
    EXPECT_EQ(find_node(*g, "bar@1.0.0")->pkg.source, SourceKind::Tarball);
    EXPECT_EQ(find_node(*g, "bar@1.0.0")->alias, "");
    EXPECT_EQ(g->nodes[0].deps.size(), 3u);
  }
}

TEST(PnpmLock, AliasesNestedPeersAndHashes) {
  // 9.0: an alias to a scoped package, the same package under its own name too, and nested peer
  // groups in a snapshot key.
  auto g9 = extract_text(
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"
      "      '@scope/real':\n        specifier: 1.0.0\n        version: 1.0.0\n"
      "      my-real:\n        specifier: npm:@scope/real@1.0.0\n        version: '@scope/real@1.0.0'\n"
      "      w:\n        specifier: 1.0.0\n        version: 1.0.0(p@2.0.0(q@3.0.0))(q@3.0.0)\n"
      "      p:\n        specifier: 2.0.0\n        version: 2.0.0(q@3.0.0)\n"
      "      q:\n        specifier: 3.0.0\n        version: 3.0.0\n\n"
      "packages:\n\n"
      "  '@scope/real@1.0.0':\n    resolution: {integrity: sha512-R}\n\n"
      "  p@2.0.0:\n    resolution: {integrity: sha512-P}\n    peerDependencies:\n      q: ^3\n\n"
      "  q@3.0.0:\n    resolution: {integrity: sha512-Q}\n\n"
      "  w@1.0.0:\n    resolution: {integrity: sha512-W}\n    peerDependencies:\n      p: ^2\n      q: ^3\n\n"
      "snapshots:\n\n"
      "  '@scope/real@1.0.0': {}\n\n"
      "  p@2.0.0(q@3.0.0):\n    dependencies:\n      q: 3.0.0\n\n"
      "  q@3.0.0: {}\n\n"
      "  w@1.0.0(p@2.0.0(q@3.0.0))(q@3.0.0):\n    dependencies:\n      p: 2.0.0(q@3.0.0)\n      q: 3.0.0\n");
  ASSERT_TRUE(g9.ok()) << g9.error().to_string();
  EXPECT_TRUE(g9->warnings.empty()) << g9->warnings.front().to_string();
  EXPECT_EQ(package_ids(*g9), (std::set<std::string>{"@scope/real@1.0.0", "p@2.0.0", "q@3.0.0", "w@1.0.0"}));
  const Node* real = find_node(*g9, "@scope/real@1.0.0");
  EXPECT_EQ(real->alias, "my-real");
  EXPECT_EQ(std::count_if(g9->nodes[0].deps.begin(), g9->nodes[0].deps.end(),
                          [&](const Edge& e) { return e.to == index_of(*g9, real); }),
            2);
  const Node* w = find_node(*g9, "w@1.0.0");
  EXPECT_EQ(w->pkg.integrity, "sha512-W");
  EXPECT_EQ(edge_type(*g9, index_of(*g9, w), "p@2.0.0"), "peer");
  EXPECT_EQ(edge_type(*g9, index_of(*g9, w), "q@3.0.0"), "peer");

  // 5.4: peer suffixes after '_', long ones hashed; a scoped alias target.
  auto g5 = extract_text(
      "lockfileVersion: 5.4\n\nspecifiers:\n  a: 1.0.0\n  b: 1.0.0\n  my-real: npm:@scope/real@1.0.0\n\n"
      "dependencies:\n  a: 1.0.0_kq5rvt2qmkxtbpk4xhgv6gcmvi\n  b: 1.0.0_@scope+real@1.0.0\n  my-real: /@scope/real/1.0.0\n\n"
      "packages:\n\n"
      "  /@scope/real/1.0.0:\n    resolution: {integrity: sha512-R}\n    dev: false\n\n"
      "  /a/1.0.0_kq5rvt2qmkxtbpk4xhgv6gcmvi:\n    resolution: {integrity: sha512-A}\n    peerDependencies:\n"
      "      '@scope/real': '*'\n    dependencies:\n      '@scope/real': 1.0.0\n    dev: false\n\n"
      "  /b/1.0.0_@scope+real@1.0.0:\n    resolution: {integrity: sha512-B}\n    peerDependencies:\n"
      "      '@scope/real': '*'\n    dependencies:\n      '@scope/real': 1.0.0\n    dev: false\n",
      R"({"name":"p","dependencies":{"a":"1.0.0","b":"1.0.0","my-real":"npm:@scope/real@1.0.0"}})");
  ASSERT_TRUE(g5.ok()) << g5.error().to_string();
  EXPECT_TRUE(g5->warnings.empty()) << g5->warnings.front().to_string();
  EXPECT_EQ(package_ids(*g5), (std::set<std::string>{"@scope/real@1.0.0", "a@1.0.0", "b@1.0.0"}));
  EXPECT_EQ(find_node(*g5, "@scope/real@1.0.0")->alias, "my-real");
  EXPECT_EQ(find_node(*g5, "a@1.0.0")->location, "/a/1.0.0_kq5rvt2qmkxtbpk4xhgv6gcmvi");
  EXPECT_EQ(edge_type(*g5, index_of(*g5, find_node(*g5, "b@1.0.0")), "@scope/real@1.0.0"), "peer");

  // 6.0: a scoped peer inside the suffix (its '/' is not a path).
  auto g6 = extract_text(
      "lockfileVersion: '6.0'\n\ndependencies:\n"
      "  a:\n    specifier: 1.0.0\n    version: 1.0.0(@types/react@18.0.0)\n"
      "  '@types/react':\n    specifier: 18.0.0\n    version: 18.0.0\n\n"
      "packages:\n\n"
      "  /@types/react@18.0.0:\n    resolution: {integrity: sha512-T}\n    dev: false\n\n"
      "  /a@1.0.0(@types/react@18.0.0):\n    resolution: {integrity: sha512-A}\n    peerDependencies:\n"
      "      '@types/react': '*'\n    dependencies:\n      '@types/react': 18.0.0\n    dev: false\n");
  ASSERT_TRUE(g6.ok()) << g6.error().to_string();
  EXPECT_TRUE(g6->warnings.empty()) << g6->warnings.front().to_string();
  EXPECT_EQ(package_ids(*g6), (std::set<std::string>{"@types/react@18.0.0", "a@1.0.0"}));
  EXPECT_EQ(edge_type(*g6, 0, "a@1.0.0"), "prod");
}

TEST(PnpmLock, OlderMinorVersionsAreRead) {
  auto g = extract_text("lockfileVersion: 5.3\n\nspecifiers:\n  a: ^1.0.0\n\ndependencies:\n  a: 1.0.0\n\npackages:\n\n"
                        "  /a/1.0.0:\n    resolution: {integrity: sha512-A}\n    dev: false\n");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_EQ(g->format, "pnpm-5.3");
  EXPECT_EQ(package_ids(*g), std::set<std::string>{"a@1.0.0"});
}

TEST(PnpmLock, DevAndOptionalFlags) {
  auto g = extract_text(
      "lockfileVersion: '6.0'\n\ndevDependencies:\n  d:\n    specifier: ^1\n    version: 1.0.0\n\n"
      "optionalDependencies:\n  o:\n    specifier: ^1\n    version: 1.0.0\n\n"
      "packages:\n\n"
      "  /d@1.0.0:\n    resolution: {integrity: sha512-D}\n    optionalDependencies:\n      od: 1.0.0\n    dev: true\n\n"
      "  /o@1.0.0:\n    resolution: {integrity: sha512-O}\n    dev: false\n    optional: true\n\n"
      "  /od@1.0.0:\n    resolution: {integrity: sha512-X}\n    dev: true\n    optional: true\n");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  EXPECT_EQ(edge_type(*g, 0, "d@1.0.0"), "dev");
  EXPECT_EQ(edge_type(*g, 0, "o@1.0.0"), "optional");
  EXPECT_EQ(edge_type(*g, index_of(*g, find_node(*g, "d@1.0.0")), "od@1.0.0"), "optional");
  EXPECT_TRUE(find_node(*g, "d@1.0.0")->lock_dev);
  EXPECT_TRUE(find_node(*g, "od@1.0.0")->lock_dev);
  EXPECT_FALSE(find_node(*g, "o@1.0.0")->lock_dev);
}

TEST(PnpmLock, MissingEntriesAreWarnings) {
  auto g = extract_text(
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"
      "      a:\n        specifier: ^1.0.0\n        version: 1.0.0\n"
      "      z:\n        specifier: ^9.0.0\n        version: 9.0.0\n\n"
      "packages:\n\n"
      "  a@1.0.0:\n    resolution: {integrity: sha512-A}\n\n"
      "  lonely@1.0.0:\n    resolution: {integrity: sha512-L}\n\n"
      "snapshots:\n\n"
      "  a@1.0.0:\n    dependencies:\n      b: 2.0.0\n    optionalDependencies:\n      c: 3.0.0\n\n"
      "  ghost@1.0.0: {}\n");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  std::vector<std::string> ms = messages(g->warnings);
  std::sort(ms.begin(), ms.end());
  EXPECT_EQ(ms, (std::vector<std::string>{"extraneous: package \"lonely@1.0.0\" has no snapshot: nothing installs it",
                                          "missing: b@2.0.0, required by a@1.0.0",
                                          "missing: c@3.0.0, required by a@1.0.0",
                                          "missing: snapshot \"ghost@1.0.0\" has no entry in packages",
                                          "missing: z@9.0.0, required by the project"}));
  for (const auto& w : g->warnings) {
    EXPECT_EQ(w.file, "proj/pnpm-lock.yaml");
    EXPECT_GT(w.line, 0u) << w.message;
  }
  // The warning names the dependency's own line.
  auto z = std::find_if(g->warnings.begin(), g->warnings.end(), [](const Warning& w) { return w.message.find("z@") != std::string::npos; });
  EXPECT_EQ(z->line, 10u);
  EXPECT_EQ(z->column, 7u);
  ASSERT_EQ(g->nodes[0].unresolved.size(), 1u);
  EXPECT_EQ(g->nodes[0].unresolved[0].name, "z");
  EXPECT_EQ(g->nodes[0].unresolved[0].range, "^9.0.0");
  const Node* a = find_node(*g, "a@1.0.0");
  ASSERT_EQ(a->unresolved.size(), 2u);
  EXPECT_EQ(a->unresolved[1].type, DepType::Optional);
  // The snapshot without metadata is still a node, named from its key.
  EXPECT_NE(find_node(*g, "ghost@1.0.0"), nullptr);
}

TEST(PnpmLock, LinksToOtherFoldersAndImportersWithoutManifest) {
  // 9.0 workspace without package.json files: importers are named by folder; link: to a member
  // is an importer edge, link: elsewhere is a Link node, even from a member (relative to it).
  auto g = extract_text(
      "lockfileVersion: '9.0'\n\nimporters:\n\n"
      "  .:\n    dependencies:\n      tools:\n        specifier: link:../outside/tools\n        version: link:../outside/tools\n\n"
      "  apps/web:\n    dependencies:\n      ui:\n        specifier: workspace:^\n        version: link:../../libs/ui\n"
      "      vendored:\n        specifier: link:../../vendor/v\n        version: link:../../vendor/v\n"
      "      root:\n        specifier: link:../..\n        version: link:../..\n\n"
      "  libs/ui: {}\n");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  ASSERT_EQ(g->nodes.size(), 5u);
  EXPECT_EQ(g->nodes[1].pkg.name, "apps/web");
  EXPECT_EQ(g->nodes[2].pkg.name, "libs/ui");
  EXPECT_EQ(edge_type(*g, 1, "libs/ui"), "prod");
  EXPECT_EQ(g->nodes[1].deps.size(), 3u);
  std::set<std::string> links;
  for (const auto& n : g->nodes) {
    if (n.importer) continue;
    EXPECT_EQ(n.pkg.source, SourceKind::Link);
    links.insert(n.location);
  }
  EXPECT_EQ(links, (std::set<std::string>{"link:../outside/tools", "link:vendor/v"}));
  // The member's link to the root: an edge to importer 0.
  bool to_root = std::any_of(g->nodes[1].deps.begin(), g->nodes[1].deps.end(), [](const Edge& e) { return e.to == 0; });
  EXPECT_TRUE(to_root);
}

TEST(PnpmLock, OutOfStepManifestIsAConflict) {
  auto g = extract_text(
      "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n"
      "      a:\n        specifier: ^1.0.0\n        version: 1.0.0\n"
      "      b:\n        specifier: ^1.0.0\n        version: 1.0.0\n\n"
      "packages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-A}\n\n  b@1.0.0:\n    resolution: {integrity: sha512-B}\n\n"
      "snapshots:\n\n  a@1.0.0: {}\n\n  b@1.0.0: {}\n",
      R"({"name":"p","version":"1.0.0","dependencies":{"a":"^1.1.0","c":"^2.0.0"},"peerDependencies":{"d":"*"}})");
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty());
  std::vector<std::string> ms = messages(g->conflicts);
  std::sort(ms.begin(), ms.end());
  EXPECT_EQ(ms, (std::vector<std::string>{
                    "out of sync with package.json: a is ^1.1.0 in package.json but ^1.0.0 in the lockfile",
                    "out of sync with package.json: c@^2.0.0 is not in the lockfile",
                    "out of sync with package.json: the lockfile has b@^1.0.0 which package.json does not declare"}));
  ASSERT_EQ(g->nodes[0].unresolved.size(), 1u);
  EXPECT_EQ(g->nodes[0].unresolved[0].name, "c");
  EXPECT_EQ(edge_type(*g, 0, "a@1.0.0"), "prod");
}

// ---------------------------------------------------------------------------------------------
// The shared corpus: every pnpm-lock.yaml in it parses, its every dependency resolves.

TEST(PnpmLock, CorpusLockfilesParse) {
  std::vector<fs::path> locks;
  fs::path corpus = vigil::testing::shared_dir() / "corpus";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(corpus, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().filename() == "pnpm-lock.yaml") locks.push_back(it->path());
  }
  std::sort(locks.begin(), locks.end());
  if (locks.empty()) GTEST_SKIP() << "the shared corpus has no pnpm-lock.yaml";
  for (const auto& lock : locks) {
    SCOPED_TRACE(lock.string());
    auto g = extract_pnpm(lock.parent_path(), "corpus");
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    ASSERT_FALSE(g->nodes.empty());
    EXPECT_TRUE(g->nodes[0].importer);
    for (const auto& w : g->warnings) EXPECT_EQ(w.message.rfind("missing:", 0), std::string::npos) << w.to_string();
    auto cb = scan(lock.parent_path());
    EXPECT_TRUE(cb.ok()) << cb.error().to_string();
  }
}

// ---------------------------------------------------------------------------------------------
// Bad input: one Error naming the file and the place, nothing printed, never a crash.

void expect_error(const Expected<LockGraph>& g, uint32_t line, uint32_t column, const std::string& words) {
  ASSERT_FALSE(g.ok()) << "accepted bad input";
  EXPECT_EQ(g.error().file, "proj/pnpm-lock.yaml");
  EXPECT_EQ(g.error().line, line) << g.error().to_string();
  EXPECT_EQ(g.error().column, column) << g.error().to_string();
  EXPECT_NE(g.error().message.find(words), std::string::npos) << g.error().to_string();
}

const std::string kHead9 = "lockfileVersion: '9.0'\n\n";

TEST(PnpmLockBadInput, EmptyFile) {
  for (const std::string& text : {std::string(""), std::string("  \n\t\n"), std::string("# only a comment\n")}) {
    auto g = extract_text(text);
    ASSERT_FALSE(g.ok());
    EXPECT_EQ(g.error().file, "proj/pnpm-lock.yaml");
    EXPECT_NE(g.error().message.find("empty"), std::string::npos) << g.error().to_string();
  }
}

TEST(PnpmLockBadInput, MalformedYaml) {
  auto g = extract_text(kHead9 + "importers:\n  .:\n    dependencies: [a, \n  b: }\n");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().file, "proj/pnpm-lock.yaml");
  EXPECT_GE(g.error().line, 5u) << g.error().to_string();
  EXPECT_GT(g.error().column, 0u) << g.error().to_string();
  EXPECT_NE(g.error().message.find("YAML syntax error"), std::string::npos) << g.error().to_string();
  EXPECT_NE(g.error().to_string().find("proj/pnpm-lock.yaml:"), std::string::npos);
  auto indent = extract_text(kHead9 + "packages:\n  a@1.0.0:\n    resolution: {integrity: x}\n   version: 1.0.0\n");
  ASSERT_FALSE(indent.ok());
  EXPECT_EQ(indent.error().line, 6u) << indent.error().to_string();
  EXPECT_NE(indent.error().message.find("YAML syntax error"), std::string::npos) << indent.error().to_string();
  auto tab = extract_text(kHead9 + "packages:\n\ta@1.0.0: {}\n");
  ASSERT_FALSE(tab.ok());
  EXPECT_EQ(tab.error().line, 4u) << tab.error().to_string();
  auto garbage = extract_text("}{ not: [yaml\n");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().line, 1u) << garbage.error().to_string();
  EXPECT_GT(garbage.error().column, 0u) << garbage.error().to_string();
}

TEST(PnpmLockBadInput, Truncated) {
  expect_error(extract_text(kHead9 + "packages:\n\n  a@1.0.0:\n    resolution: {integrity: sha512-"), 6, 36, "truncated");
  auto g = extract_text(kHead9 + "packages:\n\n  'a@1.0.0:\n    resolution: {}\n");
  ASSERT_FALSE(g.ok());
  EXPECT_GE(g.error().line, 5u) << g.error().to_string();
  EXPECT_NE(g.error().message.find("YAML syntax error"), std::string::npos) << g.error().to_string();
}

TEST(PnpmLockBadInput, EveryTruncationIsAnErrorOrAPrefix) {
  for (const auto& v : kVersions) {
    std::string full = vigil::testing::read_text(fixture("pnpm-workspaces", v) / "pnpm-lock.yaml");
    ASSERT_GT(full.size(), 1000u);
    TempDir dir;  // no package.json: only the lockfile is read, from memory
    ProjectFiles files(dir.path(), "proj", dir.path(), kDefaultMaxFileBytes);
    ::testing::internal::CaptureStderr();
    ::testing::internal::CaptureStdout();
    size_t accepted = 0;
    for (size_t cut = 0; cut < full.size(); ++cut) {
      std::string text = full.substr(0, cut);
      text.reserve(text.size() + kReadPadding);
      auto g = pnpm_lock_extractor().extract(files, "pnpm-lock.yaml", text);
      if (cut == 0 || full[cut - 1] != '\n') {
        EXPECT_FALSE(g.ok()) << "cut at " << cut;
      }
      if (g.ok()) {
        ++accepted;
        EXPECT_TRUE(g->nodes[0].importer);
      } else {
        EXPECT_EQ(g.error().file, "proj/pnpm-lock.yaml");
      }
    }
    EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    EXPECT_GT(accepted, 10u);
  }
}

TEST(PnpmLockBadInput, WrongTypes) {
  expect_error(extract_text(kHead9 + "packages:\n  - a\n  - b\n"), 4, 3, "packages must be a mapping");
  expect_error(extract_text(kHead9 + "importers: [a]\n"), 3, 12, "importers must be a mapping");
  expect_error(extract_text(kHead9 + "snapshots: 3\n"), 3, 12, "snapshots must be a mapping");
  expect_error(extract_text(kHead9 + "importers:\n  .: 3\n"), 4, 6, "importer \".\" must be a mapping");
  expect_error(extract_text(kHead9 + "importers:\n  .:\n    dependencies: a\n"), 5, 19, "dependencies must be a mapping");
  expect_error(extract_text(kHead9 + "importers:\n  .:\n    dependencies:\n      a: [1]\n"), 6, 10, "dependencies \"a\" must be a string");
  expect_error(extract_text(kHead9 + "importers:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n"), 7, 9,
               "dependencies \"a\" has no version");
  expect_error(extract_text(kHead9 + "packages:\n  a@1.0.0: x\n"), 4, 12, "package \"a@1.0.0\" must be a mapping");
  expect_error(extract_text(kHead9 + "packages:\n  a@1.0.0:\n    resolution: sha512-x\n"), 5, 17,
               "resolution of \"a@1.0.0\" must be a mapping");
  expect_error(extract_text(kHead9 + "packages:\n  a@1.0.0:\n    resolution: {integrity: [x]}\n"), 5, 29,
               "resolution.integrity must be a string");
  expect_error(extract_text(kHead9 + "snapshots:\n  a@1.0.0:\n    dependencies:\n      b: {c: d}\n"), 6, 10,
               "dependencies \"b\" must be a string");
  expect_error(extract_text("- a\n- b\n"), 1, 1, "must be a YAML mapping");
  expect_error(extract_text("lockfileVersion:\n  major: 9\n"), 2, 3, "lockfileVersion must be a string");
  expect_error(extract_text("'9.0'\n"), 1, 1, "must be a YAML mapping");
}

TEST(PnpmLockBadInput, LockfileVersions) {
  expect_error(extract_text("lockfileVersion: '7.0'\n"), 1, 18, "unsupported lockfileVersion 7.0");
  expect_error(extract_text("lockfileVersion: 4.0\n"), 1, 18, "unsupported lockfileVersion 4.0");
  expect_error(extract_text("lockfileVersion: '10.0'\n"), 1, 18, "unsupported lockfileVersion 10.0");
  expect_error(extract_text("lockfileVersion: nine\n"), 1, 18, "lockfileVersion must be a number");
  expect_error(extract_text("lockfileVersion: '9.'\n"), 1, 18, "lockfileVersion must be a number");
  expect_error(extract_text("lockfileVersion: 9.0.1\n"), 1, 18, "lockfileVersion must be a number");
  auto none = extract_text("importers: {}\n");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no lockfileVersion"), std::string::npos) << none.error().to_string();
  // A yarn berry lockfile named pnpm-lock.yaml is not one.
  auto yarn = extract_text("__metadata:\n  version: 6\n");
  ASSERT_FALSE(yarn.ok());
  EXPECT_NE(yarn.error().message.find("no lockfileVersion"), std::string::npos) << yarn.error().to_string();
}

TEST(PnpmLockBadInput, AnchorAliasBomb) {
  // The "billion laughs": nine levels of ten aliases each. Refused at the first anchor.
  std::string bomb = kHead9 + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int k = 0; k < 9; ++k) bomb += (k ? ",*" : "*") + prev;
    bomb += "]\n";
  }
  expect_error(extract_text(bomb), 3, 4, "anchors are not allowed");
  // The block form pnpm's own layout would allow: an anchored package reused by alias.
  expect_error(extract_text(kHead9 + "packages:\n  a@1.0.0: &pkg\n    resolution: {integrity: x}\n  b@1.0.0: *pkg\n"), 4, 12,
               "anchors are not allowed");
  expect_error(extract_text(kHead9 + "packages:\n  b@1.0.0: *pkg\n"), 4, 12, "aliases are not allowed");
}

TEST(PnpmLockBadInput, InvalidUtf8) {
  expect_error(extract_text(kHead9 + "packages:\n  a@1.0.0\xc3\x28:\n    resolution: {integrity: x}\n"), 4, 10, "invalid UTF-8");
  expect_error(extract_text("lockfileVersion: '9.0'\xff\n"), 1, 23, "invalid UTF-8");
}

TEST(PnpmLockBadInput, DeepNesting) {
  expect_error(extract_text(kHead9 + "x: " + std::string(200000, '[') + "\n"), 3, 3 + 16, "nested too deeply");
  std::string block = kHead9 + "x:\n";
  for (int i = 1; i < 500; ++i) block += std::string(static_cast<size_t>(i) * 2, ' ') + "k:\n";
  auto g = extract_text(block);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("nested too deeply"), std::string::npos) << g.error().to_string();
  EXPECT_EQ(g.error().line, 19u) << g.error().to_string();
}

TEST(PnpmLockBadInput, DuplicatesAndDocuments) {
  expect_error(extract_text(kHead9 + "packages: {}\n\npackages: {}\n"), 5, 1, "duplicate key \"packages\"");
  expect_error(extract_text(kHead9 + "snapshots:\n  a@1.0.0: {}\n  'a@1.0.0': {}\n"), 5, 3, "duplicate key \"a@1.0.0\"");
  expect_error(extract_text(kHead9 + "---\nlockfileVersion: '9.0'\n"), 3, 1, "more than one YAML document");
  expect_error(extract_text(kHead9 + "importers:\n  packages/a: {}\n  packages/b/../a: {}\n"), 5, 3, "two importers for the folder");
}

TEST(PnpmLockBadInput, ThroughScanProject) {
  // The same errors reach scan_project() (and so the CLI's exit code) as values.
  TempDir tmp;
  write_text(tmp / "p/pnpm-lock.yaml", kHead9 + "packages: [1]\n");
  ProjectRef ref{tmp / "p", "p", "p", tmp / "p"};
  auto cb = scan_project(ref, Options{});
  ASSERT_FALSE(cb.ok());
  EXPECT_EQ(cb.error().to_string(), "p/pnpm-lock.yaml:3:11: packages must be a mapping");
  // A broken package.json beside a good lockfile is an error about the package.json.
  write_text(tmp / "q/pnpm-lock.yaml", kHead9 + "importers:\n  .: {}\n");
  write_text(tmp / "q/package.json", "{\"name\": ");
  ProjectRef qref{tmp / "q", "q", "q", tmp / "q"};
  auto q = scan_project(qref, Options{});
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().file, "q/package.json");
}

TEST(PnpmLockBadInput, NothingPrinted) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  auto g1 = extract_text(kHead9 + "packages:\n  a@1.0.0:\n    resolution: \"x\n");
  auto g2 = extract_text("a: [\n");
  auto g3 = extract_text(kHead9 + "x: *nothing\n");
  auto g4 = extract_text("lockfileVersion: '8.0'\n");
  std::string err = ::testing::internal::GetCapturedStderr();
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_FALSE(g1.ok());
  EXPECT_FALSE(g2.ok());
  EXPECT_FALSE(g3.ok());
  EXPECT_FALSE(g4.ok());
  EXPECT_EQ(err, "");
  EXPECT_EQ(out, "");
  EXPECT_GT(g1.error().line, 0u);
  EXPECT_GT(g2.error().line, 0u);
}

// A large generated lockfile (5000 packages in a chain and a fan) reads in one piece: the
// reader is linear, its key sets switch to hashing for big mappings.
TEST(PnpmLock, LargeLockfile) {
  constexpr int kPackages = 5000;
  std::string text = kHead9 + "importers:\n\n  .:\n    dependencies:\n";
  for (int i = 0; i < kPackages; i += 50) {
    text += "      p" + std::to_string(i) + ":\n        specifier: ^1.0.0\n        version: 1.0." + std::to_string(i) + "\n";
  }
  text += "\npackages:\n\n";
  for (int i = 0; i < kPackages; ++i) {
    text += "  p" + std::to_string(i) + "@1.0." + std::to_string(i) + ":\n    resolution: {integrity: sha512-" + std::to_string(i) + "}\n\n";
  }
  text += "snapshots:\n\n";
  for (int i = 0; i < kPackages; ++i) {
    text += "  p" + std::to_string(i) + "@1.0." + std::to_string(i) + ":";
    if (i + 1 < kPackages) {
      text += "\n    dependencies:\n      p" + std::to_string(i + 1) + ": 1.0." + std::to_string(i + 1) + "\n\n";
    } else {
      text += " {}\n";
    }
  }
  auto g = extract_text(text);
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_TRUE(g->warnings.empty()) << g->warnings.front().to_string();
  EXPECT_EQ(g->nodes.size(), static_cast<size_t>(kPackages) + 1);
  EXPECT_EQ(g->nodes[0].deps.size(), static_cast<size_t>(kPackages / 50));
}

}  // namespace
}  // namespace vigil::inventory
