// pnpm-lock.yaml: pnpm's lockfile, lockfileVersion 5.x (pnpm 5-7), 6.x (pnpm 8) and 9.x
// (pnpm 9 and 10).
//
// The YAML is read by read_yaml() (yaml_util.h): one pass of libfyaml's event parser into a flat
// tree whose scalars point into the file's text; anchors, aliases, duplicate keys and deep
// nesting are refused there. The tree is then walked once.
//
// A pnpm lockfile lists its importers (the project, and in a workspace each member under
// `importers:` keyed by folder) with the dependencies each declares, and its package instances
// keyed by a "dependency path" that names the package, its version and the peers it was
// resolved with:
//
//   5.x  packages:  /name/1.0.0   /@scope/name/1.0.0_react@18.2.0        (peers after '_')
//   6.x  packages:  /name@1.0.0   /@scope/name@1.0.0(react@18.2.0)       (peers in parentheses)
//   9.x  packages:  name@1.0.0                                           (metadata, no peers)
//        snapshots: name@1.0.0   @scope/name@1.0.0(react@18.2.0)         (one per peer variant)
//
// A dependency's value is the rest of its target's path: a version ("1.0.0", with its peer
// suffix), or a whole path when it names another package (an alias: "/ms/2.0.0",
// "/ms@2.0.0", "ms@2.0.0"), or "file:", a git or tarball path, or "link:folder". pnpm's own
// rule (dependency-path's refToRelative) turns the value into the path of the target.
// Every distinct path is one Node. `link:` values point to folders: another importer (a
// workspace edge) or a folder outside the workspace (a Link node). Importers' dependencies keep
// their type (dependencies, devDependencies, optionalDependencies); a package's dependency
// that its metadata lists under peerDependencies is a Peer edge (pnpm writes resolved peers
// among the dependencies).
//
// Each importer's package.json, where there is one, names it and is held against the
// specifiers the lockfile recorded (pnpm install --frozen-lockfile refuses a lockfile out of
// step with it); a difference, like a dependency path that leads to no entry, is a Warning.
// Nothing in the result depends on the order of the file's keys.
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/manifest.h"
#include "inventory/npm_source.h"
#include "yaml/yaml.h"

namespace vigil::inventory {

using namespace vigil::yaml;  // NOLINT(google-build-using-namespace): the YAML tree types

namespace {

constexpr std::string_view kLockName = "pnpm-lock.yaml";
// pnpm writes six levels (importers, folder, dependencies, name, specifier/version; or
// catalogs); the cap leaves room for fields we do not read and stops hostile nesting early.
constexpr uint32_t kMaxDepth = 16;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

enum class Layout : uint8_t { V5, V6, V9 };

// Where the peer suffix of a dependency path starts ("(react@18.2.0)(b@1.0.0(c@2.0.0))" at the
// end, groups possibly nested), or npos. pnpm's indexOfPeersSuffix.
size_t peers_suffix(std::string_view dp) {
  if (dp.empty() || dp.back() != ')') return std::string_view::npos;
  int open = 1;
  for (size_t i = dp.size() - 1; i-- > 0;) {
    if (dp[i] == '(') {
      --open;
    } else if (dp[i] == ')') {
      ++open;
    } else if (open == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string_view without_peers(std::string_view dp) {
  size_t p = peers_suffix(dp);
  return p == std::string_view::npos ? dp : dp.substr(0, p);
}

// A semver version never holds '_' or '(': what follows is a peer suffix or hash.
std::string_view bare_version(std::string_view v) {
  return v.substr(0, std::min(v.find('_'), v.find('(')));
}

// Name and version a dependency path spells, where it spells them. A version is empty when
// the path holds a reference instead ("file:...", a URL); the entry's name/version fields
// then say what it is.
struct Spelled {
  std::string_view name;
  std::string_view version;
};

Spelled spelled(Layout layout, std::string_view key) {
  Spelled s;
  if (layout == Layout::V9) {
    std::string_view dp = without_peers(key);
    size_t at = dp.find('@', 1);
    if (at == std::string_view::npos) return s;
    s.name = dp.substr(0, at);
    std::string_view ref = dp.substr(at + 1);
    if (ref.find(':') == std::string_view::npos) s.version = bare_version(ref);
    return s;
  }
  if (!starts_with(key, "/")) return s;  // file:, a git host or tarball path: fields say
  std::string_view dp = key.substr(1);
  if (layout == Layout::V6) {
    dp = without_peers(dp);
    size_t at = dp.find('@', 1);
    if (at == std::string_view::npos) return s;
    s.name = dp.substr(0, at);
    s.version = bare_version(dp.substr(at + 1));
    return s;
  }
  // 5.x: /name/version or /@scope/name/version.
  size_t slash = dp.find('/');
  if (slash != std::string_view::npos && dp[0] == '@') slash = dp.find('/', slash + 1);
  if (slash == std::string_view::npos) return s;
  s.name = dp.substr(0, slash);
  s.version = bare_version(dp.substr(slash + 1));
  if (s.version.find('/') != std::string_view::npos) s.version = {};
  return s;
}

// The dependency path a dependency value points to (pnpm's refToRelative); empty for link:.
// Returns a view into `ref` or into `scratch`.
std::string_view ref_to_path(Layout layout, std::string_view name, std::string_view ref, std::string& scratch) {
  if (starts_with(ref, "link:")) return {};
  if (starts_with(ref, "npm:")) {  // an alias spelled as a specifier: npm:real@1.0.0
    std::string_view spec = ref.substr(4);
    const size_t at = spec.find('@', 1);
    if (at != std::string_view::npos) {
      name = spec.substr(0, at);
      ref = spec.substr(at + 1);
    }
  }
  auto join = [&](std::string_view lead, std::string_view sep) {
    scratch.assign(lead);
    scratch.append(name);
    scratch.append(sep);
    scratch.append(ref);
    return std::string_view(scratch);
  };
  switch (layout) {
    case Layout::V5:
      if (starts_with(ref, "file:")) return ref;
      if (ref.find('/') == std::string_view::npos) return join("/", "/");
      return ref;
    case Layout::V6: {
      if (starts_with(ref, "file:")) return ref;
      const size_t paren = ref.find('(');
      const size_t slash = ref.find('/');
      if (slash == std::string_view::npos || (paren != std::string_view::npos && slash > paren)) return join("/", "@");
      return ref;
    }
    case Layout::V9: {
      if (starts_with(ref, "@")) return ref;
      const size_t at = ref.find('@');
      if (at == std::string_view::npos) return join("", "@");
      const size_t colon = ref.find(':');
      const size_t paren = ref.find('(');
      if ((colon == std::string_view::npos || at < colon) && (paren == std::string_view::npos || at < paren)) return ref;
      return join("", "@");
    }
  }
  return ref;
}

// "a/./b/../c" → "a/c"; "." for nothing; keeps leading ".." and a leading '/'.
std::string normalise_path(std::string_view p) {
  const bool absolute = starts_with(p, "/");
  std::vector<std::string_view> parts;
  while (!p.empty()) {
    size_t slash = p.find('/');
    std::string_view part = p.substr(0, slash);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else {
        parts.push_back(part);
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    if (slash == std::string_view::npos) break;
    p.remove_prefix(slash + 1);
  }
  if (parts.empty()) return absolute ? "/" : ".";
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += '/';
    out += parts[i];
  }
  return out;
}

// A normalised relative path that stays in the project's folder (ProjectFiles refuses others).
bool inside_project(std::string_view p) { return !starts_with(p, "..") && !starts_with(p, "/"); }

// A dependency as an importer declares it.
struct ImporterDep {
  std::string_view name;
  std::string_view ref;        // the resolved value ("1.0.0", "link:../a", "/ms@2.0.0")
  std::string_view specifier;  // as package.json has it, where the lockfile records it
  DepType type = DepType::Prod;
  uint32_t at = 0;  // the key's node, for warnings
};

struct Importer {
  std::string_view path;  // as the lockfile writes it, "." for the root
  std::string folder;     // normalised: "." for the root, "packages/a" for a member
  uint32_t at = 0;
  std::vector<ImporterDep> deps;
};

// Metadata of a package: a `packages:` entry (5.x and 6.x: also its dependencies).
struct Meta {
  uint32_t at = 0;  // the key's node
  std::string_view key;
  std::string_view name, version;
  std::string_view integrity, tarball, type, repo, commit, directory;
  bool dev = false;            // 5.x, 6.x "dev: true": only dev dependencies reach it
  int64_t peers = -1;          // peerDependencies mapping
  int64_t deps = -1;           // dependencies mapping (5.x, 6.x)
  int64_t optional_deps = -1;  // optionalDependencies mapping (5.x, 6.x)
  bool has_snapshot = false;
};

// One installed instance: a 9.x `snapshots:` entry, or (5.x, 6.x) a `packages:` entry.
struct Snapshot {
  uint32_t at = 0;
  std::string_view key;
  int64_t meta = -1;
  int64_t deps = -1;
  int64_t optional_deps = -1;
};

class PnpmLockExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "pnpm"; }
  bool claims(std::string_view file_name, std::string_view) const override { return file_name == kLockName; }
  Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                              std::string& contents) const override;
};

class Parser {
 public:
  Parser(const ProjectFiles& files, std::string display, const YamlTree& tree)
      : files_(files), display_(std::move(display)), tree_(tree) {}
  Expected<LockGraph> run();

 private:
  const YamlNode& node(uint32_t i) const { return tree_[i]; }
  Error error_at(uint32_t i, std::string message) const { return yaml_error_at(display_, node(i), std::move(message)); }
  Warning warning_at(uint32_t i, std::string message) const {
    return make_error(display_, node(i).line, node(i).column, std::move(message));
  }
  Status expect_mapping(uint32_t i, std::string_view what) const;
  Expected<std::string_view> scalar(uint32_t i, std::string_view what) const;
  Status read_version(uint32_t i);
  Status read_importer(std::string_view path, uint32_t at, uint32_t value, Importer& imp);
  Status read_dep_group(uint32_t map, std::string_view group, DepType type, Importer& imp);
  Status read_specifiers(uint32_t map, Importer& imp);
  Status read_package(uint32_t key, uint32_t value);
  Status read_snapshot(uint32_t key, uint32_t value);
  Status read_dep_map(int64_t map, std::string_view what);
  bool flag(uint32_t i) const { return node(i).is_scalar() && node(i).text == "true"; }
  // Does an `overrides:` selector ("name", "name@range") apply to direct dependency `name`?
  // pnpm records the overriding specifier then, not package.json's.
  bool overridden(std::string_view name) const {
    if (overrides_ < 0) return false;
    for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(overrides_))) {
      std::string_view k = node(p.key).text;
      if (k == name || (starts_with(k, name) && k.size() > name.size() && k[name.size()] == '@')) return true;
    }
    return false;
  }

  Expected<LockGraph> build();
  void fill_package(Node& n, const Snapshot& s, const Meta* m);
  uint32_t link_node(LockGraph& g, const std::string& path, std::string_view dep_name);

  const ProjectFiles& files_;
  std::string display_;
  const YamlTree& tree_;
  std::string_view version_text_;
  Layout layout_ = Layout::V9;
  bool has_importers_ = false;
  bool exclude_links_ = false;
  int64_t overrides_ = -1;
  std::vector<Importer> importers_;
  Importer top_;  // 5.x / 6.x single project: the top-level dependency groups
  std::vector<Meta> metas_;
  std::vector<Snapshot> snapshots_;
  std::unordered_map<std::string_view, uint32_t> meta_by_key_;
  std::unordered_map<std::string_view, uint32_t> node_by_path_;  // dependency path → node
  std::unordered_map<std::string, uint32_t> link_nodes_;          // folder → node
};

Status Parser::expect_mapping(uint32_t i, std::string_view what) const {
  if (node(i).is_mapping() || node(i).is_null()) return {};
  return error_at(i, std::string(what) + " must be a mapping");
}

Expected<std::string_view> Parser::scalar(uint32_t i, std::string_view what) const {
  if (!node(i).is_scalar()) return error_at(i, std::string(what) + " must be a string");
  return node(i).text;
}

Status Parser::read_version(uint32_t i) {
  auto v = scalar(i, "lockfileVersion");
  if (!v) return v.error();
  std::string_view t = *v;
  unsigned major = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), major);
  bool ok = ec == std::errc() && p != t.data();
  if (ok && p != t.data() + t.size()) {
    unsigned minor = 0;
    auto [q, ec2] = std::from_chars(p + 1, t.data() + t.size(), minor);
    ok = *p == '.' && ec2 == std::errc() && q == t.data() + t.size() && q != p + 1;
  }
  if (!ok) return error_at(i, "lockfileVersion must be a number such as 9.0, not \"" + std::string(t) + "\"");
  if (major == 5) {
    layout_ = Layout::V5;
  } else if (major == 6) {
    layout_ = Layout::V6;
  } else if (major == 9) {
    layout_ = Layout::V9;
  } else {
    return error_at(i, "unsupported lockfileVersion " + std::string(t) + " (pnpm lockfiles 5.x, 6.x and 9.x are read)");
  }
  version_text_ = t;
  return {};
}

Status Parser::read_dep_group(uint32_t map, std::string_view group, DepType type, Importer& imp) {
  if (Status s = expect_mapping(map, group); !s) return s;
  for (YamlTree::Pair p : tree_.pairs(map)) {
    ImporterDep d;
    d.name = node(p.key).text;
    d.type = type;
    d.at = p.key;
    const YamlNode& v = node(p.value);
    if (v.is_mapping()) {  // 6.x, 9.x: {specifier, version}
      for (YamlTree::Pair f : tree_.pairs(p.value)) {
        std::string_view field = node(f.key).text;
        if (field != "version" && field != "specifier") continue;
        auto s = scalar(f.value, std::string(group) + " \"" + std::string(d.name) + "\" " + std::string(field));
        if (!s) return s.error();
        (field == "version" ? d.ref : d.specifier) = *s;
      }
      if (d.ref.empty()) return error_at(p.value, std::string(group) + " \"" + std::string(d.name) + "\" has no version");
    } else {  // 5.x: the value itself
      auto s = scalar(p.value, std::string(group) + " \"" + std::string(d.name) + "\"");
      if (!s) return s.error();
      d.ref = *s;
    }
    imp.deps.push_back(d);
  }
  return {};
}

Status Parser::read_specifiers(uint32_t map, Importer& imp) {
  if (Status s = expect_mapping(map, "specifiers"); !s) return s;
  for (YamlTree::Pair p : tree_.pairs(map)) {
    auto s = scalar(p.value, "specifiers \"" + std::string(node(p.key).text) + "\"");
    if (!s) return s.error();
    for (auto& d : imp.deps) {
      if (d.name == node(p.key).text && d.specifier.empty()) d.specifier = *s;
    }
  }
  return {};
}

Status Parser::read_importer(std::string_view path, uint32_t at, uint32_t value, Importer& imp) {
  imp.path = path;
  imp.folder = normalise_path(path);
  imp.at = at;
  if (Status s = expect_mapping(value, "importer \"" + std::string(path) + "\""); !s) return s;
  int64_t specifiers = -1;
  for (YamlTree::Pair p : tree_.pairs(value)) {
    std::string_view key = node(p.key).text;
    Status s;
    if (key == "dependencies") {
      s = read_dep_group(p.value, key, DepType::Prod, imp);
    } else if (key == "devDependencies") {
      s = read_dep_group(p.value, key, DepType::Dev, imp);
    } else if (key == "optionalDependencies") {
      s = read_dep_group(p.value, key, DepType::Optional, imp);
    } else if (key == "specifiers") {
      specifiers = p.value;
    }
    if (!s) return s;
  }
  if (specifiers >= 0) return read_specifiers(static_cast<uint32_t>(specifiers), imp);
  return {};
}

Status Parser::read_dep_map(int64_t map, std::string_view what) {
  if (map < 0) return {};
  const uint32_t m = static_cast<uint32_t>(map);
  if (Status s = expect_mapping(m, what); !s) return s;
  for (YamlTree::Pair p : tree_.pairs(m)) {
    if (!node(p.value).is_scalar()) {
      return error_at(p.value, std::string(what) + " \"" + std::string(node(p.key).text) + "\" must be a string");
    }
  }
  return {};
}

Status Parser::read_package(uint32_t key, uint32_t value) {
  Meta m;
  m.at = key;
  m.key = node(key).text;
  if (!node(value).is_mapping()) return error_at(value, "package \"" + std::string(m.key) + "\" must be a mapping");
  for (YamlTree::Pair p : tree_.pairs(value)) {
    std::string_view field = node(p.key).text;
    if (field == "resolution") {
      if (!node(p.value).is_mapping()) return error_at(p.value, "resolution of \"" + std::string(m.key) + "\" must be a mapping");
      for (YamlTree::Pair r : tree_.pairs(p.value)) {
        std::string_view rf = node(r.key).text;
        std::string_view* out = rf == "integrity" ? &m.integrity
                                : rf == "tarball" ? &m.tarball
                                : rf == "type"    ? &m.type
                                : rf == "repo"    ? &m.repo
                                : rf == "commit"  ? &m.commit
                                : rf == "directory" ? &m.directory
                                                    : nullptr;
        if (out == nullptr) continue;
        auto s = scalar(r.value, "resolution." + std::string(rf));
        if (!s) return s.error();
        *out = *s;
      }
    } else if (field == "name" || field == "version") {
      auto s = scalar(p.value, field);
      if (!s) return s.error();
      (field == "name" ? m.name : m.version) = *s;
    } else if (field == "dev") {
      m.dev = flag(p.value);
    } else if (field == "peerDependencies") {
      if (Status s = read_dep_map(p.value, field); !s) return s;
      m.peers = p.value;
    } else if (field == "dependencies") {
      if (Status s = read_dep_map(p.value, field); !s) return s;
      m.deps = p.value;
    } else if (field == "optionalDependencies") {
      if (Status s = read_dep_map(p.value, field); !s) return s;
      m.optional_deps = p.value;
    }
  }
  meta_by_key_.emplace(m.key, static_cast<uint32_t>(metas_.size()));
  metas_.push_back(m);
  if (layout_ != Layout::V9) {
    Snapshot s;
    s.at = key;
    s.key = m.key;
    s.meta = static_cast<int64_t>(metas_.size() - 1);
    s.deps = m.deps;
    s.optional_deps = m.optional_deps;
    snapshots_.push_back(s);
  }
  return {};
}

Status Parser::read_snapshot(uint32_t key, uint32_t value) {
  Snapshot s;
  s.at = key;
  s.key = node(key).text;
  if (!node(value).is_mapping()) return error_at(value, "snapshot \"" + std::string(s.key) + "\" must be a mapping");
  for (YamlTree::Pair p : tree_.pairs(value)) {
    std::string_view field = node(p.key).text;
    if (field == "dependencies") {
      if (Status st = read_dep_map(p.value, field); !st) return st;
      s.deps = p.value;
    } else if (field == "optionalDependencies") {
      if (Status st = read_dep_map(p.value, field); !st) return st;
      s.optional_deps = p.value;
    }
  }
  snapshots_.push_back(s);
  return {};
}

Expected<LockGraph> Parser::run() {
  if (tree_.empty()) return make_error(display_, "empty file: not a pnpm lockfile");
  const uint32_t root = tree_.root();
  if (!node(root).is_mapping()) return error_at(root, "the lockfile must be a YAML mapping");
  int64_t version = tree_.find(root, "lockfileVersion");
  if (version < 0) return error_at(root, "no lockfileVersion: not a pnpm lockfile");
  if (Status s = read_version(static_cast<uint32_t>(version)); !s) return s.error();

  int64_t importers = -1, packages = -1, snapshots = -1;
  top_.path = ".";
  top_.folder = ".";
  top_.at = root;
  int64_t top_specifiers = -1;
  for (YamlTree::Pair p : tree_.pairs(root)) {
    std::string_view key = node(p.key).text;
    Status s;
    if (key == "importers") {
      s = expect_mapping(p.value, key);
      importers = p.value;
    } else if (key == "packages") {
      s = expect_mapping(p.value, key);
      packages = p.value;
    } else if (key == "snapshots") {
      s = expect_mapping(p.value, key);
      snapshots = p.value;
    } else if (key == "dependencies") {
      s = read_dep_group(p.value, key, DepType::Prod, top_);
    } else if (key == "devDependencies") {
      s = read_dep_group(p.value, key, DepType::Dev, top_);
    } else if (key == "optionalDependencies") {
      s = read_dep_group(p.value, key, DepType::Optional, top_);
    } else if (key == "specifiers") {
      top_specifiers = p.value;
    } else if (key == "overrides") {
      s = expect_mapping(p.value, key);
      overrides_ = p.value;
    } else if (key == "settings") {
      s = expect_mapping(p.value, key);
      int64_t ex = tree_.find(p.value, "excludeLinksFromLockfile");
      exclude_links_ = ex >= 0 && flag(static_cast<uint32_t>(ex));
    }
    if (!s) return s.error();
  }
  if (top_specifiers >= 0) {
    if (Status s = read_specifiers(static_cast<uint32_t>(top_specifiers), top_); !s) return s.error();
  }
  if (importers >= 0) {
    has_importers_ = true;
    for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(importers))) {
      Importer imp;
      std::string_view path = node(p.key).text;
      if (path.empty()) return error_at(p.key, "empty importer path");
      if (Status s = read_importer(path, p.key, p.value, imp); !s) return s.error();
      importers_.push_back(std::move(imp));
    }
  }
  if (packages >= 0) {
    metas_.reserve(node(static_cast<uint32_t>(packages)).size);
    for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(packages))) {
      if (Status s = read_package(p.key, p.value); !s) return s.error();
    }
  }
  if (snapshots >= 0 && layout_ == Layout::V9) {
    snapshots_.reserve(node(static_cast<uint32_t>(snapshots)).size);
    for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(snapshots))) {
      if (Status s = read_snapshot(p.key, p.value); !s) return s.error();
    }
  }
  return build();
}

void Parser::fill_package(Node& n, const Snapshot& s, const Meta* m) {
  Spelled sp = spelled(layout_, s.key);
  std::string_view name = m != nullptr && !m->name.empty() ? m->name : sp.name;
  std::string_view version = m != nullptr && !m->version.empty() ? m->version : sp.version;
  n.location = std::string(s.key);
  n.pkg.name = std::string(name);
  n.pkg.version = std::string(version);
  if (m == nullptr) return;
  n.pkg.integrity = std::string(m->integrity);
  n.lock_dev = m->dev;
  if (m->type == "git" || (!m->repo.empty() && !m->commit.empty())) {
    n.pkg.source = SourceKind::Git;
    n.pkg.resolved = std::string(m->repo) + "#" + std::string(m->commit);
    if (n.pkg.version.empty()) n.pkg.version = std::string(m->commit);
  } else if (m->type == "directory" || !m->directory.empty()) {
    n.pkg.source = SourceKind::File;
    const std::string dir = normalise_path(m->directory);
    n.pkg.resolved = "file:" + dir;
    // pnpm 8 and 9 leave out the version (9: the name too) of a folder: its package.json has them.
    if ((n.pkg.version.empty() || n.pkg.name.empty()) && inside_project(dir) && files_.exists(dir + "/package.json")) {
      if (auto man = read_manifest(files_, dir + "/package.json")) {
        if (n.pkg.name.empty()) n.pkg.name = man->name;
        if (n.pkg.version.empty()) n.pkg.version = man->version;
        n.pkg.license = man->license;
      }
    }
  } else if (!m->tarball.empty()) {
    n.pkg.resolved = std::string(m->tarball);
    n.pkg.source = is_git_host_archive(m->tarball) ? SourceKind::Git : classify_npm_source(m->tarball, "");
  }
}

uint32_t Parser::link_node(LockGraph& g, const std::string& path, std::string_view dep_name) {
  auto it = link_nodes_.find(path);
  if (it != link_nodes_.end()) return it->second;
  Node n;
  n.location = "link:" + path;
  n.pkg.name = std::string(dep_name);
  n.pkg.resolved = n.location;
  n.pkg.source = SourceKind::Link;
  if (inside_project(path) && files_.exists(path + "/package.json")) {
    if (auto man = read_manifest(files_, path + "/package.json")) {
      if (!man->name.empty()) n.pkg.name = man->name;
      n.pkg.version = man->version;
      n.pkg.license = man->license;
    }
  }
  const uint32_t index = static_cast<uint32_t>(g.nodes.size());
  g.nodes.push_back(std::move(n));
  link_nodes_.emplace(path, index);
  return index;
}

Expected<LockGraph> Parser::build() {
  LockGraph g;
  g.format = "pnpm-" + std::string(version_text_);

  // Importers: the root first, then the members by folder.
  if (!has_importers_) importers_.push_back(std::move(top_));
  std::stable_sort(importers_.begin(), importers_.end(), [](const Importer& a, const Importer& b) {
    if ((a.folder == ".") != (b.folder == ".")) return a.folder == ".";
    return a.folder < b.folder;
  });
  if (importers_.empty() || importers_.front().folder != ".") {
    Importer root;
    root.path = ".";
    root.folder = ".";
    root.at = tree_.root();
    importers_.insert(importers_.begin(), std::move(root));
    g.warnings.push_back(make_error(display_, "the lockfile has no importer for the project itself (\".\")"));
  }
  std::unordered_map<std::string, uint32_t> importer_by_path;  // normalised folder ("." the root) → node
  std::vector<std::optional<Manifest>> manifests(importers_.size());
  for (size_t i = 0; i < importers_.size(); ++i) {
    const Importer& imp = importers_[i];
    Node n;
    n.importer = true;
    n.location = imp.folder == "." ? std::string() : imp.folder;
    n.pkg.source = SourceKind::Workspace;
    const std::string manifest_path = n.location.empty() ? std::string("package.json") : n.location + "/package.json";
    if (inside_project(n.location) && files_.exists(manifest_path)) {
      auto m = read_manifest(files_, manifest_path);
      if (!m) return m.error();
      n.pkg.name = m->name;
      n.pkg.version = m->version;
      n.pkg.license = m->license;
      manifests[i] = std::move(*m);
    }
    if (n.pkg.name.empty() && !n.location.empty()) n.pkg.name = n.location;
    if (!importer_by_path.emplace(imp.folder, static_cast<uint32_t>(g.nodes.size())).second) {
      return error_at(imp.at, "two importers for the folder \"" + std::string(imp.path) + "\"");
    }
    g.nodes.push_back(std::move(n));
  }

  // Packages: one node per snapshot, in dependency-path order.
  if (layout_ == Layout::V9) {
    for (Snapshot& s : snapshots_) {
      auto it = meta_by_key_.find(without_peers(s.key));
      if (it != meta_by_key_.end()) {
        s.meta = it->second;
        metas_[it->second].has_snapshot = true;
      } else {
        g.warnings.push_back(warning_at(s.at, "missing: snapshot \"" + std::string(s.key) + "\" has no entry in packages"));
      }
    }
    for (const Meta& m : metas_) {
      if (!m.has_snapshot) {
        g.warnings.push_back(warning_at(m.at, "extraneous: package \"" + std::string(m.key) + "\" has no snapshot: nothing installs it"));
      }
    }
  }
  std::vector<uint32_t> order(snapshots_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return snapshots_[a].key < snapshots_[b].key; });
  const uint32_t first_package = static_cast<uint32_t>(g.nodes.size());
  g.nodes.resize(g.nodes.size() + order.size());
  node_by_path_.reserve(order.size());
  for (uint32_t k = 0; k < order.size(); ++k) {
    const Snapshot& s = snapshots_[order[k]];
    const Meta* m = s.meta >= 0 ? &metas_[static_cast<size_t>(s.meta)] : nullptr;
    fill_package(g.nodes[first_package + k], s, m);
    node_by_path_.emplace(s.key, first_package + k);
  }

  auto who = [&](uint32_t i) {
    const Node& n = g.nodes[i];
    if (n.importer) return n.location.empty() ? std::string("the project") : "workspace " + n.location;
    return n.pkg.id();
  };
  std::string scratch;
  // Resolves one dependency of node `from`; `base` is the folder link: values are relative to.
  auto add_edge = [&](uint32_t from, std::string_view base, std::string_view name, std::string_view ref,
                      std::string_view declared, DepType type, uint32_t at) {
    if (starts_with(ref, "link:")) {
      std::string target = normalise_path(std::string(base) + "/" + std::string(ref.substr(5)));
      auto imp = importer_by_path.find(target);
      uint32_t to = imp != importer_by_path.end() ? imp->second : link_node(g, target, name);
      if (to != from) g.nodes[from].deps.push_back({to, type, declared.empty() ? kNoRange : g.add_range(declared)});
      return;
    }
    std::string_view path = ref_to_path(layout_, name, ref, scratch);
    auto it = node_by_path_.find(path);
    if (it == node_by_path_.end()) {
      g.nodes[from].unresolved.push_back({std::string(name), std::string(declared.empty() ? ref : declared), type});
      g.warnings.push_back(warning_at(at, "missing: " + std::string(name) + "@" + std::string(ref) + ", required by " + who(from)));
      return;
    }
    Node& target = g.nodes[it->second];
    if (target.pkg.name.empty()) target.pkg.name = std::string(name);
    if (name != target.pkg.name && (target.alias.empty() || name < target.alias)) target.alias = std::string(name);
    g.nodes[from].deps.push_back({it->second, type, declared.empty() ? kNoRange : g.add_range(declared)});
  };

  // Importers' edges, and whether their package.json agrees with the lockfile.
  for (size_t i = 0; i < importers_.size(); ++i) {
    const Importer& imp = importers_[i];
    const uint32_t from = static_cast<uint32_t>(i);
    for (const ImporterDep& d : imp.deps) add_edge(from, imp.folder, d.name, d.ref, d.specifier, d.type, d.at);
    if (!manifests[i]) continue;
    const Manifest& man = *manifests[i];
    const std::string where = imp.folder == "." ? std::string() : " (workspace " + imp.folder + ")";
    for (const auto& md : man.dependencies) {
      if (md.type == DepType::Peer) continue;
      auto it = std::find_if(imp.deps.begin(), imp.deps.end(), [&](const ImporterDep& d) { return d.name == md.name; });
      if (it == imp.deps.end()) {
        if (exclude_links_ && (starts_with(md.range, "link:") || starts_with(md.range, "workspace:"))) continue;
        g.nodes[from].unresolved.push_back(md);
        g.conflicts.push_back(warning_at(imp.at, "out of sync with package.json" + where + ": " + md.name + "@" + md.range +
                                                    " is not in the lockfile"));
      } else if (!it->specifier.empty() && it->specifier != md.range &&
                 !overridden(md.name)) {
        g.conflicts.push_back(warning_at(it->at, "out of sync with package.json" + where + ": " + md.name + " is " + md.range +
                                                    " in package.json but " + std::string(it->specifier) + " in the lockfile"));
      }
    }
    for (const ImporterDep& d : imp.deps) {
      bool declared = std::any_of(man.dependencies.begin(), man.dependencies.end(),
                                  [&](const DeclaredDependency& x) { return x.name == d.name; });
      if (!declared) {
        g.conflicts.push_back(warning_at(d.at, "out of sync with package.json" + where + ": the lockfile has " + std::string(d.name) +
                                                  "@" + std::string(d.specifier.empty() ? d.ref : d.specifier) +
                                                  " which package.json does not declare"));
      }
    }
  }

  // Packages' edges. A package's link: dependencies are relative to the lockfile's folder.
  for (uint32_t k = 0; k < order.size(); ++k) {
    const Snapshot& s = snapshots_[order[k]];
    const Meta* m = s.meta >= 0 ? &metas_[static_cast<size_t>(s.meta)] : nullptr;
    const uint32_t from = first_package + k;
    if (s.deps >= 0) {
      for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(s.deps))) {
        std::string_view name = node(p.key).text;
        const bool peer = m != nullptr && m->peers >= 0 && tree_.find(static_cast<uint32_t>(m->peers), name) >= 0;
        add_edge(from, ".", name, node(p.value).text, {}, peer ? DepType::Peer : DepType::Prod, p.key);
      }
    }
    if (s.optional_deps >= 0) {
      for (YamlTree::Pair p : tree_.pairs(static_cast<uint32_t>(s.optional_deps))) {
        add_edge(from, ".", node(p.key).text, node(p.value).text, {}, DepType::Optional, p.key);
      }
    }
  }
  return g;
}

Expected<LockGraph> PnpmLockExtractor::extract(const ProjectFiles& files, std::string_view file_name,
                                               std::string& contents) const {
  const std::string display = files.display(file_name);
  if (Status st = check_lockfile_text(display, contents, "a pnpm lockfile"); !st) return st.error();
  YamlLimits limits;
  limits.max_depth = kMaxDepth;
  auto tree = read_yaml(display, contents, limits);
  if (!tree) return tree.error();
  Parser p(files, display, *tree);
  return p.run();
}

}  // namespace

const Extractor& pnpm_lock_extractor() {
  static const PnpmLockExtractor e;
  return e;
}

}  // namespace vigil::inventory
