// vigil semver (internal): what semver.cpp and range.cpp share.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "semver/semver.h"

namespace vigil::semver {

struct VersionAccess {
  // new SemVer(text, {loose}) on text that is already known to be at most kMaxLength long and
  // trimmed; nullopt where node-semver throws.
  static std::optional<Version> parse_trimmed(std::string_view text, bool loose);
  // A version from its parts (numbers already checked against kMaxSafeInteger).
  static Version make(uint64_t major, uint64_t minor, uint64_t patch, const std::vector<std::string>& pre);
  static Version& bump_for_min(Version& v);  // minVersion's ">" step: patch+1, or prerelease.push(0)
};

}  // namespace vigil::semver
