// vigil core: a third-party package and its Package URL.
//
// Package is identity plus provenance of one library version as a lockfile records it. The
// `name` is always the real registry name: for an npm alias ("foo": "npm:bar@1") it is "bar".
#pragma once

#include <string>
#include <string_view>

namespace vigil {

enum class Ecosystem { Npm };

std::string_view to_string(Ecosystem e);

// Where a package comes from. Only Registry packages are libraries in the inventory's sense;
// the others are flagged as non-registry (their code is not a published release).
enum class SourceKind {
  Registry,   // a registry tarball (or no resolved field: assumed registry)
  Git,        // git+https://, github:user/repo, ...
  Tarball,    // a remote tarball URL that is not a registry package
  File,       // file: path (a folder or local tarball)
  Link,       // a symlink to a folder (npm link: true, yarn link:, pnpm link:)
  Workspace,  // a workspace member of the same repository
};

std::string_view to_string(SourceKind k);

struct Package {
  Ecosystem ecosystem = Ecosystem::Npm;
  std::string name;
  std::string version;
  std::string resolved;   // download URL or source spec, as the lockfile has it
  std::string integrity;  // SRI string(s), e.g. "sha512-..."; may be empty
  std::string license;    // the lockfile's license field, raw; may be empty
  SourceKind source = SourceKind::Registry;

  // pkg:npm/%40scope/name@version per the purl specification.
  std::string purl() const;
  // "name@version"
  std::string id() const { return name + "@" + version; }
};

// Percent-encodes a purl component: everything but the unreserved set and the characters the
// purl spec leaves as they are in that position.
std::string purl_encode(std::string_view s);

// pkg:npm/... for a name and version (the namespace '@scope' is encoded as %40scope).
std::string npm_purl(std::string_view name, std::string_view version);

}  // namespace vigil
