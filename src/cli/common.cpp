#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "core/core.h"

namespace vigil::cli {

bool parse_size(const std::string& text, uint64_t& out) {
  if (text.empty()) return false;
  uint64_t v = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  std::string unit = text.substr(i);
  uint64_t mul = 1;
  if (unit.empty() || unit == "B") {
    mul = 1;
  } else if (unit == "K" || unit == "KiB" || unit == "k") {
    mul = 1ull << 10;
  } else if (unit == "M" || unit == "MiB") {
    mul = 1ull << 20;
  } else if (unit == "G" || unit == "GiB") {
    mul = 1ull << 30;
  } else {
    return false;
  }
  if (v > UINT64_MAX / mul) return false;
  out = v * mul;
  return true;
}

void add_inventory_flags(CLI::App* cmd, InventoryFlags& flags, bool threads) {
  cmd->add_option("--max-file-size", flags.max_file_size, "Refuse files larger than this (e.g. 256M, 1G)");
  if (threads) cmd->add_option("-j,--threads", flags.threads, "Worker threads (default: all cores)");
  cmd->add_flag("--show-warnings", flags.show_warnings, "Print every inventory warning (missing or extraneous entries, ignored lockfiles)");
  cmd->add_flag("--allow-out-of-sync", flags.allow_out_of_sync,
                "A lockfile that contradicts its package.json is a warning, not an error");
}

bool inventory_options(const InventoryFlags& flags, inventory::Options& out) {
  if (!parse_size(flags.max_file_size, out.max_file_bytes)) {
    std::cerr << "vigil: --max-file-size: not a size: " << flags.max_file_size << "\n";
    return false;
  }
  out.threads = flags.threads;
  return true;
}

bool emit(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return true;
  }
  Status s = write_file_atomic(path, text);
  if (!s) {
    std::cerr << "vigil: " << s.error().to_string() << "\n";
    return false;
  }
  return true;
}

// Reports the inventory's warnings, conflicts and failures on stderr; returns the exit code.
int check_inventory(const inventory::Inventory& inv, bool show_warnings, bool strict, bool allow_out_of_sync) {
  size_t warnings = 0;
  std::vector<std::string> out_of_sync;
  for (const auto& cb : inv.codebases) {
    warnings += cb.warnings.size();
    if (show_warnings) {
      for (const auto& w : cb.warnings) std::cerr << "warning: " << w.to_string() << "\n";
    }
    if (cb.conflicts.empty()) continue;
    if (allow_out_of_sync) {
      warnings += cb.conflicts.size();
      if (show_warnings) {
        for (const auto& w : cb.conflicts) std::cerr << "warning: " << w.to_string() << "\n";
      }
    } else {
      for (const auto& e : cb.conflicts) std::cerr << "error: " << e.to_string() << "\n";
      out_of_sync.push_back(cb.id);
    }
  }
  if (warnings > 0 && !show_warnings) {
    std::cerr << "vigil: " << warnings << " warning" << (warnings == 1 ? "" : "s")
              << " (missing or extraneous entries, ignored lockfiles); --show-warnings lists them\n";
  }
  for (const auto& f : inv.failures) std::cerr << "error: " << f.to_string() << "\n";
  if (!inv.failures.empty()) {
    std::cerr << "vigil: " << inv.failures.size() << " codebase" << (inv.failures.size() == 1 ? "" : "s")
              << " could not be read:";
    for (const auto& f : inv.failures) std::cerr << " " << (f.file.empty() ? f.message : f.file);
    std::cerr << "\n";
  }
  if (!out_of_sync.empty()) {
    // Their inventory is complete and reported, but npm ci would refuse these lockfiles.
    std::cerr << "vigil: " << out_of_sync.size() << " codebase" << (out_of_sync.size() == 1 ? "" : "s")
              << " contradict their package.json (npm ci would refuse the lockfile; --allow-out-of-sync accepts it):";
    for (const auto& id : out_of_sync) std::cerr << " " << id;
    std::cerr << "\n";
  }
  if (!inv.failures.empty() || !out_of_sync.empty()) return 2;
  if (strict && warnings > 0) return 2;
  return 0;
}

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

std::function<void(size_t, size_t)> terminal_progress(const std::string& what) {
  if (!isatty(STDERR_FILENO) || std::getenv("CI") != nullptr) return {};
  return [what](size_t done, size_t total) {
    if (total < 20 || (done % 10 != 0 && done != total)) return;
    const int width = 30;
    int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu %s", filled, "##############################", width - filled, "", done, total, what.c_str());
    if (done == total) std::fprintf(stderr, "\r%*s\r", 70, "");
    std::fflush(stderr);
  };
}

}  // namespace vigil::cli
