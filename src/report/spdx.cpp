// SPDX 2.3 JSON. The layout follows `npm sbom --sbom-format spdx` where it has a convention
// (document namespace, relationship types per dependency kind); docs/formats.md lists every
// field.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/license_text.h"
#include "report/report.h"
#include "report/sbom_common.h"

namespace vigil::report {

using inventory::Codebase;
using inventory::Component;
using inventory::Importer;
using inventory::Scope;

namespace {

constexpr std::string_view kZeroUuid = "00000000-0000-0000-0000-000000000000";

// [A-Za-z0-9.-] only, every other byte becomes '-'; a leading '@' (npm scope) is dropped.
std::string spdx_idstring(std::string_view s) {
  if (!s.empty() && s[0] == '@') s.remove_prefix(1);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-';
    out += ok ? c : '-';
  }
  return out.empty() ? std::string("unnamed") : out;
}

std::string_view spdx_checksum_alg(std::string_view alg) {
  if (alg == "sha512") return "SHA512";
  if (alg == "sha384") return "SHA384";
  if (alg == "sha256") return "SHA256";
  return "SHA1";
}

std::string declared_license(std::string_view raw) {
  LicenseText lic = classify_license(raw);
  // A LicenseRef would need a hasExtractedLicensingInfos entry with the license text, which
  // a lockfile does not have.
  if ((lic.kind == LicenseText::Kind::Id || lic.kind == LicenseText::Kind::Expression) &&
      !lic.has_license_ref) {
    return lic.text;
  }
  return "NOASSERTION";
}

struct Relationship {
  std::string element;
  std::string type;
  std::string related;
};

// X -> Y as SPDX says it: the dependency kind comes from how Y is reachable.
Relationship dependency(const std::string& from, const std::string& to, Scope to_scope) {
  switch (to_scope) {
    case Scope::Dev: return {to, "DEV_DEPENDENCY_OF", from};
    case Scope::Optional: return {to, "OPTIONAL_DEPENDENCY_OF", from};
    default: return {from, "DEPENDS_ON", to};
  }
}

void write_package(JsonWriter& w, const std::string& id, const std::string& name,
                   const std::string& version, const std::string& download,
                   const std::vector<Digest>& digests, const std::string& license,
                   const std::string& purl, std::string_view purpose, const std::string& comment) {
  w.begin_object();
  w.field("SPDXID", id);
  w.field("name", name);
  if (!version.empty()) w.field("versionInfo", version);
  w.field("downloadLocation", download.empty() ? std::string("NOASSERTION") : download);
  w.field("filesAnalyzed", false);
  if (!digests.empty()) {
    w.key("checksums");
    w.begin_array();
    for (const auto& d : digests) {
      w.begin_object();
      w.field("algorithm", spdx_checksum_alg(d.algorithm));
      w.field("checksumValue", d.hex);
      w.end_object();
    }
    w.end_array();
  }
  w.field("licenseConcluded", "NOASSERTION");
  w.field("licenseDeclared", declared_license(license));
  w.field("copyrightText", "NOASSERTION");
  if (!purl.empty()) {
    w.key("externalRefs");
    w.begin_array();
    w.begin_object();
    w.field("referenceCategory", "PACKAGE-MANAGER");
    w.field("referenceType", "purl");
    w.field("referenceLocator", purl);
    w.end_object();
    w.end_array();
  }
  w.field("primaryPackagePurpose", purpose);
  if (!comment.empty()) w.field("comment", comment);
  w.end_object();
}

}  // namespace

std::string write_spdx(const Codebase& cb, const SbomOptions& opt) {
  const std::vector<bool> keep = sbom_selection(cb, opt.prod_only);
  const std::string doc_name = project_name(cb);

  // SPDXIDs: SPDXRef-Project-<name>[-<version>] for importers, SPDXRef-Package-<name>-
  // <version>[-<source>] for components; made unique with -2, -3, ... in document order.
  std::set<std::string> used = {"SPDXRef-DOCUMENT"};
  const std::size_t importers = std::max<std::size_t>(cb.importers.size(), 1);
  std::vector<std::string> imp_id(importers);
  for (std::size_t i = 0; i < importers; ++i) {
    std::string name = importer_name(cb, i);
    std::string version = i < cb.importers.size() ? cb.importers[i].version : std::string();
    imp_id[i] = unique_id("SPDXRef-Project-" + spdx_idstring(version.empty() ? name : name + "-" + version),
                          "", used);
  }
  std::vector<std::string> comp_id(cb.components.size());
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    if (!keep[i]) continue;
    const Component& c = cb.components[i];
    std::string base = c.pkg.version.empty() ? c.pkg.name : c.pkg.name + "-" + c.pkg.version;
    if (!c.library()) base += fmt::format("-{}", to_string(c.pkg.source));
    comp_id[i] = unique_id("SPDXRef-Package-" + spdx_idstring(base), "", used);
  }

  JsonWriter w;
  w.reserve(4096 + cb.components.size() * 1024);
  w.begin_object();
  w.field("spdxVersion", "SPDX-2.3");
  w.field("dataLicense", "CC0-1.0");
  w.field("SPDXID", "SPDXRef-DOCUMENT");
  w.field("name", doc_name);
  w.key("documentNamespace");
  const std::string ns_prefix = fmt::format("https://spdx.org/spdxdocs/{}-", spdx_idstring(doc_name));
  const std::size_t ns_at = w.value_at(ns_prefix + std::string(kZeroUuid)) + ns_prefix.size();
  w.key("creationInfo");
  w.begin_object();
  w.key("created");
  const std::size_t time_at = w.value_at(iso8601_utc(0));
  w.key("creators");
  w.begin_array();
  w.value(opt.tool_version.empty() ? std::string("Tool: vigil")
                                   : fmt::format("Tool: vigil-{}", opt.tool_version));
  w.end_array();
  if (opt.prod_only) w.field("comment", "Development dependencies left out (--prod).");
  w.end_object();

  w.key("packages");
  w.begin_array();
  for (std::size_t i = 0; i < importers; ++i) {
    const Importer* imp = i < cb.importers.size() ? &cb.importers[i] : nullptr;
    std::string name = importer_name(cb, i);
    std::string version = imp ? imp->version : std::string();
    std::string purl = imp && !imp->name.empty() ? npm_purl(imp->name, imp->version) : std::string();
    std::string comment = i == 0 ? std::string() : fmt::format("Workspace member at {}", imp->path);
    write_package(w, imp_id[i], name, version, "NOASSERTION", {}, imp ? imp->license : std::string(),
                  purl, "APPLICATION", comment);
  }
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    if (!keep[i]) continue;
    const Component& c = cb.components[i];
    std::string comment;
    if (!c.library()) {
      comment = fmt::format("Not from the registry: {} source", to_string(c.pkg.source));
      if (!c.pkg.resolved.empty()) comment += " " + sanitize_utf8(c.pkg.resolved);
      comment += ".";
    }
    if (!c.aliases.empty()) {
      if (!comment.empty()) comment += ' ';
      comment += "Installed as";
      for (std::size_t a = 0; a < c.aliases.size(); ++a) {
        comment += a == 0 ? " " : ", ";
        comment += c.aliases[a];
      }
      comment += ".";
    }
    write_package(w, comp_id[i], c.pkg.name.empty() ? std::string("unnamed") : c.pkg.name, c.pkg.version, document_url(c.pkg.resolved),
                  parse_integrity(c.pkg.integrity), c.pkg.license, sbom_purl(c), "LIBRARY", comment);
  }
  w.end_array();

  std::vector<Relationship> rels;
  rels.push_back({"SPDXRef-DOCUMENT", "DESCRIBES", imp_id[0]});
  auto add_deps = [&](const std::string& from, const std::vector<uint32_t>& deps) {
    std::vector<Relationship> out;
    for (uint32_t d : kept_targets(deps, keep)) {
      out.push_back(dependency(from, comp_id[d], cb.components[d].scope));
    }
    std::sort(out.begin(), out.end(), [](const Relationship& a, const Relationship& b) {
      return std::tie(a.element, a.type, a.related) < std::tie(b.element, b.type, b.related);
    });
    rels.insert(rels.end(), out.begin(), out.end());
  };
  if (!cb.importers.empty()) add_deps(imp_id[0], cb.importers[0].depends_on);
  for (std::size_t i = 1; i < cb.importers.size(); ++i) {
    rels.push_back({imp_id[0], "DEPENDS_ON", imp_id[i]});
  }
  for (std::size_t i = 1; i < cb.importers.size(); ++i) add_deps(imp_id[i], cb.importers[i].depends_on);
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    if (keep[i]) add_deps(comp_id[i], cb.components[i].depends_on);
  }
  w.key("relationships");
  w.begin_array();
  for (const auto& r : rels) {
    w.begin_object();
    w.field("spdxElementId", r.element);
    w.field("relationshipType", r.type);
    w.field("relatedSpdxElement", r.related);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string doc = w.finish();

  // As for CycloneDX: the namespace UUID hashes the document with a zero UUID and time.
  const std::string uuid = uuid_v5({"spdx\n", opt.serial_seed, "\n", doc});
  doc.replace(ns_at, uuid.size(), uuid);
  const std::string time = iso8601_utc(opt.timestamp);
  doc.replace(time_at, time.size(), time);
  return doc;
}

}  // namespace vigil::report
