#include "report/sbom_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace vigil::report {

using inventory::Codebase;
using inventory::Component;
using inventory::Scope;

std::vector<bool> sbom_selection(const Codebase& cb, bool prod_only) {
  std::vector<bool> keep(cb.components.size(), true);
  if (prod_only) {
    for (std::size_t i = 0; i < cb.components.size(); ++i) {
      keep[i] = cb.components[i].scope != Scope::Dev;
    }
  }
  return keep;
}

std::vector<uint32_t> kept_targets(const std::vector<uint32_t>& deps, const std::vector<bool>& keep) {
  std::vector<uint32_t> out;
  for (uint32_t d : deps) {
    if (d < keep.size() && keep[d] && std::find(out.begin(), out.end(), d) == out.end()) {
      out.push_back(d);
    }
  }
  return out;
}

std::string project_name(const Codebase& cb) {
  if (!cb.importers.empty() && !cb.importers[0].name.empty()) return cb.importers[0].name;
  std::string_view id = cb.id;
  if (id.empty() || id == ".") {
    std::string_view dir = cb.dir;
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    auto slash = dir.find_last_of('/');
    id = slash == std::string_view::npos ? dir : dir.substr(slash + 1);
  }
  if (id.empty() || id == "." || id == "/") return "project";
  return std::string(id);
}

std::string importer_name(const Codebase& cb, std::size_t importer) {
  if (importer == 0) return project_name(cb);
  const auto& imp = cb.importers[importer];
  if (!imp.name.empty()) return imp.name;
  if (!imp.path.empty()) return imp.path;
  return fmt::format("workspace-{}", importer);
}

std::string sbom_purl(const Component& c) {
  std::string purl = c.pkg.purl();
  if (c.pkg.resolved.empty()) return purl;
  switch (c.pkg.source) {
    case SourceKind::Git:
      purl += "?vcs_url=" + purl_encode(c.pkg.resolved);
      break;
    case SourceKind::Tarball:
      purl += "?download_url=" + purl_encode(c.pkg.resolved);
      break;
    default:
      break;
  }
  return purl;
}

std::string document_url(std::string_view resolved) {
  auto sep = resolved.find("://");
  if (sep == std::string_view::npos || sep == 0 || sep + 3 >= resolved.size()) return {};
  char first = resolved[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return {};
  for (std::size_t i = 0; i < sep; ++i) {
    char c = resolved[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '.' || c == '-';
    if (!ok) return {};
  }
  for (char c : resolved) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return {};
    if (std::string_view("<>\"{}|\\^`").find(c) != std::string_view::npos) return {};
  }
  return std::string(resolved);
}

SplitName split_scope(std::string_view name) {
  if (!name.empty() && name[0] == '@') {
    auto slash = name.find('/');
    if (slash != std::string_view::npos && slash > 1 && slash + 1 < name.size()) {
      return {std::string(name.substr(0, slash)), std::string(name.substr(slash + 1))};
    }
  }
  return {"", std::string(name)};
}

std::string unique_id(std::string candidate, std::string_view suffix, std::set<std::string>& used) {
  if (used.insert(candidate).second) return candidate;
  for (unsigned n = 2;; ++n) {
    std::string next = fmt::format("{}{}-{}", candidate, suffix, n);
    if (used.insert(next).second) return next;
  }
}

}  // namespace vigil::report
