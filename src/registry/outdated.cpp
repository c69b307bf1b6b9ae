// Outdated libraries: an inventory against the registry's documents, and npm-check-updates'
// .ncurc files.
#include <fmt/format.h>

#include <regex>
#include <set>

#include "registry/registry.h"
#include "semver/semver.h"
#include "yaml/yaml.h"

namespace vigil::registry {

std::string_view to_string(Behind b) {
  switch (b) {
    case Behind::UpToDate: return "up-to-date";
    case Behind::Patch: return "patch";
    case Behind::Minor: return "minor";
    case Behind::Major: return "major";
    case Behind::Unknown: return "unknown";
  }
  return "unknown";
}

namespace {

bool glob_match(std::string_view pattern, std::string_view text) {
  // '*' matches any run of characters (npm-check-updates' wildcard).
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Behind behind(const semver::Version& current, const semver::Version& target) {
  int c = semver::compare(current, target);
  if (c >= 0) return Behind::UpToDate;
  if (target.major() != current.major()) return Behind::Major;
  if (target.minor() != current.minor()) return Behind::Minor;
  return Behind::Patch;
}

}  // namespace

bool NcuConfig::rejects(std::string_view name) const {
  for (const auto& r : reject) {
    if (r.size() >= 2 && r.front() == '/' && r.back() == '/') {
      try {
        if (std::regex_search(std::string(name), std::regex(r.substr(1, r.size() - 2)))) return true;
      } catch (const std::regex_error&) {
        continue;  // load_ncurc refused invalid ones; nothing to match here
      }
    } else if (glob_match(r, name)) {
      return true;
    }
  }
  return false;
}

Expected<std::optional<NcuConfig>> load_ncurc(const std::filesystem::path& dir, const std::string& display_prefix,
                                              std::vector<Error>& warnings) {
  std::error_code ec;
  for (const char* f : {".ncurc.js", ".ncurc.cjs"}) {
    if (std::filesystem::is_regular_file(dir / f, ec)) {
      warnings.push_back(make_error(display_prefix + f, "a JavaScript .ncurc cannot be read without running it: its reject list is ignored"));
    }
  }
  for (const char* f : {".ncurc.json", ".ncurc.yaml", ".ncurc.yml", ".ncurc"}) {
    std::filesystem::path file = dir / f;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    std::string display = display_prefix + f;
    auto text = read_file(file, 1 << 20, display);
    if (!text) return text.error();
    // JSON is YAML: one reader for both (and its limits against hostile files).
    yaml::YamlLimits limits;
    limits.sloppy_flow_indentation = true;  // ncu reads its files with js-yaml, which allows it
    auto tree = yaml::read_yaml(display, *text, limits);
    if (!tree) return tree.error();
    NcuConfig cfg;
    cfg.origin = display;
    if (tree->empty()) return std::optional<NcuConfig>(cfg);
    const auto& t = *tree;
    if (!t[t.root()].is_mapping()) return yaml::yaml_error_at(display, t[t.root()], "an .ncurc must be a mapping");
    if (int64_t r = t.find(t.root(), "reject"); r >= 0) {
      auto rn = static_cast<uint32_t>(r);
      if (t[rn].is_scalar() && !t[rn].is_null()) {
        // A comma-separated string, as on ncu's command line.
        std::string_view s = t[rn].text;
        size_t start = 0;
        while (start <= s.size()) {
          size_t comma = s.find(',', start);
          std::string item(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
          item.erase(0, item.find_first_not_of(' '));
          item.erase(item.find_last_not_of(' ') + 1);
          if (!item.empty()) cfg.reject.push_back(item);
          if (comma == std::string_view::npos) break;
          start = comma + 1;
        }
      } else if (t[rn].is_sequence()) {
        for (uint32_t item : t.items(rn)) {
          if (!t[item].is_scalar()) return yaml::yaml_error_at(display, t[item], "a reject entry must be a string");
          std::string v(t[item].text);
          if (v.size() >= 2 && v.front() == '/' && v.back() == '/') {
            try {
              std::regex re(v.substr(1, v.size() - 2));
            } catch (const std::regex_error&) {
              return yaml::yaml_error_at(display, t[item], fmt::format("\"{}\" is not a valid regular expression", v));
            }
          }
          cfg.reject.push_back(v);
        }
      } else if (!t[rn].is_null()) {
        return yaml::yaml_error_at(display, t[rn], "reject must be a list of package names");
      }
    }
    if (int64_t g = t.find(t.root(), "target"); g >= 0) {
      auto gn = static_cast<uint32_t>(g);
      if (!t[gn].is_scalar()) return yaml::yaml_error_at(display, t[gn], "target must be a string");
      std::string v(t[gn].text);
      if (v == "latest" || v == "greatest" || v == "newest" || v == "minor" || v == "patch" || v == "semver") {
        cfg.target = v == "greatest" || v == "newest" ? "latest" : v;
      } else {
        warnings.push_back(yaml::yaml_error_at(display, t[gn], fmt::format("target \"{}\" is not understood: latest is used", v)));
      }
    }
    return std::optional<NcuConfig>(cfg);
  }
  return std::optional<NcuConfig>();
}

Status load_ncurcs(const inventory::Inventory& inv, std::map<std::string, NcuConfig>& out, std::vector<Error>& warnings) {
  for (const auto& cb : inv.codebases) {
    auto ncu = load_ncurc(cb.dir, cb.id == "." ? std::string() : cb.id + "/", warnings);
    if (!ncu) return ncu.error();
    if (*ncu) out.emplace(cb.id, std::move(**ncu));
  }
  return {};
}

OutdatedReport outdated(const inventory::Inventory& inv, const FetchResult& docs, const OutdatedOptions& options) {
  OutdatedReport rep;
  std::map<std::string, std::set<std::string>> versions_of;  // name -> versions, for multiple_versions
  struct Distinct {
    Behind behind = Behind::Unknown;
    bool outdated = false, unknown = false, deprecated = false, missing = false, rejected = false;
    double libyear = 0;
  };
  std::map<std::string, Distinct> distinct;
  for (const auto& cb : inv.codebases) {
    const NcuConfig* ncu = nullptr;
    if (auto it = options.ncurc.find(cb.id); it != options.ncurc.end()) ncu = &it->second;
    // The declared range of each direct dependency (the root's first, then workspace members').
    std::map<uint32_t, std::string> declared;
    for (const auto& d : cb.declared) {
      if (!(d.from & inventory::Codebase::kFromImporter)) continue;
      declared.emplace(d.to, cb.ranges[d.range]);
    }
    for (uint32_t ci = 0; ci < cb.components.size(); ++ci) {
      const auto& c = cb.components[ci];
      if (!c.library()) continue;
      versions_of[c.pkg.name].insert(c.pkg.version);
      if (!c.direct && !options.all) continue;
      OutdatedEntry e;
      e.codebase = cb.id;
      e.name = c.pkg.name;
      e.current = c.pkg.version;
      e.direct = c.direct;
      e.scope = c.scope;
      if (auto it = declared.find(ci); it != declared.end()) e.declared = it->second;
      auto doc = docs.documents.find(c.pkg.name);
      if (doc == docs.documents.end()) {
        auto f = docs.failed.find(c.pkg.name);
        e.unknown = f == docs.failed.end() ? "not fetched" : f->second;
      } else {
        const Packument& p = doc->second;
        if (options.as_of == 0) {
          auto latest = p.dist_tags.find("latest");
          if (latest != p.dist_tags.end()) e.latest = latest->second;
        } else {
          // The newest stable release published by then (versions are in semver order).
          for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
            auto pub = p.published.find(*it);
            if (pub == p.published.end() || pub->second > options.as_of || it->find('-') != std::string::npos) continue;
            e.latest = *it;
            break;
          }
        }
        if (!e.declared.empty()) {
          std::vector<std::string> then;  // with as_of: what had been published by then
          if (options.as_of != 0) {
            for (const auto& v : p.versions) {
              auto pub = p.published.find(v);
              if (pub != p.published.end() && pub->second <= options.as_of) then.push_back(v);
            }
          }
          if (auto w = semver::max_satisfying(options.as_of != 0 ? then : p.versions, e.declared)) e.wanted = *w;
        }
        e.missing = std::find(p.versions.begin(), p.versions.end(), e.current) == p.versions.end();
        if (auto d = p.deprecated.find(e.current); d != p.deprecated.end()) e.deprecated = d->second;
        auto cur = semver::parse(e.current);
        auto lat = semver::parse(e.latest);
        if (cur && lat) {
          e.behind = behind(*cur, *lat);
          // ncu's target: only releases within the same major (minor) or minor (patch) count.
          Behind counted = e.behind;
          if (ncu && (ncu->target == "minor" || ncu->target == "patch" || ncu->target == "semver")) {
            std::string range = ncu->target == "patch" ? fmt::format("~{}", e.current) : fmt::format("^{}", e.current);
            auto best = semver::max_satisfying(p.versions, range);
            auto bv = best ? semver::parse(*best) : std::nullopt;
            counted = bv ? behind(*cur, *bv) : Behind::UpToDate;
          }
          e.rejected = ncu && counted != Behind::UpToDate && ncu->rejects(e.name);
          e.outdated = !e.rejected && counted != Behind::UpToDate && counted >= options.threshold;
          auto pc = p.published.find(e.current);
          auto pl = p.published.find(e.latest);
          if (pc != p.published.end() && pl != p.published.end() && e.behind != Behind::UpToDate) {
            e.libyear = std::max<double>(0, static_cast<double>(pl->second - pc->second) / (365.25 * 86400));
          } else if (pc != p.published.end() && pl != p.published.end()) {
            e.libyear = 0;
          }
        } else {
          e.unknown = cur ? "the registry names no valid latest version" : "the current version is not semver";
        }
      }
      std::string id = e.name + "@" + e.current;
      auto [dit, fresh] = distinct.try_emplace(id);
      Distinct& d = dit->second;
      if (fresh) {
        d.behind = e.unknown ? Behind::Unknown : e.behind;
        d.unknown = e.unknown.has_value();
        d.deprecated = !e.deprecated.empty();
        d.missing = e.missing && !e.unknown;
        d.libyear = e.libyear.value_or(0);
      }
      d.outdated = d.outdated || e.outdated;
      d.rejected = d.rejected || e.rejected;
      rep.entries.push_back(std::move(e));
    }
  }
  std::sort(rep.entries.begin(), rep.entries.end(), [](const OutdatedEntry& a, const OutdatedEntry& b) {
    return std::tie(a.codebase, a.name, a.current) < std::tie(b.codebase, b.name, b.current);
  });
  auto& s = rep.summary;
  s.libraries = distinct.size();
  for (const auto& [id, d] : distinct) {
    // unknown, outdated, held back and up to date add up to the libraries.
    if (d.unknown) ++s.unknown;
    else if (d.outdated) ++s.outdated;
    else if (d.rejected) ++s.rejected;
    else ++s.up_to_date;
    s.deprecated += d.deprecated;
    s.missing += d.missing;
    if (!d.unknown && d.outdated) {
      if (d.behind == Behind::Major) ++s.major;
      else if (d.behind == Behind::Minor) ++s.minor;
      else if (d.behind == Behind::Patch) ++s.patch;
    }
    s.libyears += d.libyear;
  }
  for (const auto& [name, vs] : versions_of) s.multiple_versions += vs.size() > 1;
  return rep;
}

}  // namespace vigil::registry
