// yarn.lock v2+ (yarn berry, 2.x-4.x): a YAML file with a `__metadata:` key.
//
// The YAML is read by read_yaml() (yaml_util.h) into a small flat tree: anchors and aliases
// are refused outright (yarn never writes them, and they are how YAML bombs work), nesting is
// capped, duplicate keys are errors, and libfyaml's diagnostics are collected into the
// returned Error instead of being printed. The tree is walked without recursion.
//
// Entries are keyed by descriptors ("debug@npm:^4.3.4, debug@npm:^4.1.0") and say what they
// resolve to ("debug@npm:4.3.4"). Workspace entries ("name@workspace:path") are the importers;
// the lockfile merges their dev dependencies into `dependencies`, so each importer's
// package.json decides the type of its edges. A dependency `name: range` resolves to the entry
// whose key list holds `name@range` (`name@npm:range` for a bare semver range or tag), to the
// compat patch yarn applies to that descriptor when there is one (fsevents, resolve, typescript),
// or to the entry bound to the depending package (`::locator=` keys of file:, link:, portal:).
#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/manifest.h"
#include "inventory/npm_source.h"
#include "yaml/yaml.h"

namespace vigil::inventory {

using namespace vigil::yaml;  // NOLINT(google-build-using-namespace): the YAML tree types

namespace {

constexpr std::string_view kLockName = "yarn.lock";
// yarn writes four levels (entries, fields, dependenciesMeta names, their flags); this leaves
// room for fields we do not read and stops hostile nesting long before it costs anything.
constexpr uint32_t kMaxDepth = 16;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// ---------------------------------------------------------------------------------------------
// The lockfile's entries.

struct Dependency {
  std::string name;
  std::string range;
};

struct Entry {
  std::vector<std::string> descriptors;  // the key, split
  uint32_t line = 0;
  uint32_t column = 0;
  std::string version;
  std::string resolution;
  bool has_version = false;
  bool has_resolution = false;
  std::vector<Dependency> deps;
  std::vector<Dependency> peers;
  std::unordered_set<std::string> optional_deps;   // dependenciesMeta.<name>.optional
  std::unordered_set<std::string> optional_peers;  // peerDependenciesMeta.<name>.optional
};

struct Locator {
  std::string_view name;
  std::string_view reference;
};

// "name@reference" (names of scoped packages start with '@').
std::optional<Locator> split_locator(std::string_view s) {
  size_t at = s.find('@', 1);
  if (s.empty() || at == std::string_view::npos || at + 1 > s.size()) return std::nullopt;
  return Locator{s.substr(0, at), s.substr(at + 1)};
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) {
    return (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Does a range start with a protocol ("npm:", "workspace:", "https:", "git+ssh:")?
bool has_protocol(std::string_view r) {
  size_t i = 0;
  if (r.empty() || !std::isalpha(static_cast<unsigned char>(r[0]))) return false;
  while (i < r.size() && (std::isalnum(static_cast<unsigned char>(r[i])) || r[i] == '+' || r[i] == '-' || r[i] == '.')) ++i;
  return i < r.size() && r[i] == ':';
}

// The underlying locator of patch: and virtual: references, e.g.
// "patch:resolve@npm%3A1.22.0#~builtin<compat/resolve>::version=1.22.0&hash=07638b" → resolve@npm:1.22.0.
struct Unwrapped {
  std::string name;
  std::string reference;
};
Unwrapped unwrap(std::string_view name, std::string_view reference) {
  Unwrapped u{std::string(name), std::string(reference)};
  for (int i = 0; i < 8; ++i) {
    if (starts_with(u.reference, "patch:")) {
      std::string_view inner = std::string_view(u.reference).substr(6);
      inner = inner.substr(0, inner.find('#'));
      std::string decoded = percent_decode(inner);
      auto loc = split_locator(decoded);
      if (!loc) break;
      Unwrapped next{std::string(loc->name), std::string(loc->reference)};
      u = std::move(next);
    } else if (starts_with(u.reference, "virtual:")) {
      size_t hash = u.reference.find('#');
      if (hash == std::string::npos) break;
      u.reference = u.reference.substr(hash + 1);
    } else {
      break;
    }
  }
  return u;
}

SourceKind classify_reference(std::string_view ref) {
  if (starts_with(ref, "npm:")) return SourceKind::Registry;
  if (starts_with(ref, "workspace:")) return SourceKind::Workspace;
  if (starts_with(ref, "file:") || starts_with(ref, "exec:")) return SourceKind::File;
  if (starts_with(ref, "link:") || starts_with(ref, "portal:")) return SourceKind::Link;
  std::string_view base = ref.substr(0, ref.find("::"));
  if (starts_with(base, "git+") || starts_with(base, "git:") || starts_with(base, "git@") ||
      starts_with(base, "ssh:") || starts_with(base, "github:") || starts_with(base, "gitlab:") ||
      starts_with(base, "bitbucket:") || base.find("#commit=") != std::string_view::npos ||
      base.find("#head=") != std::string_view::npos || base.find("#tag=") != std::string_view::npos) {
    return SourceKind::Git;
  }
  std::string_view path = base.substr(0, base.find('#'));
  if (path.size() > 4 && path.substr(path.size() - 4) == ".git") return SourceKind::Git;
  if (starts_with(base, "http:") || starts_with(base, "https:")) {
    if (is_git_host_archive(base)) return SourceKind::Git;
    return classify_npm_source(base, "");
  }
  return SourceKind::Tarball;
}

class YarnBerryExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "yarn-berry"; }
  bool claims(std::string_view file_name, std::string_view contents) const override {
    return file_name == kLockName && has_yarn_berry_metadata(contents);
  }
  Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                              std::string& contents) const override;
};

class Builder {
 public:
  Builder(const ProjectFiles& files, std::string display, const YamlTree& tree)
      : files_(files), display_(std::move(display)), tree_(tree) {}
  Expected<LockGraph> run();

 private:
  const YamlNode& node(uint32_t i) const { return tree_[i]; }
  Error error_at(const YamlNode& n, std::string message) const {
    return make_error(display_, n.line, n.column, std::move(message));
  }
  Expected<std::string> scalar(uint32_t i, std::string_view what) const;
  Status read_entry(uint32_t key_index, uint32_t value_index);
  Status read_deps(uint32_t map, std::string_view what, std::vector<Dependency>& out) const;
  Status read_meta(uint32_t map, std::string_view what, std::unordered_set<std::string>& optional) const;
  int64_t resolve(const Entry* parent, std::string_view name, std::string_view range) const;
  int64_t resolve_descriptor(const Entry* parent, const std::string& descriptor) const;

  const ProjectFiles& files_;
  std::string display_;
  const YamlTree& tree_;
  std::string metadata_version_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, uint32_t> by_descriptor_;  // descriptor as keyed → entry
  // Descriptors bound to a parent ("a@file:./a::locator=root%40workspace%3A."): descriptor
  // without the binding → (decoded parent locator, entry).
  std::unordered_map<std::string, std::vector<std::pair<std::string, uint32_t>>> by_bound_;
  // yarn's built-in compat patches: the descriptor they patch ("resolve@npm:^1.22.0") → entry.
  std::unordered_map<std::string, uint32_t> by_patched_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_name_;  // installed name → entries
};

Expected<std::string> Builder::scalar(uint32_t i, std::string_view what) const {
  const YamlNode& n = node(i);
  if (n.kind != YamlNode::Kind::Scalar) return error_at(n, std::string(what) + " must be a string");
  return std::string(n.text);
}

Status Builder::read_deps(uint32_t map, std::string_view what, std::vector<Dependency>& out) const {
  const YamlNode& m = node(map);
  if (m.kind != YamlNode::Kind::Mapping) return error_at(m, std::string(what) + " must be a mapping");
  for (YamlTree::Pair p : tree_.pairs(map)) {
    std::string name(node(p.key).text);
    auto range = scalar(p.value, std::string(what) + " \"" + name + "\"");
    if (!range) return range.error();
    out.push_back({std::move(name), std::move(*range)});
  }
  return {};
}

Status Builder::read_meta(uint32_t map, std::string_view what, std::unordered_set<std::string>& optional) const {
  const YamlNode& m = node(map);
  if (m.kind != YamlNode::Kind::Mapping) return error_at(m, std::string(what) + " must be a mapping");
  for (YamlTree::Pair p : tree_.pairs(map)) {
    std::string name(node(p.key).text);
    // Keys may carry a version ("fsevents@2.3.2").
    if (size_t at = name.find('@', 1); at != std::string::npos) name.resize(at);
    const YamlNode& flags = node(p.value);
    if (flags.kind != YamlNode::Kind::Mapping) return error_at(flags, std::string(what) + " \"" + name + "\" must be a mapping");
    for (YamlTree::Pair f : tree_.pairs(p.value)) {
      if (node(f.key).text != "optional") continue;
      const YamlNode& v = node(f.value);
      if (v.kind == YamlNode::Kind::Scalar && v.text == "true") optional.insert(name);
    }
  }
  return {};
}

Status Builder::read_entry(uint32_t key_index, uint32_t value_index) {
  const YamlNode& key = node(key_index);
  const YamlNode& value = node(value_index);
  const std::string key_text(key.text);
  Entry e;
  e.line = key.line;
  e.column = key.column;
  if (value.kind != YamlNode::Kind::Mapping) return error_at(value, "entry \"" + key_text + "\" must be a mapping");
  // The key: descriptors joined by ", ".
  std::string_view k = key.text;
  while (!k.empty()) {
    size_t comma = k.find(',');
    std::string_view d = k.substr(0, comma);
    while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
    while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
    if (!split_locator(d)) return error_at(key, "entry key \"" + key_text + "\" is not a list of name@range");
    e.descriptors.emplace_back(d);
    if (comma == std::string_view::npos) break;
    k.remove_prefix(comma + 1);
  }
  if (e.descriptors.empty()) return error_at(key, "empty entry key");
  for (YamlTree::Pair p : tree_.pairs(value_index)) {
    const std::string_view field = node(p.key).text;
    const uint32_t v = p.value;
    if (field == "version" || field == "resolution") {
      auto s = scalar(v, field);
      if (!s) return s.error();
      if (field == "version") {
        e.version = std::move(*s);
        e.has_version = true;
      } else {
        e.resolution = std::move(*s);
        e.has_resolution = true;
      }
    } else if (field == "dependencies") {
      if (Status s = read_deps(v, field, e.deps); !s) return s;
    } else if (field == "peerDependencies") {
      if (Status s = read_deps(v, field, e.peers); !s) return s;
    } else if (field == "dependenciesMeta") {
      if (Status s = read_meta(v, field, e.optional_deps); !s) return s;
    } else if (field == "peerDependenciesMeta") {
      if (Status s = read_meta(v, field, e.optional_peers); !s) return s;
    }
  }
  if (!e.has_resolution) return error_at(key, "entry \"" + key_text + "\" has no resolution (truncated file?)");
  if (!e.has_version) return error_at(key, "entry \"" + key_text + "\" has no version (truncated file?)");
  if (!split_locator(e.resolution)) return error_at(key, "resolution \"" + e.resolution + "\" is not name@reference");
  const uint32_t index = static_cast<uint32_t>(entries_.size());
  for (const auto& d : e.descriptors) {
    auto [it, inserted] = by_descriptor_.emplace(d, index);
    if (!inserted) {
      return error_at(key, "duplicate descriptor \"" + d + "\" (also in the entry at line " +
                               std::to_string(entries_[it->second].line) + ")");
    }
    Locator loc = *split_locator(d);
    by_name_[std::string(loc.name)].push_back(index);
    if (size_t params = d.find("::"); params != std::string::npos) {
      std::string parent;
      std::string_view q = std::string_view(d).substr(params + 2);
      while (!q.empty()) {
        std::string_view kv = q.substr(0, q.find('&'));
        if (starts_with(kv, "locator=")) parent = percent_decode(kv.substr(8));
        if (kv.size() == q.size()) break;
        q.remove_prefix(kv.size() + 1);
      }
      by_bound_[d.substr(0, params)].emplace_back(std::move(parent), index);
    }
    if (starts_with(loc.reference, "patch:")) {
      std::string_view rest = loc.reference.substr(6);
      size_t hash = rest.find('#');
      if (hash != std::string_view::npos) {
        std::string_view patch = rest.substr(hash + 1);
        if (starts_with(patch, "~builtin<") || starts_with(patch, "optional!builtin<") || starts_with(patch, "builtin<")) {
          std::string inner = percent_decode(rest.substr(0, hash));
          if (auto il = split_locator(inner)) {
            std::string normal = std::string(il->name) + "@" +
                                 (has_protocol(il->reference) ? std::string(il->reference) : "npm:" + std::string(il->reference));
            by_patched_.emplace(std::move(normal), index);
          }
        }
      }
    }
  }
  entries_.push_back(std::move(e));
  return {};
}

int64_t Builder::resolve_descriptor(const Entry* parent, const std::string& descriptor) const {
  if (auto it = by_patched_.find(descriptor); it != by_patched_.end()) return it->second;
  if (auto it = by_descriptor_.find(descriptor); it != by_descriptor_.end()) return it->second;
  if (auto it = by_bound_.find(descriptor); it != by_bound_.end()) {
    if (it->second.size() == 1) return it->second.front().second;
    if (parent != nullptr) {
      for (const auto& [loc, idx] : it->second) {
        if (loc == parent->resolution) return idx;
      }
    }
  }
  return -1;
}

int64_t Builder::resolve(const Entry* parent, std::string_view name, std::string_view range) const {
  std::string n(name);
  if (!has_protocol(range)) {
    int64_t r = resolve_descriptor(parent, n + "@npm:" + std::string(range));
    if (r >= 0) return r;
  }
  return resolve_descriptor(parent, n + "@" + std::string(range));
}

Expected<LockGraph> Builder::run() {
  if (tree_.empty()) return make_error(display_, "empty file: not a yarn lockfile");
  const YamlNode& root = node(tree_.root());
  if (root.kind != YamlNode::Kind::Mapping) return error_at(root, "the lockfile must be a YAML mapping");
  bool has_metadata = false;
  for (YamlTree::Pair rp : tree_.pairs(tree_.root())) {
    const YamlNode& key = node(rp.key);
    const YamlNode& value = node(rp.value);
    if (key.text == "__metadata") {
      has_metadata = true;
      if (value.kind != YamlNode::Kind::Mapping) return error_at(value, "__metadata must be a mapping");
      for (YamlTree::Pair f : tree_.pairs(rp.value)) {
        if (node(f.key).text != "version") continue;
        auto v = scalar(f.value, "__metadata.version");
        if (!v) return v.error();
        const YamlNode& vn = node(f.value);
        if (v->empty() || v->size() > 6 || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
          return error_at(vn, "__metadata.version must be a number");
        }
        metadata_version_ = std::move(*v);
      }
      if (metadata_version_.empty()) return error_at(key, "__metadata has no version");
      continue;
    }
    if (Status s = read_entry(rp.key, rp.value); !s) return s.error();
  }
  if (!has_metadata) return make_error(display_, "no __metadata: not a yarn berry lockfile");

  LockGraph g;
  g.format = "yarn-berry-v" + metadata_version_;

  // Importers: workspace entries, the root ("workspace:.") first, then members by folder.
  struct ImporterInfo {
    std::string location;
    int64_t entry = -1;
    std::optional<Manifest> manifest;
  };
  std::vector<ImporterInfo> importers;
  std::vector<uint32_t> packages;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    Locator loc = *split_locator(entries_[i].resolution);
    if (starts_with(loc.reference, "workspace:")) {
      std::string path(loc.reference.substr(10));
      if (path == "." || path == "./") path.clear();
      if (starts_with(path, "./")) path.erase(0, 2);
      importers.push_back({path, i, std::nullopt});
    } else {
      packages.push_back(i);
    }
  }
  std::sort(importers.begin(), importers.end(), [](const ImporterInfo& a, const ImporterInfo& b) { return a.location < b.location; });
  if (importers.empty() || !importers.front().location.empty()) {
    importers.insert(importers.begin(), ImporterInfo{"", -1, std::nullopt});
    g.warnings.push_back(make_error(display_, "the lockfile has no entry for the root workspace (name@workspace:.)"));
  }
  for (size_t i = 1; i < importers.size(); ++i) {
    if (importers[i].location == importers[i - 1].location) {
      const Entry& e = entries_[static_cast<size_t>(importers[i].entry)];
      return make_error(display_, e.line, e.column, "two entries for workspace \"" + importers[i].location + "\"");
    }
  }
  for (auto& imp : importers) {
    std::string manifest_path = imp.location.empty() ? std::string("package.json") : imp.location + "/package.json";
    if (files_.exists(manifest_path)) {
      auto m = read_manifest(files_, manifest_path);
      if (!m) return m.error();
      imp.manifest = std::move(*m);
    } else {
      g.warnings.push_back(make_error(display_, "workspace \"" + (imp.location.empty() ? std::string(".") : imp.location) +
                                                    "\" has no package.json: its dependencies are all taken as prod"));
    }
  }
  std::sort(packages.begin(), packages.end(), [&](uint32_t a, uint32_t b) {
    return entries_[a].resolution < entries_[b].resolution;
  });

  std::vector<int64_t> node_of(entries_.size(), -1);
  for (const auto& imp : importers) {
    Node n;
    n.importer = true;
    n.location = imp.location;
    n.pkg.source = SourceKind::Workspace;
    if (imp.entry >= 0) {
      const Entry& e = entries_[static_cast<size_t>(imp.entry)];
      n.pkg.name = std::string(split_locator(e.resolution)->name);
      n.pkg.resolved = std::string(split_locator(e.resolution)->reference);
      node_of[static_cast<size_t>(imp.entry)] = static_cast<int64_t>(g.nodes.size());
    }
    if (imp.manifest) {
      if (!imp.manifest->name.empty()) n.pkg.name = imp.manifest->name;
      n.pkg.version = imp.manifest->version;
      n.pkg.license = imp.manifest->license;
    }
    g.nodes.push_back(std::move(n));
  }
  for (uint32_t i : packages) {
    const Entry& e = entries_[i];
    Locator loc = *split_locator(e.resolution);
    Unwrapped u = unwrap(loc.name, loc.reference);
    Node n;
    n.location = e.resolution;
    n.pkg.name = u.name;
    n.pkg.version = e.version;
    if (n.pkg.version.empty() && starts_with(u.reference, "npm:")) n.pkg.version = u.reference.substr(4);
    n.pkg.resolved = std::string(loc.reference);
    n.pkg.source = classify_reference(u.reference);
    // The checksum is yarn's cache hash, not an SRI: it stays out of `integrity`.
    for (const auto& d : e.descriptors) {
      std::string_view installed = split_locator(d)->name;
      if (installed != n.pkg.name) {
        n.alias = std::string(installed);
        break;
      }
    }
    node_of[i] = static_cast<int64_t>(g.nodes.size());
    g.nodes.push_back(std::move(n));
  }

  // Edges.
  auto who = [&](size_t node_index) {
    const Node& n = g.nodes[node_index];
    if (n.importer) return n.location.empty() ? std::string("the project") : "workspace " + n.location;
    return n.pkg.id();
  };
  std::vector<uint32_t> line_of(g.nodes.size(), 0);  // of each node's entry, for warnings
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (node_of[i] >= 0) line_of[static_cast<size_t>(node_of[i])] = entries_[i].line;
  }
  auto missing = [&](size_t from, const std::string& name, const std::string& range, DepType type) {
    g.nodes[from].unresolved.push_back({name, range, type});
    g.warnings.push_back(make_error(display_, line_of[from], 0, std::string("missing: ") + (type == DepType::Peer ? "peer " : "") + name +
                                                  "@" + range + " required by " + who(from)));
  };
  auto edge_to = [&](size_t from, int64_t entry, DepType type, std::string_view range) {
    if (entry < 0 || node_of[static_cast<size_t>(entry)] < 0) return false;
    uint32_t to = static_cast<uint32_t>(node_of[static_cast<size_t>(entry)]);
    // Berry writes the npm protocol into ranges ("npm:^1.0.0"); an alias keeps it ("npm:ms@2.0.0").
    if (range.rfind("npm:", 0) == 0 && range.find('@', 5) == std::string_view::npos) range.remove_prefix(4);
    if (to != from) g.nodes[from].deps.push_back({to, type, g.add_range(range)});
    return true;
  };
  // A peer is provided by the parent of whoever needs it; without that context the lockfile
  // alone resolves it only when its descriptor or its name is unambiguous.
  auto peer = [&](size_t from, const Entry* parent, const Dependency& d, bool optional) {
    int64_t r = resolve(parent, d.name, d.range);
    if (r < 0) {
      auto it = by_name_.find(d.name);
      if (it != by_name_.end()) {
        std::unordered_set<int64_t> targets;
        for (uint32_t idx : it->second) targets.insert(node_of[idx]);
        if (targets.size() == 1) r = it->second.front();
        if (r < 0) return;  // several candidates: whichever the parent provides
      }
    }
    if (!edge_to(from, r, DepType::Peer, d.range) && !optional) missing(from, d.name, d.range, DepType::Peer);
  };

  for (size_t ii = 0; ii < importers.size(); ++ii) {
    const auto& imp = importers[ii];
    const Entry* e = imp.entry >= 0 ? &entries_[static_cast<size_t>(imp.entry)] : nullptr;
    const Manifest* m = imp.manifest ? &*imp.manifest : nullptr;
    std::vector<Dependency> lock_deps;
    if (e != nullptr) {
      lock_deps = e->deps;
    } else if (m != nullptr) {
      for (const auto& d : m->dependencies) {
        if (d.type != DepType::Peer) lock_deps.push_back({d.name, d.range});
      }
    }
    for (const auto& d : lock_deps) {
      DepType type = DepType::Prod;
      bool declared = m == nullptr;
      if (m != nullptr) {
        for (const auto& md : m->dependencies) {
          if (md.name == d.name && md.type != DepType::Peer) {
            type = md.type;
            declared = true;
            break;
          }
        }
      }
      if (!declared) {
        if (e != nullptr && e->optional_deps.count(d.name) != 0) type = DepType::Optional;
        g.conflicts.push_back(make_error(display_, line_of[ii], 0, "out of sync with package.json: the lockfile has " + d.name + "@" + d.range +
                                                      " for " + who(ii) + ", which its package.json does not declare"));
      }
      if (!edge_to(ii, resolve(e, d.name, d.range), type, d.range) && type != DepType::Optional) {
        missing(ii, d.name, d.range, type);
      }
    }
    if (e != nullptr) {
      for (const auto& d : e->peers) peer(ii, e, d, true);
    }
    if (m != nullptr && e != nullptr) {
      for (const auto& md : m->dependencies) {
        if (md.type == DepType::Peer) continue;
        bool in_lock = std::any_of(lock_deps.begin(), lock_deps.end(), [&](const Dependency& d) { return d.name == md.name; });
        if (!in_lock && md.type != DepType::Optional) missing(ii, md.name, md.range, md.type);
      }
    }
  }
  for (uint32_t i : packages) {
    const Entry& e = entries_[i];
    const size_t from = static_cast<size_t>(node_of[i]);
    for (const auto& d : e.deps) {
      const bool optional = e.optional_deps.count(d.name) != 0;
      const DepType type = optional ? DepType::Optional : DepType::Prod;
      if (!edge_to(from, resolve(&e, d.name, d.range), type, d.range) && !optional) missing(from, d.name, d.range, type);
    }
    for (const auto& d : e.peers) peer(from, &e, d, e.optional_peers.count(d.name) != 0);
  }
  return g;
}

Expected<LockGraph> YarnBerryExtractor::extract(const ProjectFiles& files, std::string_view file_name,
                                                std::string& contents) const {
  const std::string display = files.display(file_name);
  if (Status st = check_lockfile_text(display, contents, "a yarn lockfile"); !st) return st.error();
  YamlLimits limits;
  limits.max_depth = kMaxDepth;
  auto tree = read_yaml(display, contents, limits);
  if (!tree) return tree.error();
  Builder b(files, display, *tree);
  return b.run();
}

}  // namespace

const Extractor& yarn_berry_extractor() {
  static const YarnBerryExtractor e;
  return e;
}

}  // namespace vigil::inventory
