// vigil inventory (internal): where an npm-family package comes from, from its lockfile fields.
#pragma once

#include <string>
#include <string_view>

#include "core/core.h"

namespace vigil::inventory {

// Classifies a package by its resolved URL / spec and its version field:
// git+..., git://, github:, gitlab:, bitbucket: and "#<commit>" tarballs of a git host = Git;
// file: = File; link: = Link; an http(s) URL with the registry layout "/<name>/-/<file>.tgz" =
// Registry; another http(s) URL = Tarball; nothing resolved = Registry.
SourceKind classify_npm_source(std::string_view resolved, std::string_view version);

// A tarball a git host makes of one commit: codeload.github.com/<u>/<r>/tar.gz/<commit>,
// github.com/<u>/<r>/archive/<commit>.tar.gz, gitlab and bitbucket archives.
bool is_git_host_archive(std::string_view url);

// A yarn.lock with a top-level `__metadata:` key is a yarn berry (v2+) lockfile, else classic.
// Cheap: a scan for the key at the start of a line.
bool has_yarn_berry_metadata(std::string_view contents);

// The checks every text lockfile gets before it is parsed: valid UTF-8, not empty, ending with a
// line break (else it was truncated). `what` names the format in the error ("a yarn lockfile").
Status check_lockfile_text(const std::string& display, std::string_view contents, std::string_view what);

// npm v1 lockfiles write a git dependency's version as the git URL: move it to `resolved`.
void normalise_git_version(Package& pkg);

}  // namespace vigil::inventory
