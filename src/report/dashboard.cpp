// vigil report: the quarterly audit dashboard from stored baselines, as one self-contained HTML
// file (inline CSS and SVG charts, nothing fetched to view it, readable printed), Markdown or JSON.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace vigil::report {

namespace {

const char* const kSeverities[] = {"critical", "high", "moderate", "low", "unknown"};
const char* const kVerdicts[] = {"compliant", "low-risk", "review", "non-compliant", "unknown"};

std::string html(std::string_view s) {
  std::string o;
  for (char c : terminal_safe(s)) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string md(std::string_view s) {
  std::string o;
  for (char c : terminal_safe(s)) {
    if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' || c == '<' || c == '[') o += '\\';
    o += c;
  }
  return o;
}

}  // namespace

Dashboard build_dashboard(const std::vector<store::Baseline>& baselines) {
  Dashboard d;
  for (size_t bi = 0; bi < baselines.size(); ++bi) {
    const auto& b = baselines[bi];
    DashboardQuarter q;
    q.label = b.label;
    q.created_at = b.created_at;
    q.codebases = b.codebases.size();
    struct Lib {
      bool outdated = false;
      std::string behind;
      int verdict = 0;
    };
    static const std::map<std::string, int> rank{{"compliant", 0}, {"low-risk", 1}, {"review", 2}, {"unknown", 3}, {"non-compliant", 4}};
    std::map<std::string, Lib> libs;
    std::map<std::string, std::set<std::string>> versions;
    for (const auto& l : b.libraries) {
      auto& e = libs[l.name + "@" + l.version];
      e.outdated = e.outdated || l.outdated;
      if (e.behind.empty() || e.behind == "unknown") e.behind = l.behind;
      e.verdict = std::max(e.verdict, rank.count(l.license_verdict) ? rank.at(l.license_verdict) : 3);
      versions[l.name].insert(l.version);
    }
    q.libraries = libs.size();
    for (const auto& [id, e] : libs) {
      if (e.outdated) ++q.outdated;
      else if (e.behind.empty() || e.behind == "unknown") ++q.outdated_unknown;
      else ++q.up_to_date;
      for (const auto& [name, r] : rank) {
        if (r == e.verdict) ++q.licenses[name];
      }
    }
    for (const auto& [n, vs] : versions) q.multiple_versions += vs.size() > 1;
    for (const char* s : kSeverities) q.vulnerabilities[s] = 0;
    for (const char* v : kVerdicts) q.licenses.try_emplace(v, 0);
    for (const auto& v : b.vulnerabilities) {
      if (v.suppressed) continue;
      std::string s = v.severity == "none" ? "low" : v.severity;
      if (!q.vulnerabilities.count(s)) s = "unknown";
      ++q.vulnerabilities[s];
    }
    if (bi > 0) {
      store::BaselineDiff df = store::diff(baselines[bi - 1], b);
      q.has_previous = true;
      q.new_vulnerabilities = df.new_vulnerabilities.size();
      q.fixed_vulnerabilities = df.fixed_vulnerabilities.size();
      q.libraries_added = df.added.size();
      q.libraries_removed = df.removed.size();
      q.libraries_upgraded = df.upgraded.size();
    }
    d.quarters.push_back(std::move(q));
  }
  if (baselines.empty()) return d;
  const auto& last = baselines.back();
  // Critical libraries of the latest baseline: CVSS >= 9 (or rated critical), unsuppressed.
  std::map<std::pair<std::string, std::string>, DashboardCritical> crit;
  for (const auto& v : last.vulnerabilities) {
    if (v.suppressed || !((v.score && *v.score >= 9.0) || v.severity == "critical")) continue;
    auto& c = crit[{v.package, v.version}];
    c.package = v.package;
    c.version = v.version;
    c.advisories.insert(v.id);
    c.codebases.insert(v.codebase);
    (v.direct ? c.direct_in : c.transitive_in).insert(v.codebase);
    if (v.score) c.score = std::max(c.score, *v.score);
  }
  for (auto& [k, c] : crit) d.critical.push_back(std::move(c));
  std::sort(d.critical.begin(), d.critical.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-a.score, -static_cast<long>(a.codebases.size()), a.package, a.version) <
           std::make_tuple(-b.score, -static_cast<long>(b.codebases.size()), b.package, b.version);
  });
  // Remediation: the same fix, wherever it applies, counted by the findings it removes.
  std::map<std::string, DashboardAction> actions;
  for (const auto& v : last.vulnerabilities) {
    if (v.suppressed || v.fix.empty()) continue;
    auto& a = actions[v.fix];
    a.action = v.fix;
    ++a.findings;
    a.codebases.insert(v.codebase);
    a.severities.insert(v.severity);
  }
  for (auto& [k, a] : actions) d.actions.push_back(std::move(a));
  std::sort(d.actions.begin(), d.actions.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(-static_cast<long>(a.findings), -static_cast<long>(a.codebases.size()), a.action) <
           std::make_tuple(-static_cast<long>(b.findings), -static_cast<long>(b.codebases.size()), b.action);
  });
  if (d.actions.size() > 20) d.actions.resize(20);
  if (baselines.size() > 1) {
    store::BaselineDiff df = store::diff(baselines[baselines.size() - 2], last);
    d.new_in_latest = df.new_vulnerabilities;
    d.fixed_in_latest = df.fixed_vulnerabilities;
  }
  return d;
}

namespace {

struct Series {
  std::string name, color;
  std::vector<double> values;
};

// A stacked bar chart: one bar per quarter, one colour per series, the total above each bar.
std::string svg_stacked(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                        const std::vector<Series>& series) {
  const int w = 640, h = 260, left = 56, right = 150, top = 30, bottom = 40;
  const int plot_w = w - left - right, plot_h = h - top - bottom;
  double max_total = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    double t = 0;
    for (const auto& s : series) t += s.values[i];
    max_total = std::max(max_total, t);
  }
  // A round scale: 1, 2 or 5 times a power of ten, four steps.
  double step = 1;
  if (max_total > 0) {
    double raw = max_total / 4, p = std::pow(10.0, std::floor(std::log10(raw)));
    step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
  }
  double top_value = step * 4;
  std::string o = fmt::format(
      "<svg id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
      id, w, h, w, h, html(title));
  o += fmt::format("<text x=\"{}\" y=\"18\" class=\"ct\">{}</text>\n", left, html(title));
  for (int i = 0; i <= 4; ++i) {
    double y = top + plot_h - plot_h * i / 4.0;
    o += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" class=\"grid\"/>", left, y, left + plot_w, y);
    o += fmt::format("<text x=\"{}\" y=\"{:.1f}\" class=\"ax\" text-anchor=\"end\">{}</text>\n", left - 6, y + 4,
                     static_cast<long long>(step * i));
  }
  size_t n = std::max<size_t>(labels.size(), 1);
  double slot = static_cast<double>(plot_w) / static_cast<double>(n);
  double bar = std::min(60.0, slot * 0.6);
  for (size_t i = 0; i < labels.size(); ++i) {
    double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    double y = top + plot_h, total = 0;
    for (const auto& s : series) {
      double v = s.values[i];
      total += v;
      if (v <= 0) continue;
      double bh = plot_h * v / top_value;
      y -= bh;
      o += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{} {}: {}</title></rect>", x, y,
                       bar, bh, s.color, html(labels[i]), html(s.name), static_cast<long long>(v));
    }
    o += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tot\" text-anchor=\"middle\">{}</text>", x + bar / 2, y - 4,
                     static_cast<long long>(total));
    o += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"ax\" text-anchor=\"middle\">{}</text>\n", x + bar / 2, top + plot_h + 16, html(labels[i]));
  }
  for (size_t k = 0; k < series.size(); ++k) {
    int y = top + 10 + static_cast<int>(k) * 18;
    o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" class=\"ax\">{}</text>\n",
                     left + plot_w + 16, y - 10, series[k].color, left + plot_w + 34, y, html(series[k].name));
  }
  return o + "</svg>\n";
}

const char* kCss = R"CSS(
body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.sub{color:#57606a;margin:0 0 16px}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f6f8fa}
td.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}.ct{font-size:14px;font-weight:600;fill:#1f2328}
.ax{font-size:11px;fill:#57606a}.tot{font-size:11px;fill:#1f2328;font-weight:600}.grid{stroke:#eaeef2;stroke-width:1}
.crit{color:#a40e26;font-weight:600}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}}
)CSS";

std::string set_text(const std::set<std::string>& s) {
  std::string o;
  for (const auto& x : s) o += (o.empty() ? "" : ", ") + x;
  return o;
}

std::string write_html(const Dashboard& d, const std::string& title) {
  std::vector<std::string> labels;
  for (const auto& q : d.quarters) labels.push_back(q.label);
  auto col = [&](auto get) {
    std::vector<double> v;
    for (const auto& q : d.quarters) v.push_back(static_cast<double>(get(q)));
    return v;
  };
  std::string o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(title) + "</title>\n<style>" + kCss +
                  "</style>\n</head>\n<body>\n";
  o += "<h1>" + html(title) + "</h1>\n";
  o += fmt::format("<p class=\"sub\">{} baseline{}: {}</p>\n", d.quarters.size(), d.quarters.size() == 1 ? "" : "s",
                   html(labels.empty() ? std::string("none") : labels.front() + (labels.size() > 1 ? " to " + labels.back() : "")));
  o += "<h2>Libraries</h2>\n<table id=\"libraries\"><tr><th>Baseline</th><th>Codebases</th><th>Libraries</th><th>Up to date</th><th>Outdated</th>"
       "<th>Not known</th><th>Multiple versions</th></tr>\n";
  for (const auto& q : d.quarters) {
    std::string k = html(q.label);
    o += fmt::format(
        "<tr><td>{0}</td><td data-key=\"codebases-{0}\">{1}</td><td data-key=\"libraries-{0}\">{2}</td><td data-key=\"uptodate-{0}\">{3}</td>"
        "<td data-key=\"outdated-{0}\">{4}</td><td>{5}</td><td data-key=\"multiple-{0}\">{6}</td></tr>\n",
        k, q.codebases, q.libraries, q.up_to_date, q.outdated, q.outdated_unknown, q.multiple_versions);
  }
  o += "</table>\n<div class=\"charts\">\n";
  o += svg_stacked("chart-libraries", "Libraries: up to date, outdated, not known", labels,
                   {{"up to date", "#2da44e", col([](const DashboardQuarter& q) { return q.up_to_date; })},
                    {"outdated", "#d4a72c", col([](const DashboardQuarter& q) { return q.outdated; })},
                    {"not known", "#afb8c1", col([](const DashboardQuarter& q) { return q.outdated_unknown; })}});
  std::vector<Series> sev;
  const char* colors[] = {"#a40e26", "#cf222e", "#d4a72c", "#54aeff", "#afb8c1"};
  for (size_t i = 0; i < 5; ++i) {
    std::string s = kSeverities[i];
    sev.push_back({s, colors[i], col([&](const DashboardQuarter& q) { return q.vulnerabilities.at(s); })});
  }
  o += svg_stacked("chart-vulnerabilities", "Vulnerabilities by severity", labels, sev);
  std::vector<Series> lic;
  const char* lcolors[] = {"#2da44e", "#7ee2a8", "#d4a72c", "#cf222e", "#afb8c1"};
  for (size_t i = 0; i < 5; ++i) {
    std::string v = kVerdicts[i];
    lic.push_back({v, lcolors[i], col([&](const DashboardQuarter& q) { return q.licenses.at(v); })});
  }
  o += svg_stacked("chart-licenses", "License risk (libraries)", labels, lic);
  o += "</div>\n";
  o += "<h2>Vulnerabilities</h2>\n<table id=\"vulnerabilities\"><tr><th>Baseline</th>";
  for (const char* s : kSeverities) o += fmt::format("<th>{}</th>", s);
  o += "<th>New</th><th>Fixed</th></tr>\n";
  for (const auto& q : d.quarters) {
    o += "<tr><td>" + html(q.label) + "</td>";
    for (const char* s : kSeverities) o += fmt::format("<td data-key=\"{}-{}\">{}</td>", s, html(q.label), q.vulnerabilities.at(s));
    o += q.has_previous ? fmt::format("<td>{}</td><td>{}</td></tr>\n", q.new_vulnerabilities, q.fixed_vulnerabilities) : "<td>-</td><td>-</td></tr>\n";
  }
  o += "</table>\n";
  o += "<h2>Critical libraries (CVSS 9 or more) in " + html(labels.empty() ? "-" : labels.back()) + "</h2>\n";
  if (d.critical.empty()) {
    o += "<p>None.</p>\n";
  } else {
    o += "<table id=\"critical\"><tr><th>Library</th><th>Score</th><th>Advisories</th><th>Direct in</th><th>Transitive in</th></tr>\n";
    for (const auto& c : d.critical) {
      o += fmt::format("<tr><td class=\"crit\">{}@{}</td><td>{:.1f}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>\n",
                       html(c.package), html(c.version), c.score, html(set_text(c.advisories)), html(set_text(c.direct_in)),
                       html(set_text(c.transitive_in)));
    }
    o += "</table>\n";
  }
  o += "<h2>License risk</h2>\n<table id=\"licenses\"><tr><th>Baseline</th>";
  for (const char* v : kVerdicts) o += fmt::format("<th>{}</th>", v);
  o += "</tr>\n";
  for (const auto& q : d.quarters) {
    o += "<tr><td>" + html(q.label) + "</td>";
    for (const char* v : kVerdicts) o += fmt::format("<td data-key=\"{}-{}\">{}</td>", v, html(q.label), q.licenses.at(v));
    o += "</tr>\n";
  }
  o += "</table>\n";
  if (d.quarters.size() > 1) {
    const auto& q = d.quarters.back();
    o += fmt::format("<h2>Since {}</h2>\n<p>{} libraries added, {} removed, {} upgraded; {} vulnerabilities new, {} fixed.</p>\n",
                     html(d.quarters[d.quarters.size() - 2].label), q.libraries_added, q.libraries_removed, q.libraries_upgraded,
                     q.new_vulnerabilities, q.fixed_vulnerabilities);
    if (!d.new_in_latest.empty()) {
      o += "<table id=\"new\"><tr><th>New</th><th>Severity</th><th>Library</th><th>Codebase</th></tr>\n";
      for (const auto& v : d.new_in_latest) {
        o += fmt::format("<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}@{}</td><td class=\"l\">{}</td></tr>\n", html(v.id), html(v.severity),
                         html(v.package), html(v.version), html(v.codebase));
      }
      o += "</table>\n";
    }
  }
  o += "<h2>Top remediation actions</h2>\n";
  if (d.actions.empty()) {
    o += "<p>None.</p>\n";
  } else {
    o += "<table id=\"actions\"><tr><th>Action</th><th>Findings removed</th><th>Codebases</th><th>Severities</th></tr>\n";
    for (const auto& a : d.actions) {
      o += fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td></tr>\n", html(a.action), a.findings,
                       a.codebases.size(), html(set_text(a.severities)));
    }
    o += "</table>\n";
  }
  return o + "</body>\n</html>\n";
}

std::string write_md(const Dashboard& d, const std::string& title) {
  std::string o = "# " + md(title) + "\n\n## Libraries\n\n| baseline | codebases | libraries | up to date | outdated | not known | multiple versions |\n"
                                       "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& q : d.quarters) {
    o += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md(q.label), q.codebases, q.libraries, q.up_to_date, q.outdated, q.outdated_unknown,
                     q.multiple_versions);
  }
  o += "\n## Vulnerabilities\n\n| baseline | critical | high | moderate | low | unknown | new | fixed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& q : d.quarters) {
    o += "| " + md(q.label) + " |";
    for (const char* s : kSeverities) o += fmt::format(" {} |", q.vulnerabilities.at(s));
    o += q.has_previous ? fmt::format(" {} | {} |\n", q.new_vulnerabilities, q.fixed_vulnerabilities) : " - | - |\n";
  }
  o += "\n## Critical libraries (CVSS 9 or more)\n\n";
  if (d.critical.empty()) o += "None.\n";
  else {
    o += "| library | score | advisories | direct in | transitive in |\n|---|---:|---|---|---|\n";
    for (const auto& c : d.critical) {
      o += fmt::format("| {}@{} | {:.1f} | {} | {} | {} |\n", md(c.package), md(c.version), c.score, md(set_text(c.advisories)), md(set_text(c.direct_in)),
                       md(set_text(c.transitive_in)));
    }
  }
  o += "\n## License risk\n\n| baseline | compliant | low risk | review | non-compliant | unknown |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& q : d.quarters) {
    o += "| " + md(q.label) + " |";
    for (const char* v : kVerdicts) o += fmt::format(" {} |", q.licenses.at(v));
    o += "\n";
  }
  o += "\n## Top remediation actions\n\n";
  if (d.actions.empty()) o += "None.\n";
  else {
    o += "| action | findings removed | codebases |\n|---|---:|---:|\n";
    for (const auto& a : d.actions) o += fmt::format("| {} | {} | {} |\n", md(a.action), a.findings, a.codebases.size());
  }
  return o;
}

std::string write_json(const Dashboard& d) {
  JsonWriter w;
  w.begin_object();
  w.key("baselines");
  w.begin_array();
  for (const auto& q : d.quarters) {
    w.begin_object();
    w.field("label", q.label);
    w.field("createdAt", static_cast<uint64_t>(q.created_at));
    w.field("codebases", static_cast<uint64_t>(q.codebases));
    w.field("libraries", static_cast<uint64_t>(q.libraries));
    w.field("upToDate", static_cast<uint64_t>(q.up_to_date));
    w.field("outdated", static_cast<uint64_t>(q.outdated));
    w.field("outdatedUnknown", static_cast<uint64_t>(q.outdated_unknown));
    w.field("multipleVersions", static_cast<uint64_t>(q.multiple_versions));
    w.key("vulnerabilities");
    w.begin_object();
    for (const char* s : kSeverities) w.field(s, static_cast<uint64_t>(q.vulnerabilities.at(s)));
    w.end_object();
    w.key("licenses");
    w.begin_object();
    for (const char* v : kVerdicts) w.field(v, static_cast<uint64_t>(q.licenses.at(v)));
    w.end_object();
    if (q.has_previous) {
      w.field("newVulnerabilities", static_cast<uint64_t>(q.new_vulnerabilities));
      w.field("fixedVulnerabilities", static_cast<uint64_t>(q.fixed_vulnerabilities));
    }
    w.end_object();
  }
  w.end_array();
  w.key("critical");
  w.begin_array();
  for (const auto& c : d.critical) {
    w.begin_object();
    w.field("package", c.package);
    w.field("version", c.version);
    w.field("score", fmt::format("{:.1f}", c.score));
    w.key("advisories");
    w.string_array(std::vector<std::string>(c.advisories.begin(), c.advisories.end()));
    w.key("directIn");
    w.string_array(std::vector<std::string>(c.direct_in.begin(), c.direct_in.end()));
    w.key("transitiveIn");
    w.string_array(std::vector<std::string>(c.transitive_in.begin(), c.transitive_in.end()));
    w.end_object();
  }
  w.end_array();
  w.key("actions");
  w.begin_array();
  for (const auto& a : d.actions) {
    w.begin_object();
    w.field("action", a.action);
    w.field("findings", static_cast<uint64_t>(a.findings));
    w.field("codebases", static_cast<uint64_t>(a.codebases.size()));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.finish();
}

}  // namespace

std::string write_dashboard(const Dashboard& d, DashboardFormat format, const std::string& title) {
  switch (format) {
    case DashboardFormat::Html: return write_html(d, title);
    case DashboardFormat::Markdown: return write_md(d, title);
    case DashboardFormat::Json: return write_json(d);
  }
  return {};
}

}  // namespace vigil::report
