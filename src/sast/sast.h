// vigil sast: static analysis of JavaScript and TypeScript source for security flaws.
//
// Files are parsed with tree-sitter (JavaScript, TypeScript and TSX grammars, chosen by extension:
// .js .cjs .mjs .jsx / .ts .mts .cts / .tsx). Each function gets a data-flow pass (assignments,
// destructuring, templates, concatenation, spread, returns, promise callbacks, await); functions of
// the whole project get summaries (which parameter reaches which sink, which reaches the return
// value), and relative require/import calls are resolved, so taint from a source (Express, Hapi,
// Koa request data, process.argv/env, configured sources) crosses helpers and modules. Rules that
// need no flow (weak hashes, disabled TLS checks, secrets...) are syntactic.
//
// Contracts: analyse() never throws and never prints; it returns findings sorted by (file, line,
// column, rule), parse errors (file:line:col) for files that do not parse cleanly (the rest of such
// a file is still analysed), and read errors. The same input gives the same output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::sast {

enum class Severity { Low = 0, Medium = 1, High = 2, Critical = 3 };
std::string_view severity_name(Severity s);
bool parse_severity(std::string_view text, Severity& out);

struct Rule {
  std::string_view id;
  std::string_view title;
  std::string_view cwe;    // "CWE-89"
  std::string_view owasp;  // "A03:2021-Injection"
  Severity severity;
  double security_severity;  // GitHub's 0.0-10.0 score
  std::string_view description;
  std::string_view fix;
};
const std::vector<Rule>& rules();
const Rule* find_rule(std::string_view id);

struct Finding {
  std::string rule;
  std::string file;       // as given / relative to the analysed root
  uint32_t line = 0;      // 1-based, the sink call (syntactic rules: the offending expression)
  uint32_t column = 0;    // 1-based
  std::string message;
  std::string snippet;    // the sink's text, normalised (secrets masked)
  std::string function;   // the enclosing function's name, "" at module level
  std::string fingerprint;  // stable when lines move: rule + snippet + function + occurrence
};

// Extra sources, sinks and sanitizers (vigil.yaml sast:). A source is a dotted access path prefix
// ("message.value", "event.payload"); a sink is "RULE-ID:callee" where callee is a dotted name or its
// last segments ("producer.send"), argument 0 being checked; a sanitizer is a callee name.
struct Options {
  unsigned threads = 0;
  std::set<std::string> disabled_rules;
  std::vector<std::string> exclude;  // globs matched against the path relative to the root
  std::vector<std::string> extra_sources;
  std::vector<std::string> extra_sinks;
  std::vector<std::string> extra_sanitizers;
  bool parse_only = false;
  uint64_t max_file_bytes = 64u << 20;  // larger files are an error (read errors name them)
  // Called (possibly from worker threads, serialised) after each file is parsed: done, total.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct Result {
  std::vector<Finding> findings;
  std::vector<Error> parse_errors;  // syntax errors; analysis went on
  std::vector<Error> errors;        // unreadable paths
  std::vector<Error> suppression_problems;  // vigil-ignore without a reason (not applied)
  std::size_t files = 0;
  std::size_t lines = 0;
  std::size_t suppressed = 0;
  double seconds = 0;
};

// Analyses the files below each path (a file or a folder; node_modules, .git and excluded paths
// are skipped). All files of one call form one project for the call graph.
Result analyse(const std::vector<std::filesystem::path>& paths, const Options& options);

// Analyses in-memory sources (name -> text) as one project; names are relative paths.
Result analyse_sources(const std::map<std::string, std::string>& sources, const Options& options);

// Output. table: one line per finding; json: {"tool","findings":[...]}; sarif: SARIF 2.1.0.
std::string write_table(const Result& r);
std::string write_json(const Result& r, std::string_view version);
std::string write_sarif(const Result& r, std::string_view version);

// The fingerprints of an earlier JSON or SARIF result.
Expected<std::set<std::string>> read_baseline(const std::filesystem::path& file);

}  // namespace vigil::sast
