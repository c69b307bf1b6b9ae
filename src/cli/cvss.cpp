// vigil cvss [--json] [VECTOR...]: the score and rating of CVSS v3.0, v3.1 and v4.0 vectors.
//
// The vectors are the arguments or, with none, the lines of standard input (surrounding blanks
// trimmed, blank lines ignored). One line per vector, in input order:
//
//   9.8   Critical  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
//   8.5   High      CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O  (base 9.8, temporal 8.5)
//   10.0  Critical  CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H  (CVSS-B)
//
// that is: the score to report (v3: environmental, else temporal, else base), its rating, the
// vector as given, and the parts (v3, when it defines temporal or environmental metrics) or
// the nomenclature (v4).
//
// --json prints one JSON array instead, an object per vector with every field of the Score
// (temporal and environmental null where the vector defines no such metric), or {vector, error}
// for an invalid one. An invalid vector is also reported on stderr as
// "error: <vector>: <message>"; the others are still printed.
//
// Exit codes: 0 = every vector valid; 2 = an invalid vector, or no vector at all.
#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "report/json_writer.h"
#include "vuln/cvss/cvss.h"

namespace vigil::cli {

namespace {

struct CvssArgs {
  std::vector<std::string> vectors;
  bool json = false;
};

std::string read_stdin() {
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) text.append(buf, n);
  return text;
}

// The non-blank lines of `text`, trimmed of spaces, tabs and a CR.
std::vector<std::string_view> vector_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    const size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos) {
      const size_t e = line.find_last_not_of(" \t\r");
      out.push_back(line.substr(b, e - b + 1));
    }
    pos = end + 1;
  }
  return out;
}

void write_json(report::JsonWriter& w, std::string_view vector, const cvss::Score& s) {
  auto optional_score = [&](std::string_view key, const std::optional<double>& d) {
    w.key(key);
    if (d) {
      w.decimal(*d, 1);
    } else {
      w.null();
    }
  };
  w.begin_object();
  w.field("vector", vector);
  w.field("version", cvss::to_string(s.version));
  w.key("score");
  w.decimal(s.score, 1);
  w.field("rating", cvss::to_string(s.rating));
  w.key("base");
  w.decimal(s.base, 1);
  optional_score("temporal", s.temporal);
  optional_score("environmental", s.environmental);
  w.key("nomenclature");
  if (s.nomenclature.empty()) {
    w.null();
  } else {
    w.value(s.nomenclature);
  }
  w.field("normalized_vector", s.normalized_vector);
  w.end_object();
}

void append_line(std::string& out, std::string_view vector, const cvss::Score& s) {
  fmt::format_to(std::back_inserter(out), "{:<4.1f}  {:<8}  {}", s.score, cvss::to_string(s.rating), vector);
  if (s.version == cvss::Version::V4_0) {
    fmt::format_to(std::back_inserter(out), "  ({})", s.nomenclature);
  } else if (s.temporal || s.environmental) {
    fmt::format_to(std::back_inserter(out), "  (base {:.1f}", s.base);
    if (s.temporal) fmt::format_to(std::back_inserter(out), ", temporal {:.1f}", *s.temporal);
    if (s.environmental) fmt::format_to(std::back_inserter(out), ", environmental {:.1f}", *s.environmental);
    out += ')';
  }
  out += '\n';
}

int run_cvss(const CvssArgs& args) {
  std::string input;
  std::vector<std::string_view> vectors;
  if (args.vectors.empty()) {
    input = read_stdin();
    vectors = vector_lines(input);
  } else {
    vectors.assign(args.vectors.begin(), args.vectors.end());
  }
  if (vectors.empty()) {
    std::cerr << "vigil cvss: no vectors: give them as arguments or one per line on standard input\n";
    return 2;
  }

  int rc = 0;
  std::string out;
  std::string errors;
  report::JsonWriter w;
  if (args.json) {
    w.reserve(vectors.size() * 400);
    w.begin_array();
  } else {
    out.reserve(vectors.size() * 96);
  }
  for (std::string_view vector : vectors) {
    auto s = cvss::score(vector);
    if (!s) {
      fmt::format_to(std::back_inserter(errors), "error: {}: {}\n", vector, s.error().message);
      rc = 2;
      if (args.json) {
        w.begin_object();
        w.field("vector", vector);
        w.field("error", s.error().message);
        w.end_object();
      }
      continue;
    }
    if (args.json) {
      write_json(w, vector, *s);
    } else {
      append_line(out, vector, *s);
    }
  }
  if (args.json) {
    w.end_array();
    out = w.finish();
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  std::cerr << errors;
  return rc;
}

}  // namespace

void add_cvss(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CvssArgs>();
  CLI::App* cmd = app.add_subcommand(
      "cvss", "Score CVSS v3.0, v3.1 and v4.0 vectors (the arguments, or one per line on standard input)");
  cmd->add_option("vectors", args->vectors, "CVSS vectors, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  cmd->add_flag("--json", args->json, "Print a JSON array with every score of every vector");
  cmd->footer(
      "Prints one line per vector: score, rating, vector, and the base/temporal/environmental parts (v3)\n"
      "or the nomenclature (v4). Exit codes: 0 = every vector valid; 2 = an invalid vector (reported on\n"
      "stderr, the others still printed) or no vector at all.");
  cmd->callback([args, &ctx] { ctx.exit_code = run_cvss(*args); });
}

}  // namespace vigil::cli
