// vigil check [PATH]: the one CI gate. Reads the repository's vigil.yaml and runs what it asks
// for: known vulnerabilities, the license policy, SAST and (with an `outdated:` section) outdated
// dependencies; prints one summary; writes SARIF for GitHub code scanning when asked; exits 0
// (every check passed), 1 (a check failed) or 2 (the checks could not run).
#include <unistd.h>

#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "license/license.h"
#include "registry/registry.h"
#include "report/report.h"
#include "sast/sast.h"
#include "scan/scan.h"
#include "vuln/vuln.h"

namespace vigil::cli {

namespace {

struct CheckArgs {
  std::string path = ".";
  std::string policy;
  std::string db;
  std::string sarif_dir;
  std::string today;
  bool offline = false;
  InventoryFlags inv;
};

struct Outcome {
  std::string name;
  std::string verdict;  // PASS, FAIL, SKIP
  std::string details;
};

}  // namespace

void add_check(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "The CI gate: vulnerabilities, licenses, SAST and outdated dependencies as vigil.yaml asks (exit 0/1/2)");
  cmd->add_option("path", args->path, "The repository (default: the current folder)");
  cmd->add_option("--policy", args->policy, "The policy file (default: PATH/vigil.yaml; without one the defaults apply)");
  cmd->add_option("--db", args->db, "The vulnerability database (default: ~/.cache/vigil/vuln.db)");
  cmd->add_option("--sarif", args->sarif_dir, "Write vigil-dependencies.sarif and vigil-sast.sarif into this folder (GitHub code scanning)");
  cmd->add_option("--today", args->today, "The date suppressions and exceptions expire against (YYYY-MM-DD)");
  cmd->add_flag("--offline", args->offline, "Registry data from the cache only (outdated check)");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    inventory::Options options;
    if (!inventory_options(args->inv, options)) return;
    options.max_paths = 1;
    policy::Date today;
    if (!parse_today(args->today, today)) return;
    std::filesystem::path root(args->path);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
      std::cerr << "error: " << args->path << ": not a folder\n";
      return;
    }
    std::filesystem::path policy_file = args->policy.empty() ? root / "vigil.yaml" : std::filesystem::path(args->policy);
    policy::Policy pol;
    bool have_policy = std::filesystem::is_regular_file(policy_file, ec);
    if (!args->policy.empty() && !have_policy) {
      std::cerr << "error: " << policy_file.string() << ": no such file\n";
      return;
    }
    if (have_policy) {
      auto p = policy::load_policy(policy_file, policy_file.string(), today);
      if (!p) {
        std::cerr << "error: " << p.error().to_string() << "\n";
        return;
      }
      pol = std::move(*p);
      for (const auto& w : pol.warnings) std::cerr << "warning: " << w.to_string() << "\n";
    }
    std::filesystem::path db_path = args->db.empty() ? vuln::default_database_path() : std::filesystem::path(args->db);
    if (db_path.empty() || !std::filesystem::exists(db_path, ec)) {
      std::cerr << "error: " << db_path.string() << ": no vulnerability database here; fill it with `vigil db update` before `vigil check`\n";
      return;
    }
    auto db = vuln::Database::open(db_path, vuln::OpenMode::ReadOnly);
    if (!db) {
      std::cerr << "error: " << db.error().to_string() << "\n";
      return;
    }
    std::vector<std::filesystem::path> roots{root};
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      if (rc != 0) return rc;
      std::vector<Outcome> outcomes;
      std::vector<Error> warnings;
      std::optional<policy::Policy> org;
      if (!args->policy.empty()) org = pol;

      // Vulnerabilities: each codebase's policy; a codebase whose policy names no gate fails on high.
      scan::Options so;
      so.today = today;
      so.max_paths = 1;
      if (!codebase_scan_policies(inv, org, false, today, so.policies, warnings)) return 2;
      for (const auto& cb : inv.codebases) {
        auto& cp = so.policies[cb.id];
        if (!cp.fail_on) cp.fail_on = Severity::High;
      }
      scan::Result sr = scan::scan(inv, *db, so);
      warnings.insert(warnings.end(), sr.warnings.begin(), sr.warnings.end());
      outcomes.push_back({"vulnerabilities", sr.gate_failed ? "FAIL" : "PASS",
                          fmt::format("{} at or above the gate; {} findings, {} suppressed", sr.summary.gating, sr.summary.findings,
                                      sr.summary.suppressed)});

      // Licenses: the policy's (default: the Apache-2.0 project policy); the gate: its fail-on, else non-compliant.
      LicensePolicies lp;
      if (!organisation_license_policy(have_policy ? policy_file.string() : std::string(), "", today, lp.organisation, warnings)) return 2;
      if (!codebase_license_policies(inv, today, lp, warnings)) return 2;
      license::Report lr = license::evaluate_inventory(inv, [&](const std::string& id) -> const policy::LicensePolicy& { return lp.of(id); }, today);
      warnings.insert(warnings.end(), lr.warnings.begin(), lr.warnings.end());
      report::LicenseView view;
      size_t lic_gating = 0;
      for (const auto& cb : inv.codebases) view.lockfiles[cb.id] = cb.lockfile;
      for (const auto& l : lr.libraries) {
        view.libraries.push_back(&l);
        const std::string& gate = lp.of(l.codebase).fail_on;
        lic_gating += license::fails_gate(l.evaluation.verdict, gate.empty() ? "non-compliant" : gate);
      }
      {
        std::string gate = lp.organisation.fail_on.empty() ? "non-compliant" : lp.organisation.fail_on;
        outcomes.push_back({"licenses", lic_gating ? "FAIL" : "PASS",
                            fmt::format("{} librar{} at or above {} (unknown counts as non-compliant; {} evaluated)", lic_gating, lic_gating == 1 ? "y" : "ies", gate,
                                        lr.libraries.size())});
      }

      // SAST: the code below PATH; the gate: sast.fail-on, else high.
      sast::Options sopt;
      for (const auto& [rule, on] : pol.sast.rules) {
        if (!on) sopt.disabled_rules.insert(rule);
      }
      sopt.exclude = pol.sast.exclude;
      sopt.extra_sources = pol.sast.sources;
      sopt.extra_sinks = pol.sast.sinks;
      sopt.extra_sanitizers = pol.sast.sanitizers;
      sast::Severity sgate = sast::Severity::High;
      if (pol.sast.fail_on) sast::parse_severity(*pol.sast.fail_on, sgate);
      sast::Result sa = sast::analyse(roots, sopt);
      for (const auto& e : sa.errors) {
        std::cerr << "error: " << e.to_string() << "\n";
        return 2;
      }
      for (const auto& e : sa.parse_errors) warnings.push_back(e);
      for (const auto& e : sa.suppression_problems) warnings.push_back(e);
      size_t sast_gating = 0;
      for (const auto& f : sa.findings) {
        const sast::Rule* rule = sast::find_rule(f.rule);
        if (rule && rule->severity >= sgate) ++sast_gating;
      }
      outcomes.push_back({"sast", sast_gating ? "FAIL" : "PASS",
                          fmt::format("{} at or above {}; {} findings in {} files", sast_gating, sast::severity_name(sgate), sa.findings.size(),
                                      sa.files)});

      // Outdated: only when vigil.yaml has an outdated: section.
      if (!pol.outdated) {
        outcomes.push_back({"outdated", "SKIP", "no outdated: section in the policy"});
      } else {
        registry::OutdatedOptions oo;
        const auto& op = *pol.outdated;
        oo.threshold = op.fail_on == std::optional<std::string>("major")   ? registry::Behind::Major
                       : op.fail_on == std::optional<std::string>("minor") ? registry::Behind::Minor
                                                                           : registry::Behind::Patch;
        if (auto st = registry::load_ncurcs(inv, oo.ncurc, warnings); !st) {
          std::cerr << "error: " << st.error().to_string() << "\n";
          return 2;
        }
        registry::FetchOptions fo;
        fo.cache = registry::default_cache_path();
        fo.offline = args->offline || op.offline;
        auto docs = registry::fetch_inventory(inv, false, fo);
        if (!docs) {
          std::cerr << "error: " << docs.error().to_string() << "\n";
          return 2;
        }
        registry::OutdatedReport out = registry::outdated(inv, *docs, oo);
        size_t gating = 0, deprecated = 0;
        for (const auto& e : out.entries) {
          if (e.outdated && op.fail_on) ++gating;
          if (!e.deprecated.empty()) ++deprecated;
        }
        if (op.deprecated == "fail") gating += deprecated;
        outcomes.push_back({"outdated", gating ? "FAIL" : "PASS",
                            fmt::format("{} direct dependenc{} at or above {}{}; {} deprecated, {} unknown", gating, gating == 1 ? "y" : "ies",
                                        op.fail_on.value_or("(no fail-on)"), op.deprecated == "fail" ? " or deprecated" : "", deprecated,
                                        out.summary.unknown)});
      }

      if (!args->sarif_dir.empty()) {
        std::filesystem::create_directories(args->sarif_dir, ec);
        std::string dep = report::write_scan(sr, inv.failures, report::ScanFormat::Sarif, VIGIL_VERSION, &view);
        if (!emit((std::filesystem::path(args->sarif_dir) / "vigil-dependencies.sarif").string(), dep)) return 2;
        if (!emit((std::filesystem::path(args->sarif_dir) / "vigil-sast.sarif").string(), sast::write_sarif(sa, VIGIL_VERSION))) return 2;
      }
      for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
      bool failed = false;
      for (const auto& o : outcomes) failed = failed || o.verdict == "FAIL";
      std::string text = fmt::format("vigil check {}: {}\n", args->path, failed ? "FAILED" : "passed");
      for (const auto& o : outcomes) text += fmt::format("  {:<16} {:<5} {}\n", o.name, o.verdict, o.details);
      if (!emit("", text)) return 2;
      return failed ? 1 : 0;
    });
  });
}

}  // namespace vigil::cli
