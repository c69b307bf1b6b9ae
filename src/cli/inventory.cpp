// vigil inventory PATH...: every library of every codebase below the given folders.
#include <iostream>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "report/report.h"

namespace vigil::cli {

namespace {
struct InventoryArgs {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string output;
  unsigned max_paths = 0;
  bool strict = false;
  InventoryFlags inv;
};
}  // namespace

void add_inventory(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<InventoryArgs>();
  CLI::App* cmd = app.add_subcommand("inventory", "List the libraries of every codebase below the given folders");
  cmd->add_option("paths", args->paths, "Folders to scan (a folder of many repositories is fine)")->required();
  cmd->add_option("-f,--format", args->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--paths", args->max_paths, "List up to N dependency paths per component (JSON)");
  cmd->add_flag("--strict", args->strict, "Treat warnings as errors (exit code 2)");
  add_inventory_flags(cmd, args->inv);
  cmd->callback([args, &ctx] {
    inventory::Options options;
    if (!inventory_options(args->inv, options)) {
      ctx.exit_code = 2;
      return;
    }
    options.max_paths = args->max_paths;
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->inv.show_warnings, args->strict, args->inv.allow_out_of_sync);
      report::InventoryFormat fmt = args->format == "json"  ? report::InventoryFormat::Json
                                    : args->format == "csv" ? report::InventoryFormat::Csv
                                                            : report::InventoryFormat::Table;
      if (!emit(args->output, report::write_inventory(inv, fmt))) rc = 2;
      return rc;
    });
  });
}

}  // namespace vigil::cli
