// vigil scan PATH...: the known vulnerabilities of every codebase below the given folders,
// against the offline database (`vigil db update` fills it), with paths, fixes and a CI gate.
#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "license/license.h"
#include "policy/policy.h"
#include "report/report.h"
#include "scan/scan.h"
#include "vuln/vuln.h"

namespace vigil::cli {

namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string db;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string policy;
  std::string today;
  unsigned max_paths = 5;
  int max_age_days = -1;
  bool prod_only = false;
  bool no_import = false;
  bool no_licenses = false;
  InventoryFlags inv;
};

}  // namespace

// The policy of each codebase: the organisation's file, then the codebase's own vigil.yaml, then
// the other tools' files it keeps (unless `no_import`). An unreadable or invalid file is an error.
bool codebase_scan_policies(const inventory::Inventory& inv, const std::optional<policy::Policy>& org, bool no_import,
                       policy::Date today, std::map<std::string, scan::CodebasePolicy>& out, std::vector<Error>& warnings) {
  bool ok = true;
  for (const auto& cb : inv.codebases) {
    scan::CodebasePolicy cp;
    auto take_policy = [&](const policy::Policy& p) {
      cp.suppressions.insert(cp.suppressions.end(), p.vulnerabilities.suppressions.begin(), p.vulnerabilities.suppressions.end());
      if (p.vulnerabilities.fail_on) cp.fail_on = p.vulnerabilities.fail_on;
      if (p.vulnerabilities.prod_only) cp.prod_only = p.vulnerabilities.prod_only;
      warnings.insert(warnings.end(), p.warnings.begin(), p.warnings.end());
    };
    auto take_import = [&](const policy::Imported& im) {
      cp.suppressions.insert(cp.suppressions.end(), im.suppressions.begin(), im.suppressions.end());
      if (im.fail_on && !cp.fail_on) cp.fail_on = im.fail_on;
      if (im.prod_only && !cp.prod_only) cp.prod_only = im.prod_only;
      warnings.insert(warnings.end(), im.warnings.begin(), im.warnings.end());
    };
    if (org) take_policy(*org);
    std::filesystem::path dir(cb.dir);
    std::string shown = cb.id == "." ? std::string() : cb.id + "/";
    std::vector<std::filesystem::path> imports;
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "vigil.yaml", ec)) {
      auto p = policy::load_policy(dir / "vigil.yaml", shown + "vigil.yaml", today);
      if (!p) {
        std::cerr << "error: " << p.error().to_string() << "\n";
        ok = false;
        continue;
      }
      take_policy(*p);
      for (const auto& i : p->vulnerabilities.imports) imports.push_back(dir / i);
    }
    if (!no_import) {
      for (const auto& f : policy::importable_files(dir)) {
        if (std::find(imports.begin(), imports.end(), f) == imports.end()) imports.push_back(f);
      }
    }
    for (const auto& f : imports) {
      auto im = policy::import_file(f, shown + f.filename().string());
      if (!im) {
        std::cerr << "error: " << im.error().to_string() << "\n";
        ok = false;
        continue;
      }
      take_import(*im);
    }
    out.emplace(cb.id, std::move(cp));
  }
  return ok;
}

void add_scan(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* cmd = app.add_subcommand("scan", "Find the known vulnerabilities of every codebase below the given folders");
  cmd->add_option("paths", args->paths, "Folders to scan (a folder of many repositories is fine)")->required();
  cmd->add_option("--db", args->db, "The vulnerability database (default: ~/.cache/vigil/vuln.db)");
  cmd->add_option("-f,--format", args->format, "table, json, sarif, cyclonedx or csv")
      ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx", "csv"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--fail-on", args->fail_on, "Exit 1 when an unsuppressed finding at or above this severity exists")
      ->check(CLI::IsMember({"low", "moderate", "medium", "high", "critical"}));
  cmd->add_flag("--prod-only", args->prod_only, "Leave out libraries only development needs");
  cmd->add_option("--policy", args->policy, "The organisation's vigil.yaml, applied to every codebase");
  cmd->add_flag("--no-licenses", args->no_licenses, "Leave out the license evaluation (vigil licenses)");
  cmd->add_flag("--no-import", args->no_import, "Do not read the codebases' .grype.yaml and audit-ci.json* files");
  cmd->add_option("--paths", args->max_paths, "Dependency paths listed per finding (default 5)");
  cmd->add_option("--today", args->today, "The date suppressions expire against (YYYY-MM-DD; default: today, UTC)");
  cmd->add_option("--max-age-days", args->max_age_days, "Warn when the database is older than this (default: vigil.yaml's vulndb.max-age-days, else 7)");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    inventory::Options options;
    if (!inventory_options(args->inv, options)) return;
    options.max_paths = std::max(1u, args->max_paths);
    policy::Date today;
    if (!parse_today(args->today, today)) return;
    std::optional<policy::Policy> org;
    if (!args->policy.empty()) {
      auto p = policy::load_policy(args->policy, args->policy, today);
      if (!p) {
        std::cerr << "error: " << p.error().to_string() << "\n";
        return;
      }
      org = std::move(*p);
    }
    std::filesystem::path db_path = args->db.empty() ? vuln::default_database_path() : std::filesystem::path(args->db);
    if (db_path.empty()) {
      std::cerr << "vigil: no vulnerability database: set --db (HOME is not set)\n";
      return;
    }
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec)) {
      std::cerr << "error: " << db_path.string() << ": no vulnerability database here; fill it with `vigil db update --from PATH|URL`\n";
      return;
    }
    auto db = vuln::Database::open(db_path, vuln::OpenMode::ReadOnly);
    if (!db) {
      std::cerr << "error: " << db.error().to_string() << "\n";
      return;
    }
    auto status = db->status();
    if (!status) {
      std::cerr << "error: " << status.error().to_string() << "\n";
      return;
    }
    int max_age = args->max_age_days >= 0 ? args->max_age_days
                                         : (org && org->vulndb_max_age_days ? *org->vulndb_max_age_days : 7);
    if (status->last_update == 0) {
      std::cerr << "warning: " << db_path.string() << ": the database has never been updated: every scan will be clean\n";
    } else {
      int64_t age_days = (static_cast<int64_t>(std::time(nullptr)) - status->last_update) / 86400;
      if (age_days > max_age) {
        std::cerr << "warning: " << db_path.string() << ": the vulnerability data is " << age_days
                  << " days old (more than " << max_age << "); run `vigil db update`\n";
      }
    }

    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      scan::Options so;
      if (!args->fail_on.empty()) so.fail_on = parse_severity(args->fail_on);
      if (args->prod_only) so.prod_only = true;
      so.today = today;
      so.max_paths = options.max_paths;
      std::vector<Error> policy_warnings;
      if (!codebase_scan_policies(inv, org, args->no_import, today, so.policies, policy_warnings)) return 2;
      scan::Result result = scan::scan(inv, *db, so);
      result.warnings.insert(result.warnings.begin(), policy_warnings.begin(), policy_warnings.end());
      // The license evaluation of `vigil licenses`, under the same policy files.
      LicensePolicies license_policies;
      license::Report licenses;
      report::LicenseView license_view;
      size_t license_gating = 0;
      if (!args->no_licenses) {
        std::vector<Error> lw;
        if (!organisation_license_policy(args->policy, "", today, license_policies.organisation, lw)) return 2;
        if (!codebase_license_policies(inv, today, license_policies, lw)) return 2;
        licenses = license::evaluate_inventory(
            inv, [&](const std::string& id) -> const policy::LicensePolicy& { return license_policies.of(id); }, today);
        for (const auto& cb : inv.codebases) license_view.lockfiles[cb.id] = cb.lockfile;
        bool prod_only = args->prod_only;
        for (const auto& l : licenses.libraries) {
          if (prod_only && l.dev_only) continue;
          license_view.libraries.push_back(&l);
          // licenses.fail-on in a policy file gates the scan too.
          license_gating += license::fails_gate(l.evaluation.verdict, license_policies.of(l.codebase).fail_on);
        }
        for (auto& e : lw) result.warnings.push_back(std::move(e));
        for (const auto& e : licenses.warnings) result.warnings.push_back(e);
      }
      const report::LicenseView* lv = args->no_licenses ? nullptr : &license_view;
      std::string text;
      if (args->format == "cyclonedx") {
        if (inv.codebases.size() != 1) {
          std::cerr << "vigil: --format cyclonedx describes one codebase; " << inv.codebases.size()
                    << " were found (name one folder)\n";
          return 2;
        }
        report::SbomOptions bo;
        bo.tool_version = VIGIL_VERSION;
        bo.vulnerabilities = &result.findings;
        const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
        bo.timestamp = epoch && *epoch ? std::strtoll(epoch, nullptr, 10) : static_cast<int64_t>(std::time(nullptr));
        text = report::write_cyclonedx(inv.codebases[0], bo);
      } else {
        report::ScanFormat f = args->format == "json"    ? report::ScanFormat::Json
                               : args->format == "sarif" ? report::ScanFormat::Sarif
                               : args->format == "csv"   ? report::ScanFormat::Csv
                                                         : report::ScanFormat::Table;
        text = report::write_scan(result, inv.failures, f, VIGIL_VERSION, lv);
      }
      if (args->format != "table") {
        for (const auto& w : result.warnings) std::cerr << "warning: " << w.to_string() << "\n";
      }
      if (!emit(args->output, text)) return 2;
      if (rc != 0) return rc;
      if (result.gate_failed) {
        std::cerr << "vigil: " << result.summary.gating << " unsuppressed finding" << (result.summary.gating == 1 ? "" : "s")
                  << " at or above the gate's severity\n";
        return 1;
      }
      if (license_gating > 0) {
        std::cerr << "vigil: " << license_gating << " librar" << (license_gating == 1 ? "y" : "ies")
                  << " at or above the license policy's fail-on\n";
        return 1;
      }
      return 0;
    });
  });
}

}  // namespace vigil::cli
