// vigil licenses: the license report in table, JSON, CSV and SARIF (report.h), and the parts of
// it that vigil scan shows (license_writer.h).
#include "report/license_writer.h"

#include <fmt/format.h>

#include "report/encoding.h"
#include "report/sarif.h"

namespace vigil::report {

namespace detail {

size_t LicenseSummary::count(license::Verdict v) const {
  auto it = by_verdict.find(v);
  return it == by_verdict.end() ? 0 : it->second.size();
}

std::string declared_text(const license::LibraryLicense& l) {
  return l.evaluation.expression == "UNKNOWN" ? "UNKNOWN \"" + l.evaluation.raw + "\"" : l.evaluation.expression;
}

LicenseSummary summarise(const LicenseView& v) {
  LicenseSummary s;
  std::map<std::string, license::Verdict> worst;
  for (const auto* l : v.libraries) {
    std::string id = l->name + "@" + l->version;
    auto [it, fresh] = worst.emplace(id, l->evaluation.verdict);
    if (!fresh && l->evaluation.verdict > it->second) it->second = l->evaluation.verdict;
    std::string key = l->evaluation.expression == "UNKNOWN"
                          ? "UNKNOWN: " + (l->evaluation.raw.empty() ? std::string("(none)") : l->evaluation.raw)
                          : l->evaluation.expression;
    auto& pl = s.by_license[key];
    pl.libraries.insert(id);
    pl.codebases.insert(l->codebase);
    if (l->evaluation.verdict > pl.worst) pl.worst = l->evaluation.verdict;
  }
  for (auto& [id, verdict] : worst) s.by_verdict[verdict].insert(id);
  return s;
}

void write_summary_json(JsonWriter& w, const LicenseSummary& s) {
  w.begin_object();
  for (auto v : {license::Verdict::Compliant, license::Verdict::LowRisk, license::Verdict::Review, license::Verdict::NonCompliant,
                 license::Verdict::Unknown}) {
    w.field(license::to_string(v), static_cast<uint64_t>(s.count(v)));
  }
  w.end_object();
}

void write_library_json(JsonWriter& w, const license::LibraryLicense& l) {
  w.begin_object();
  w.field("codebase", l.codebase);
  w.field("name", l.name);
  w.field("version", l.version);
  w.field("declared", l.evaluation.raw);
  w.field("expression", l.evaluation.expression);
  w.key("categories");
  w.begin_array();
  for (auto c : l.evaluation.categories) w.value(license::to_string(c));
  w.end_array();
  w.field("verdict", license::to_string(l.evaluation.verdict));
  if (!l.evaluation.chosen.empty()) w.field("chosen", l.evaluation.chosen);
  w.field("reason", l.evaluation.reason);
  if (!l.evaluation.exception_origin.empty()) w.field("exception", l.evaluation.exception_origin);
  w.field("source", l.source);
  w.field("dev_only", l.dev_only);
  w.key("path");
  w.string_array(l.path);
  w.end_object();
}

namespace {

struct RuleDef {
  license::Verdict verdict;
  const char* level;
  const char* text;
  const char* help;
};
const RuleDef kRules[] = {
    {license::Verdict::NonCompliant, "error", "The library's license is not allowed by the license policy",
     "Replace the library, or record a license exception with a reason (and an expiry) in vigil.yaml."},
    {license::Verdict::Unknown, "error", "The library's license could not be determined",
     "Find the library's license (its repository, its LICENSE file) and record an exception with the reason, or replace it."},
    {license::Verdict::Review, "warning", "The library's license needs review under the license policy",
     "Weak copyleft: check how the library is used (unmodified, dynamically linked) and record the outcome as an exception."},
    {license::Verdict::LowRisk, "note", "Dual-licensed: an allowed alternative was chosen",
     "Nothing to do: the library is used under the allowed alternative the report names."}};

}  // namespace

void write_sarif_rules(JsonWriter& w, const std::set<license::Verdict>& verdicts) {
  for (const auto& r : kRules) {
    if (!verdicts.count(r.verdict)) continue;
    w.begin_object();
    w.field("id", fmt::format("license/{}", license::to_string(r.verdict)));
    w.field("name", "LicensePolicy");
    w.key("shortDescription");
    w.begin_object();
    w.field("text", r.text);
    w.end_object();
    w.key("help");
    w.begin_object();
    w.field("text", r.help);
    w.end_object();
    w.key("defaultConfiguration");
    w.begin_object();
    w.field("level", r.level);
    w.end_object();
    w.key("properties");
    w.begin_object();
    w.key("tags");
    w.string_array(std::vector<std::string>{"license", "dependency"});
    w.end_object();
    w.end_object();
  }
}

void write_sarif_results(JsonWriter& w, const LicenseView& v, const std::set<license::Verdict>& verdicts) {
  for (const auto* l : v.libraries) {
    const RuleDef* rd = nullptr;
    for (const auto& r : kRules) {
      if (r.verdict == l->evaluation.verdict && verdicts.count(r.verdict)) rd = &r;
    }
    if (!rd) continue;
    w.begin_object();
    w.field("ruleId", fmt::format("license/{}", license::to_string(rd->verdict)));
    w.field("level", rd->level);
    w.key("message");
    w.begin_object();
    std::string text = fmt::format("{}@{} ({}): {}", l->name, l->version, declared_text(*l), l->evaluation.reason);
    if (!l->path.empty() && l->evaluation.verdict != license::Verdict::LowRisk) {
      std::string path;
      for (const auto& p : l->path) {
        if (!path.empty()) path += " > ";
        path += p;
      }
      text += ". Path: " + path;
    }
    if (l->dev_only) text += " (development only)";
    w.field("text", text);
    w.end_object();
    w.key("locations");
    w.begin_array();
    w.begin_object();
    w.key("physicalLocation");
    w.begin_object();
    w.key("artifactLocation");
    w.begin_object();
    auto it = v.lockfiles.find(l->codebase);
    std::string lock = it == v.lockfiles.end() || it->second.empty() ? "package.json" : it->second;
    w.field("uri", l->codebase == "." ? lock : l->codebase + "/" + lock);
    w.field("uriBaseId", "%SRCROOT%");
    w.end_object();
    w.end_object();
    w.end_object();
    w.end_array();
    w.key("partialFingerprints");
    w.begin_object();
    w.field("vigilLicense/v1", fmt::format("{}|{}@{}|{}", l->codebase, l->name, l->version, l->evaluation.expression));
    w.end_object();
    w.end_object();
  }
}

}  // namespace detail

namespace {

using detail::LicenseSummary;

std::string categories_text(const std::vector<license::Category>& cs) {
  std::string s;
  for (auto c : cs) {
    if (!s.empty()) s += ',';
    s += license::to_string(c);
  }
  return s;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

std::string write_table(const LicenseView& v, const LicenseSummary& s) {
  std::string o;
  o += "Risk summary (distinct libraries)\n";
  o += fmt::format("  compliant                      {:>6}\n", s.count(license::Verdict::Compliant));
  o += fmt::format("  low risk (dual, alternative)   {:>6}\n", s.count(license::Verdict::LowRisk));
  o += fmt::format("  needs review                   {:>6}\n", s.count(license::Verdict::Review));
  o += fmt::format("  non-compliant                  {:>6}\n", s.count(license::Verdict::NonCompliant));
  o += fmt::format("  unknown                        {:>6}\n", s.count(license::Verdict::Unknown));
  o += "\nLicenses\n";
  o += fmt::format("  {:<44} {:>9} {:>9}  {}\n", "LICENSE", "LIBRARIES", "CODEBASES", "VERDICT");
  for (const auto& [k, pl] : s.by_license) {
    std::string key = terminal_safe(k);
    size_t pad = display_width(key) < 44 ? 44 - display_width(key) : 0;
    o.append("  ").append(key).append(pad, ' ');
    o += fmt::format(" {:>9} {:>9}  {}\n", pl.libraries.size(), pl.codebases.size(), license::to_string(pl.worst));
  }
  // Non-compliant, review and low-risk libraries: one entry per codebase, with the reason and the
  // path. Unknown ones: one line per distinct library (they are many where lockfiles carry no
  // license data), with the number of codebases.
  bool header = false;
  for (const auto* l : v.libraries) {
    auto verdict = l->evaluation.verdict;
    if (verdict == license::Verdict::Compliant || verdict == license::Verdict::Unknown) continue;
    if (!header) {
      o += "\nLibraries that are not simply compliant\n";
      header = true;
    }
    o += terminal_safe(fmt::format("  {}@{}  [{}]  {}  in {}{}", l->name, l->version, license::to_string(verdict), detail::declared_text(*l),
                                   l->codebase, l->dev_only ? " (dev only)" : "")) + "\n";
    o += "      " + terminal_safe(l->evaluation.reason) + "\n";
    if (!l->path.empty() && verdict != license::Verdict::LowRisk) o += "      path: " + terminal_safe(join(l->path, " > ")) + "\n";
  }
  std::map<std::string, std::pair<const license::LibraryLicense*, std::set<std::string>>> unknown;
  for (const auto* l : v.libraries) {
    if (l->evaluation.verdict != license::Verdict::Unknown) continue;
    auto& u = unknown[l->name + "@" + l->version];
    if (!u.first) u.first = l;
    u.second.insert(l->codebase);
  }
  if (!unknown.empty()) {
    o += fmt::format("\nLibraries whose license is unknown ({})\n", unknown.size());
    for (const auto& [id, u] : unknown) {
      const auto& l = *u.first;
      std::string where = u.second.size() == 1 ? "in " + *u.second.begin() : fmt::format("in {} codebases", u.second.size());
      o += terminal_safe(fmt::format("  {}  {}  {}: {}", id, detail::declared_text(l), where, l.evaluation.reason)) + "\n";
    }
  }
  return o;
}

std::string write_json(const LicenseView& v, const LicenseSummary& s, const std::string& tool_version) {
  JsonWriter w;
  w.begin_object();
  w.field("tool", "vigil " + tool_version);
  w.field("license_data", license::list_version());
  w.key("summary");
  detail::write_summary_json(w, s);
  w.key("licenses");
  w.begin_array();
  for (const auto& [k, pl] : s.by_license) {
    w.begin_object();
    w.field("license", k);
    w.field("libraries", static_cast<uint64_t>(pl.libraries.size()));
    w.key("codebases");
    w.string_array(std::vector<std::string>(pl.codebases.begin(), pl.codebases.end()));
    w.field("verdict", license::to_string(pl.worst));
    w.end_object();
  }
  w.end_array();
  w.key("libraries");
  w.begin_array();
  for (const auto* l : v.libraries) detail::write_library_json(w, *l);
  w.end_array();
  w.key("warnings");
  w.begin_array();
  for (const auto& e : v.warnings) w.value(e.to_string());
  w.end_array();
  w.end_object();
  return w.finish();
}

std::string write_csv(const LicenseView& v) {
  std::string o = "codebase,name,version,declared,expression,categories,verdict,chosen,reason,dev_only,path\r\n";
  for (const auto* l : v.libraries) {
    std::vector<std::string> row{l->codebase, l->name, l->version, l->evaluation.raw, l->evaluation.expression,
                                 categories_text(l->evaluation.categories), std::string(license::to_string(l->evaluation.verdict)),
                                 l->evaluation.chosen, l->evaluation.reason, l->dev_only ? "true" : "false", join(l->path, " > ")};
    for (size_t i = 0; i < row.size(); ++i) {
      o += csv_field(row[i]);
      o += i + 1 < row.size() ? "," : "\r\n";
    }
  }
  return o;
}

std::string write_sarif(const LicenseView& v, const std::string& tool_version) {
  const std::set<license::Verdict> verdicts{license::Verdict::NonCompliant, license::Verdict::Unknown, license::Verdict::Review,
                                            license::Verdict::LowRisk};
  JsonWriter w;
  detail::begin_sarif(w, tool_version);
  detail::write_sarif_rules(w, verdicts);
  detail::begin_results(w);
  detail::write_sarif_results(w, v, verdicts);
  detail::end_sarif(w);
  return w.finish();
}

}  // namespace

std::string write_licenses(const LicenseView& view, LicenseFormat format, const std::string& tool_version) {
  LicenseSummary s = detail::summarise(view);
  switch (format) {
    case LicenseFormat::Table: return write_table(view, s);
    case LicenseFormat::Json: return write_json(view, s, tool_version);
    case LicenseFormat::Csv: return write_csv(view);
    case LicenseFormat::Sarif: return write_sarif(view, tool_version);
  }
  return {};
}

}  // namespace vigil::report
