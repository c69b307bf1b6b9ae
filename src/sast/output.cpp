// vigil sast output: table, JSON, SARIF 2.1.0, and reading a baseline back.
#include <simdjson.h>

#include <sstream>

#include "sast/sast.h"

namespace vigil::sast {
namespace {

std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o;
}
std::string q(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 2);
  o.push_back('"');
  o.append(esc(s));
  o.push_back('"');
  return o;
}
std::string lower_cwe(std::string_view c) {
  std::string o(c);
  for (auto& ch : o) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return o;
}

std::string_view sarif_level(Severity s) {
  return s >= Severity::High ? "error" : s == Severity::Medium ? "warning" : "note";
}

}  // namespace

std::string write_table(const Result& r) {
  std::ostringstream o;
  for (const auto& f : r.findings) {
    const Rule* rule = find_rule(f.rule);
    o << f.file << ":" << f.line << ":" << f.column << "  " << (rule ? severity_name(rule->severity) : "low") << "  " << f.rule << "  "
      << f.message << "\n";
  }
  o << r.findings.size() << " finding" << (r.findings.size() == 1 ? "" : "s") << " in " << r.files << " file" << (r.files == 1 ? "" : "s")
    << " (" << r.lines << " lines)";
  if (r.suppressed) o << ", " << r.suppressed << " suppressed";
  o << "\n";
  return o.str();
}

std::string write_json(const Result& r, std::string_view version) {
  std::ostringstream o;
  o << "{\n  \"tool\": {\"name\": \"vigil\", \"version\": " << q(version) << "},\n";
  o << "  \"summary\": {\"files\": " << r.files << ", \"lines\": " << r.lines << ", \"findings\": " << r.findings.size()
    << ", \"suppressed\": " << r.suppressed << ", \"parse_errors\": " << r.parse_errors.size() << "},\n";
  o << "  \"findings\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    const Rule* rule = find_rule(f.rule);
    o << (i ? ",\n" : "\n") << "    {\"rule\": " << q(f.rule) << ", \"severity\": " << q(rule ? severity_name(rule->severity) : "low")
      << ", \"cwe\": " << q(rule ? rule->cwe : "") << ", \"file\": " << q(f.file) << ", \"line\": " << f.line << ", \"column\": " << f.column
      << ", \"function\": " << q(f.function) << ", \"message\": " << q(f.message) << ", \"snippet\": " << q(f.snippet)
      << ", \"fingerprint\": " << q(f.fingerprint) << "}";
  }
  o << (r.findings.empty() ? "],\n" : "\n  ],\n");
  o << "  \"parse_errors\": [";
  for (std::size_t i = 0; i < r.parse_errors.size(); ++i) o << (i ? ", " : "") << q(r.parse_errors[i].to_string());
  o << "],\n  \"suppression_problems\": [";
  for (std::size_t i = 0; i < r.suppression_problems.size(); ++i) o << (i ? ", " : "") << q(r.suppression_problems[i].to_string());
  o << "]\n}\n";
  return o.str();
}

std::string write_sarif(const Result& r, std::string_view version) {
  std::ostringstream o;
  o << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n";
  o << "    \"tool\": {\"driver\": {\"name\": \"vigil-sast\", \"version\": " << q(version)
    << ", \"informationUri\": \"https://github.com/vigil/vigil\", \"rules\": [";
  const auto& rs = rules();
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const auto& ru = rs[i];
    std::string help = std::string(ru.description) + "\n\nFix: " + std::string(ru.fix);
    char sev[16];
    std::snprintf(sev, sizeof sev, "%.1f", ru.security_severity);
    o << (i ? ",\n" : "\n") << "      {\"id\": " << q(ru.id) << ", \"name\": " << q(ru.title) << ", \"shortDescription\": {\"text\": " << q(ru.title)
      << "}, \"fullDescription\": {\"text\": " << q(ru.description) << "}, \"help\": {\"text\": " << q(help)
      << ", \"markdown\": " << q("**" + std::string(ru.title) + "** (" + std::string(ru.cwe) + ", OWASP " + std::string(ru.owasp) + ")\n\n" + help)
      << "}, \"defaultConfiguration\": {\"level\": " << q(sarif_level(ru.severity)) << "}, \"properties\": {\"tags\": [\"security\", "
      << q("external/cwe/" + lower_cwe(ru.cwe)) << ", " << q("external/owasp/" + std::string(ru.owasp.substr(0, 3))) << "], \"security-severity\": " << q(sev)
      << ", \"precision\": \"high\", \"problem.severity\": " << q(sarif_level(ru.severity) == "note" ? "recommendation" : sarif_level(ru.severity)) << "}}";
  }
  o << "\n    ]}},\n    \"results\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    const Rule* rule = find_rule(f.rule);
    std::size_t idx = 0;
    for (; idx < rs.size(); ++idx) {
      if (rs[idx].id == f.rule) break;
    }
    o << (i ? ",\n" : "\n") << "      {\"ruleId\": " << q(f.rule) << ", \"ruleIndex\": " << idx << ", \"level\": " << q(sarif_level(rule ? rule->severity : Severity::Low))
      << ", \"message\": {\"text\": " << q(f.message) << "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": " << q(f.file)
      << "}, \"region\": {\"startLine\": " << f.line << ", \"startColumn\": " << f.column << "}}}], \"partialFingerprints\": {\"vigil/v1\": "
      << q(f.fingerprint) << "}}";
  }
  o << (r.findings.empty() ? "]" : "\n    ]");
  o << ",\n    \"invocations\": [{\"executionSuccessful\": true, \"toolExecutionNotifications\": [";
  bool first = true;
  for (const auto* list : {&r.parse_errors, &r.suppression_problems}) {
    for (const auto& e : *list) {
      o << (first ? "\n" : ",\n") << "      {\"level\": \"warning\", \"message\": {\"text\": " << q(e.message) << "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": "
        << q(e.file) << "}" << (e.line ? ", \"region\": {\"startLine\": " + std::to_string(e.line) + (e.column ? ", \"startColumn\": " + std::to_string(e.column) : std::string()) + "}" : std::string())
        << "}}]}";
      first = false;
    }
  }
  o << (first ? "]}]\n" : "\n    ]}]\n");
  o << "  }]\n}\n";
  return o.str();
}

Expected<std::set<std::string>> read_baseline(const std::filesystem::path& file) {
  simdjson::padded_string text;
  auto err = simdjson::padded_string::load(file.string()).get(text);
  if (err) return make_error(file.string(), "cannot read the baseline");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc)) return make_error(file.string(), "the baseline is not valid JSON");
  std::set<std::string> out;
  simdjson::dom::array findings;
  simdjson::dom::array runs;
  if (!doc["findings"].get_array().get(findings)) {
    for (auto f : findings) {
      std::string_view fp;
      if (f["fingerprint"].get_string().get(fp)) return make_error(file.string(), "a finding of the baseline has no fingerprint");
      out.insert(std::string(fp));
    }
    return out;
  }
  if (!doc["runs"].get_array().get(runs)) {
    for (auto run : runs) {
      simdjson::dom::array results;
      if (run["results"].get_array().get(results)) continue;
      for (auto res : results) {
        std::string_view fp;
        if (res["partialFingerprints"]["vigil/v1"].get_string().get(fp)) return make_error(file.string(), "a SARIF result of the baseline has no vigil/v1 fingerprint");
        out.insert(std::string(fp));
      }
    }
    return out;
  }
  return make_error(file.string(), "not a vigil sast JSON or SARIF result");
}

}  // namespace vigil::sast
