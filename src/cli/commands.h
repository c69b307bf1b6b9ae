// vigil cli (internal): the subcommands. Each add_X registers its options and a callback that
// runs the command and stores its exit code in the Context.
//
// Exit codes: 0 = done, nothing wrong; 1 = the command ran and found what it gates on;
// 2 = bad input or usage (a file that cannot be read or parsed, a bad flag).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "inventory/inventory.h"
#include "policy/policy.h"
#include "scan/scan.h"

namespace vigil::cli {

struct Context {
  int exit_code = 0;
};

void add_inventory(CLI::App& app, Context& ctx);
void add_sbom(CLI::App& app, Context& ctx);
void add_semver(CLI::App& app, Context& ctx);
void add_version(CLI::App& app, Context& ctx);
void add_db(CLI::App& app, Context& ctx);
void add_cvss(CLI::App& app, Context& ctx);
void add_scan(CLI::App& app, Context& ctx);
void add_sast(CLI::App& app, Context& ctx);
void add_licenses(CLI::App& app, Context& ctx);
void add_license(CLI::App& app, Context& ctx);
void add_chart(CLI::App& app, Context& ctx);
void add_keys(CLI::App& app, Context& ctx);
void add_outdated(CLI::App& app, Context& ctx);
void add_audit(CLI::App& app, Context& ctx);
void add_baselines(CLI::App& app, Context& ctx);
void add_report(CLI::App& app, Context& ctx);
void add_check(CLI::App& app, Context& ctx);

// Runs `job` and returns its result. A job that reads 8 MiB of lockfiles or more (usually an
// organisation, or one very big lockfile) runs on a new thread with an allocator heap of 2 MiB
// pages, committed up front; a smaller one runs here, in 4 KiB pages (src/cli/allocator.cpp).
int run_sized(uint64_t input_bytes, const std::function<int()>& job);

// Reports an inventory's warnings, conflicts and failures on stderr; returns the exit code
// they call for (2 when a codebase could not be read or contradicts its package.json, unless
// allowed; 2 for warnings with `strict`; else 0).
int check_inventory(const inventory::Inventory& inv, bool show_warnings, bool strict, bool allow_out_of_sync);

// Parses "--max-file-size" values such as "512M", "1G", "100000".
bool parse_size(const std::string& text, uint64_t& out);

// The options every command that reads codebases shares. add_inventory_flags registers them
// (with `threads`: -j/--threads too); inventory_options turns them into inventory::Options, or
// prints the problem and returns false.
struct InventoryFlags {
  std::string max_file_size = "256M";
  unsigned threads = 0;
  bool show_warnings = false;
  bool allow_out_of_sync = false;
};
void add_inventory_flags(CLI::App* cmd, InventoryFlags& flags, bool threads = true);
bool inventory_options(const InventoryFlags& flags, inventory::Options& out);

// Writes `text` to `path` atomically, or to stdout when path is empty or "-".
// Returns false (after printing the error) when it could not.
bool emit(const std::string& path, const std::string& text);

// A progress bar on stderr ("[#####     ] 120/400 <what>") when stderr is a terminal and CI is not
// set; an empty function (no output) otherwise. The bar erases itself when done.
std::function<void(size_t, size_t)> terminal_progress(const std::string& what);

// --today: `text` as a date (YYYY-MM-DD), or today (UTC) when empty. Prints the problem and
// returns false when it is not a date.
bool parse_today(const std::string& text, policy::Date& today);

// The license policy of every codebase (cli/license.cpp): the organisation's (--policy FILE's
// `licenses:` section with the license-scanner files it imports, then --license-scanner FILE;
// the Apache-2.0 project default when neither has one), replaced for a codebase by the
// `licenses:` section of its own vigil.yaml. Errors are printed; false means exit 2.
struct LicensePolicies {
  policy::LicensePolicy organisation;
  std::map<std::string, policy::LicensePolicy> own;  // codebase id -> its vigil.yaml's policy
  const policy::LicensePolicy& of(const std::string& codebase) const;
};
bool organisation_license_policy(const std::string& policy_file, const std::string& scanner_file, policy::Date today,
                                 policy::LicensePolicy& out, std::vector<Error>& warnings);
// The vulnerability policy of each codebase (cli/scan.cpp): the organisation's file, then the
// codebase's own vigil.yaml, then the .grype.yaml / audit-ci files it keeps (unless `no_import`).
bool codebase_scan_policies(const inventory::Inventory& inv, const std::optional<policy::Policy>& org, bool no_import,
                            policy::Date today, std::map<std::string, scan::CodebasePolicy>& out, std::vector<Error>& warnings);
bool codebase_license_policies(const inventory::Inventory& inv, policy::Date today, LicensePolicies& policies,
                               std::vector<Error>& warnings);

}  // namespace vigil::cli
