// vigil licenses PATH...: the licenses of every library of every codebase, judged by the license
// policy, with a risk summary and a CI gate. vigil license STRING...: the same judgement for one
// license string, before a dependency is added.
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/file.h"
#include "inventory/inventory.h"
#include "license/license.h"
#include "policy/policy.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace vigil::cli {

namespace {

struct LicensesArgs {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  std::string policy;
  std::string license_scanner;
  std::string today;
  bool prod_only = false;
  bool no_detect = false;
  InventoryFlags inv;
};

struct LicenseArgs {
  std::vector<std::string> strings;
  std::string allow;
  std::string policy;
  std::string license_scanner;
  std::string format = "table";
  std::string today;
};

void merge(policy::LicensePolicy& into, const policy::LicensePolicy& from) {
  into.allow.insert(into.allow.end(), from.allow.begin(), from.allow.end());
  into.review.insert(into.review.end(), from.review.begin(), from.review.end());
  into.deny.insert(into.deny.end(), from.deny.begin(), from.deny.end());
  into.exceptions.insert(into.exceptions.end(), from.exceptions.begin(), from.exceptions.end());
  if (!from.fail_on.empty()) into.fail_on = from.fail_on;
}

// The license policy of a policy file: its `licenses:` section with the license-scanner files it
// imports, or nullopt when it has none.
bool policy_from_file(const std::filesystem::path& file, const std::string& display, policy::Date today,
                      std::optional<policy::LicensePolicy>& out, std::vector<Error>& warnings) {
  auto p = policy::load_policy(file, display, today);
  if (!p) {
    std::cerr << "error: " << p.error().to_string() << "\n";
    return false;
  }
  warnings.insert(warnings.end(), p->warnings.begin(), p->warnings.end());
  if (!p->licenses) return true;
  policy::LicensePolicy lp = *p->licenses;
  for (const auto& imp : p->licenses->imports) {
    std::filesystem::path f = file.parent_path() / imp;
    auto text = read_file(f, 16 << 20, f.string());
    if (!text) {
      std::cerr << "error: " << text.error().to_string() << "\n";
      return false;
    }
    auto im = policy::import_license_scanner(*text, f.string());
    if (!im) {
      std::cerr << "error: " << im.error().to_string() << "\n";
      return false;
    }
    merge(lp, im->policy);
    warnings.insert(warnings.end(), im->warnings.begin(), im->warnings.end());
  }
  out = std::move(lp);
  return true;
}

// --policy FILE and --license-scanner FILE: the organisation's license policy (default: the
// Apache-2.0 project policy). A license-scanner file alone stands for Mojaloop's policy: its
// allow-list, nothing else allowed.
bool organisation_policy_impl(const std::string& policy_file, const std::string& scanner_file, policy::Date today,
                         policy::LicensePolicy& out, std::vector<Error>& warnings) {
  std::optional<policy::LicensePolicy> from_file;
  if (!policy_file.empty() && !policy_from_file(policy_file, policy_file, today, from_file, warnings)) return false;
  if (!scanner_file.empty()) {
    auto text = read_file(scanner_file, 16 << 20, scanner_file);
    if (!text) {
      std::cerr << "error: " << text.error().to_string() << "\n";
      return false;
    }
    auto im = policy::import_license_scanner(*text, scanner_file);
    if (!im) {
      std::cerr << "error: " << im.error().to_string() << "\n";
      return false;
    }
    warnings.insert(warnings.end(), im->warnings.begin(), im->warnings.end());
    if (from_file) merge(*from_file, im->policy);
    else from_file = im->policy;
  }
  out = from_file ? *from_file : license::default_policy();
  return true;
}

std::string categories_text(const std::vector<license::Category>& cs) {
  std::string s;
  for (auto c : cs) s += (s.empty() ? "" : ",") + std::string(license::to_string(c));
  return s;
}

}  // namespace

const policy::LicensePolicy& LicensePolicies::of(const std::string& codebase) const {
  auto it = own.find(codebase);
  return it == own.end() ? organisation : it->second;
}

bool organisation_license_policy(const std::string& policy_file, const std::string& scanner_file, policy::Date today,
                                 policy::LicensePolicy& out, std::vector<Error>& warnings) {
  return organisation_policy_impl(policy_file, scanner_file, today, out, warnings);
}

bool codebase_license_policies(const inventory::Inventory& inv, policy::Date today, LicensePolicies& policies,
                               std::vector<Error>& warnings) {
  for (const auto& cb : inv.codebases) {
    std::filesystem::path f = std::filesystem::path(cb.dir) / "vigil.yaml";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec)) continue;
    std::optional<policy::LicensePolicy> lp;
    if (!policy_from_file(f, (cb.id == "." ? std::string() : cb.id + "/") + "vigil.yaml", today, lp, warnings)) return false;
    if (lp) policies.own.emplace(cb.id, std::move(*lp));
  }
  return true;
}

void add_licenses(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LicensesArgs>();
  CLI::App* cmd = app.add_subcommand("licenses", "The licenses of every library of every codebase below the given folders, judged by the license policy");
  cmd->add_option("paths", args->paths, "Folders to read (a folder of many repositories is fine)")->required();
  cmd->add_option("-f,--format", args->format, "table, json, csv or sarif")->check(CLI::IsMember({"table", "json", "csv", "sarif"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--fail-on", args->fail_on, "Exit 1 when a library is non-compliant or unknown (non-compliant), or also needs review (review)")
      ->check(CLI::IsMember({"non-compliant", "review"}));
  cmd->add_option("--policy", args->policy, "The organisation's vigil.yaml (its licenses: section)");
  cmd->add_option("--license-scanner", args->license_scanner, "Import license-scanner's config.toml (allowedList, excludeList)");
  cmd->add_option("--today", args->today, "The date exceptions expire against (YYYY-MM-DD; default: today, UTC)");
  cmd->add_flag("--prod-only", args->prod_only, "Leave out libraries only development needs");
  cmd->add_flag("--no-detect", args->no_detect, "Do not read LICENSE files of installed libraries that declare no license");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    inventory::Options options;
    if (!inventory_options(args->inv, options)) return;
    options.max_paths = 1;
    policy::Date today;
    if (!parse_today(args->today, today)) return;
    std::vector<Error> warnings;
    policy::LicensePolicy org;
    if (!organisation_license_policy(args->policy, args->license_scanner, today, org, warnings)) return;
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      LicensePolicies policies;
      policies.organisation = org;
      if (!codebase_license_policies(inv, today, policies, warnings)) return 2;
      license::Report rep = license::evaluate_inventory(
          inv, [&](const std::string& id) -> const policy::LicensePolicy& { return policies.of(id); }, today, !args->no_detect);
      warnings.insert(warnings.end(), rep.warnings.begin(), rep.warnings.end());
      report::LicenseView view;
      for (const auto& cb : inv.codebases) view.lockfiles[cb.id] = cb.lockfile;
      for (const auto& l : rep.libraries) {
        if (args->prod_only && l.dev_only) continue;
        view.libraries.push_back(&l);
      }
      view.warnings = warnings;
      report::LicenseFormat f = args->format == "json"    ? report::LicenseFormat::Json
                                : args->format == "csv"   ? report::LicenseFormat::Csv
                                : args->format == "sarif" ? report::LicenseFormat::Sarif
                                                          : report::LicenseFormat::Table;
      std::string text = report::write_licenses(view, f, VIGIL_VERSION);
      for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
      if (!emit(args->output, text)) return 2;
      if (rc != 0) return rc;
      std::string gate = !args->fail_on.empty() ? args->fail_on : org.fail_on;
      if (gate.empty()) return 0;
      size_t n = 0;
      for (const auto* l : view.libraries) n += license::fails_gate(l->evaluation.verdict, gate);
      if (n > 0) {
        std::cerr << "vigil: " << n << " librar" << (n == 1 ? "y" : "ies") << " at or above --fail-on " << gate << "\n";
        return 1;
      }
      return 0;
    });
  });
}

void add_license(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LicenseArgs>();
  CLI::App* cmd = app.add_subcommand("license", "Normalise license strings and judge them by the license policy (exit 0: compliant or low risk)");
  cmd->add_option("strings", args->strings, "License strings as package.json files carry them")->required();
  cmd->add_option("--allow", args->allow, "Comma-separated ids, globs or categories that replace the policy's allowed list");
  cmd->add_option("--policy", args->policy, "A vigil.yaml (its licenses: section)");
  cmd->add_option("--license-scanner", args->license_scanner, "Import license-scanner's config.toml");
  cmd->add_option("-f,--format", args->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("--today", args->today, "The date exceptions expire against (YYYY-MM-DD)");
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    policy::Date today;
    if (!parse_today(args->today, today)) return;
    std::vector<Error> warnings;
    policy::LicensePolicy pol;
    if (!organisation_license_policy(args->policy, args->license_scanner, today, pol, warnings)) return;
    if (!args->allow.empty()) {
      pol.allow.clear();
      size_t start = 0;
      while (start <= args->allow.size()) {
        size_t comma = args->allow.find(',', start);
        std::string item = args->allow.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) pol.allow.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
    int rc = 0;
    report::JsonWriter w;
    std::string table;
    w.begin_array();
    for (const auto& s : args->strings) {
      license::NormalisedLicense n = license::normalise(s);
      license::Evaluation ev = license::evaluate(n, pol, "", "", today);
      if (ev.verdict != license::Verdict::Compliant && ev.verdict != license::Verdict::LowRisk) rc = 1;
      if (args->format == "json") {
        w.begin_object();
        w.field("input", s);
        w.field("expression", ev.expression);
        if (!n.note.empty()) w.field("note", n.note);
        w.key("categories");
        w.begin_array();
        for (auto c : ev.categories) w.value(license::to_string(c));
        w.end_array();
        w.field("verdict", license::to_string(ev.verdict));
        if (!ev.chosen.empty()) w.field("chosen", ev.chosen);
        w.field("reason", ev.reason);
        w.end_object();
      } else {
        table += fmt::format("{}\n  expression: {}\n", s, ev.expression);
        if (!n.note.empty()) table += fmt::format("  note:       {}\n", n.note);
        table += fmt::format("  categories: {}\n  verdict:    {}\n  reason:     {}\n", categories_text(ev.categories),
                             license::to_string(ev.verdict), ev.reason);
      }
    }
    w.end_array();
    std::cout << (args->format == "json" ? w.finish() : table);
    ctx.exit_code = rc;
  });
}

}  // namespace vigil::cli
