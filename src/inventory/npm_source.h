// vigil inventory (internal): where an npm-family package comes from, from its lockfile fields.
#pragma once

#include <string_view>

#include "core/core.h"

namespace vigil::inventory {

// Classifies a package by its resolved URL / spec and its version field:
// git+..., git://, github:, gitlab:, bitbucket: and "#<commit>" tarballs of a git host = Git;
// file: = File; link: = Link; an http(s) URL with the registry layout "/<name>/-/<file>.tgz" =
// Registry; another http(s) URL = Tarball; nothing resolved = Registry.
SourceKind classify_npm_source(std::string_view resolved, std::string_view version);

// npm v1 lockfiles write a git dependency's version as the git URL: move it to `resolved`.
void normalise_git_version(Package& pkg);

}  // namespace vigil::inventory
