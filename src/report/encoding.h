// vigil report (internal): encodings the writers share: Subresource Integrity strings to hex
// digests, SHA-1 and name-based UUIDs for deterministic document ids, ISO 8601 times, CSV
// fields and terminal-safe text.
#pragma once

#include <initializer_list>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::report {

// One digest of a package tarball.
struct Digest {
  std::string algorithm;  // "sha512", "sha384", "sha256" or "sha1"
  std::string hex;        // lower-case hex of the digest bytes
};

// The digests in an SRI string ("sha512-<base64> sha1-<base64>", tokens separated by
// whitespace, each optionally followed by "?options"). Tokens with another algorithm, bad
// base64 or a digest of the wrong length are skipped. Strongest algorithm first (sha512,
// sha384, sha256, sha1), duplicates dropped, otherwise in input order.
std::vector<Digest> parse_integrity(std::string_view sri);

// Standard base64 (RFC 4648 section 4), padding optional; nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text);

std::string hex_encode(std::string_view bytes);

// SHA-1 of `data`, with the CPU's SHA instructions when it has them; sha1_portable() never
// uses them (the tests compare the two).
std::array<uint8_t, 20> sha1(std::string_view data);
std::array<uint8_t, 20> sha1_portable(std::string_view data);

// A name-based UUID (RFC 9562 version 5: SHA-1 of vigil's namespace UUID and `name`), in the
// 8-4-4-4-12 lower-case form.
std::string uuid_v5(std::string_view name);
// The same for the concatenation of `name`'s parts (hashed in place, not copied).
std::string uuid_v5(std::initializer_list<std::string_view> name);

// "YYYY-MM-DDTHH:MM:SSZ" for `seconds` since the epoch, clamped to years 1970..9999 so the
// text always has this length.
std::string iso8601_utc(int64_t seconds);

// One CSV field per RFC 4180: quoted (with inner quotes doubled) when it holds a comma, a
// quote, CR or LF, or starts or ends with a space; otherwise as it is. Invalid UTF-8 becomes
// U+FFFD.
std::string csv_field(std::string_view s);

// `s` made safe for a terminal: invalid UTF-8 becomes U+FFFD and control characters
// (C0, DEL, C1) become "\xNN", so that no input can move the cursor or inject escape codes.
std::string terminal_safe(std::string_view s);

// The number of code points in valid UTF-8 `s` (the width of the text in a table column).
std::size_t display_width(std::string_view s);

}  // namespace vigil::report
