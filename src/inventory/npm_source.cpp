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

bool is_git_host_archive(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = url.substr(scheme + 3);
  std::string_view host = rest.substr(0, rest.find('/'));
  if (host == "codeload.github.com") return true;
  if (host == "github.com" || host == "gitlab.com" || host == "bitbucket.org") {
    return rest.find("/archive/") != std::string_view::npos || rest.find("/tar.gz/") != std::string_view::npos ||
           rest.find("/get/") != std::string_view::npos;
  }
  return false;
}

bool has_yarn_berry_metadata(std::string_view contents) {
  for (std::string_view key : {std::string_view("__metadata:"), std::string_view("\"__metadata\":")}) {
    size_t pos = 0;
    while ((pos = contents.find(key, pos)) != std::string_view::npos) {
      if (pos == 0 || contents[pos - 1] == '\n' || contents[pos - 1] == '\r') return true;
      pos += key.size();
    }
  }
  return false;
}

Status check_lockfile_text(const std::string& display, std::string_view contents, std::string_view what) {
  if (size_t bad = first_invalid_utf8(contents); bad != std::string_view::npos) {
    TextPosition p = position_of(contents, bad);
    return make_error(display, p.line, p.column, "invalid UTF-8");
  }
  if (contents.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return make_error(display, "empty file: not " + std::string(what));
  }
  if (contents.back() != '\n' && contents.back() != '\r') {
    TextPosition p = position_of(contents, contents.size());
    return make_error(display, p.line, p.column, "the file ends in the middle of a line (truncated?)");
  }
  return {};
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
