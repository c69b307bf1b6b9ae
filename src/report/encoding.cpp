#include "report/encoding.h"

#include <cstring>
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif
#include <fmt/format.h>

#include <algorithm>

#include "report/json_writer.h"

namespace vigil::report {

namespace {

struct DigestKind {
  std::string_view name;
  std::size_t bytes;
  int rank;  // lower = stronger, written first
};

constexpr DigestKind kDigestKinds[] = {
    {"sha512", 64, 0},
    {"sha384", 48, 1},
    {"sha256", 32, 2},
    {"sha1", 20, 3},
};

const DigestKind* find_kind(std::string_view name) {
  for (const auto& k : kDigestKinds) {
    if (name.size() != k.name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == k.name[i];
    }
    if (same) return &k;
  }
  return nullptr;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::vector<Digest> parse_integrity(std::string_view sri) {
  struct Ranked {
    int rank;
    Digest digest;
  };
  std::vector<Ranked> found;
  std::size_t i = 0;
  while (i < sri.size()) {
    while (i < sri.size() && is_space(sri[i])) ++i;
    std::size_t start = i;
    while (i < sri.size() && !is_space(sri[i])) ++i;
    std::string_view token = sri.substr(start, i - start);
    if (token.empty()) continue;
    if (auto q = token.find('?'); q != std::string_view::npos) token = token.substr(0, q);
    auto dash = token.find('-');
    if (dash == std::string_view::npos) continue;
    const DigestKind* kind = find_kind(token.substr(0, dash));
    if (kind == nullptr) continue;
    auto bytes = base64_decode(token.substr(dash + 1));
    if (!bytes || bytes->size() != kind->bytes) continue;
    Digest d{std::string(kind->name), hex_encode(*bytes)};
    bool dup = std::any_of(found.begin(), found.end(), [&](const Ranked& r) {
      return r.digest.algorithm == d.algorithm && r.digest.hex == d.hex;
    });
    if (!dup) found.push_back(Ranked{kind->rank, std::move(d)});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Ranked& a, const Ranked& b) { return a.rank < b.rank; });
  std::vector<Digest> out;
  out.reserve(found.size());
  for (auto& r : found) out.push_back(std::move(r.digest));
  return out;
}

namespace {

#if defined(__x86_64__) && defined(__GNUC__)
// SHA-1 blocks with the x86 SHA extensions (Intel's published instruction sequence), about
// five times the speed of the portable rounds. Used only when the CPU reports them.
bool cpu_has_sha() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, a, b, c, d);
  const bool sha = (b >> 29) & 1u;
  __cpuid(1, a, b, c, d);
  const bool ssse3 = (c >> 9) & 1u, sse41 = (c >> 19) & 1u;
  return sha && ssse3 && sse41;
}

template <int F>
__attribute__((target("sha,ssse3,sse4.1"))) inline __m128i sha1_rounds(__m128i abcd, __m128i e) {
  return _mm_sha1rnds4_epu32(abcd, e, F);
}

__attribute__((target("sha,ssse3,sse4.1"))) void sha1_blocks_shani(uint32_t state[5], const unsigned char* data,
                                                                 std::size_t blocks) {
  const __m128i mask = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1B);
  __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abcd_save = abcd;
    const __m128i e0_save = e0;
    __m128i msg[4];
    __m128i e[2] = {e0, e0};
    for (int i = 0; i < 4; ++i) {
      msg[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * i)), mask);
    }
    // Group g does rounds 4g..4g+3; E alternates between e[0] and e[1].
#pragma GCC unroll 20
    for (int g = 0; g < 20; ++g) {
      __m128i& ex = e[g & 1];
      __m128i& ey = e[(g + 1) & 1];
      if (g == 0) {
        ex = _mm_add_epi32(ex, msg[0]);
      } else {
        ex = _mm_sha1nexte_epu32(ex, msg[g & 3]);
      }
      ey = abcd;
      if (g >= 3) msg[(g + 1) & 3] = _mm_sha1msg2_epu32(msg[(g + 1) & 3], msg[g & 3]);
      switch (g / 5) {
        case 0: abcd = sha1_rounds<0>(abcd, ex); break;
        case 1: abcd = sha1_rounds<1>(abcd, ex); break;
        case 2: abcd = sha1_rounds<2>(abcd, ex); break;
        default: abcd = sha1_rounds<3>(abcd, ex); break;
      }
      if (g >= 1) msg[(g + 3) & 3] = _mm_sha1msg1_epu32(msg[(g + 3) & 3], msg[g & 3]);
      if (g >= 2) msg[(g + 2) & 3] = _mm_xor_si128(msg[(g + 2) & 3], msg[g & 3]);
    }
    // After group 19, e[0] holds the E for the next block's first rounds.
    e0 = _mm_sha1nexte_epu32(e[0], e0_save);
    abcd = _mm_add_epi32(abcd, abcd_save);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1B));
  state[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
}
#endif

// SHA-1 (FIPS 180-4) over a sequence of byte strings, without copying them.
class Sha1 {
 public:
  explicit Sha1(bool allow_hardware = true) : hardware_(allow_hardware) {}

  void update(std::string_view data) {
    total_ += data.size();
    if (fill_ > 0) {
      const std::size_t take = std::min(data.size(), 64 - fill_);
      std::memcpy(buf_ + fill_, data.data(), take);
      fill_ += take;
      data.remove_prefix(take);
      if (fill_ < 64) return;
      block(reinterpret_cast<const unsigned char*>(buf_));
      fill_ = 0;
    }
#if defined(__x86_64__) && defined(__GNUC__)
    static const bool shani = cpu_has_sha();
    if (shani && hardware_ && data.size() >= 64) {
      const std::size_t blocks = data.size() / 64;
      sha1_blocks_shani(h_, reinterpret_cast<const unsigned char*>(data.data()), blocks);
      data.remove_prefix(blocks * 64);
    }
#endif
    while (data.size() >= 64) {
      block(reinterpret_cast<const unsigned char*>(data.data()));
      data.remove_prefix(64);
    }
    std::memcpy(buf_, data.data(), data.size());
    fill_ = data.size();
  }

  std::array<uint8_t, 20> finish() {
    const uint64_t bit_len = total_ * 8;
    char pad[72] = {static_cast<char>(0x80)};
    const std::size_t pad_len = (fill_ < 56 ? 56 - fill_ : 120 - fill_);
    for (int i = 0; i < 8; ++i) pad[pad_len + static_cast<std::size_t>(i)] = static_cast<char>(bit_len >> (56 - 8 * i));
    update(std::string_view(pad, pad_len + 8));
    std::array<uint8_t, 20> out{};
    for (int i = 0; i < 5; ++i) {
      out[4 * i] = static_cast<uint8_t>(h_[i] >> 24);
      out[4 * i + 1] = static_cast<uint8_t>(h_[i] >> 16);
      out[4 * i + 2] = static_cast<uint8_t>(h_[i] >> 8);
      out[4 * i + 3] = static_cast<uint8_t>(h_[i]);
    }
    return out;
  }

 private:
  void block(const unsigned char* p) {
    uint32_t w[80];
    for (int t = 0; t < 16; ++t, p += 4) {
      w[t] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    }
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    auto round = [&](uint32_t f, uint32_t k, uint32_t wt) {
      const uint32_t temp = rotl(a, 5) + f + e + k + wt;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    };
    for (int t = 0; t < 20; ++t) round((b & c) | (~b & d), 0x5A827999u, w[t]);
    for (int t = 20; t < 40; ++t) round(b ^ c ^ d, 0x6ED9EBA1u, w[t]);
    for (int t = 40; t < 60; ++t) round((b & c) | (b & d) | (c & d), 0x8F1BBCDCu, w[t]);
    for (int t = 60; t < 80; ++t) round(b ^ c ^ d, 0xCA62C1D6u, w[t]);
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
  }

  uint32_t h_[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  char buf_[64] = {};
  std::size_t fill_ = 0;
  uint64_t total_ = 0;
  bool hardware_ = true;
};

}  // namespace

std::array<uint8_t, 20> sha1(std::string_view data) {
  Sha1 h;
  h.update(data);
  return h.finish();
}

std::array<uint8_t, 20> sha1_portable(std::string_view data) {
  Sha1 h(false);
  h.update(data);
  return h.finish();
}

std::string uuid_v5(std::initializer_list<std::string_view> name) {
  // vigil's namespace for document ids: a fixed random (version 4) UUID,
  // 3f6d2c1e-8b7a-4e59-9c40-5d2a7b1e6f03.
  static constexpr uint8_t kNamespace[16] = {0x3f, 0x6d, 0x2c, 0x1e, 0x8b, 0x7a, 0x4e, 0x59,
                                             0x9c, 0x40, 0x5d, 0x2a, 0x7b, 0x1e, 0x6f, 0x03};
  Sha1 h;
  h.update(std::string_view(reinterpret_cast<const char*>(kNamespace), sizeof kNamespace));
  for (std::string_view part : name) h.update(part);
  auto digest = h.finish();
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string hex = hex_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), 16));
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

std::string uuid_v5(std::string_view name) { return uuid_v5({name}); }

std::string iso8601_utc(int64_t seconds) {
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  seconds = std::clamp<int64_t>(seconds, 0, kMax);
  const int64_t days = seconds / 86400;
  const int64_t rem = seconds % 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rem / 3600, rem / 60 % 60,
                     rem % 60);
}

std::string csv_field(std::string_view s) {
  std::string clean = sanitize_utf8(s);
  bool quote = clean.find_first_of(",\"\r\n") != std::string::npos ||
               (!clean.empty() && (clean.front() == ' ' || clean.back() == ' '));
  if (!quote) return clean;
  std::string out = "\"";
  for (char c : clean) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string terminal_safe(std::string_view s) {
  // Fast path: printable ASCII needs no change (names, versions, ids almost always are).
  if (std::all_of(s.begin(), s.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c >= 0x20 && c < 0x7F;
      })) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      if (c < 0x20 || c == 0x7F) {
        out += fmt::format("\\x{:02x}", c);
      } else {
        out += static_cast<char>(c);
      }
    } else {
      // Decode to check for C1 controls and the bidirectional overrides and isolates
      // (U+202A..U+202E, U+2066..U+2069) that can make text display as something else.
      uint32_t cp = c & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
      for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
          (cp >= 0x2066 && cp <= 0x2069)) {
        out += fmt::format("\\u{:04x}", cp);
      } else {
        out.append(s.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace vigil::report
