// vigil sast PATH...: static analysis of JavaScript/TypeScript code (taint tracking and syntactic
// rules), with a CI gate, JSON/SARIF output, a baseline, and vigil.yaml's sast: section.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "policy/policy.h"
#include "sast/sast.h"

namespace vigil::cli {
namespace {

struct SastArgs {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string baseline;
  std::string config;
  std::string max_file_size = "64M";
  unsigned threads = 0;
  bool parse_only = false;
};

}  // namespace

void add_sast(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SastArgs>();
  CLI::App* cmd = app.add_subcommand("sast", "Find security flaws in JavaScript and TypeScript code (taint tracking, SARIF, CI gate)");
  cmd->add_option("paths", args->paths, "Files or folders to analyse (one project)")->required();
  cmd->add_option("-f,--format", args->format, "table, json or sarif")->check(CLI::IsMember({"table", "json", "sarif"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--fail-on", args->fail_on, "Exit 1 when a finding at or above this severity exists (default: vigil.yaml's sast.fail-on, else low)")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  cmd->add_option("--baseline", args->baseline, "An earlier JSON or SARIF result: report only findings not in it");
  cmd->add_option("--policy", args->config, "The vigil.yaml whose sast: section applies (default: PATH/vigil.yaml of the first folder)");
  cmd->add_option("-j,--threads", args->threads, "Threads (default: the number of cores)");
  cmd->add_option("--max-file-size", args->max_file_size, "Refuse source files larger than this (default 64M)");
  cmd->add_flag("--parse-only", args->parse_only, "Only parse every file (the throughput ceiling); prints files, lines and seconds")->group("");
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    sast::Options opt;
    opt.threads = args->threads;
    opt.parse_only = args->parse_only;
    if (!parse_size(args->max_file_size, opt.max_file_bytes)) {
      std::cerr << "vigil: --max-file-size: not a size: " << args->max_file_size << "\n";
      return;
    }
    std::optional<sast::Severity> fail_on;
    // vigil.yaml sast:
    std::filesystem::path cfg = args->config;
    std::error_code ec;
    if (cfg.empty() && !args->paths.empty() && std::filesystem::is_directory(args->paths[0], ec) &&
        std::filesystem::is_regular_file(std::filesystem::path(args->paths[0]) / "vigil.yaml", ec))
      cfg = std::filesystem::path(args->paths[0]) / "vigil.yaml";
    if (!cfg.empty()) {
      auto p = policy::load_policy(cfg, cfg.string(), policy::date_of_epoch(static_cast<int64_t>(std::time(nullptr))));
      if (!p) {
        std::cerr << "error: " << p.error().to_string() << "\n";
        return;
      }
      const auto& s = p->sast;
      for (const auto& [rule, on] : s.rules) {
        if (!on) opt.disabled_rules.insert(rule);
      }
      opt.exclude = s.exclude;
      opt.extra_sources = s.sources;
      opt.extra_sinks = s.sinks;
      opt.extra_sanitizers = s.sanitizers;
      if (s.fail_on) {
        sast::Severity sv;
        if (sast::parse_severity(*s.fail_on, sv)) fail_on = sv;
      }
    }
    if (!args->fail_on.empty()) {
      sast::Severity sv;
      sast::parse_severity(args->fail_on, sv);
      fail_on = sv;
    }
    std::optional<std::set<std::string>> baseline;
    if (!args->baseline.empty()) {
      auto b = sast::read_baseline(args->baseline);
      if (!b) {
        std::cerr << "error: " << b.error().to_string() << "\n";
        return;
      }
      baseline = std::move(*b);
    }
    bool tty = isatty(STDERR_FILENO) && std::getenv("CI") == nullptr;
    if (tty) {
      opt.progress = [](std::size_t done, std::size_t total) {
        if (total < 50 || (done % 20 != 0 && done != total)) return;
        int width = 30;
        int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
        std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu files", filled, "##############################", width - filled, "", done, total);
        if (done == total) std::fprintf(stderr, "\r%*s\r", 60, "");
      };
    }
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    sast::Result r = sast::analyse(roots, opt);
    for (const auto& e : r.errors) std::cerr << "error: " << e.to_string() << "\n";
    if (!r.errors.empty()) return;
    for (const auto& e : r.parse_errors) std::cerr << "warning: " << e.to_string() << "\n";
    if (args->parse_only) {
      std::printf("%zu files, %zu lines, %.3f seconds\n", r.files, r.lines, r.seconds);
      ctx.exit_code = 0;
      return;
    }
    for (const auto& e : r.suppression_problems) std::cerr << "warning: " << e.to_string() << "\n";
    if (baseline) {
      std::vector<sast::Finding> kept;
      for (auto& f : r.findings) {
        if (!baseline->count(f.fingerprint)) kept.push_back(std::move(f));
      }
      r.findings = std::move(kept);
    }
    std::string text = args->format == "json"    ? sast::write_json(r, VIGIL_VERSION)
                       : args->format == "sarif" ? sast::write_sarif(r, VIGIL_VERSION)
                                                 : sast::write_table(r);
    if (!emit(args->output, text)) return;
    sast::Severity gate = fail_on.value_or(sast::Severity::Low);
    std::size_t gating = 0;
    for (const auto& f : r.findings) {
      const sast::Rule* rule = sast::find_rule(f.rule);
      if (rule && rule->severity >= gate) ++gating;
    }
    if (gating) {
      std::cerr << "vigil: " << gating << " finding" << (gating == 1 ? "" : "s") << " at or above " << sast::severity_name(gate) << "\n";
      ctx.exit_code = 1;
      return;
    }
    ctx.exit_code = 0;
  });
}

}  // namespace vigil::cli
