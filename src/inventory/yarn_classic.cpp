// yarn.lock v1: the lockfile of yarn classic (1.x).
//
// The format is yarn's own indentation language, not YAML: top-level entries keyed by one or
// more "name@range" descriptors, each with an indented block of fields (`version "1.2.3"`,
// `resolved "url#sha1"`, `integrity sha512-...`, `dependencies:` / `optionalDependencies:`
// blocks of `name "range"`). It is read by one pass over the lines, without recursion; the
// nesting is capped, so hostile input can cost no more than its length.
//
// The lockfile does not say which entries the project itself depends on: that comes from the
// package.json beside it and, for workspaces, from each member's package.json. Every
// dependency (the project's and the entries') is resolved by its "name@range" key, exactly as
// yarn looks it up; a workspace member depended upon by name resolves to its importer node.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "inventory/extractors.h"
#include "inventory/manifest.h"
#include "inventory/npm_source.h"

namespace vigil::inventory {

namespace {

constexpr std::string_view kLockName = "yarn.lock";
// yarn writes entries (level 0), their fields (1) and dependency lists (2); deeper blocks are
// tolerated in fields we do not read, up to this level.
constexpr uint32_t kMaxLevel = 6;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "name@range" → {name, range}; the name of a scoped package starts with '@'.
struct Descriptor {
  std::string_view name;
  std::string_view range;
};
std::optional<Descriptor> split_descriptor(std::string_view s) {
  size_t at = s.find('@', 1);
  if (s.empty() || at == std::string_view::npos) return std::nullopt;
  return Descriptor{s.substr(0, at), s.substr(at + 1)};
}

// The package a range installs: "npm:real@^1" (or "npm:real", any version) names another
// package, an alias; "npm:^1" is a plain range of the same package.
Descriptor unalias(Descriptor d) {
  if (!starts_with(d.range, "npm:")) return d;
  std::string_view spec = d.range.substr(4);
  if (auto inner = split_descriptor(spec)) return *inner;
  const bool range_syntax = spec.empty() || std::string_view("^~<>=*0123456789 ").find(spec[0]) != std::string_view::npos;
  if (!range_syntax) return {spec, ""};
  return {d.name, spec};
}

bool is_git_range(std::string_view r) {
  if (starts_with(r, "git+") || starts_with(r, "git://") || starts_with(r, "git@") ||
      starts_with(r, "github:") || starts_with(r, "gitlab:") || starts_with(r, "bitbucket:") ||
      starts_with(r, "gist:")) {
    return true;
  }
  // GitHub shorthand "user/repo" or "user/repo#ref": no protocol, not a path, no range syntax.
  if (r.empty() || r.find(':') != std::string_view::npos || r[0] == '.' || r[0] == '/' || r[0] == '@' ||
      r[0] == '~') {
    return false;
  }
  std::string_view base = r.substr(0, r.find('#'));
  size_t slash = base.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == base.size() ||
      base.find('/', slash + 1) != std::string_view::npos) {
    return false;
  }
  return std::all_of(base.begin(), base.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
  });
}

// "sha1-<base64>" for the 40-hex-digit fragment of an old lockfile's resolved URL.
std::string sha1_sri_from_fragment(std::string_view resolved) {
  size_t hash = resolved.rfind('#');
  if (hash == std::string_view::npos) return {};
  std::string_view hex = resolved.substr(hash + 1);
  if (hex.size() != 40) return {};
  std::array<unsigned char, 20> bytes{};
  for (size_t i = 0; i < 40; ++i) {
    char c = hex[i];
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (v < 0) return {};
    bytes[i / 2] = static_cast<unsigned char>(bytes[i / 2] * 16 + v);
  }
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "sha1-";
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= bytes[i + 2];
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kB64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kB64[n & 63] : '=';
  }
  return out;
}

// One top-level entry of the lockfile.
struct Entry {
  std::vector<std::string> keys;  // descriptors as written ("a@^1.0.0", "b@npm:a@^1")
  uint32_t line = 0;
  uint32_t column = 0;
  std::string version;
  std::string resolved;
  std::string integrity;
  bool has_version = false;
  std::vector<DeclaredDependency> deps;  // dependencies (Prod) and optionalDependencies (Optional)
};

// The line-oriented reader. Each line is: indentation (pairs of spaces), then either a comment,
// or keys ("a", "b@1", c@2 — quoted or not, comma-separated) followed by ':' (a block opens)
// or by one value.
class Reader {
 public:
  Reader(std::string display, std::string_view text) : display_(std::move(display)), text_(text) {}

  Status run(std::vector<Entry>& entries);

 private:
  // The kind of the map a line at some level belongs to.
  enum class Block : uint8_t { Top, Entry, Deps, OptionalDeps, Ignored };

  // An error at byte `offset`: on the current line, counted as the reader counts lines (a lone
  // '\r' ends a line too), or anywhere before the first line is read.
  Error error_at(size_t offset, std::string message) const {
    if (line_no_ > 0 && offset >= line_start_) {
      return make_error(display_, line_no_, static_cast<uint32_t>(offset - line_start_ + 1), std::move(message));
    }
    TextPosition p = position_of(text_, offset);
    return make_error(display_, p.line, p.column, std::move(message));
  }
  // Reads one scalar at `pos` into `out`; advances `pos`.
  Status scalar(std::string_view line, size_t line_start, size_t& pos, std::string& out) const;
  Status close_entry(std::vector<Entry>& entries);

  std::string display_;
  std::string_view text_;
  uint32_t line_no_ = 0;   // the line being read, 1-based
  size_t line_start_ = 0;  // its first byte
  std::optional<Entry> open_;  // the entry being read
  std::vector<std::string> open_fields_;
  std::unordered_set<std::string> open_dep_names_;
};

Status Reader::scalar(std::string_view line, size_t line_start, size_t& pos, std::string& out) const {
  out.clear();
  if (pos >= line.size()) return error_at(line_start + pos, "expected a key or value");
  char c = line[pos];
  if (c == '"') {
    size_t start = pos++;
    while (true) {
      if (pos >= line.size()) return error_at(line_start + start, "unterminated string");
      unsigned char ch = static_cast<unsigned char>(line[pos]);
      if (ch == '"') {
        ++pos;
        return {};
      }
      if (ch < 0x20) return error_at(line_start + pos, "control character in a string");
      if (ch != '\\') {
        out += static_cast<char>(ch);
        ++pos;
        continue;
      }
      if (pos + 1 >= line.size()) return error_at(line_start + start, "unterminated string");
      char e = line[pos + 1];
      pos += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto hex4 = [&](size_t at, uint32_t& v) {
            if (at + 4 > line.size()) return false;
            v = 0;
            for (size_t i = at; i < at + 4; ++i) {
              char h = line[i];
              int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
              if (d < 0) return false;
              v = v * 16 + static_cast<uint32_t>(d);
            }
            return true;
          };
          uint32_t cp = 0;
          if (!hex4(pos, cp)) return error_at(line_start + pos - 2, "bad \\u escape in a string");
          pos += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (pos + 6 > line.size() || line[pos] != '\\' || line[pos + 1] != 'u' || !hex4(pos + 2, lo) ||
                lo < 0xDC00 || lo > 0xDFFF) {
              return error_at(line_start + pos - 6, "unpaired surrogate in a string");
            }
            pos += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return error_at(line_start + pos - 6, "unpaired surrogate in a string");
          }
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          return error_at(line_start + pos - 2, std::string("bad escape \\") + e + " in a string");
      }
    }
  }
  // Unquoted: yarn's tokenizer accepts a word starting with a letter, a digit, '/', '.' or
  // '-', running to the next ':', ',' or space.
  if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '.' || c == '-')) {
    return error_at(line_start + pos, std::string("unexpected character '") +
                                          (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F
                                               ? std::string("\\x") + "0123456789abcdef"[(static_cast<unsigned char>(c) >> 4)] +
                                                     "0123456789abcdef"[c & 15]
                                               : std::string(1, c)) +
                                          "'");
  }
  size_t start = pos;
  while (pos < line.size() && line[pos] != ':' && line[pos] != ',' && line[pos] != ' ' && line[pos] != '\t') ++pos;
  out.assign(line.substr(start, pos - start));
  return {};
}

Status Reader::close_entry(std::vector<Entry>& entries) {
  if (!open_) return {};
  if (!open_->has_version) {
    return make_error(display_, open_->line, open_->column,
                      "entry \"" + open_->keys.front() + "\" has no version (truncated file?)");
  }
  entries.push_back(std::move(*open_));
  open_.reset();
  open_fields_.clear();
  open_dep_names_.clear();
  return {};
}

Status Reader::run(std::vector<Entry>& entries) {
  if (Status st = check_lockfile_text(display_, text_, "a yarn lockfile"); !st) return st;
  // blocks[k] is the kind of the open map at level k; `opened` says the previous line ended
  // with ':' so that the next line may go one level deeper.
  std::vector<Block> blocks{Block::Top};
  bool opened = false;
  Block pending = Block::Ignored;
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> top_keys;  // key → line, column
  uint32_t& line_no = line_no_;
  size_t pos = 0;
  std::string key, value;
  std::vector<std::string> keys;
  std::vector<size_t> key_offsets;
  while (pos < text_.size()) {
    ++line_no;
    size_t end = text_.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text_.size();
    const size_t line_start = line_start_ = pos;
    std::string_view line = text_.substr(pos, end - pos);
    pos = end;
    if (pos < text_.size() && text_[pos] == '\r') ++pos;
    if (pos < text_.size() && text_[pos] == '\n' && (pos == end || text_[pos - 1] == '\r')) ++pos;

    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent == line.size() || line[indent] == '#') continue;  // blank or comment
    if (line[indent] == '\t') return error_at(line_start + indent, "tab in indentation");
    if (indent % 2 != 0) {
      return error_at(line_start + indent, "indentation must be a multiple of two spaces");
    }
    const uint32_t level = static_cast<uint32_t>(indent / 2);
    const size_t allowed = blocks.size() - 1 + (opened ? 1 : 0);
    if (level > allowed) return error_at(line_start + indent, "unexpected indentation");
    if (opened && level == blocks.size()) {
      if (level > kMaxLevel) return error_at(line_start + indent, "nested too deeply");
      blocks.push_back(pending);
    }
    opened = false;
    if (level == 0) {
      if (Status s = close_entry(entries); !s) return s;
    }
    blocks.resize(level + 1);
    const Block block = blocks.back();

    // Keys, then ':' or a value.
    keys.clear();
    key_offsets.clear();
    size_t p = indent;
    while (true) {
      key_offsets.push_back(line_start + p);
      if (Status s = scalar(line, line_start, p, key); !s) return s;
      keys.push_back(key);
      while (p < line.size() && line[p] == ' ') ++p;
      if (p < line.size() && line[p] == ',') {
        ++p;
        while (p < line.size() && line[p] == ' ') ++p;
        continue;
      }
      break;
    }
    bool has_value = false;
    bool colon = false;
    if (p < line.size() && line[p] == ':') {
      colon = true;
      ++p;
      while (p < line.size() && line[p] == ' ') ++p;
    }
    if (p < line.size() && line[p] != '#') {
      if (!colon && (p == 0 || line[p - 1] != ' ')) return error_at(line_start + p, "expected ':' or a value");
      if (Status s = scalar(line, line_start, p, value); !s) return s;
      has_value = true;
      while (p < line.size() && line[p] == ' ') ++p;
      if (p < line.size() && line[p] != '#') return error_at(line_start + p, "unexpected text after the value");
    } else if (!colon) {
      return error_at(line_start + p, "key \"" + keys.front() + "\" has no value");
    }
    if (has_value && keys.size() > 1) {
      return error_at(key_offsets[1], "several keys with one value: expected ':' and a block");
    }

    switch (block) {
      case Block::Top: {
        if (has_value) return error_at(key_offsets[0], "expected an entry: keys followed by ':'");
        Entry e;
        e.line = line_no;
        e.column = static_cast<uint32_t>(indent + 1);
        for (size_t i = 0; i < keys.size(); ++i) {
          TextPosition kp{line_no, static_cast<uint32_t>(key_offsets[i] - line_start + 1)};
          auto [it, inserted] = top_keys.emplace(keys[i], std::make_pair(kp.line, kp.column));
          if (!inserted) {
            return make_error(display_, kp.line, kp.column,
                              "duplicate key \"" + keys[i] + "\" (first at line " + std::to_string(it->second.first) + ")");
          }
          if (!split_descriptor(keys[i])) {
            return make_error(display_, kp.line, kp.column, "entry key \"" + keys[i] + "\" is not of the form name@range");
          }
          e.keys.push_back(keys[i]);
        }
        open_ = std::move(e);
        pending = Block::Entry;
        opened = true;
        break;
      }
      case Block::Entry: {
        if (keys.size() > 1) return error_at(key_offsets[1], "a field has one name");
        const std::string& field = keys[0];
        if (std::find(open_fields_.begin(), open_fields_.end(), field) != open_fields_.end()) {
          return error_at(key_offsets[0], "duplicate field \"" + field + "\"");
        }
        open_fields_.push_back(field);
        if (!has_value) {
          open_dep_names_.clear();
          pending = field == "dependencies" ? Block::Deps : field == "optionalDependencies" ? Block::OptionalDeps : Block::Ignored;
          opened = true;
        } else if (field == "version") {
          open_->version = value;
          open_->has_version = true;
        } else if (field == "resolved") {
          open_->resolved = value;
        } else if (field == "integrity") {
          open_->integrity = value;
        } else if (field == "dependencies" || field == "optionalDependencies") {
          return error_at(key_offsets[0], field + " must be a block");
        }
        break;
      }
      case Block::Deps:
      case Block::OptionalDeps: {
        if (!has_value) return error_at(key_offsets[0], "dependency \"" + keys[0] + "\" has no range");
        // A name in both lists counts once (yarn keeps the optional one).
        if (!open_dep_names_.insert(keys[0]).second) {
          return error_at(key_offsets[0], "duplicate dependency \"" + keys[0] + "\"");
        }
        DepType t = block == Block::Deps ? DepType::Prod : DepType::Optional;
        auto it = std::find_if(open_->deps.begin(), open_->deps.end(), [&](const DeclaredDependency& d) { return d.name == keys[0]; });
        if (it == open_->deps.end()) {
          open_->deps.push_back({keys[0], value, t});
        } else if (t == DepType::Optional) {
          *it = {keys[0], value, t};
        }
        break;
      }
      case Block::Ignored:
        if (!has_value) {
          pending = Block::Ignored;
          opened = true;
        }
        break;
    }
  }
  return close_entry(entries);
}

class YarnClassicExtractor final : public Extractor {
 public:
  std::string_view name() const override { return "yarn-classic"; }
  bool claims(std::string_view file_name, std::string_view contents) const override {
    return file_name == kLockName && !has_yarn_berry_metadata(contents);
  }
  Expected<LockGraph> extract(const ProjectFiles& files, std::string_view file_name,
                              std::string& contents) const override;
};

// The importers of the project: the root and its workspace members, sorted by folder.
struct ImporterInfo {
  std::string location;
  std::optional<Manifest> manifest;
};

Expected<std::vector<ImporterInfo>> read_importers(const ProjectFiles& files) {
  std::vector<ImporterInfo> out(1);
  if (!files.exists("package.json")) return out;
  auto root = read_manifest(files, "package.json");
  if (!root) return root.error();
  out[0].manifest = std::move(*root);
  std::vector<std::string> folders, excluded;
  for (const auto& pattern : out[0].manifest->workspaces) {
    bool negated = !pattern.empty() && pattern[0] == '!';
    auto found = files.glob_folders(negated ? std::string_view(pattern).substr(1) : std::string_view(pattern));
    (negated ? excluded : folders).insert((negated ? excluded : folders).end(), found.begin(), found.end());
  }
  std::sort(folders.begin(), folders.end());
  folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
  for (const auto& f : folders) {
    if (f.empty() || std::find(excluded.begin(), excluded.end(), f) != excluded.end()) continue;
    auto m = read_manifest(files, f + "/package.json");
    if (!m) return m.error();
    out.push_back({f, std::move(*m)});
  }
  return out;
}

Expected<LockGraph> YarnClassicExtractor::extract(const ProjectFiles& files, std::string_view file_name,
                                                  std::string& contents) const {
  const std::string display = files.display(file_name);
  std::vector<Entry> entries;
  Reader reader(display, contents);
  if (Status s = reader.run(entries); !s) return s.error();
  auto importers = read_importers(files);
  if (!importers) return importers.error();

  LockGraph g;
  g.format = "yarn-classic";

  // Importer nodes first: the root, then members by folder.
  std::unordered_map<std::string, uint32_t> member_by_name;
  for (const auto& imp : *importers) {
    Node n;
    n.importer = true;
    n.location = imp.location;
    n.pkg.source = SourceKind::Workspace;
    if (imp.manifest) {
      n.pkg.name = imp.manifest->name;
      n.pkg.version = imp.manifest->version;
      n.pkg.license = imp.manifest->license;
      if (!imp.location.empty() && !n.pkg.name.empty()) {
        member_by_name.emplace(n.pkg.name, static_cast<uint32_t>(g.nodes.size()));
      }
    }
    g.nodes.push_back(std::move(n));
  }
  const uint32_t first_entry = static_cast<uint32_t>(g.nodes.size());

  // Entry nodes, sorted so that the result does not depend on the file's order.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.keys.front() < b.keys.front(); });
  std::unordered_map<std::string_view, uint32_t> by_key;
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    for (const auto& k : e.keys) by_key.emplace(k, first_entry + i);
    Node n;
    n.location = e.keys.front();
    // The real name is the alias target where a key is an alias; installed names differ.
    Descriptor first = *split_descriptor(e.keys.front());
    Descriptor real = unalias(first);
    n.pkg.name = std::string(real.name);
    for (const auto& k : e.keys) {
      Descriptor d = *split_descriptor(k);
      Descriptor target = unalias(d);
      if (d.name != target.name) {
        n.pkg.name = std::string(target.name);
        if (n.alias.empty()) n.alias = std::string(d.name);
      }
    }
    if (n.alias == n.pkg.name) n.alias.clear();
    n.pkg.version = e.version;
    n.pkg.resolved = e.resolved;
    n.pkg.integrity = e.integrity;
    // Where it comes from: the ranges say git / file: / link:, else the resolved URL.
    SourceKind kind = SourceKind::Registry;
    bool decided = false;
    for (const auto& k : e.keys) {
      std::string_view range = unalias(*split_descriptor(k)).range;
      if (starts_with(range, "file:") || starts_with(range, "link:")) {
        kind = starts_with(range, "link:") ? SourceKind::Link : SourceKind::File;
      } else if (is_git_range(range)) {
        kind = SourceKind::Git;
      } else {
        continue;
      }
      decided = true;
      if (n.pkg.resolved.empty()) n.pkg.resolved = std::string(range);
      break;
    }
    if (!decided && !e.resolved.empty()) {
      kind = is_git_host_archive(e.resolved) ? SourceKind::Git : classify_npm_source(e.resolved, "");
    }
    n.pkg.source = kind;
    if (n.pkg.integrity.empty() && (kind == SourceKind::Registry || kind == SourceKind::Tarball)) {
      n.pkg.integrity = sha1_sri_from_fragment(e.resolved);
    }
    g.nodes.push_back(std::move(n));
  }

  // Edges: every declared dependency by its "name@range" key.
  auto resolve = [&](uint32_t from, const DeclaredDependency& d, std::string_view who, uint32_t line) {
    std::string key = d.name + "@" + d.range;
    if (auto it = by_key.find(key); it != by_key.end()) {
      g.nodes[from].deps.push_back({it->second, d.type, g.add_range(d.range)});
      return;
    }
    if (auto it = member_by_name.find(d.name); it != member_by_name.end()) {
      if (it->second != from) g.nodes[from].deps.push_back({it->second, d.type, g.add_range(d.range)});
      return;
    }
    // yarn classic installs neither optional dependencies that failed nor peers.
    if (d.type == DepType::Optional || d.type == DepType::Peer) return;
    g.nodes[from].unresolved.push_back(d);
    g.warnings.push_back(make_error(display, line, 0, "missing: " + key + " required by " + std::string(who)));
  };
  bool any_manifest = false;
  for (uint32_t i = 0; i < first_entry; ++i) {
    const auto& imp = (*importers)[i];
    if (!imp.manifest) continue;
    any_manifest = true;
    std::string who = imp.location.empty() ? std::string("the project") : "workspace " + imp.location;
    for (const auto& d : imp.manifest->dependencies) resolve(i, d, who, 0);
  }
  for (uint32_t i = 0; i < entries.size(); ++i) {
    const std::string who = g.nodes[first_entry + i].pkg.id();
    for (const auto& d : entries[i].deps) resolve(first_entry + i, d, who, entries[i].line);
  }
  if (!any_manifest) {
    // No package.json: the entries nothing else depends on are taken as the project's own.
    std::vector<bool> depended(g.nodes.size(), false);
    for (const auto& n : g.nodes) {
      for (const auto& e : n.deps) depended[e.to] = true;
    }
    for (uint32_t i = first_entry; i < g.nodes.size(); ++i) {
      if (!depended[i]) g.nodes[0].deps.push_back({i, DepType::Prod});
    }
    g.warnings.push_back(make_error(files.display("package.json"),
                                    "no package.json beside " + display + ": its direct dependencies are guessed"));
  }
  return g;
}

}  // namespace

const Extractor& yarn_classic_extractor() {
  static const YarnClassicExtractor e;
  return e;
}

}  // namespace vigil::inventory
