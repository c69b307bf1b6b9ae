// vigil sbom PATH: a CycloneDX 1.6 or SPDX 2.3 SBOM of one codebase.
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <random>

#include "cli/commands.h"
#include "inventory/inventory.h"
#include "report/report.h"

#include "license/license.h"

namespace vigil::cli {

namespace {
struct SbomArgs {
  std::string path;
  std::string format = "cyclonedx-json";
  std::string output;
  std::string max_file_size = "256M";
  bool prod_only = false;
  bool reproducible = false;
  bool allow_out_of_sync = false;
};
}  // namespace

void add_sbom(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SbomArgs>();
  CLI::App* cmd = app.add_subcommand("sbom", "Write the SBOM of one codebase (CycloneDX 1.6 or SPDX 2.3 JSON)");
  cmd->add_option("path", args->path, "The codebase's folder (or its lockfile)")->required();
  cmd->add_option("--format", args->format, "cyclonedx-json or spdx-json")
      ->check(CLI::IsMember({"cyclonedx-json", "spdx-json"}));
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_option("--max-file-size", args->max_file_size, "Refuse files larger than this (e.g. 256M, 1G)");
  cmd->add_flag("--allow-out-of-sync", args->allow_out_of_sync,
                "Write the SBOM even when the lockfile contradicts its package.json");
  cmd->add_flag("--prod-only", args->prod_only, "Leave out development dependencies");
  cmd->add_flag("--reproducible", args->reproducible,
                "Same input, same bytes: timestamp from SOURCE_DATE_EPOCH (else 0) and a serial derived from the content");
  cmd->callback([args, &ctx] {
    ctx.exit_code = 2;
    inventory::Options options;
    if (!parse_size(args->max_file_size, options.max_file_bytes)) {
      std::cerr << "vigil: --max-file-size: not a size: " << args->max_file_size << "\n";
      return;
    }
    std::vector<Error> errors;
    auto projects = inventory::discover({args->path}, errors);
    for (const auto& e : errors) std::cerr << "error: " << e.to_string() << "\n";
    if (!errors.empty()) return;
    // The folder itself when it is a project, else the single project below it.
    const inventory::ProjectRef* chosen = nullptr;
    for (const auto& p : projects) {
      std::error_code ec;
      if (std::filesystem::equivalent(p.dir, p.fence, ec)) chosen = &p;
    }
    if (chosen == nullptr && projects.size() == 1) chosen = &projects[0];
    if (chosen == nullptr) {
      std::cerr << "error: " << args->path << ": " << (projects.empty() ? "no project (package.json or lockfile) here"
                                                                         : std::to_string(projects.size()) + " projects here; name one")
                << "\n";
      return;
    }
    // A big lockfile gets the same allocator as an organisation-wide inventory (allocator.cpp).
    ctx.exit_code = run_sized(chosen->lockfile_bytes, [&] {
      auto cb = inventory::scan_project(*chosen, options);
      if (!cb) {
        std::cerr << "error: " << cb.error().to_string() << "\n";
        return 2;
      }
      for (const auto& e : cb->conflicts) std::cerr << (args->allow_out_of_sync ? "warning: " : "error: ") << e.to_string() << "\n";
      if (!cb->conflicts.empty() && !args->allow_out_of_sync) {
        std::cerr << "vigil: the lockfile contradicts package.json (npm ci would refuse it); no SBOM written "
                     "(--allow-out-of-sync writes it anyway)\n";
        return 2;
      }
      report::SbomOptions so;
      so.prod_only = args->prod_only;
      so.tool_version = VIGIL_VERSION;
      const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
      if (epoch != nullptr && *epoch != '\0') {
        char* end = nullptr;
        long long v = std::strtoll(epoch, &end, 10);
        if (end == nullptr || *end != '\0' || v < 0) {
          std::cerr << "vigil: SOURCE_DATE_EPOCH is not a number of seconds: " << epoch << "\n";
          return 2;
        }
        so.timestamp = v;
      } else if (args->reproducible) {
        so.timestamp = 0;
      } else {
        so.timestamp = static_cast<int64_t>(std::time(nullptr));
      }
      if (!args->reproducible && (epoch == nullptr || *epoch == '\0')) {
        std::random_device rd;
        so.serial_seed = std::to_string(rd()) + "-" + std::to_string(rd()) + "-" + std::to_string(so.timestamp);
      }
      const std::string text = args->format == "spdx-json" ? report::write_spdx(*cb, so) : report::write_cyclonedx(*cb, so);
      return emit(args->output, text) ? 0 : 2;
    });
  });
}

void add_version(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("version", "Print vigil's version and the versions of its data");
  cmd->callback([&ctx] {
    std::cout << "vigil " << VIGIL_VERSION << "\n";
    // The npm packages do not carry the SPDX list version; their own versions name the data.
    std::cout << "SPDX license data: " << license::list_version() << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace vigil::cli
