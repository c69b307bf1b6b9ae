// vigil cli (internal): the subcommands. Each add_X registers its options and a callback that
// runs the command and stores its exit code in the Context.
//
// Exit codes: 0 = done, nothing wrong; 1 = the command ran and found what it gates on;
// 2 = bad input or usage (a file that cannot be read or parsed, a bad flag).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace vigil::cli {

struct Context {
  int exit_code = 0;
};

void add_inventory(CLI::App& app, Context& ctx);
void add_sbom(CLI::App& app, Context& ctx);
void add_version(CLI::App& app, Context& ctx);

// Parses "--max-file-size" values such as "512M", "1G", "100000".
bool parse_size(const std::string& text, uint64_t& out);

// Writes `text` to `path` atomically, or to stdout when path is empty or "-".
// Returns false (after printing the error) when it could not.
bool emit(const std::string& path, const std::string& text);

}  // namespace vigil::cli
