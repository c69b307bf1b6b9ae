// vigil semver: npm's versions and ranges, with the semantics of node-semver 7.x exactly.
//
// npm decides which version of a library a lockfile may hold with node-semver; an advisory
// says which versions it affects with the same ranges. Anything that answers "is this
// version in that range?" for npm packages must answer it as node-semver does, including its
// quirks: loose parsing ("=v1.2.3", "1.2.3beta"), prerelease versions left out of a range
// unless the range names a prerelease of the same major.minor.patch (or include_prerelease
// is set), hyphen ranges, x-ranges, ~, ~>, ^, ||, build metadata stripped from ranges, the
// 256-character limit on versions and the 2^53-1 limit on their numbers. The fixtures of
// node-semver (../shared/vectors/semver) are the contract; tests/semver runs every case.
//
// Nothing here throws or aborts on user input: a string that is not a version or a range
// gives nullopt (or false, for the predicates), as node-semver's functions give null/false.
// All types are plain values, safe to share between threads once built (no caches, no
// globals). Range::test and compare do not allocate: parse a range once and test it as often
// as needed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::semver {

// node-semver's options object. `loose` accepts the sloppy forms npm's registry is full of;
// `include_prerelease` lets ranges match prerelease versions of any major.minor.patch.
struct Options {
  bool loose = false;
  bool include_prerelease = false;
};

// node-semver's SEMVER MAX_LENGTH and Number.MAX_SAFE_INTEGER.
inline constexpr size_t kMaxLength = 256;
inline constexpr uint64_t kMaxSafeInteger = 9007199254740991ULL;

// A parsed SemVer 2.0 version, as node-semver's SemVer class holds it.
class Version {
 public:
  Version() = default;

  uint64_t major() const { return major_; }
  uint64_t minor() const { return minor_; }
  uint64_t patch() const { return patch_; }
  // Prerelease identifiers; the ones node-semver turns into numbers (all digits, below
  // 2^53-1) are given as their decimal text without leading zeros.
  const std::vector<std::string>& prerelease() const { return pre_; }
  // True when prerelease()[i] is a number in node-semver (typeof === 'number').
  bool prerelease_is_number(size_t i) const { return pre_kind_[i] == kNumber; }
  const std::vector<std::string>& build() const { return build_; }
  // node-semver's .version: "major.minor.patch[-prerelease]" (build metadata left out).
  std::string str() const;

 private:
  friend struct VersionAccess;
  friend int compare(const Version& a, const Version& b);
  enum Kind : uint8_t { kText = 0, kDigits = 1, kNumber = 2 };  // kDigits: all digits, >= 2^53-1, kept as text
  uint64_t major_ = 0, minor_ = 0, patch_ = 0;
  std::vector<std::string> pre_;
  std::vector<uint8_t> pre_kind_;
  std::vector<double> pre_value_;  // the identifier as a JS number when it is all digits
  std::vector<std::string> build_;
};

// semver.parse: the version, or nullopt when `text` is not one (too long, a number above
// 2^53-1, or not the grammar; leading and trailing whitespace is ignored).
std::optional<Version> parse(std::string_view text, Options options = {});

// -1, 0 or 1 by SemVer precedence (a prerelease sorts before its release; build metadata is
// ignored), as semver.compare.
int compare(const Version& a, const Version& b);
// As compare, then build metadata breaks ties (semver.compareBuild).
int compare_build(const Version& a, const Version& b);

// One comparator of a range: an operator ("", "<", "<=", ">", ">=") and a version, or "any".
class Comparator {
 public:
  enum class Op : uint8_t { kAny, kEq, kLt, kLte, kGt, kGte };

  // new Comparator(text, options); nullopt where node-semver throws.
  static std::optional<Comparator> parse(std::string_view text, Options options = {});

  Op op() const { return op_; }
  const Version& version() const { return version_; }  // meaningless when op() == kAny
  bool test(const Version& v) const;
  // node-semver's comparator.intersects(other, options).
  bool intersects(const Comparator& other, Options options = {}) const;
  // node-semver's comparator.value: operator + version, "" for any.
  std::string str() const;

 private:
  friend class Range;
  friend struct RangeBuilder;
  Op op_ = Op::kAny;
  Version version_;
};

// A range: sets of comparators joined by ||; a version satisfies the range when it satisfies
// every comparator of one set (and the prerelease rule).
class Range {
 public:
  // new Range(text, options); nullopt where node-semver throws (not a valid range).
  static std::optional<Range> parse(std::string_view text, Options options = {});

  // range.test(version); honours the include_prerelease given at parse. No allocation.
  bool test(const Version& v) const;
  // range.test(string): false when `version` is not a version (parsed with this range's options).
  bool test(std::string_view version) const;
  // node-semver's range.range: comparators joined by " ", sets by "||" ("" for any version).
  std::string str() const;
  // range.intersects(other, options), with this range's options.
  bool intersects(const Range& other) const;
  bool intersects(const Range& other, Options options) const;

  const std::vector<std::vector<Comparator>>& sets() const { return set_; }
  Options options() const { return options_; }

 private:
  friend struct RangeBuilder;
  std::vector<std::vector<Comparator>> set_;
  Options options_;
};

// semver.satisfies: false when the range or the version is invalid.
bool satisfies(std::string_view version, std::string_view range, Options options = {});
bool satisfies(const Version& version, const Range& range);

// semver.maxSatisfying / minSatisfying: the element of `versions` (as given) that is the
// highest / lowest one satisfying `range`; nullopt when none does or the range is invalid.
std::optional<std::string> max_satisfying(const std::vector<std::string>& versions, std::string_view range,
                                          Options options = {});
std::optional<std::string> min_satisfying(const std::vector<std::string>& versions, std::string_view range,
                                          Options options = {});
// semver.minVersion: the lowest version that can satisfy `range`, or nullopt.
std::optional<std::string> min_version(std::string_view range, Options options = {});
// semver.gtr / ltr (outside(version, range, '>' / '<')): is `version` above / below every
// version the range allows. node-semver throws on an invalid version or range; these give false.
bool gtr(std::string_view version, std::string_view range, Options options = {});
bool ltr(std::string_view version, std::string_view range, Options options = {});
// semver.intersects(r1, r2, options); false when either is invalid.
bool intersects(std::string_view range1, std::string_view range2, Options options = {});

// semver.coerce options (node-semver 7: rtl, includePrerelease; loose is passed to parse).
struct CoerceOptions {
  bool loose = false;
  bool include_prerelease = false;
  bool rtl = false;
};
// semver.coerce: the first (or with rtl, the last) thing in `text` that looks like a version.
std::optional<Version> coerce(std::string_view text, CoerceOptions options = {});

// The identifierBase argument of semver.inc: left out, `false` (no number after the
// identifier), or a string whose Number() decides between base 0 and 1.
struct IdentifierBase {
  enum class Kind : uint8_t { kUnset, kFalse, kText };
  Kind kind = Kind::kUnset;
  std::string text;
  static IdentifierBase none() { return {}; }
  static IdentifierBase no_number() { return {Kind::kFalse, {}}; }
  static IdentifierBase of(std::string_view t) { return {Kind::kText, std::string(t)}; }
};

// semver.inc(version, release, options, identifier, identifierBase): release is one of major,
// premajor, minor, preminor, patch, prepatch, prerelease, release (or node-semver's internal
// "pre"); nullopt where node-semver gives null.
std::optional<std::string> inc(std::string_view version, std::string_view release, Options options = {},
                               std::string_view identifier = {}, const IdentifierBase& identifier_base = {});
// semver.truncate(version, releaseType, options).
std::optional<std::string> truncate(std::string_view version, std::string_view release, Options options = {});
// semver.valid / clean / validRange.
std::optional<std::string> valid(std::string_view text, Options options = {});
std::optional<std::string> clean(std::string_view text, Options options = {});
std::optional<std::string> valid_range(std::string_view text, Options options = {});

}  // namespace vigil::semver
