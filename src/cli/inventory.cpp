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
  std::string max_file_size = "256M";
  unsigned max_paths = 0;
  unsigned threads = 0;
  bool show_warnings = false;
  bool strict = false;
  bool allow_out_of_sync = false;
};
}  // namespace

void add_inventory(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<InventoryArgs>();
  CLI::App* cmd = app.add_subcommand("inventory", "List the libraries of every codebase below the given folders");
  cmd->add_option("paths", args->paths, "Folders to scan (a folder of many repositories is fine)")->required();
  cmd->add_option("-f,--format", args->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--max-file-size", args->max_file_size, "Refuse files larger than this (e.g. 256M, 1G)");
  cmd->add_option("--paths", args->max_paths, "List up to N dependency paths per component (JSON)");
  cmd->add_option("-j,--threads", args->threads, "Worker threads (default: all cores)");
  cmd->add_flag("--show-warnings", args->show_warnings, "Print every warning (missing or extraneous entries, ignored lockfiles)");
  cmd->add_flag("--strict", args->strict, "Treat warnings as errors (exit code 2)");
  cmd->add_flag("--allow-out-of-sync", args->allow_out_of_sync,
                "A lockfile that contradicts its package.json is a warning, not an error");
  cmd->callback([args, &ctx] {
    inventory::Options options;
    if (!parse_size(args->max_file_size, options.max_file_bytes)) {
      std::cerr << "vigil: --max-file-size: not a size: " << args->max_file_size << "\n";
      ctx.exit_code = 2;
      return;
    }
    options.max_paths = args->max_paths;
    options.threads = args->threads;
    std::vector<std::filesystem::path> roots(args->paths.begin(), args->paths.end());
    std::vector<Error> discovery_failures;
    auto projects = inventory::discover(roots, discovery_failures);
    ctx.exit_code = run_sized(inventory::lockfile_bytes(projects), [&] {
      inventory::Inventory inv = inventory::scan_projects(projects, std::move(discovery_failures), options);
      int rc = check_inventory(inv, args->show_warnings, args->strict, args->allow_out_of_sync);
      report::InventoryFormat fmt = args->format == "json"  ? report::InventoryFormat::Json
                                    : args->format == "csv" ? report::InventoryFormat::Csv
                                                            : report::InventoryFormat::Table;
      if (!emit(args->output, report::write_inventory(inv, fmt))) rc = 2;
      return rc;
    });
  });
}

}  // namespace vigil::cli
