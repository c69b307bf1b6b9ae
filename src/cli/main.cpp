// vigil: the command line. One file per subcommand; this file wires them together.
#include <CLI/CLI.hpp>

#include <cstdio>

#if defined(VIGIL_USE_MIMALLOC)
#include <mimalloc.h>
#endif

#include "cli/commands.h"

int main(int argc, char** argv) {
#if defined(VIGIL_USE_MIMALLOC)
  // 2 MiB pages where the kernel allows them (transparent huge pages): an organisation-wide run
  // allocates a few hundred MiB, and 4 KiB page faults were a fifth of its time.
  mi_option_set_enabled(mi_option_large_os_pages, true);
#endif
  CLI::App app{"vigil: the software-supply-chain security workstream of an organisation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vigil ") + VIGIL_VERSION);
  vigil::cli::Context ctx;
  vigil::cli::add_inventory(app, ctx);
  vigil::cli::add_sbom(app, ctx);
  vigil::cli::add_version(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2 (like a bad input), help and --version exit 0.
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}
