// Hand-built codebases for the report tests: every shape a writer must handle (scoped names,
// aliases, each scope, git and file sources, sha512 + sha1 integrity, workspace members, odd
// bytes in names) without depending on the extractors.
#pragma once

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "inventory/inventory.h"

namespace vigil::testing {

// Builds a Codebase: add components in any order, then finish() sorts them the way
// inventory::analyse does (name, version, ref) and resolves the edges given by id.
class CodebaseBuilder {
 public:
  explicit CodebaseBuilder(std::string id, std::string format = "package-lock-v3") {
    cb_.id = std::move(id);
    cb_.dir = cb_.id == "." ? "/work/org/shop" : "/work/org/" + cb_.id;
    cb_.lockfile = "package-lock.json";
    cb_.format = std::move(format);
  }

  CodebaseBuilder& importer(std::string name, std::string version, std::string path, std::string license = "") {
    inventory::Importer imp;
    imp.name = std::move(name);
    imp.version = std::move(version);
    imp.path = std::move(path);
    imp.license = std::move(license);
    cb_.importers.push_back(std::move(imp));
    return *this;
  }

  // key: how edges name this component (unique in the builder).
  CodebaseBuilder& component(std::string key, std::string name, std::string version,
                             inventory::Scope scope = inventory::Scope::Prod, bool direct = false,
                             std::string license = "", std::string integrity = "",
                             SourceKind source = SourceKind::Registry, std::string resolved = "",
                             std::vector<std::string> aliases = {}) {
    inventory::Component c;
    c.pkg.name = std::move(name);
    c.pkg.version = std::move(version);
    c.pkg.license = std::move(license);
    c.pkg.integrity = std::move(integrity);
    c.pkg.source = source;
    c.pkg.resolved = resolved.empty() && source == SourceKind::Registry
                         ? "https://npm.example.com/" + c.pkg.name + "/-/" + c.pkg.version + ".tgz"
                         : std::move(resolved);
    c.scope = scope;
    c.direct = direct;
    c.aliases = std::move(aliases);
    c.members = {"."};
    c.path_count = 1;
    keys_.push_back(std::move(key));
    cb_.components.push_back(std::move(c));
    return *this;
  }

  CodebaseBuilder& edge(const std::string& from_key, const std::string& to_key) {
    edges_.emplace_back(from_key, to_key);
    return *this;
  }
  // An edge from importer `importer` (index) to a component.
  CodebaseBuilder& import_edge(std::size_t importer, const std::string& to_key) {
    import_edges_.emplace_back(importer, to_key);
    return *this;
  }
  CodebaseBuilder& warning(std::string file, std::string message) {
    cb_.warnings.push_back(make_error(std::move(file), std::move(message)));
    return *this;
  }

  inventory::Codebase finish() {
    std::vector<std::size_t> order(cb_.components.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::string> refs;
    for (const auto& c : cb_.components) refs.push_back(c.ref());
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto& x = cb_.components[a].pkg;
      const auto& y = cb_.components[b].pkg;
      return std::tie(x.name, x.version, refs[a]) < std::tie(y.name, y.version, refs[b]);
    });
    std::map<std::string, uint32_t> index;
    std::vector<inventory::Component> sorted;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      index[keys_[order[pos]]] = static_cast<uint32_t>(pos);
      sorted.push_back(cb_.components[order[pos]]);
    }
    auto at = [&](const std::string& key) {
      auto it = index.find(key);
      if (it == index.end()) throw std::runtime_error("no component " + key);
      return it->second;
    };
    for (const auto& [from, to] : edges_) sorted[at(from)].depends_on.push_back(at(to));
    for (auto& c : sorted) std::sort(c.depends_on.begin(), c.depends_on.end());
    for (const auto& [imp, to] : import_edges_) {
      cb_.importers.at(imp).depends_on.push_back(at(to));
      sorted[at(to)].shortest_path = inventory::PathRef{static_cast<uint32_t>(imp), {at(to)}};
    }
    for (auto& imp : cb_.importers) std::sort(imp.depends_on.begin(), imp.depends_on.end());
    cb_.components = std::move(sorted);
    return cb_;
  }

 private:
  inventory::Codebase cb_;
  std::vector<std::string> keys_;
  std::vector<std::pair<std::string, std::string>> edges_;
  std::vector<std::pair<std::size_t, std::string>> import_edges_;
};

// SRI strings with known digests.
// sha512("") and sha1("").
inline constexpr const char* kSha512Empty =
    "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
inline constexpr const char* kSha512EmptyHex =
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
inline constexpr const char* kSha1Empty = "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=";
inline constexpr const char* kSha1EmptyHex = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
// sha256("abc").
inline constexpr const char* kSha256Abc = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
inline constexpr const char* kSha256AbcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// A monorepo with a root, a named and an unnamed workspace member, and one component of each
// kind the writers treat differently.
inline inventory::Codebase sample_codebase() {
  using inventory::Scope;
  CodebaseBuilder b(".");
  b.importer("@acme/shop", "1.2.0", ".", "MIT")
      .importer("@acme/ui", "0.1.0", "packages/ui", "Apache-2.0")
      .importer("", "", "tools/scripts");
  const std::string both = std::string(kSha512Empty) + " " + kSha1Empty;
  b.component("babel", "@babel/core", "7.24.0", Scope::Dev, true, "MIT", kSha512Empty)
      .component("types-node", "@types/node", "20.11.0", Scope::Dev, true, "MIT", kSha256Abc)
      .component("chalk4", "chalk", "4.1.2", Scope::Prod, true, "MIT", both)
      .component("chalk5", "chalk", "5.3.0", Scope::Prod, true, "mit", kSha512Empty)
      .component("esbuild", "esbuild-linux-64", "0.20.0", Scope::Optional, false, "MIT", kSha512Empty)
      .component("leftpad", "left-pad", "1.3.0", Scope::Prod, true, "WTFPL", kSha1Empty, SourceKind::Registry, "",
                 {"lp"})
      .component("git", "my-git-dep", "1.0.0", Scope::Prod, true, "(MIT OR Apache-2.0)", "", SourceKind::Git,
                 "git+ssh://git@example.com/acme/my-git-dep.git#0123456789abcdef0123456789abcdef01234567")
      .component("local", "local-lib", "0.0.1", Scope::Prod, true, "UNLICENSED", "", SourceKind::File,
                 "file:../local-lib")
      .component("react", "react", "18.2.0", Scope::Peer, true, "MIT", kSha512Empty)
      .component("tslib", "tslib", "2.6.2", Scope::Bundled, false, "0BSD", kSha512Empty)
      .component("gpl", "gpl-thing", "2.0.0", Scope::Prod, false, "gpl-2.0+ with classpath-exception-2.0", "")
      .component("ref", "closed-thing", "3.0.0", Scope::Prod, false, "LicenseRef-Acme-Proprietary", "")
      .component("weird", std::string("we\"ird\\na\tme\x01-\xC3\xBC-\xE2\x80\xA8-\xFF"), "1.0.0-beta.1+build.5",
                 Scope::Prod, false, "SEE LICENSE IN LICENSE.md", "sha512-not base64!! sha1-AAAA");
  b.import_edge(0, "babel")
      .import_edge(0, "chalk4")
      .import_edge(0, "leftpad")
      .import_edge(0, "git")
      .import_edge(0, "local")
      .import_edge(0, "react")
      .import_edge(1, "types-node")
      .import_edge(1, "chalk5")
      .import_edge(1, "react")
      .edge("chalk4", "tslib")
      .edge("chalk5", "esbuild")
      .edge("babel", "chalk4")
      .edge("babel", "types-node")
      .edge("git", "gpl")
      .edge("gpl", "ref")
      .edge("ref", "weird");
  b.warning("package-lock.json", "lockfile out of step with package.json");
  return b.finish();
}

// A codebase of `n` components whose every string field holds random bytes (any value
// 0-255, sometimes empty), random scopes and sources, and random edges: what no lockfile
// holds, for checking that the writers still produce well-formed documents.
inline inventory::Codebase random_codebase(uint32_t seed, int n = 8) {
  std::mt19937 rng(seed);
  auto text = [&](int max_len) {
    std::string s(static_cast<std::size_t>(rng() % static_cast<uint32_t>(max_len + 1)), '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    return s;
  };
  const auto key = [](uint64_t i) { return std::string("k").append(std::to_string(i)); };
  CodebaseBuilder b(text(6));
  b.importer(text(10), text(6), ".", text(12));
  b.importer(text(10), text(6), text(8), text(12));
  const SourceKind sources[] = {SourceKind::Registry, SourceKind::Git, SourceKind::Tarball,
                                SourceKind::File, SourceKind::Link, SourceKind::Workspace};
  for (int i = 0; i < n; ++i) {
    std::string integrity = rng() % 2 ? std::string(kSha512Empty) + text(4) : text(30);
    b.component(key(i), text(12), text(8), static_cast<inventory::Scope>(rng() % 5), rng() % 2 == 0,
                text(16), integrity, sources[rng() % 6], text(24), rng() % 3 == 0 ? std::vector<std::string>{text(6)}
                                                                                 : std::vector<std::string>{});
  }
  for (int i = 0; i < n * 2; ++i) {
    b.edge(key(rng() % static_cast<uint32_t>(n)), key(rng() % static_cast<uint32_t>(n)));
  }
  for (int i = 0; i < 3; ++i) b.import_edge(rng() % 2, key(rng() % static_cast<uint32_t>(n)));
  return b.finish();
}

}  // namespace vigil::testing
