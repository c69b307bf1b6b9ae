#include "inventory/npm_source.h"

namespace vigil::inventory {

namespace {
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_git_spec(std::string_view s) {
  return starts(s, "git+") || starts(s, "git://") || starts(s, "github:") || starts(s, "gitlab:") ||
         starts(s, "bitbucket:") || starts(s, "gist:");
}
}  // namespace

SourceKind classify_npm_source(std::string_view resolved, std::string_view version) {
  std::string_view r = resolved.empty() ? version : resolved;
  if (is_git_spec(r) || is_git_spec(version)) return SourceKind::Git;
  if (starts(r, "file:") || starts(version, "file:")) return SourceKind::File;
  if (starts(r, "link:") || starts(version, "link:")) return SourceKind::Link;
  if (starts(r, "http://") || starts(r, "https://")) {
    auto hash = r.find('#');
    std::string_view path = r.substr(0, hash);
    if (path.find("/-/") != std::string_view::npos && (path.size() > 4 && path.substr(path.size() - 4) == ".tgz")) {
      return SourceKind::Registry;
    }
    return SourceKind::Tarball;
  }
  return SourceKind::Registry;
}

void normalise_git_version(Package& pkg) {
  if (is_git_spec(pkg.version) || pkg.version.find("://") != std::string::npos) {
    if (pkg.resolved.empty()) pkg.resolved = pkg.version;
    // The version of a git dependency is its commit when the lockfile names no other.
    auto hash = pkg.version.rfind('#');
    pkg.version = hash == std::string::npos ? std::string() : pkg.version.substr(hash + 1);
  }
}

}  // namespace vigil::inventory
