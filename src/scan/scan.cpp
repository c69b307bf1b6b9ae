#include "scan/scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "semver/semver.h"
#include "vuln/cvss/cvss.h"
#include "vuln/vuln.h"

namespace vigil::scan {

namespace {

using inventory::Codebase;
using inventory::Component;
using inventory::Scope;

// The score of a finding: the first CVSS v4.0 vector, else v3.1, else v3.0 among the primary
// advisory's severities (its own, then the matched package entry's), then the other matched
// advisories'. A vector that does not compute is skipped with a warning.
struct Rated {
  Severity severity = Severity::Unknown;
  std::optional<double> score;
  std::string vector;
  std::string source;
};

int vector_rank(std::string_view v) {
  if (v.rfind("CVSS:4.0/", 0) == 0) return 3;
  if (v.rfind("CVSS:3.1/", 0) == 0) return 2;
  if (v.rfind("CVSS:3.0/", 0) == 0) return 1;
  return 0;
}

Rated rate(const vuln::Match& m, std::vector<Error>& warnings, std::set<std::string>& warned) {
  Rated best;
  int best_rank = 0;
  for (const vuln::Advisory* a : m.advisories) {
    auto consider = [&](const std::vector<vuln::SeverityScore>& scores) {
      for (const auto& s : scores) {
        int rank = vector_rank(s.score);
        if (rank <= best_rank) continue;
        auto computed = cvss::score(s.score);
        if (!computed) {
          if (warned.insert(a->id + s.score).second) {
            warnings.push_back(make_error(a->id, fmt::format("its CVSS vector {} is not valid ({}); the advisory's own rating is used",
                                                             s.score, computed.error().message)));
          }
          continue;
        }
        best_rank = rank;
        best.score = computed->score;
        best.vector = s.score;
        best.severity = severity_of_score(computed->score);
        best.source = s.score.substr(0, 8);
      }
    };
    consider(a->severity);
    for (const auto& e : a->affected) consider(e.severity);
    if (best_rank == 3) break;
  }
  if (best_rank == 0) {
    best.severity = m.severity;
    best.source = "advisory";
  }
  return best;
}

// The lowest fixed version above `installed`; when every fixed version is below it (a record
// that lists a fix of another branch), the lowest one.
std::string lowest_fix_above(const std::vector<std::string>& fixed, std::string_view installed) {
  auto have = semver::parse(installed, semver::Options{true, false});
  for (const std::string& f : fixed) {  // sorted by semver already
    auto v = semver::parse(f, semver::Options{true, false});
    if (v && have && semver::compare(*v, *have) > 0) return f;
  }
  return {};
}

uint64_t major_of(std::string_view v) {
  auto p = semver::parse(v, semver::Options{true, false});
  return p ? p->major() : 0;
}

std::string override_entry(std::string_view format, const std::string& name, const std::string& version,
                           const std::string& fixed, bool major) {
  std::string target = major ? fixed : "^" + fixed;
  if (format.rfind("yarn-classic", 0) == 0) {
    return fmt::format("\"resolutions\": {{\"**/{}\": \"{}\"}}", name, target);
  }
  if (format.rfind("yarn-berry", 0) == 0) {
    return fmt::format("\"resolutions\": {{\"{}@npm:{}\": \"{}\"}}", name, version, target);
  }
  if (format.rfind("pnpm", 0) == 0) {
    return fmt::format("\"pnpm\": {{\"overrides\": {{\"{}@{}\": \"{}\"}}}}", name, version, target);
  }
  return fmt::format("\"overrides\": {{\"{}@{}\": \"{}\"}}", name, version, target);
}

// The command that refreshes one package in the lockfile of `format`.
std::string refresh_command(std::string_view format, const std::string& name) {
  if (format.rfind("yarn-classic", 0) == 0) return "yarn upgrade " + name;
  if (format.rfind("yarn-berry", 0) == 0) return "yarn up -R " + name;
  if (format.rfind("pnpm", 0) == 0) return "pnpm update --depth Infinity " + name;
  return "npm update " + name;
}

// True when every declared range that pulls component `ci` in (from its parents, or from the
// project for a direct one) admits `version`, and there is at least one.
bool ranges_admit(const Codebase& cb, uint32_t ci, const std::string& version) {
  auto v = semver::parse(version, semver::Options{true, false});
  if (!v) return false;
  size_t seen = 0;
  for (const auto& d : cb.declared) {
    if (d.to != ci) continue;
    ++seen;
    auto r = semver::Range::parse(cb.ranges[d.range], semver::Options{true, false});
    if (!r || !r->test(*v)) return false;
  }
  return seen > 0;
}

// The last affected version at or above `installed` (a record that names no fix: every version
// above it is unaffected), else empty.
std::string last_affected_from(const std::vector<std::string>& last, std::string_view installed) {
  auto have = semver::parse(installed, semver::Options{true, false});
  for (const std::string& l : last) {  // sorted by semver already
    auto v = semver::parse(l, semver::Options{true, false});
    if (v && have && semver::compare(*v, *have) >= 0) return l;
  }
  return {};
}

// True when every declared range that pulls component `ci` in admits some version above `last`.
bool ranges_admit_above(const Codebase& cb, uint32_t ci, const std::string& last) {
  auto above = semver::Range::parse(">" + last, semver::Options{true, false});
  if (!above) return false;
  size_t seen = 0;
  for (const auto& d : cb.declared) {
    if (d.to != ci) continue;
    ++seen;
    auto r = semver::Range::parse(cb.ranges[d.range], semver::Options{true, false});
    if (!r || !r->intersects(*above)) return false;
  }
  return seen > 0;
}

Fix make_fix(const Codebase& cb, uint32_t ci, const std::vector<std::string>& fixed,
             const std::vector<std::string>& last_affected) {
  const Component& c = cb.components[ci];
  Fix fix;
  fix.fixed_version = lowest_fix_above(fixed, c.pkg.version);
  // A record that names only the last affected version: any release above it is the fix.
  std::string last;
  if (fix.fixed_version.empty()) last = last_affected_from(last_affected, c.pkg.version);
  if (fix.fixed_version.empty() && last.empty()) {
    fix.text = fixed.empty() ? "no fixed version is known" : "no fixed version above the installed one is known";
    return fix;
  }
  const bool above = !last.empty();
  if (above) fix.fixed_version = ">" + last;
  // What to ask for: "^1.2.5" for a fix inside the major, the version itself across majors, ">0.7.0" above a last affected one.
  const std::string& target = fix.fixed_version;
  const std::string wanted =
      above ? fmt::format("above {} (the last affected version; the record names no fixed one)", last)
            : fix.fixed_version + " or later";
  fix.major = !above && major_of(fix.fixed_version) != major_of(c.pkg.version);
  const char* breaking = fix.major ? " (a new major version: check for breaking changes)" : "";
  if (c.direct) {
    fix.kind = Fix::Kind::UpgradeDirect;
    fix.manifest_entry = fmt::format("\"{}\": \"{}{}\"", c.pkg.name, above ? "" : "^", target);
    fix.text = fmt::format("upgrade {} to {}{}{}", c.pkg.name, above ? "a version " : "", wanted, breaking);
    return fix;
  }
  // Transitive: the direct dependencies at the head of its paths.
  std::set<std::string> via;
  auto head = [&](const inventory::PathRef& p) {
    if (p.components.size() >= 2) via.insert(cb.components[p.components.front()].pkg.id());
  };
  head(c.shortest_path);
  for (const auto& p : c.paths) head(p);
  fix.via.assign(via.begin(), via.end());
  const bool admitted = above ? ranges_admit_above(cb, ci, last) : ranges_admit(cb, ci, fix.fixed_version);
  if (!fix.major && admitted) {
    fix.kind = Fix::Kind::Refresh;
    std::string through;
    for (const auto& v : fix.via) through += (through.empty() ? "" : ", ") + v;
    fix.text = fmt::format("the declared ranges of {} already admit {} {}: refresh the lockfile ({})",
                           through.empty() ? std::string("its parents") : through, c.pkg.name,
                           above ? wanted : fix.fixed_version, refresh_command(cb.format, c.pkg.name));
    return fix;
  }
  fix.kind = Fix::Kind::Override;
  // override_entry asks for "^fixed" inside a major, the version itself across majors: ">last" is passed as is.
  fix.manifest_entry = override_entry(cb.format, c.pkg.name, c.pkg.version, target, fix.major || above);
  std::string through;
  for (const auto& v : fix.via) through += (through.empty() ? "" : ", ") + v;
  fix.text = fmt::format("upgrade {} so that it pulls {} {}, or force it with {}{}",
                         through.empty() ? std::string("its parent") : through, c.pkg.name, wanted,
                         fix.manifest_entry, breaking);
  return fix;
}

std::string range_text(const vuln::AffectedPackage& e) {
  std::vector<std::string> parts;
  for (const auto& r : e.ranges) {
    if (r.type == vuln::RangeType::Git) continue;
    std::string cur;
    for (const auto& ev : r.events) {
      switch (ev.kind) {
        case vuln::EventKind::Introduced:
          if (!cur.empty()) parts.push_back(cur);
          cur = ev.version == "0" ? std::string(">=0") : ">=" + ev.version;
          break;
        case vuln::EventKind::Fixed:
          parts.push_back(cur + (cur.empty() ? "" : " ") + "<" + ev.version);
          cur.clear();
          break;
        case vuln::EventKind::LastAffected:
          parts.push_back(cur + (cur.empty() ? "" : " ") + "<=" + ev.version);
          cur.clear();
          break;
        case vuln::EventKind::Limit:
          break;
      }
    }
    if (!cur.empty()) parts.push_back(cur);
  }
  if (!e.versions.empty() && parts.empty()) {
    std::string v;
    for (const auto& x : e.versions) v += (v.empty() ? "" : " || ") + x;
    parts.push_back(v);
  }
  if (parts.empty() && !e.npm_range.empty()) parts.push_back(e.npm_range);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " || ") + p;
  return out;
}

bool in_prod(Scope s) { return s != Scope::Dev; }

}  // namespace

Result scan(const inventory::Inventory& inv, const vuln::Database& db, const Options& options) {
  Result result;
  // Every library name once.
  std::vector<std::string> names;
  {
    std::set<std::string> seen;
    for (const auto& cb : inv.codebases) {
      for (const auto& c : cb.components) {
        if (c.library() && seen.insert(c.pkg.name).second) names.push_back(c.pkg.name);
      }
    }
  }
  auto index = db.load_for(names);
  if (!index) {
    result.warnings.push_back(index.error());
    return result;
  }
  // Details that load_for leaves out (references, CWEs), once per advisory.
  struct Details {
    std::string url;
    std::vector<std::string> cwes;
  };
  std::unordered_map<std::string, Details> details;
  auto details_of = [&](const vuln::Advisory& a) -> const Details& {
    auto it = details.find(a.id);
    if (it != details.end()) return it->second;
    Details d;
    auto full = db.advisory(a.id);
    if (full && full->has_value()) {
      const vuln::Advisory& f = **full;
      for (const char* type : {"ADVISORY", "WEB"}) {
        for (const auto& r : f.references) {
          if (r.type == type && d.url.empty()) d.url = r.url;
        }
      }
      // GHSA's database_specific: {"cwe_ids": ["CWE-1321", ...], ...}
      const std::string& ds = f.database_specific;
      size_t at = ds.find("\"cwe_ids\"");
      if (at != std::string::npos) {
        size_t end = ds.find(']', at);
        for (size_t p = ds.find("CWE-", at); p != std::string::npos && p < end; p = ds.find("CWE-", p + 4)) {
          size_t q = p + 4;
          while (q < ds.size() && ds[q] >= '0' && ds[q] <= '9') ++q;
          d.cwes.push_back(ds.substr(p, q - p));
        }
        std::sort(d.cwes.begin(), d.cwes.end());
        d.cwes.erase(std::unique(d.cwes.begin(), d.cwes.end()), d.cwes.end());
      }
    }
    return details.emplace(a.id, std::move(d)).first->second;
  };

  std::set<std::string> warned_vectors;
  std::set<std::string> vulnerable;
  for (const Codebase& cb : inv.codebases) {
    auto pol_it = options.policies.find(cb.id);
    static const CodebasePolicy kDefault;
    const CodebasePolicy& pol = pol_it == options.policies.end() ? kDefault : pol_it->second;
    const bool prod_only = options.prod_only.value_or(pol.prod_only.value_or(false));
    const std::optional<Severity> fail_on = options.fail_on ? options.fail_on : pol.fail_on;
    std::string lockfile_text;
    std::vector<std::string_view> lockfile_lines;
    bool lockfile_read = false;
    for (uint32_t ci = 0; ci < cb.components.size(); ++ci) {
      const Component& c = cb.components[ci];
      if (!c.library()) continue;
      if (prod_only && !in_prod(c.scope)) continue;
      auto matches = index->match(c.pkg.name, c.pkg.version);
      uint32_t line_of_component = 0;
      for (const vuln::Match& m : matches) {
        VulnerabilityFinding f;
        f.codebase = cb.id;
        f.component = ci;
        f.lockfile = cb.lockfile.empty() ? "package.json" : cb.lockfile;
        if (cb.id != ".") f.lockfile = cb.id + "/" + f.lockfile;
        if (!lockfile_read && !cb.lockfile.empty()) {
          auto text = read_file(std::filesystem::path(cb.dir) / cb.lockfile, kDefaultMaxFileBytes);
          if (text) lockfile_text = std::move(*text);
          lockfile_lines = split_lines(lockfile_text);
          lockfile_read = true;
        }
        if (line_of_component == 0) line_of_component = std::max<uint32_t>(1, lockfile_line(lockfile_lines, c));
        f.line = line_of_component;
        f.id = m.ids.empty() ? m.advisory->id : m.ids.front();
        f.aliases.assign(m.ids.begin() + (m.ids.empty() ? 0 : 1), m.ids.end());
        std::sort(f.aliases.begin(), f.aliases.end());
        f.summary = m.advisory->summary;
        const Details& d = details_of(*m.advisory);
        f.url = d.url;
        f.cwes = d.cwes;
        f.package = c.pkg.name;
        f.version = c.pkg.version;
        f.purl = c.pkg.purl();
        Rated r = rate(m, result.warnings, warned_vectors);
        f.severity = r.severity;
        f.score = r.score;
        f.vector = r.vector;
        f.severity_source = r.source;
        f.direct = c.direct;
        f.scope = c.scope;
        if (!c.paths.empty()) {
          for (const auto& p : c.paths) {
            if (f.paths.size() >= std::max(1u, options.max_paths)) break;
            f.paths.push_back(cb.path_ids(p));
          }
          // paths are sorted; put a shortest one first.
          auto shortest = cb.path_ids(c.shortest_path);
          auto it = std::find(f.paths.begin(), f.paths.end(), shortest);
          if (it != f.paths.end()) {
            std::rotate(f.paths.begin(), it, it + 1);
          } else if (!c.shortest_path.empty()) {
            f.paths.insert(f.paths.begin(), shortest);
            if (f.paths.size() > std::max(1u, options.max_paths)) f.paths.pop_back();
          }
        } else if (!c.shortest_path.empty()) {
          f.paths.push_back(cb.path_ids(c.shortest_path));
        }
        f.path_count = c.path_count;
        f.fixed_versions = m.fixed;
        for (const auto& e : m.advisory->affected) {
          if (e.index == m.affected_index && e.name == c.pkg.name) {
            f.vulnerable_range = range_text(e);
            break;
          }
        }
        f.fix = make_fix(cb, ci, m.fixed, m.last_affected);
        auto sup = policy::find_suppression(pol.suppressions, f.id, f.aliases, f.package, f.version, options.today);
        if (sup.applied) {
          f.suppressed = true;
          f.suppression_reason = sup.applied->reason;
          f.suppression_origin = sup.applied->origin;
          f.suppression_expires = sup.applied->expires;
        } else if (sup.expired) {
          f.suppression_expired = true;
          f.suppression_reason = sup.expired->reason;
          f.suppression_origin = sup.expired->origin;
          f.suppression_expires = sup.expired->expires;
          result.warnings.push_back(make_error(
              sup.expired->origin, fmt::format("the suppression of {} expired on {}: {} in {} counts again", sup.expired->id,
                                               sup.expired->expires->str(), f.id, c.pkg.id())));
        }
        f.gating = !f.suppressed && fail_on && f.severity >= *fail_on;
        Summary& s = result.summary;
        ++s.findings;
        if (f.suppressed) {
          ++s.suppressed;
        } else {
          ++s.by_severity[f.severity];
          vulnerable.insert(c.pkg.id());
          ++(f.direct ? s.direct : s.transitive);
        }
        if (f.gating) ++s.gating;
        result.findings.push_back(std::move(f));
      }
    }
  }
  result.summary.vulnerable_packages = vulnerable.size();
  result.gate_failed = result.summary.gating > 0;
  std::sort(result.findings.begin(), result.findings.end(), [](const VulnerabilityFinding& a, const VulnerabilityFinding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    double sa = a.score.value_or(-1), sb = b.score.value_or(-1);
    if (sa != sb) return sa > sb;
    if (a.id != b.id) return a.id < b.id;
    if (a.codebase != b.codebase) return a.codebase < b.codebase;
    if (a.package != b.package) return a.package < b.package;
    return a.version < b.version;
  });
  std::sort(result.warnings.begin(), result.warnings.end(), [](const Error& a, const Error& b) {
    return std::tie(a.file, a.line, a.column, a.message) < std::tie(b.file, b.line, b.column, b.message);
  });
  result.warnings.erase(std::unique(result.warnings.begin(), result.warnings.end(),
                                    [](const Error& a, const Error& b) {
                                      return a.file == b.file && a.line == b.line && a.message == b.message;
                                    }),
                        result.warnings.end());
  return result;
}

}  // namespace vigil::scan
