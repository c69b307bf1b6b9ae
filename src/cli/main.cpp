// vigil: the command line. One file per subcommand; this file wires them together.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"vigil: the software-supply-chain security workstream of an organisation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vigil ") + VIGIL_VERSION);
  vigil::cli::Context ctx;
  vigil::cli::add_inventory(app, ctx);
  vigil::cli::add_sbom(app, ctx);
  vigil::cli::add_semver(app, ctx);
  vigil::cli::add_version(app, ctx);
  vigil::cli::add_db(app, ctx);
  vigil::cli::add_cvss(app, ctx);
  vigil::cli::add_scan(app, ctx);
  vigil::cli::add_sast(app, ctx);
  vigil::cli::add_licenses(app, ctx);
  vigil::cli::add_license(app, ctx);
  vigil::cli::add_chart(app, ctx);
  vigil::cli::add_keys(app, ctx);
  vigil::cli::add_outdated(app, ctx);
  vigil::cli::add_audit(app, ctx);
  vigil::cli::add_baselines(app, ctx);
  vigil::cli::add_report(app, ctx);
  vigil::cli::add_check(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2 (like a bad input), help and --version exit 0.
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}
