// vigil outdated PATH...: like `npm outdated`, for every codebase below the given folders: the
// current, wanted and latest version of each dependency, how far behind, deprecations, libyears.
#include <cstdlib>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "registry/registry.h"
#include "report/encoding.h"
#include "report/json_writer.h"

namespace vigil::cli {

namespace {

struct OutdatedArgs {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string output;
  std::string threshold = "patch";
  std::string cache;
  double ttl_hours = 24;
  unsigned concurrency = 16;
  bool all = false;
  bool offline = false;
  bool no_cache = false;
  bool libyear = false;
  bool fail = false;
  bool no_ncurc = false;
  InventoryFlags inv;
};


std::string entry_note(const registry::OutdatedEntry& e) {
  std::string note;
  auto add = [&](const std::string& s) { note += (note.empty() ? "" : "; ") + s; };
  if (e.unknown) add("unknown: " + *e.unknown);
  if (e.rejected) add("held back by .ncurc");
  if (e.missing) add("not in the registry");
  if (!e.deprecated.empty()) add("deprecated: " + e.deprecated);
  return note;
}

std::string write_table(const registry::OutdatedReport& rep) {
  const auto& s = rep.summary;
  std::string out = fmt::format(
      "{} libraries: {} up to date, {} outdated ({} major, {} minor, {} patch), {} held back by .ncurc, {} deprecated, {} not in the "
      "registry, {} unknown; {} names in several versions",
      s.libraries, s.up_to_date, s.outdated, s.major, s.minor, s.patch, s.rejected, s.deprecated, s.missing, s.unknown, s.multiple_versions);
  if (s.libyears > 0) out += fmt::format("; {:.1f} libyears", s.libyears);
  out += "\n";
  std::vector<std::array<std::string, 8>> rows;
  rows.push_back({"CODEBASE", "PACKAGE", "CURRENT", "WANTED", "LATEST", "BEHIND", "DEPENDENCY", "NOTE"});
  for (const auto& e : rep.entries) {
    if (!e.outdated && e.deprecated.empty() && !e.missing && !e.unknown && !e.rejected) continue;
    std::string dep = std::string(e.direct ? "direct" : "transitive") +
                      (e.scope == inventory::Scope::Prod ? "" : ", " + std::string(inventory::to_string(e.scope)));
    rows.push_back({report::terminal_safe(e.codebase), report::terminal_safe(e.name), report::terminal_safe(e.current),
                    e.wanted.empty() ? "-" : report::terminal_safe(e.wanted), e.latest.empty() ? "-" : report::terminal_safe(e.latest),
                    std::string(registry::to_string(e.behind)), dep, report::terminal_safe(entry_note(e))});
  }
  if (rows.size() == 1) return out;
  std::array<size_t, 8> width{};
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], report::display_width(r[i]));
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line.append(width[i] - report::display_width(r[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string write_json(const registry::OutdatedReport& rep, const registry::FetchStats& stats, const std::map<std::string, std::string>& failed) {
  report::JsonWriter w;
  w.begin_object();
  const auto& s = rep.summary;
  w.key("summary");
  w.begin_object();
  w.field("libraries", static_cast<uint64_t>(s.libraries));
  w.field("upToDate", static_cast<uint64_t>(s.up_to_date));
  w.field("outdated", static_cast<uint64_t>(s.outdated));
  w.field("major", static_cast<uint64_t>(s.major));
  w.field("minor", static_cast<uint64_t>(s.minor));
  w.field("patch", static_cast<uint64_t>(s.patch));
  w.field("heldBack", static_cast<uint64_t>(s.rejected));
  w.field("deprecated", static_cast<uint64_t>(s.deprecated));
  w.field("missing", static_cast<uint64_t>(s.missing));
  w.field("unknown", static_cast<uint64_t>(s.unknown));
  w.field("multipleVersions", static_cast<uint64_t>(s.multiple_versions));
  w.field("libyears", fmt::format("{:.2f}", s.libyears));
  w.end_object();
  w.key("entries");
  w.begin_array();
  for (const auto& e : rep.entries) {
    w.begin_object();
    w.field("codebase", e.codebase);
    w.field("name", e.name);
    w.field("current", e.current);
    if (!e.declared.empty()) w.field("declared", e.declared);
    if (!e.wanted.empty()) w.field("wanted", e.wanted);
    if (!e.latest.empty()) w.field("latest", e.latest);
    w.field("behind", registry::to_string(e.behind));
    w.field("outdated", e.outdated);
    w.field("direct", e.direct);
    w.field("scope", inventory::to_string(e.scope));
    if (e.rejected) w.field("heldBack", true);
    if (e.missing) w.field("missing", true);
    if (!e.deprecated.empty()) w.field("deprecated", e.deprecated);
    if (e.libyear) w.field("libyear", fmt::format("{:.2f}", *e.libyear));
    if (e.unknown) w.field("unknown", *e.unknown);
    w.end_object();
  }
  w.end_array();
  w.key("registry");
  w.begin_object();
  w.field("requested", static_cast<uint64_t>(stats.requested));
  w.field("fromCache", static_cast<uint64_t>(stats.fresh_from_cache));
  w.field("notModified", static_cast<uint64_t>(stats.not_modified));
  w.field("downloaded", static_cast<uint64_t>(stats.downloaded));
  w.field("staleFromCache", static_cast<uint64_t>(stats.stale_from_cache));
  w.field("failed", static_cast<uint64_t>(stats.failed));
  w.key("failures");
  w.begin_object();
  for (const auto& [name, why] : failed) w.field(name, why);
  w.end_object();
  w.end_object();
  w.end_object();
  return w.finish();
}

std::string write_csv(const registry::OutdatedReport& rep) {
  std::string out = "codebase,name,current,declared,wanted,latest,behind,outdated,direct,scope,held_back,missing,deprecated,libyear,unknown\r\n";
  for (const auto& e : rep.entries) {
    std::vector<std::string> row{e.codebase, e.name, e.current, e.declared, e.wanted, e.latest, std::string(registry::to_string(e.behind)),
                                 e.outdated ? "true" : "false", e.direct ? "true" : "false", std::string(inventory::to_string(e.scope)),
                                 e.rejected ? "true" : "false", e.missing ? "true" : "false", e.deprecated,
                                 e.libyear ? fmt::format("{:.2f}", *e.libyear) : std::string(), e.unknown.value_or("")};
    for (size_t i = 0; i < row.size(); ++i) {
      out += report::csv_field(row[i]);
      out += i + 1 < row.size() ? "," : "\r\n";
    }
  }
  return out;
}

}  // namespace

void add_outdated(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<OutdatedArgs>();
  CLI::App* cmd = app.add_subcommand("outdated", "Which dependencies of every codebase have newer releases (like npm outdated, for an organisation)");
  cmd->add_option("paths", args->paths, "Folders to read (a folder of many repositories is fine)")->required();
  cmd->add_option("-f,--format", args->format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--outdated", args->threshold, "What counts as outdated: any newer release (patch, the default), a newer minor or major")
      ->check(CLI::IsMember({"patch", "minor", "major"}));
  cmd->add_flag("--all", args->all, "Transitive libraries too (default: direct dependencies)");
  cmd->add_flag("--offline", args->offline, "Use the cache only; libraries not in it are reported as unknown");
  cmd->add_option("--cache", args->cache, "The registry cache (default: ~/.cache/vigil/registry.db)");
  cmd->add_flag("--no-cache", args->no_cache, "Neither read nor write the cache");
  cmd->add_option("--ttl", args->ttl_hours, "Hours a cached document is used without asking the registry (default 24)");
  cmd->add_option("--concurrency", args->concurrency, "Registry requests at once (default 16)");
  cmd->add_flag("--libyear", args->libyear, "Fetch full documents to compute libyears (publish times)");
  cmd->add_flag("--no-ncurc", args->no_ncurc, "Ignore the codebases' .ncurc reject lists");
  cmd->add_flag("--fail", args->fail, "Exit 1 when a dependency is outdated");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    inventory::Options options;
    if (!inventory_options(args->inv, options)) return;
    if (args->offline && args->no_cache) {
      std::cerr << "vigil: --offline needs the cache; leave out --no-cache\n";
      return;
    }
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, false, args->inv.allow_out_of_sync);
      registry::OutdatedOptions oo;
      oo.all = args->all;
      oo.threshold = args->threshold == "major" ? registry::Behind::Major : args->threshold == "minor" ? registry::Behind::Minor : registry::Behind::Patch;
      std::vector<Error> warnings;
      if (!args->no_ncurc) {
        if (auto st = registry::load_ncurcs(inv, oo.ncurc, warnings); !st) {
          std::cerr << "error: " << st.error().to_string() << "\n";
          return 2;
        }
      }
      registry::FetchOptions fo;
      if (!args->no_cache) {
        fo.cache = args->cache.empty() ? registry::default_cache_path() : std::filesystem::path(args->cache);
      }
      fo.offline = args->offline;
      fo.ttl_seconds = static_cast<int64_t>(args->ttl_hours * 3600);
      fo.concurrency = std::max(1u, args->concurrency);
      fo.full = args->libyear;
      fo.progress = terminal_progress("registry documents");
      auto fetched = registry::fetch_inventory(inv, args->all, fo);
      if (!fetched) {
        std::cerr << "error: " << fetched.error().to_string() << "\n";
        return 2;
      }
      const registry::FetchResult& all = *fetched;
      registry::OutdatedReport rep = registry::outdated(inv, all, oo);
      std::string text = args->format == "json" ? write_json(rep, all.stats, all.failed)
                         : args->format == "csv" ? write_csv(rep)
                                                 : write_table(rep);
      for (const auto& w : warnings) std::cerr << "warning: " << w.to_string() << "\n";
      if (!all.failed.empty()) {
        std::cerr << "warning: " << all.failed.size() << " of " << all.stats.requested
                  << " libraries could not be had from the registry (marked unknown)";
        if (args->format == "table") std::cerr << "; --format json lists why";
        std::cerr << "\n";
      }
      if (all.stats.stale_from_cache > 0) {
        std::cerr << "warning: the registry did not answer for " << all.stats.stale_from_cache
                  << " libraries: their cached documents (older than --ttl) were used\n";
      }
      if (!emit(args->output, text)) return 2;
      if (rc != 0) return rc;
      if (args->fail && rep.summary.outdated > 0) return 1;
      return 0;
    });
  });
}

}  // namespace vigil::cli
