// vigil audit PATH... --label L: one run of inventory, vulnerabilities, licenses and outdated
// libraries, stored as a labeled baseline. vigil baselines list|show|diff: what is stored.
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "license/license.h"
#include "registry/registry.h"
#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "scan/scan.h"
#include "store/store.h"
#include "vuln/vuln.h"

namespace vigil::cli {

namespace {

struct AuditArgs {
  std::vector<std::string> paths;
  std::string label;
  std::string db;
  std::string vuln_db;
  std::string policy;
  std::string registry_cache;
  std::string today;
  std::string as_of;
  bool offline = false;
  bool no_registry = false;
  bool no_vulnerabilities = false;
  bool replace = false;
  InventoryFlags inv;
};

struct BaselinesArgs {
  std::string db;
  std::string format = "table";
  std::string label;
  std::string a, b;
};

bool valid_label(const std::string& l) {
  if (l.empty() || l.size() > 64) return false;
  for (char c : l) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// The baseline's summary: the same numbers the dashboard (vigil report) shows for it.
std::string summary_text(const store::Baseline& b) {
  report::DashboardQuarter q = report::build_dashboard({b}).quarters.front();
  auto sev = [&](const char* s) { return q.vulnerabilities.count(s) ? q.vulnerabilities.at(s) : size_t(0); };
  auto ver = [&](const char* s) { return q.licenses.count(s) ? q.licenses.at(s) : size_t(0); };
  std::string o = fmt::format("baseline {} ({} codebases, {} libraries)\n", report::terminal_safe(b.label), q.codebases, q.libraries);
  o += fmt::format("  up to date {}, outdated {}, not known {}; {} names in several versions\n", q.up_to_date, q.outdated, q.outdated_unknown,
                   q.multiple_versions);
  o += fmt::format("  vulnerabilities: {} critical, {} high, {} moderate, {} low, {} unknown\n", sev("critical"), sev("high"), sev("moderate"),
                   sev("low"), sev("unknown"));
  o += fmt::format("  licenses: {} compliant, {} low risk, {} review, {} non-compliant, {} unknown\n", ver("compliant"), ver("low-risk"),
                   ver("review"), ver("non-compliant"), ver("unknown"));
  return o;
}

std::string open_failure(const Expected<std::unique_ptr<store::Store>>& s) { return "error: " + s.error().to_string() + "\n"; }

}  // namespace

void add_audit(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand("audit", "Inventory, vulnerabilities, licenses and outdated libraries of every codebase, stored as a labeled baseline");
  cmd->add_option("paths", args->paths, "Folders to audit (a folder of many repositories is fine)")->required();
  cmd->add_option("--label", args->label, "The baseline's label, e.g. 2022-Q4 (letters, digits, - _ .)")->required();
  cmd->add_option("--db", args->db, "The baseline store: a SQLite file (default: ~/.cache/vigil/baselines.db)");
  cmd->add_option("--vuln-db", args->vuln_db, "The vulnerability database (default: ~/.cache/vigil/vuln.db)");
  cmd->add_option("--policy", args->policy, "The organisation's vigil.yaml (suppressions, license policy)");
  cmd->add_option("--registry-cache", args->registry_cache, "The registry cache (default: ~/.cache/vigil/registry.db)");
  cmd->add_option("--today", args->today, "The date suppressions and exceptions expire against (YYYY-MM-DD)");
  cmd->add_option("--as-of", args->as_of, "Judge outdated libraries as of this date (YYYY-MM-DD): the newest release published by then, for a past quarter");
  cmd->add_flag("--offline", args->offline, "Registry data from the cache only");
  cmd->add_flag("--no-registry", args->no_registry, "Leave out outdated libraries (no registry requests)");
  cmd->add_flag("--no-vulnerabilities", args->no_vulnerabilities, "Leave out known vulnerabilities");
  cmd->add_flag("--replace", args->replace, "Overwrite a baseline with the same label");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    if (!valid_label(args->label)) {
      std::cerr << "vigil: --label: \"" << args->label << "\" is not a label (1-64 letters, digits, - _ .)\n";
      return;
    }
    inventory::Options options;
    if (!inventory_options(args->inv, options)) return;
    options.max_paths = 1;
    policy::Date today;
    if (!parse_today(args->today, today)) return;
    int64_t as_of = 0;
    if (!args->as_of.empty()) {
      auto d = policy::parse_date(args->as_of);
      if (!d) {
        std::cerr << "vigil: --as-of: not a date YYYY-MM-DD: " << args->as_of << "\n";
        return;
      }
      std::tm tm{};
      tm.tm_year = d->year - 1900;
      tm.tm_mon = d->month - 1;
      tm.tm_mday = d->day;
      as_of = static_cast<int64_t>(timegm(&tm)) + 86399;  // the end of that day, UTC
    }
    std::optional<policy::Policy> org;
    if (!args->policy.empty()) {
      auto p = policy::load_policy(args->policy, args->policy, today);
      if (!p) {
        std::cerr << "error: " << p.error().to_string() << "\n";
        return;
      }
      org = std::move(*p);
    }
    std::optional<vuln::Database> vdb;
    if (!args->no_vulnerabilities) {
      std::filesystem::path vp = args->vuln_db.empty() ? vuln::default_database_path() : std::filesystem::path(args->vuln_db);
      std::error_code ec;
      if (vp.empty() || !std::filesystem::exists(vp, ec)) {
        std::cerr << "error: " << vp.string() << ": no vulnerability database here; fill it with `vigil db update` or pass --no-vulnerabilities\n";
        return;
      }
      auto d = vuln::Database::open(vp, vuln::OpenMode::ReadOnly);
      if (!d) {
        std::cerr << "error: " << d.error().to_string() << "\n";
        return;
      }
      vdb.emplace(std::move(*d));
    }
    std::string target = args->db.empty() ? store::default_store() : args->db;
    auto st = store::open_store(target);
    if (!st) {
      std::cerr << open_failure(st);
      return;
    }
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      if (rc != 0) return rc;  // a baseline of codebases that could not be read would mislead
      std::vector<Error> warnings;
      store::Baseline b;
      b.label = args->label;
      const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
      b.created_at = epoch && *epoch ? std::strtoll(epoch, nullptr, 10) : static_cast<int64_t>(std::time(nullptr));
      b.tool_version = VIGIL_VERSION;
      for (const auto& cb : inv.codebases) b.codebases.push_back(cb.id);
      std::sort(b.codebases.begin(), b.codebases.end());
      // Vulnerabilities.
      if (vdb) {
        scan::Options so;
        so.today = today;
        so.max_paths = 1;
        if (!codebase_scan_policies(inv, org, false, today, so.policies, warnings)) return 2;
        scan::Result r = scan::scan(inv, *vdb, so);
        warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
        for (const auto& f : r.findings) {
          store::VulnerabilityRow v;
          v.codebase = f.codebase;
          v.id = f.id;
          v.package = f.package;
          v.version = f.version;
          v.severity = std::string(to_string(f.severity));
          v.score = f.score;
          v.direct = f.direct;
          v.suppressed = f.suppressed;
          v.fixed_version = f.fix.fixed_version;
          v.fix = f.fix.text;
          b.vulnerabilities.push_back(std::move(v));
        }
      }
      // Licenses.
      LicensePolicies lp;
      if (!organisation_license_policy(args->policy, "", today, lp.organisation, warnings)) return 2;
      if (!codebase_license_policies(inv, today, lp, warnings)) return 2;
      license::Report lr = license::evaluate_inventory(inv, [&](const std::string& id) -> const policy::LicensePolicy& { return lp.of(id); }, today);
      std::map<std::tuple<std::string, std::string, std::string>, const license::LibraryLicense*> lic;
      for (const auto& l : lr.libraries) lic[{l.codebase, l.name, l.version}] = &l;
      // Outdated (every library).
      registry::FetchResult docs;
      if (!args->no_registry) {
        registry::FetchOptions fo;
        if (!args->registry_cache.empty()) {
          fo.cache = args->registry_cache;
        } else {
          fo.cache = registry::default_cache_path();
        }
        fo.offline = args->offline;
        fo.full = as_of != 0;  // publish times are only in full documents
        fo.progress = terminal_progress("registry documents");
        auto r = registry::fetch_inventory(inv, true, fo);
        if (!r) {
          std::cerr << "error: " << r.error().to_string() << "\n";
          return 2;
        }
        docs = std::move(*r);
        if (!docs.failed.empty()) {
          std::cerr << "warning: " << docs.failed.size() << " of " << docs.stats.requested
                    << " libraries could not be had from the registry: their outdated status is unknown\n";
        }
      }
      registry::OutdatedOptions oo;
      oo.all = true;
      if (auto loaded = registry::load_ncurcs(inv, oo.ncurc, warnings); !loaded) {
        std::cerr << "error: " << loaded.error().to_string() << "\n";
        return 2;
      }
      oo.as_of = as_of;
      registry::OutdatedReport out = registry::outdated(inv, docs, oo);
      std::map<std::tuple<std::string, std::string, std::string>, const registry::OutdatedEntry*> od;
      for (const auto& e : out.entries) od[{e.codebase, e.name, e.current}] = &e;
      for (const auto& cb : inv.codebases) {
        for (const auto& c : cb.components) {
          if (!c.library()) continue;
          store::LibraryRow row;
          row.codebase = cb.id;
          row.name = c.pkg.name;
          row.version = c.pkg.version;
          row.direct = c.direct;
          row.scope = std::string(inventory::to_string(c.scope));
          if (auto it = lic.find({cb.id, c.pkg.name, c.pkg.version}); it != lic.end()) {
            row.license = it->second->evaluation.expression;
            row.license_verdict = std::string(license::to_string(it->second->evaluation.verdict));
          } else {
            row.license = "UNKNOWN";
            row.license_verdict = "unknown";
          }
          row.behind = "unknown";
          if (auto it = od.find({cb.id, c.pkg.name, c.pkg.version}); it != od.end() && !it->second->unknown) {
            row.latest = it->second->latest;
            row.behind = std::string(registry::to_string(it->second->behind));
            row.outdated = it->second->outdated;
            row.deprecated = it->second->deprecated;
          }
          b.libraries.push_back(std::move(row));
        }
      }
      auto lkey = [](const store::LibraryRow& r) { return std::tie(r.codebase, r.name, r.version, r.scope); };
      std::sort(b.libraries.begin(), b.libraries.end(), [&](const auto& x, const auto& y) { return lkey(x) < lkey(y); });
      auto vkey = [](const store::VulnerabilityRow& r) { return std::tie(r.codebase, r.id, r.package, r.version); };
      std::sort(b.vulnerabilities.begin(), b.vulnerabilities.end(), [&](const auto& x, const auto& y) { return vkey(x) < vkey(y); });
      for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
      if (auto s = (*st)->write(b, args->replace); !s) {
        std::cerr << "error: " << s.error().to_string() << "\n";
        return 2;
      }
      std::cout << summary_text(b) << "stored in " << (*st)->describe() << "\n";
      return 0;
    });
  });
}

void add_baselines(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<BaselinesArgs>();
  CLI::App* cmd = app.add_subcommand("baselines", "The stored audit baselines: list, show one, compare two");
  cmd->require_subcommand(1);
  auto open = [args](Context& c) -> std::unique_ptr<store::Store> {
    auto st = store::open_store(args->db.empty() ? store::default_store() : args->db);
    if (!st) {
      std::cerr << open_failure(st);
      c.exit_code = 2;
      return nullptr;
    }
    return std::move(*st);
  };
  CLI::App* list = cmd->add_subcommand("list", "Every baseline, oldest first");
  list->add_option("--db", args->db, "The baseline store (default: ~/.cache/vigil/baselines.db)");
  list->add_option("-f,--format", args->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  list->callback([args, open, &ctx] {
    auto st = open(ctx);
    if (!st) return;
    auto l = st->list();
    if (!l) {
      std::cerr << "error: " << l.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    if (args->format == "json") {
      report::JsonWriter w;
      w.begin_array();
      for (const auto& i : *l) {
        w.begin_object();
        w.field("label", i.label);
        w.field("createdAt", static_cast<uint64_t>(i.created_at));
        w.field("codebases", static_cast<uint64_t>(i.codebases));
        w.field("libraries", static_cast<uint64_t>(i.libraries));
        w.field("vulnerabilities", static_cast<uint64_t>(i.vulnerabilities));
        w.end_object();
      }
      w.end_array();
      std::cout << w.finish();
    } else {
      std::cout << fmt::format("{:<16} {:<20} {:>9} {:>9} {:>15}\n", "LABEL", "CREATED (UTC)", "CODEBASES", "LIBRARIES", "VULNERABILITIES");
      for (const auto& i : *l) {
        std::time_t t = static_cast<std::time_t>(i.created_at);
        char buf[32];
        std::tm tm{};
        gmtime_r(&t, &tm);
        std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
        std::cout << fmt::format("{:<16} {:<20} {:>9} {:>9} {:>15}\n", report::terminal_safe(i.label), buf, i.codebases, i.libraries,
                                 i.vulnerabilities);
      }
    }
    ctx.exit_code = 0;
  });
  CLI::App* show = cmd->add_subcommand("show", "One baseline's summary");
  show->add_option("label", args->label, "The baseline")->required();
  show->add_option("--db", args->db, "The baseline store");
  show->callback([args, open, &ctx] {
    auto st = open(ctx);
    if (!st) return;
    auto b = st->read(args->label);
    if (!b) {
      std::cerr << "error: " << b.error().to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    std::cout << summary_text(*b);
    ctx.exit_code = 0;
  });
  CLI::App* d = cmd->add_subcommand("diff", "What changed from baseline A to baseline B");
  d->add_option("a", args->a, "The earlier baseline")->required();
  d->add_option("b", args->b, "The later baseline")->required();
  d->add_option("--db", args->db, "The baseline store");
  d->add_option("-f,--format", args->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  d->callback([args, open, &ctx] {
    auto st = open(ctx);
    if (!st) return;
    auto a = st->read(args->a);
    auto b = a ? st->read(args->b) : Expected<store::Baseline>(a.error());
    if (!a || !b) {
      std::cerr << "error: " << (a ? b.error() : a.error()).to_string() << "\n";
      ctx.exit_code = 2;
      return;
    }
    store::BaselineDiff df = store::diff(*a, *b);
    if (args->format == "json") {
      report::JsonWriter w;
      w.begin_object();
      w.field("from", a->label);
      w.field("to", b->label);
      w.key("codebasesAdded");
      w.string_array(df.codebases_added);
      w.key("codebasesRemoved");
      w.string_array(df.codebases_removed);
      auto changes = [&](const char* key, const std::vector<store::LibraryChange>& rows) {
        w.key(key);
        w.begin_array();
        for (const auto& c : rows) {
          w.begin_object();
          w.field("codebase", c.codebase);
          w.field("name", c.name);
          if (!c.from.empty()) w.field("from", c.from);
          if (!c.to.empty()) w.field("to", c.to);
          w.end_object();
        }
        w.end_array();
      };
      changes("added", df.added);
      changes("removed", df.removed);
      changes("upgraded", df.upgraded);
      changes("downgraded", df.downgraded);
      auto vulns = [&](const char* key, const std::vector<store::VulnerabilityRow>& rows) {
        w.key(key);
        w.begin_array();
        for (const auto& v : rows) {
          w.begin_object();
          w.field("codebase", v.codebase);
          w.field("id", v.id);
          w.field("package", v.package);
          w.field("version", v.version);
          w.field("severity", v.severity);
          w.end_object();
        }
        w.end_array();
      };
      vulns("newVulnerabilities", df.new_vulnerabilities);
      vulns("fixedVulnerabilities", df.fixed_vulnerabilities);
      w.key("licenseChanges");
      w.begin_array();
      for (const auto& c : df.license_changes) {
        w.begin_object();
        w.field("codebase", c.codebase);
        w.field("name", c.name);
        w.field("version", c.version);
        w.field("from", c.from);
        w.field("to", c.to);
        w.end_object();
      }
      w.end_array();
      w.end_object();
      std::cout << w.finish();
    } else {
      std::string o = fmt::format("{} -> {}\n", report::terminal_safe(a->label), report::terminal_safe(b->label));
      o += fmt::format("  codebases: +{} -{}\n", df.codebases_added.size(), df.codebases_removed.size());
      o += fmt::format("  libraries: {} added, {} removed, {} upgraded, {} downgraded\n", df.added.size(), df.removed.size(), df.upgraded.size(),
                       df.downgraded.size());
      o += fmt::format("  vulnerabilities: {} new, {} fixed\n", df.new_vulnerabilities.size(), df.fixed_vulnerabilities.size());
      o += fmt::format("  license verdicts changed: {}\n", df.license_changes.size());
      for (const auto& c : df.codebases_added) o += "  + codebase " + report::terminal_safe(c) + "\n";
      for (const auto& c : df.codebases_removed) o += "  - codebase " + report::terminal_safe(c) + "\n";
      for (const auto& v : df.new_vulnerabilities) {
        o += report::terminal_safe(fmt::format("  new   {} {} {}@{} in {}", v.severity, v.id, v.package, v.version, v.codebase)) + "\n";
      }
      for (const auto& v : df.fixed_vulnerabilities) {
        o += report::terminal_safe(fmt::format("  fixed {} {} {}@{} in {}", v.severity, v.id, v.package, v.version, v.codebase)) + "\n";
      }
      for (const auto& c : df.upgraded) {
        o += report::terminal_safe(fmt::format("  upgraded {} {} -> {} in {}", c.name, c.from, c.to, c.codebase)) + "\n";
      }
      for (const auto& c : df.downgraded) {
        o += report::terminal_safe(fmt::format("  downgraded {} {} -> {} in {}", c.name, c.from, c.to, c.codebase)) + "\n";
      }
      std::cout << o;
    }
    ctx.exit_code = 0;
  });
}

}  // namespace vigil::cli
