// vigil report (internal): what the CycloneDX and SPDX writers share: which components a
// document lists, the project's identity, Package URLs and download URLs.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "inventory/inventory.h"

namespace vigil::report {

// keep[i]: whether Codebase::components[i] goes into the document (all of them, or with
// prod_only all but those whose scope is Dev).
std::vector<bool> sbom_selection(const inventory::Codebase& cb, bool prod_only);

// The indexes in `deps` of components that are kept, in their order, without duplicates.
std::vector<uint32_t> kept_targets(const std::vector<uint32_t>& deps, const std::vector<bool>& keep);

// The root importer's name; when it has none, the codebase id ("." becomes the last part of
// the folder); never empty.
std::string project_name(const inventory::Codebase& cb);

// The name an importer goes by in a document: its manifest name, or its folder when it has
// none; never empty.
std::string importer_name(const inventory::Codebase& cb, std::size_t importer);

// A component's Package URL: pkg:npm/... plus, for a git or remote tarball source, the
// vcs_url or download_url qualifier with the resolved spec.
std::string sbom_purl(const inventory::Component& c);

// `resolved` when it is an absolute URL ("scheme://..." of printable ASCII without spaces or
// the characters URLs never hold), else empty. Only such URLs go into a document as download
// locations: a "file:" path or a "github:" shorthand means nothing to a reader elsewhere.
std::string document_url(std::string_view resolved);

// "@scope/name" -> {"@scope", "name"}; anything else -> {"", name}.
struct SplitName {
  std::string group;
  std::string name;
};
SplitName split_scope(std::string_view name);

// `candidate`, or when `used` holds it already, candidate + suffix + "-2", "-3", ...; the
// result is added to `used`.
std::string unique_id(std::string candidate, std::string_view suffix, std::set<std::string>& used);

}  // namespace vigil::report
