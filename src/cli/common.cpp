#include <cstdio>
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

}  // namespace vigil::cli
