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

bool parse_today(const std::string& text, policy::Date& today) {
  today = policy::date_of_epoch(static_cast<int64_t>(std::time(nullptr)));
  if (text.empty()) return true;
  auto d = policy::parse_date(text);
  if (!d) {
    std::cerr << "vigil: --today: not a date YYYY-MM-DD: " << text << "\n";
    return false;
  }
  today = *d;
  return true;
}

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
bool organisation_policy(const std::string& policy_file, const std::string& scanner_file, policy::Date today,
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

std::string csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

std::string categories_text(const std::vector<license::Category>& cs) {
  std::string s;
  for (auto c : cs) s += (s.empty() ? "" : ",") + std::string(license::to_string(c));
  return s;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : std::string(sep)) + x;
  return s;
}

struct Summary {
  std::map<license::Verdict, std::set<std::string>> by_verdict;  // distinct name@version
  struct PerLicense {
    std::set<std::string> libraries, codebases;
    license::Verdict worst = license::Verdict::Compliant;
  };
  std::map<std::string, PerLicense> by_license;
};

Summary summarise(const std::vector<const license::LibraryLicense*>& libs) {
  Summary s;
  std::map<std::string, license::Verdict> worst;
  for (const auto* l : libs) {
    std::string id = l->name + "@" + l->version;
    auto [it, fresh] = worst.emplace(id, l->evaluation.verdict);
    if (!fresh && l->evaluation.verdict > it->second) it->second = l->evaluation.verdict;
    std::string key = l->evaluation.expression == "UNKNOWN" ? "UNKNOWN: " + (l->evaluation.raw.empty() ? std::string("(none)") : l->evaluation.raw)
                                                            : l->evaluation.expression;
    auto& pl = s.by_license[key];
    pl.libraries.insert(id);
    pl.codebases.insert(l->codebase);
    if (l->evaluation.verdict > pl.worst) pl.worst = l->evaluation.verdict;
  }
  for (auto& [id, v] : worst) s.by_verdict[v].insert(id);
  return s;
}

bool flagged(license::Verdict v, bool review_gate) {
  return v == license::Verdict::NonCompliant || v == license::Verdict::Unknown || (review_gate && v == license::Verdict::Review);
}

std::string write_table(const std::vector<const license::LibraryLicense*>& libs, const Summary& s) {
  std::string o;
  auto count = [&](license::Verdict v) {
    auto it = s.by_verdict.find(v);
    return it == s.by_verdict.end() ? size_t(0) : it->second.size();
  };
  o += "Risk summary (distinct libraries)\n";
  o += fmt::format("  compliant                      {:>6}\n", count(license::Verdict::Compliant));
  o += fmt::format("  low risk (dual, alternative)   {:>6}\n", count(license::Verdict::LowRisk));
  o += fmt::format("  needs review                   {:>6}\n", count(license::Verdict::Review));
  o += fmt::format("  non-compliant                  {:>6}\n", count(license::Verdict::NonCompliant));
  o += fmt::format("  unknown                        {:>6}\n", count(license::Verdict::Unknown));
  o += "\nLicenses\n";
  o += fmt::format("  {:<44} {:>9} {:>9}  {}\n", "LICENSE", "LIBRARIES", "CODEBASES", "VERDICT");
  for (const auto& [k, pl] : s.by_license) {
    o += fmt::format("  {:<44} {:>9} {:>9}  {}\n", k, pl.libraries.size(), pl.codebases.size(), license::to_string(pl.worst));
  }
  bool header = false;
  for (const auto* l : libs) {
    if (l->evaluation.verdict == license::Verdict::Compliant) continue;
    if (!header) {
      o += "\nLibraries that are not simply compliant\n";
      header = true;
    }
    o += fmt::format("  {}@{}  [{}]  {}  in {}{}\n", l->name, l->version, license::to_string(l->evaluation.verdict),
                     l->evaluation.expression == "UNKNOWN" ? "UNKNOWN \"" + l->evaluation.raw + "\"" : l->evaluation.expression,
                     l->codebase, l->dev_only ? " (dev only)" : "");
    o += fmt::format("      {}\n", l->evaluation.reason);
    if (!l->path.empty() && l->evaluation.verdict != license::Verdict::LowRisk) o += fmt::format("      path: {}\n", join(l->path, " > "));
  }
  return o;
}

void write_library_json(report::JsonWriter& w, const license::LibraryLicense& l) {
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

std::string write_json(const std::vector<const license::LibraryLicense*>& libs, const Summary& s, const std::vector<Error>& warnings) {
  report::JsonWriter w;
  w.begin_object();
  w.field("tool", std::string("vigil ") + VIGIL_VERSION);
  w.field("license_data", license::list_version());
  w.key("summary");
  w.begin_object();
  for (auto v : {license::Verdict::Compliant, license::Verdict::LowRisk, license::Verdict::Review, license::Verdict::NonCompliant,
                 license::Verdict::Unknown}) {
    auto it = s.by_verdict.find(v);
    w.field(license::to_string(v), static_cast<uint64_t>(it == s.by_verdict.end() ? 0 : it->second.size()));
  }
  w.end_object();
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
  for (const auto* l : libs) write_library_json(w, *l);
  w.end_array();
  w.key("warnings");
  w.begin_array();
  for (const auto& e : warnings) w.value(e.to_string());
  w.end_array();
  w.end_object();
  return w.finish();
}

std::string write_csv(const std::vector<const license::LibraryLicense*>& libs) {
  std::string o = "codebase,name,version,declared,expression,categories,verdict,chosen,reason,dev_only,path\n";
  for (const auto* l : libs) {
    o += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv(l->codebase), csv(l->name), csv(l->version), csv(l->evaluation.raw),
                     csv(l->evaluation.expression), csv(categories_text(l->evaluation.categories)), license::to_string(l->evaluation.verdict),
                     csv(l->evaluation.chosen), csv(l->evaluation.reason), l->dev_only ? "true" : "false", csv(join(l->path, " > ")));
  }
  return o;
}

std::string write_sarif(const std::vector<const license::LibraryLicense*>& libs, const std::map<std::string, std::string>& lockfiles) {
  report::JsonWriter w;
  w.begin_object();
  w.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.field("name", "vigil");
  w.field("version", VIGIL_VERSION);
  w.key("rules");
  w.begin_array();
  struct RuleDef {
    license::Verdict v;
    const char* level;
    const char* text;
  };
  const RuleDef rules[] = {{license::Verdict::NonCompliant, "error", "The library's license is not allowed by the license policy"},
                           {license::Verdict::Unknown, "error", "The library's license could not be determined"},
                           {license::Verdict::Review, "warning", "The library's license needs review under the license policy"},
                           {license::Verdict::LowRisk, "note", "Dual-licensed: an allowed alternative was chosen"}};
  for (const auto& r : rules) {
    w.begin_object();
    w.field("id", fmt::format("license/{}", license::to_string(r.v)));
    w.key("shortDescription");
    w.begin_object();
    w.field("text", r.text);
    w.end_object();
    w.key("defaultConfiguration");
    w.begin_object();
    w.field("level", r.level);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();
  w.key("results");
  w.begin_array();
  for (const auto* l : libs) {
    const RuleDef* rd = nullptr;
    for (const auto& r : rules) {
      if (r.v == l->evaluation.verdict) rd = &r;
    }
    if (!rd) continue;
    w.begin_object();
    w.field("ruleId", fmt::format("license/{}", license::to_string(rd->v)));
    w.field("level", rd->level);
    w.key("message");
    w.begin_object();
    w.field("text", fmt::format("{}@{} ({}): {}", l->name, l->version,
                                l->evaluation.expression == "UNKNOWN" ? "\"" + l->evaluation.raw + "\"" : l->evaluation.expression,
                                l->evaluation.reason));
    w.end_object();
    w.key("locations");
    w.begin_array();
    w.begin_object();
    w.key("physicalLocation");
    w.begin_object();
    w.key("artifactLocation");
    w.begin_object();
    auto it = lockfiles.find(l->codebase);
    std::string lock = it == lockfiles.end() || it->second.empty() ? "package.json" : it->second;
    w.field("uri", l->codebase == "." ? lock : l->codebase + "/" + lock);
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
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  return w.finish();
}

}  // namespace

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
    if (!organisation_policy(args->policy, args->license_scanner, today, org, warnings)) return;
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      // A codebase's own vigil.yaml with a licenses: section replaces the organisation's.
      std::map<std::string, policy::LicensePolicy> own;
      std::map<std::string, std::string> lockfiles;
      for (const auto& cb : inv.codebases) {
        lockfiles[cb.id] = cb.lockfile;
        std::filesystem::path f = std::filesystem::path(cb.dir) / "vigil.yaml";
        std::error_code ec;
        if (!std::filesystem::is_regular_file(f, ec)) continue;
        std::optional<policy::LicensePolicy> lp;
        if (!policy_from_file(f, (cb.id == "." ? std::string() : cb.id + "/") + "vigil.yaml", today, lp, warnings)) return 2;
        if (lp) own.emplace(cb.id, std::move(*lp));
      }
      auto policy_of = [&](const std::string& id) -> const policy::LicensePolicy& {
        auto it = own.find(id);
        return it == own.end() ? org : it->second;
      };
      license::Report rep = license::evaluate_inventory(inv, policy_of, today, !args->no_detect);
      warnings.insert(warnings.end(), rep.warnings.begin(), rep.warnings.end());
      std::vector<const license::LibraryLicense*> libs;
      for (const auto& l : rep.libraries) {
        if (args->prod_only && l.dev_only) continue;
        libs.push_back(&l);
      }
      Summary s = summarise(libs);
      std::string text = args->format == "json"    ? write_json(libs, s, warnings)
                         : args->format == "csv"   ? write_csv(libs)
                         : args->format == "sarif" ? write_sarif(libs, lockfiles)
                                                   : write_table(libs, s);
      for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
      if (!emit(args->output, text)) return 2;
      if (rc != 0) return rc;
      std::string gate = !args->fail_on.empty() ? args->fail_on : org.fail_on;
      if (gate.empty()) return 0;
      size_t n = 0;
      for (const auto* l : libs) n += flagged(l->evaluation.verdict, gate == "review");
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
    if (!organisation_policy(args->policy, args->license_scanner, today, pol, warnings)) return;
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
