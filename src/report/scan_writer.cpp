// vigil scan: the table, JSON, SARIF 2.1.0 and CSV views of a scan's findings.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/sarif.h"
#include "report/license_writer.h"
#include "report/report.h"

namespace vigil::report {

using scan::VulnerabilityFinding;

namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out.append(sep);
    out.append(i);
  }
  return out;
}

std::string score_text(const VulnerabilityFinding& f) { return f.score ? fmt::format("{:.1f}", *f.score) : "-"; }

std::string_view fix_kind(scan::Fix::Kind k) {
  switch (k) {
    case scan::Fix::Kind::None: return "none";
    case scan::Fix::Kind::UpgradeDirect: return "upgrade-direct";
    case scan::Fix::Kind::Refresh: return "refresh-lockfile";
    case scan::Fix::Kind::Override: return "override";
  }
  return "none";
}

std::string upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

// ---- table ------------------------------------------------------------------------------

std::string write_table(const scan::Result& r, const std::vector<Error>& failures, const LicenseView* licenses) {
  std::string out;
  const auto& s = r.summary;
  auto count = [&](Severity sev) {
    auto it = s.by_severity.find(sev);
    return it == s.by_severity.end() ? uint64_t{0} : it->second;
  };
  out += fmt::format("{} vulnerabilities in {} packages: {} critical, {} high, {} moderate, {} low, {} unknown "
                     "({} in direct dependencies, {} transitive); {} suppressed\n",
                     s.findings - s.suppressed, s.vulnerable_packages, count(Severity::Critical), count(Severity::High),
                     count(Severity::Moderate), count(Severity::Low) + count(Severity::None), count(Severity::Unknown),
                     s.direct, s.transitive, s.suppressed);
  auto section = [&](bool suppressed) {
    std::vector<const VulnerabilityFinding*> rows;
    for (const auto& f : r.findings) {
      if (f.suppressed == suppressed) rows.push_back(&f);
    }
    if (rows.empty()) return;
    if (suppressed) out += "\nSuppressed (accepted risks)\n";
    std::vector<std::array<std::string, 7>> cells;
    cells.push_back({"SEVERITY", "SCORE", "ADVISORY", "PACKAGE", "DEPENDENCY", "CODEBASE", "FIXED IN"});
    for (const auto* f : rows) {
      cells.push_back({upper(to_string(f->severity)), score_text(*f), terminal_safe(f->id), terminal_safe(f->package + "@" + f->version),
                       std::string(f->direct ? "direct" : "transitive") + (f->scope == inventory::Scope::Prod ? "" : ", " + std::string(inventory::to_string(f->scope))),
                       terminal_safe(f->codebase), terminal_safe(f->fix.fixed_version.empty() ? "-" : f->fix.fixed_version)});
    }
    std::array<size_t, 7> width{};
    for (const auto& row : cells) {
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
    }
    for (size_t ri = 0; ri < cells.size(); ++ri) {
      std::string line;
      for (size_t i = 0; i < cells[ri].size(); ++i) {
        line += cells[ri][i];
        if (i + 1 < cells[ri].size()) line += std::string(width[i] - display_width(cells[ri][i]) + 2, ' ');
      }
      out += line + "\n";
      if (ri == 0) continue;
      const auto& f = *rows[ri - 1];
      if (!f.summary.empty()) out += "    " + terminal_safe(f.summary) + "\n";
      if (!f.paths.empty()) {
        out += "    path: " + terminal_safe(join(f.paths.front(), " > "));
        if (f.path_count > 1) out += fmt::format(" (+{} more)", f.path_count - 1);
        out += "\n";
      }
      if (!f.suppressed) out += "    fix: " + terminal_safe(f.fix.text) + "\n";
      if (f.suppressed) {
        out += "    suppressed: " + terminal_safe(f.suppression_reason) + " (" + terminal_safe(f.suppression_origin);
        if (f.suppression_expires) out += ", until " + f.suppression_expires->str();
        out += ")\n";
      } else if (f.suppression_expired) {
        out += "    suppression expired on " + f.suppression_expires->str() + " (" + terminal_safe(f.suppression_origin) + ")\n";
      }
    }
  };
  section(false);
  section(true);
  if (licenses) {
    detail::LicenseSummary ls = detail::summarise(*licenses);
    out += fmt::format("\nLicenses: {} compliant, {} low risk (dual-licensed, alternative chosen), {} need review, {} non-compliant, "
                       "{} unknown (distinct libraries)\n",
                       ls.count(license::Verdict::Compliant), ls.count(license::Verdict::LowRisk), ls.count(license::Verdict::Review),
                       ls.count(license::Verdict::NonCompliant), ls.count(license::Verdict::Unknown));
    for (const auto* l : licenses->libraries) {
      auto v = l->evaluation.verdict;
      if (v != license::Verdict::NonCompliant && v != license::Verdict::Review) continue;
      out += terminal_safe(fmt::format("  {}  {}@{}  {}  in {}{}", upper(license::to_string(v)), l->name, l->version, detail::declared_text(*l),
                                       l->codebase, l->dev_only ? " (dev only)" : "")) + "\n";
      out += "    " + terminal_safe(l->evaluation.reason) + "\n";
      if (!l->path.empty()) out += "    path: " + terminal_safe(join(l->path, " > ")) + "\n";
    }
    if (ls.count(license::Verdict::Unknown)) out += "  (`vigil licenses` lists the libraries whose license is unknown)\n";
  }
  if (!r.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : r.warnings) out += "  " + terminal_safe(w.to_string()) + "\n";
  }
  if (!failures.empty()) {
    out += "\nNot scanned\n";
    for (const auto& e : failures) out += "  " + terminal_safe(e.to_string()) + "\n";
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------------------

void write_finding_json(JsonWriter& w, const VulnerabilityFinding& f) {
  w.begin_object();
  w.field("id", f.id);
  w.key("aliases");
  w.string_array(f.aliases);
  w.field("summary", f.summary);
  if (!f.url.empty()) w.field("url", f.url);
  w.key("cwes");
  w.string_array(f.cwes);
  w.field("codebase", f.codebase);
  w.field("package", f.package);
  w.field("version", f.version);
  w.field("purl", f.purl);
  w.field("severity", to_string(f.severity));
  w.key("score");
  if (f.score) {
    w.decimal(*f.score, 1);
  } else {
    w.null();
  }
  w.field("vector", f.vector);
  w.field("severitySource", f.severity_source);
  w.field("direct", f.direct);
  w.field("scope", inventory::to_string(f.scope));
  w.key("paths");
  w.begin_array();
  for (const auto& p : f.paths) w.string_array(p);
  w.end_array();
  w.field("pathCount", f.path_count);
  w.field("vulnerableRange", f.vulnerable_range);
  w.key("fixedVersions");
  w.string_array(f.fixed_versions);
  w.key("fix");
  w.begin_object();
  w.field("kind", fix_kind(f.fix.kind));
  w.field("fixedVersion", f.fix.fixed_version);
  w.field("majorUpgrade", f.fix.major);
  w.key("via");
  w.string_array(f.fix.via);
  w.field("manifestEntry", f.fix.manifest_entry);
  w.field("text", f.fix.text);
  w.end_object();
  w.field("lockfile", f.lockfile);
  w.field("line", static_cast<uint64_t>(f.line));
  w.field("suppressed", f.suppressed);
  if (f.suppressed || f.suppression_expired) {
    w.key("suppression");
    w.begin_object();
    w.field("reason", f.suppression_reason);
    w.field("origin", f.suppression_origin);
    if (f.suppression_expires) w.field("expires", f.suppression_expires->str());
    w.field("expired", f.suppression_expired);
    w.end_object();
  }
  w.field("gating", f.gating);
  w.end_object();
}

std::string write_json(const scan::Result& r, const std::vector<Error>& failures, const LicenseView* licenses) {
  JsonWriter w;
  w.begin_object();
  w.key("summary");
  w.begin_object();
  w.field("findings", r.summary.findings);
  w.field("suppressed", r.summary.suppressed);
  w.field("gating", r.summary.gating);
  w.field("vulnerablePackages", r.summary.vulnerable_packages);
  w.field("direct", r.summary.direct);
  w.field("transitive", r.summary.transitive);
  w.key("bySeverity");
  w.begin_object();
  for (Severity s : {Severity::Critical, Severity::High, Severity::Moderate, Severity::Low, Severity::None, Severity::Unknown}) {
    auto it = r.summary.by_severity.find(s);
    w.field(to_string(s), it == r.summary.by_severity.end() ? uint64_t{0} : it->second);
  }
  w.end_object();
  w.field("gateFailed", r.gate_failed);
  w.end_object();
  w.key("findings");
  w.begin_array();
  for (const auto& f : r.findings) write_finding_json(w, f);
  w.end_array();
  if (licenses) {
    w.key("licenses");
    w.begin_object();
    w.key("summary");
    detail::write_summary_json(w, detail::summarise(*licenses));
    w.key("libraries");  // every library that is not simply compliant
    w.begin_array();
    for (const auto* l : licenses->libraries) {
      if (l->evaluation.verdict != license::Verdict::Compliant) detail::write_library_json(w, *l);
    }
    w.end_array();
    w.end_object();
  }
  auto errors = [&](std::string_view key, const std::vector<Error>& list) {
    w.key(key);
    w.begin_array();
    for (const auto& e : list) {
      w.begin_object();
      w.field("file", e.file);
      if (e.line) w.field("line", static_cast<uint64_t>(e.line));
      if (e.column) w.field("column", static_cast<uint64_t>(e.column));
      w.field("message", e.message);
      w.end_object();
    }
    w.end_array();
  };
  errors("warnings", r.warnings);
  errors("failures", failures);
  w.end_object();
  return w.finish();
}

// ---- SARIF 2.1.0 ------------------------------------------------------------------------

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Moderate: return "warning";
    default: return "note";
  }
}

// The license verdicts a scan's SARIF reports (unknown ones would flood code scanning where
// lockfiles carry no license data; `vigil licenses --format sarif` has them).
const std::set<license::Verdict> kScanLicenseVerdicts{license::Verdict::NonCompliant, license::Verdict::Review};

std::string write_sarif(const scan::Result& r, const std::string& tool_version, const LicenseView* licenses) {
  // One rule per advisory; its properties carry GitHub code scanning's security-severity.
  std::map<std::string, const VulnerabilityFinding*> rules;
  for (const auto& f : r.findings) {
    auto [it, fresh] = rules.emplace(f.id, &f);
    if (!fresh && f.score.value_or(-1) > it->second->score.value_or(-1)) it->second = &f;
  }
  std::map<std::string, size_t> rule_index;
  for (const auto& [id, f] : rules) rule_index.emplace(id, rule_index.size());

  JsonWriter w;
  detail::begin_sarif(w, tool_version);
  for (const auto& [id, f] : rules) {
    w.begin_object();
    w.field("id", id);
    w.field("name", "VulnerableDependency");
    w.key("shortDescription");
    w.begin_object();
    w.field("text", f->summary.empty() ? id : f->summary);
    w.end_object();
    w.key("fullDescription");
    w.begin_object();
    std::string full = f->summary.empty() ? id : f->summary;
    if (!f->aliases.empty()) full += " (" + join(f->aliases, ", ") + ")";
    w.field("text", full);
    w.end_object();
    if (!f->url.empty()) w.field("helpUri", f->url);
    w.key("help");
    w.begin_object();
    w.field("text", fmt::format("{} affects {} {}. Fixed in: {}.", id, f->package, f->vulnerable_range,
                                f->fixed_versions.empty() ? std::string("no fixed version known") : join(f->fixed_versions, ", ")));
    w.end_object();
    w.key("defaultConfiguration");
    w.begin_object();
    w.field("level", sarif_level(f->severity));
    w.end_object();
    w.key("properties");
    w.begin_object();
    std::vector<std::string> tags{"security", "vulnerability", "dependency"};
    for (const auto& c : f->cwes) tags.push_back("external/cwe/" + c);
    w.key("tags");
    w.string_array(tags);
    if (f->score) w.field("security-severity", fmt::format("{:.1f}", *f->score));
    else if (f->severity == Severity::Critical) w.field("security-severity", "9.5");
    else if (f->severity == Severity::High) w.field("security-severity", "8.0");
    else if (f->severity == Severity::Moderate) w.field("security-severity", "5.5");
    else if (f->severity == Severity::Low) w.field("security-severity", "2.0");
    w.field("precision", "very-high");
    w.end_object();
    w.end_object();
  }
  if (licenses) detail::write_sarif_rules(w, kScanLicenseVerdicts);
  detail::begin_results(w);
  for (const auto& f : r.findings) {
    w.begin_object();
    w.field("ruleId", f.id);
    w.field("ruleIndex", static_cast<uint64_t>(rule_index[f.id]));
    w.field("level", sarif_level(f.severity));
    w.key("message");
    w.begin_object();
    std::string msg = fmt::format("{}@{} is vulnerable to {} ({}{}). {} dependency{}. Fix: {}", f.package, f.version, f.id,
                                  to_string(f.severity), f.score ? fmt::format(" {:.1f}", *f.score) : std::string(),
                                  f.direct ? "Direct" : "Transitive",
                                  f.paths.empty() ? std::string() : ", via " + join(f.paths.front(), " > "), f.fix.text);
    w.field("text", msg);
    w.end_object();
    w.key("locations");
    w.begin_array();
    w.begin_object();
    w.key("physicalLocation");
    w.begin_object();
    w.key("artifactLocation");
    w.begin_object();
    w.field("uri", f.lockfile);
    w.field("uriBaseId", "%SRCROOT%");
    w.end_object();
    w.key("region");
    w.begin_object();
    w.field("startLine", static_cast<uint64_t>(f.line));
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_array();
    w.key("partialFingerprints");
    w.begin_object();
    w.field("vigil/v1", fmt::format("{}:{}:{}@{}", f.codebase, f.id, f.package, f.version));
    w.end_object();
    if (f.suppressed) {
      w.key("suppressions");
      w.begin_array();
      w.begin_object();
      w.field("kind", "external");
      w.field("status", "accepted");
      std::string j = f.suppression_reason + " (" + f.suppression_origin;
      if (f.suppression_expires) j += ", until " + f.suppression_expires->str();
      w.field("justification", j + ")");
      w.end_object();
      w.end_array();
    }
    w.end_object();
  }
  if (licenses) detail::write_sarif_results(w, *licenses, kScanLicenseVerdicts);
  detail::end_sarif(w);
  return w.finish();
}

// ---- CSV --------------------------------------------------------------------------------

std::string write_csv(const scan::Result& r) {
  std::string out =
      "codebase,severity,score,vector,id,aliases,package,version,direct,scope,path,path_count,fixed_versions,fix,"
      "suppressed,suppression_reason,suppression_expires,lockfile,line\r\n";
  for (const auto& f : r.findings) {
    std::vector<std::string> row{f.codebase,
                                 std::string(to_string(f.severity)),
                                 f.score ? fmt::format("{:.1f}", *f.score) : std::string(),
                                 f.vector,
                                 f.id,
                                 join(f.aliases, " "),
                                 f.package,
                                 f.version,
                                 f.direct ? "direct" : "transitive",
                                 std::string(inventory::to_string(f.scope)),
                                 f.paths.empty() ? std::string() : join(f.paths.front(), " > "),
                                 std::to_string(f.path_count),
                                 join(f.fixed_versions, " "),
                                 f.fix.text,
                                 f.suppressed ? "true" : "false",
                                 f.suppressed ? f.suppression_reason : std::string(),
                                 f.suppressed && f.suppression_expires ? f.suppression_expires->str() : std::string(),
                                 f.lockfile,
                                 std::to_string(f.line)};
    for (size_t i = 0; i < row.size(); ++i) {
      out += csv_field(row[i]);
      out += i + 1 < row.size() ? "," : "\r\n";
    }
  }
  return out;
}

}  // namespace

std::string write_scan(const scan::Result& result, const std::vector<Error>& failures, ScanFormat format,
                       const std::string& tool_version, const LicenseView* licenses) {
  switch (format) {
    case ScanFormat::Table: return write_table(result, failures, licenses);
    case ScanFormat::Json: return write_json(result, failures, licenses);
    case ScanFormat::Sarif: return write_sarif(result, tool_version, licenses);
    case ScanFormat::Csv: return write_csv(result);
  }
  return {};
}

}  // namespace vigil::report
