// vigil core: reading user files safely.
//
// read_file() reads a whole regular file into memory, refusing anything over a size limit
// (the limit protects against huge or hostile input; a command-line flag raises it). The
// returned string keeps at least kReadPadding spare bytes of capacity after its contents so
// that SIMD parsers may read past the end without a copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

inline constexpr std::size_t kReadPadding = 64;
inline constexpr uint64_t kDefaultMaxFileBytes = 256ull << 20;  // 256 MiB

// Reads `path`. `display` is the name used in errors (defaults to path as given).
Expected<std::string> read_file(const std::filesystem::path& path, uint64_t max_bytes,
                                const std::string& display = {});

// The same, reading into `out` and reusing its capacity (no allocation when it is big enough).
Status read_file_into(const std::filesystem::path& path, uint64_t max_bytes, const std::string& display,
                      std::string& out);

// 1-based line and column of byte `offset` in `text` (column counts bytes).
struct TextPosition {
  uint32_t line = 1;
  uint32_t column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

// Offset of the first byte that is not valid UTF-8 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or npos when all of `text` is valid.
std::size_t first_invalid_utf8(std::string_view text);

// Writes `contents` to `path` atomically (a temporary file beside it, then rename), so that a
// failure leaves no partial output.
Status write_file_atomic(const std::filesystem::path& path, std::string_view contents);

// vigil's cache file `name`: $XDG_CACHE_HOME/vigil/NAME when XDG_CACHE_HOME is absolute, else
// ~/.cache/vigil/NAME; empty when neither is set.
std::filesystem::path cache_file(std::string_view name);

// Path of `p` relative to `base` with '/' separators, or p itself when it is not below base.
std::string relative_display(const std::filesystem::path& p, const std::filesystem::path& base);

}  // namespace vigil
