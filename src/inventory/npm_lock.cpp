// package-lock.json (v1, v2, v3) and npm-shrinkwrap.json: npm's own lockfiles.
//
// v2 and v3 describe the installed tree in "packages", keyed by folder ("node_modules/a",
// "node_modules/a/node_modules/b", "packages/member"); v1 nests entries under "dependencies"
// with "requires". Both are turned into one list of entries with v2-style locations, and each
// dependency name is resolved as Node.js resolves a require(): the nearest node_modules folder
// up the tree that holds it. Links (workspace members, file: folders) are followed.
#include <algorithm>
#include <string>
#include <deque>
#include <unordered_map>

#include "inventory/extractors.h"
#include "inventory/json_util.h"
#include "inventory/manifest.h"
#include "inventory/npm_source.h"

namespace vigil::inventory {

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

// A dependency as an entry declares it; views into the parser's buffers.
struct Dep {
  std::string_view name;
  std::string_view range;
  DepType type;
};

// One lockfile entry. Every view points into the simdjson parser's string buffer, the file
// text, or Parser::owned_, all of which outlive the Parser's work.
struct Entry {
  std::string_view location;  // v2-style folder of the entry, "" for the root
  std::string_view name;      // real name ("name" field, alias target, or from the location)
  std::string_view installed_as;
  std::string_view version;
  std::string_view resolved;
  std::string_view integrity;
  std::string_view license;
  bool dev = false;
  bool optional = false;
  bool bundled = false;
  bool link = false;
  std::vector<Dep> deps;
  std::vector<std::string_view> optional_peers;  // peerDependenciesMeta.*.optional
};

// The package name a node_modules location ends with: "node_modules/a/node_modules/@s/b" → "@s/b".
std::string_view name_from_location(std::string_view loc) {
  auto pos = loc.rfind("node_modules/");
  if (pos == std::string_view::npos) {
    auto slash = loc.rfind('/');
    return slash == std::string_view::npos ? loc : loc.substr(slash + 1);
  }
  return loc.substr(pos + 13);
}

bool is_node_modules_location(std::string_view loc) {
  return loc.substr(0, 13) == "node_modules/" || loc.find("/node_modules/") != std::string_view::npos;
}

class NpmLockExtractor final : public Extractor {
 public:
  NpmLockExtractor(std::string_view file, std::string_view nm) : file_(file), name_(nm) {}
  std::string_view name() const override { return name_; }
  bool claims(std::string_view file_name, std::string_view) const override { return file_name == file_; }
  Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                              std::string& contents) const override;

 private:
  std::string_view file_;
  std::string_view name_;
};

class Parser {
 public:
  Parser(const ProjectFiles& files, std::string display, std::string_view text)
      : files_(files), w_(std::move(display), text) {}

  Expected<LockGraph> run(simdjson::ondemand::document& doc);

 private:
  Status read_packages(value v);
  Status read_v2_entry(std::string_view location, value v, const char* where);
  Status read_v1_tree(value v, std::string_view parent, int depth);
  Status read_dep_map(value v, std::string_view what, DepType type, Entry& e);
  Status read_common_field(std::string_view key, value v, Entry& e, bool& handled);
  void finish_v1_alias(Entry& e);
  LockGraph build(const Manifest* manifest);
  int64_t resolve(std::string_view from, std::string_view name) const;

  const ProjectFiles& files_;
  JsonWalker w_;
  int64_t lockfile_version_ = 0;
  bool has_packages_ = false;
  std::string_view root_name_, root_version_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, uint32_t> by_location_;
  std::deque<std::string> owned_;  // strings made here (v1 locations); a deque never moves them
  mutable std::string scratch_;    // resolve()'s candidate path
};

Status Parser::read_dep_map(value v, std::string_view what, DepType type, Entry& e) {
  return w_.fields(v, what, true, [&](std::string_view name, value range, const char*) -> Status {
    std::string_view r;
    if (Status st = w_.view(range, what, name, r); !st) return st;
    e.deps.push_back({name, r, type});
    return {};
  });
}

Status Parser::read_common_field(std::string_view key, value v, Entry& e, bool& handled) {
  handled = true;
  auto str = [&](std::string_view& out) -> Status { return w_.view(v, key, {}, out); };
  if (key == "version") return str(e.version);
  if (key == "resolved") {
    if (w_.type(v) == json_type::null) return {};
    return str(e.resolved);
  }
  if (key == "integrity") {
    if (w_.type(v) == json_type::null) return {};
    return str(e.integrity);
  }
  if (key == "dev") return (e.dev = w_.boolean(v, key), Status{});
  if (key == "optional") return (e.optional = w_.boolean(v, key), Status{});
  if (key == "devOptional") {
    if (w_.boolean(v, key)) e.dev = e.optional = true;
    return {};
  }
  if (key == "inBundle" || key == "bundled") return (e.bundled = w_.boolean(v, key), Status{});
  handled = false;
  return {};
}

Status Parser::read_v2_entry(std::string_view location, value v, const char* where) {
  if (by_location_.count(location) != 0) {
    return w_.at(where, "duplicate package entry \"" + std::string(location) + "\"");
  }
  Entry e;
  e.location = location;
  Status st = w_.fields(v, "a package entry", true,
                        [&](std::string_view key, value x, const char*) -> Status {
    bool handled = false;
    if (Status s = read_common_field(key, x, e, handled); !s || handled) return s;
    if (key == "name") {
      return w_.view(x, "name", {}, e.name);
    } else if (key == "link") {
      e.link = w_.boolean(x, key);
    } else if (key == "license") {
      json_type t = w_.type(x);
      if (t == json_type::string) return w_.view(x, "license", {}, e.license);
      if (t == json_type::object) {
        simdjson::ondemand::object o;
        std::string_view lt;
        if (!x.get_object().get(o) && !o.find_field_unordered("type").get_string().get(lt)) e.license = lt;
      }
    } else if (key == "dependencies") {
      return read_dep_map(x, "dependencies", DepType::Prod, e);
    } else if (key == "optionalDependencies") {
      return read_dep_map(x, "optionalDependencies", DepType::Optional, e);
    } else if (key == "peerDependencies") {
      return read_dep_map(x, "peerDependencies", DepType::Peer, e);
    } else if (key == "devDependencies") {
      // Only the root's and workspace members' dev dependencies are installed.
      if (!is_node_modules_location(e.location)) return read_dep_map(x, "devDependencies", DepType::Dev, e);
    } else if (key == "peerDependenciesMeta") {
      return w_.fields(x, "peerDependenciesMeta", true, [&](std::string_view n, value meta, const char*) -> Status {
        simdjson::ondemand::object o;
        bool opt = false;
        if (!meta.get_object().get(o) && !o.find_field_unordered("optional").get_bool().get(opt) && opt) {
          e.optional_peers.push_back(n);
        }
        return {};
      });
    }
    return {};
  });
  if (!st) return st;
  if (!is_node_modules_location(e.location)) {
    // The root or a folder of the repository (workspace member, file: dependency).
    if (e.name.empty()) e.name = e.location.empty() ? root_name_ : name_from_location(e.location);
  } else {
    e.installed_as = name_from_location(e.location);
    if (e.name.empty()) e.name = e.installed_as;
  }
  by_location_.emplace(e.location, static_cast<uint32_t>(entries_.size()));
  entries_.push_back(std::move(e));
  return {};
}

Status Parser::read_packages(value v) {
  has_packages_ = true;
  return w_.fields(v, "packages", false, [&](std::string_view key, value x, const char* where) -> Status {
    return read_v2_entry(key, x, where);
  });
}

void Parser::finish_v1_alias(Entry& e) {
  // v1 writes an alias as "version": "npm:real-name@1.2.3".
  if (e.version.substr(0, 4) == "npm:") {
    std::string_view spec = e.version.substr(4);
    auto at = spec.rfind('@');
    if (at != std::string_view::npos && at > 0) {
      e.name = spec.substr(0, at);
      e.version = spec.substr(at + 1);
    }
  }
}

Status Parser::read_v1_tree(value v, std::string_view parent, int depth) {
  return w_.fields(v, "dependencies", true, [&](std::string_view name, value x, const char* where) -> Status {
    Entry e;
    owned_.push_back((parent.empty() ? std::string() : std::string(parent) + "/") + "node_modules/" + std::string(name));
    e.location = owned_.back();
    e.name = name;
    e.installed_as = name;
    bool has_nested = false;
    Status st = w_.fields(x, "a dependency", true,
                          [&](std::string_view key, value y, const char*) -> Status {
      bool handled = false;
      if (Status s = read_common_field(key, y, e, handled); !s || handled) return s;
      if (key == "requires") {
        if (w_.type(y) == json_type::object) return read_dep_map(y, "requires", DepType::Prod, e);
      } else if (key == "dependencies") {
        has_nested = true;
        // Nested entries are read after this one so that parents come first.
        if (depth > 200) return w_.at(where, "dependencies nested too deeply");
        // Register this entry first so that children can find their parent.
        finish_v1_alias(e);
        if (by_location_.count(e.location) == 0) {
          by_location_.emplace(e.location, static_cast<uint32_t>(entries_.size()));
          entries_.push_back(e);
        }
        return read_v1_tree(y, e.location, depth + 1);
      }
      return {};
    });
    if (!st) return st;
    finish_v1_alias(e);
    auto it = by_location_.find(e.location);
    if (it != by_location_.end()) {
      if (!has_nested) return w_.at(where, "duplicate dependency \"" + std::string(name) + "\"");
      // Fields that came after "dependencies" complete the entry registered early.
      Entry& early = entries_[it->second];
      early.version = e.version;
      early.name = e.name;
      early.resolved = e.resolved;
      early.integrity = e.integrity;
      early.dev = e.dev;
      early.optional = e.optional;
      early.bundled = e.bundled;
      early.deps = e.deps;
      return {};
    }
    by_location_.emplace(e.location, static_cast<uint32_t>(entries_.size()));
    entries_.push_back(std::move(e));
    return {};
  });
}

int64_t Parser::resolve(std::string_view from, std::string_view name) const {
  std::string_view dir = from;
  while (true) {
    scratch_.assign(dir);
    if (!dir.empty()) scratch_ += '/';
    scratch_ += "node_modules/";
    scratch_ += name;
    auto it = by_location_.find(std::string_view(scratch_));
    if (it != by_location_.end()) {
      // Follow links (workspace members, file: folders) to their target entry.
      const Entry* e = &entries_[it->second];
      uint32_t idx = it->second;
      for (int hops = 0; e->link && hops < 8; ++hops) {
        auto t = by_location_.find(e->resolved);
        if (t == by_location_.end()) return -2;  // link to a folder the lockfile does not describe
        idx = t->second;
        e = &entries_[idx];
      }
      return idx;
    }
    if (dir.empty()) return -1;
    auto slash = dir.rfind('/');
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
  }
}

Expected<LockGraph> Parser::run(simdjson::ondemand::document& doc) {
  value root;
  if (auto e = doc.get_value().get(root)) return w_.fail(e, nullptr);
  if (w_.type(root) != json_type::object) return w_.at(w_.where(root), "the lockfile must be a JSON object");
  // v1 keeps its tree in "dependencies"; v2 carries both ("packages" first), v3 only "packages".
  bool v1_read = false;
  Status st = w_.fields(root, "the lockfile", true, [&](std::string_view key, value v, const char*) -> Status {
    if (key == "lockfileVersion") {
      const char* loc = w_.where(v);
      if (v.get_int64().get(lockfile_version_)) return w_.at(loc, "lockfileVersion must be an integer");
      if (lockfile_version_ < 1 || lockfile_version_ > 3) {
        return w_.at(loc, "unsupported lockfileVersion " + std::to_string(lockfile_version_));
      }
    } else if (key == "name" && w_.type(v) == json_type::string) {
      return w_.view(v, "name", {}, root_name_);
    } else if (key == "version" && w_.type(v) == json_type::string) {
      return w_.view(v, "version", {}, root_version_);
    } else if (key == "packages") {
      if (v1_read) {  // an unusual key order: "packages" wins over the v1 tree read before it
        entries_.clear();
        by_location_.clear();
      }
      return read_packages(v);
    } else if (key == "dependencies" && !has_packages_) {
      if (w_.type(v) != json_type::object) return w_.at(w_.where(v), "dependencies must be an object");
      v1_read = true;
      return read_v1_tree(v, "", 0);
    }
    return {};
  });
  if (!st) return st.error();
  if (Status e = w_.expect_end(doc); !e) return e.error();
  if (lockfile_version_ == 0) return make_error(w_.display(), "no lockfileVersion: not an npm lockfile");
  if (!has_packages_ && lockfile_version_ >= 3) {
    return make_error(w_.display(), "lockfileVersion " + std::to_string(lockfile_version_) + " without \"packages\"");
  }
  // The manifest beside the lockfile, for the root's declared dependencies (v1) and the
  // check that the two agree.
  std::optional<Manifest> manifest;
  if (files_.exists("package.json")) {
    auto m = read_manifest(files_, "package.json");
    if (!m) return m.error();
    manifest = std::move(*m);
  }
  return build(manifest ? &*manifest : nullptr);
}

LockGraph Parser::build(const Manifest* manifest) {
  LockGraph g;
  g.format = "package-lock-v" + std::to_string(lockfile_version_);
  const std::string& display = w_.display();

  // The root entry: v2/v3 have it as packages[""], v1 takes it from the manifest.
  auto root_it = by_location_.find("");
  if (root_it == by_location_.end()) {
    Entry root;
    root.location = "";
    if (manifest != nullptr) {
      for (const auto& d : manifest->dependencies) root.deps.push_back({d.name, d.range, d.type});
      root.name = manifest->name;
      root.version = manifest->version;
    } else {
      // No manifest and no root entry: every top-level entry is a direct dependency.
      for (const auto& e : entries_) {
        if (e.location.substr(0, 13) != "node_modules/" || e.location.substr(13) != e.installed_as) continue;
        DepType t = e.dev ? DepType::Dev : (e.optional ? DepType::Optional : DepType::Prod);
        root.deps.push_back({e.installed_as, e.version, t});
      }
    }
    by_location_.emplace("", static_cast<uint32_t>(entries_.size()));
    entries_.push_back(std::move(root));
    root_it = by_location_.find("");
  }
  Entry& root = entries_[root_it->second];
  if (root.name.empty()) root.name = root_name_;
  if (root.version.empty()) root.version = root_version_;
  if (manifest != nullptr) {
    if (root.name.empty()) root.name = manifest->name;
    if (root.version.empty()) root.version = manifest->version;
    if (root.license.empty()) root.license = manifest->license;
    // A lockfile that contradicts its manifest: npm ci refuses it. The graph is still complete.
    if (has_packages_) {
      for (const auto& d : manifest->dependencies) {
        if (d.type == DepType::Peer) continue;
        auto it = std::find_if(root.deps.begin(), root.deps.end(), [&](const Dep& x) { return x.name == d.name; });
        if (it == root.deps.end()) {
          g.conflicts.push_back(make_error(display, "out of sync with package.json: " + d.name + "@" + d.range + " is not in the lockfile"));
        } else if (it->range != d.range) {
          g.conflicts.push_back(make_error(display, "out of sync with package.json: " + d.name + " is " + d.range +
                                                       " in package.json but " + std::string(it->range) + " in the lockfile"));
        }
      }
      for (const auto& d : root.deps) {
        if (d.type == DepType::Peer) continue;
        bool declared = std::any_of(manifest->dependencies.begin(), manifest->dependencies.end(),
                                    [&](const DeclaredDependency& x) { return x.name == d.name; });
        if (!declared) {
          g.conflicts.push_back(make_error(display, "out of sync with package.json: the lockfile has " + std::string(d.name) + "@" +
                                                       std::string(d.range) + " which package.json does not declare"));
        }
      }
    }
  }

  // Nodes: the root first, then importers (repository folders), then packages, each group in
  // location order so the result does not depend on the file's key order.
  std::vector<uint32_t> order;
  order.reserve(entries_.size());
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    if (!entries_[i].link) order.push_back(i);
  }
  auto rank = [&](const Entry& e) { return e.location.empty() ? 0 : (is_node_modules_location(e.location) ? 2 : 1); };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Entry& x = entries_[a];
    const Entry& y = entries_[b];
    int rx = rank(x), ry = rank(y);
    if (rx != ry) return rx < ry;
    return x.location < y.location;
  });
  std::vector<int64_t> node_of(entries_.size(), -1);
  g.nodes.reserve(order.size());
  for (uint32_t idx : order) {
    const Entry& e = entries_[idx];
    node_of[idx] = static_cast<int64_t>(g.nodes.size());
    Node n;
    n.location = std::string(e.location);
    n.importer = !is_node_modules_location(e.location);
    n.pkg.name = e.name;
    n.pkg.version = e.version;
    n.pkg.resolved = e.resolved;
    n.pkg.integrity = e.integrity;
    n.pkg.license = e.license;
    if (n.importer) {
      n.pkg.source = SourceKind::Workspace;
      const std::string manifest_path = std::string(e.location) + "/package.json";
      if (n.pkg.license.empty() && !e.location.empty() && files_.exists(manifest_path)) {
        auto m = read_manifest(files_, manifest_path);
        if (m) n.pkg.license = m->license;
      }
    } else {
      n.pkg.source = classify_npm_source(e.resolved, e.version);
      if (n.pkg.source == SourceKind::Git) normalise_git_version(n.pkg);
    }
    if (!e.installed_as.empty() && e.installed_as != e.name) n.alias = std::string(e.installed_as);
    n.bundled = e.bundled;
    n.lock_dev = e.dev;
    g.nodes.push_back(std::move(n));
  }
  for (uint32_t idx : order) {
    const Entry& e = entries_[idx];
    Node& n = g.nodes[static_cast<size_t>(node_of[idx])];
    for (const auto& d : e.deps) {
      int64_t target = resolve(e.location, d.name);
      if (target >= 0 && entries_[static_cast<size_t>(target)].link) target = -1;
      if (target >= 0 && node_of[static_cast<size_t>(target)] >= 0) {
        n.deps.push_back({static_cast<uint32_t>(node_of[static_cast<size_t>(target)]), d.type, g.add_range(d.range)});
        continue;
      }
      bool optional_peer = d.type == DepType::Peer &&
                           std::find(e.optional_peers.begin(), e.optional_peers.end(), d.name) != e.optional_peers.end();
      if (d.type == DepType::Optional || optional_peer) continue;  // not installed on this platform: fine
      if (e.bundled || (d.type == DepType::Dev && !n.importer)) continue;
      n.unresolved.push_back({std::string(d.name), std::string(d.range), d.type});
      std::string who = e.location.empty() ? "the project" : (n.pkg.name + "@" + n.pkg.version);
      g.warnings.push_back(make_error(display, "missing: " + std::string(d.name) + "@" + std::string(d.range) + ", required by " + who));
    }
  }
  return g;
}

Expected<LockGraph> NpmLockExtractor::extract(const ProjectFiles& files, std::string_view file_name,
                                              std::string& contents) const {
  const std::string display = files.display(file_name);
  // One parser per thread, reused across lockfiles (its buffers are allocated once). The views
  // the Parser keeps into it are dropped before extract() returns. Manifests use their own.
  thread_local simdjson::ondemand::parser parser(simdjson::SIMDJSON_MAXSIZE_BYTES);
  simdjson::ondemand::document doc;
  if (Status s = iterate_json(parser, contents, display, doc); !s) return s.error();
  Parser p(files, display, contents);
  return p.run(doc);
}

}  // namespace

const Extractor& package_lock_extractor() {
  static const NpmLockExtractor e("package-lock.json", "package-lock");
  return e;
}

const Extractor& npm_shrinkwrap_extractor() {
  static const NpmLockExtractor e("npm-shrinkwrap.json", "npm-shrinkwrap");
  return e;
}

}  // namespace vigil::inventory
