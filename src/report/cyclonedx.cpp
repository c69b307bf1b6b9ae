// CycloneDX 1.6 JSON. The layout follows cyclonedx-npm where it has a convention (scoped
// names as group + name, cdx:npm:package:* properties); docs/formats.md lists every field.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
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

std::string_view cdx_scope(Scope s) {
  switch (s) {
    case Scope::Optional: return "optional";
    case Scope::Dev: return "excluded";
    case Scope::Prod:
    case Scope::Peer:
    case Scope::Bundled: return "required";
  }
  return "required";
}

std::string_view cdx_hash_alg(std::string_view alg) {
  if (alg == "sha512") return "SHA-512";
  if (alg == "sha384") return "SHA-384";
  if (alg == "sha256") return "SHA-256";
  return "SHA-1";
}

void write_name(JsonWriter& w, std::string_view full) {
  SplitName n = split_scope(full);
  if (!n.group.empty()) w.field("group", n.group);
  w.field("name", n.name);
}

void write_licenses(JsonWriter& w, std::string_view raw) {
  LicenseText lic = classify_license(raw);
  if (lic.kind == LicenseText::Kind::None) return;
  w.key("licenses");
  w.begin_array();
  w.begin_object();
  if (lic.kind == LicenseText::Kind::Expression) {
    w.field("expression", lic.text);
  } else {
    w.key("license");
    w.begin_object();
    w.field(lic.kind == LicenseText::Kind::Id ? "id" : "name", lic.text);
    w.end_object();
  }
  w.end_object();
  w.end_array();
}

using Properties = std::vector<std::pair<std::string, std::string>>;

void write_properties(JsonWriter& w, Properties props) {
  if (props.empty()) return;
  std::sort(props.begin(), props.end());
  props.erase(std::unique(props.begin(), props.end()), props.end());
  w.key("properties");
  w.begin_array();
  for (const auto& [name, value] : props) {
    w.begin_object();
    w.field("name", name);
    w.field("value", value);
    w.end_object();
  }
  w.end_array();
}

// The root project or a workspace member: a component of type application.
void write_importer(JsonWriter& w, const Codebase& cb, std::size_t i, const std::string& ref) {
  const Importer& imp = cb.importers[i];
  std::string name = importer_name(cb, i);
  w.begin_object();
  w.field("type", "application");
  w.field("bom-ref", ref);
  write_name(w, name);
  if (!imp.version.empty()) w.field("version", imp.version);
  write_licenses(w, imp.license);
  if (!imp.name.empty()) w.field("purl", npm_purl(imp.name, imp.version));
  if (i > 0) write_properties(w, {{"vigil:workspace:path", imp.path}});
  w.end_object();
}

void write_component(JsonWriter& w, const Component& c, const std::string& ref) {
  w.begin_object();
  w.field("type", "library");
  w.field("bom-ref", ref);
  write_name(w, c.pkg.name.empty() ? std::string_view("unnamed") : std::string_view(c.pkg.name));
  if (!c.pkg.version.empty()) w.field("version", c.pkg.version);
  w.field("scope", cdx_scope(c.scope));
  auto digests = parse_integrity(c.pkg.integrity);
  if (!digests.empty()) {
    w.key("hashes");
    w.begin_array();
    for (const auto& d : digests) {
      w.begin_object();
      w.field("alg", cdx_hash_alg(d.algorithm));
      w.field("content", d.hex);
      w.end_object();
    }
    w.end_array();
  }
  write_licenses(w, c.pkg.license);
  w.field("purl", sbom_purl(c));
  if (std::string url = document_url(c.pkg.resolved); !url.empty()) {
    w.key("externalReferences");
    w.begin_array();
    w.begin_object();
    w.field("type", c.pkg.source == SourceKind::Git ? "vcs" : "distribution");
    w.field("url", url);
    w.end_object();
    w.end_array();
  }
  Properties props;
  if (c.scope == Scope::Dev) props.emplace_back("cdx:npm:package:development", "true");
  if (c.scope == Scope::Bundled) props.emplace_back("cdx:npm:package:bundled", "true");
  for (const auto& alias : c.aliases) props.emplace_back("vigil:npm:alias", alias);
  if (c.direct) props.emplace_back("vigil:direct", "true");
  if (!c.library()) {
    props.emplace_back("vigil:non_registry", "true");
    props.emplace_back("vigil:source", std::string(to_string(c.pkg.source)));
    if (!c.pkg.resolved.empty()) props.emplace_back("vigil:resolved", c.pkg.resolved);
  }
  write_properties(w, std::move(props));
  w.end_object();
}

void write_dependency(JsonWriter& w, const std::string& ref, std::vector<std::string> on) {
  std::sort(on.begin(), on.end());
  on.erase(std::unique(on.begin(), on.end()), on.end());
  w.begin_object();
  w.field("ref", ref);
  if (!on.empty()) {
    w.key("dependsOn");
    w.string_array(on);
  }
  w.end_object();
}

std::string_view cdx_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "critical";
    case Severity::High: return "high";
    case Severity::Moderate: return "medium";
    case Severity::Low: return "low";
    case Severity::None: return "none";
    case Severity::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view cdx_method(std::string_view vector) {
  if (vector.rfind("CVSS:4.0/", 0) == 0) return "CVSSv4";
  if (vector.rfind("CVSS:3.1/", 0) == 0) return "CVSSv31";
  if (vector.rfind("CVSS:3.0/", 0) == 0) return "CVSSv3";
  return "other";
}

// The findings as CycloneDX 1.6 vulnerabilities: one per advisory, affecting every component
// (version) it was found in.
void write_vulnerabilities(JsonWriter& w, const std::vector<scan::VulnerabilityFinding>& findings,
                           const std::vector<std::string>& comp_ref) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const scan::VulnerabilityFinding*>> by_id;
  for (const auto& f : findings) {
    auto& list = by_id[f.id];
    if (list.empty()) order.push_back(f.id);
    list.push_back(&f);
  }
  w.key("vulnerabilities");
  w.begin_array();
  for (const auto& id : order) {
    const auto& list = by_id[id];
    const scan::VulnerabilityFinding& f = *list.front();
    w.begin_object();
    w.field("bom-ref", "vuln:" + id);
    w.field("id", id);
    w.key("source");
    w.begin_object();
    w.field("name", id.rfind("GHSA-", 0) == 0 ? "GitHub Advisory Database" : "OSV");
    if (!f.url.empty()) w.field("url", f.url);
    w.end_object();
    if (!f.aliases.empty()) {
      w.key("references");
      w.begin_array();
      for (const auto& a : f.aliases) {
        w.begin_object();
        w.field("id", a);
        w.key("source");
        w.begin_object();
        w.field("name", a.rfind("CVE-", 0) == 0 ? "NVD" : a.rfind("GHSA-", 0) == 0 ? "GitHub Advisory Database" : "OSV");
        w.end_object();
        w.end_object();
      }
      w.end_array();
    }
    w.key("ratings");
    w.begin_array();
    w.begin_object();
    if (f.score) {
      w.key("score");
      w.decimal(*f.score, 1);
    }
    w.field("severity", cdx_severity(f.severity));
    if (!f.vector.empty()) {
      w.field("method", cdx_method(f.vector));
      w.field("vector", f.vector);
    }
    w.end_object();
    w.end_array();
    if (!f.cwes.empty()) {
      w.key("cwes");
      w.begin_array();
      for (const auto& c : f.cwes) w.value(static_cast<uint64_t>(std::stoull(c.substr(4))));
      w.end_array();
    }
    if (!f.summary.empty()) w.field("description", f.summary);
    if (!f.fix.text.empty()) w.field("recommendation", f.fix.text);
    if (!f.url.empty()) {
      w.key("advisories");
      w.begin_array();
      w.begin_object();
      w.field("url", f.url);
      w.end_object();
      w.end_array();
    }
    bool all_suppressed = std::all_of(list.begin(), list.end(), [](const auto* x) { return x->suppressed; });
    if (all_suppressed) {
      w.key("analysis");
      w.begin_object();
      w.field("state", "exploitable");
      w.key("response");
      w.begin_array();
      w.value("will_not_fix");
      w.end_array();
      std::string detail = f.suppression_reason + " (" + f.suppression_origin;
      if (f.suppression_expires) detail += ", until " + f.suppression_expires->str();
      w.field("detail", detail + ")");
      w.end_object();
    }
    w.key("affects");
    w.begin_array();
    for (const auto* x : list) {
      w.begin_object();
      w.field("ref", comp_ref[x->component]);
      w.key("versions");
      w.begin_array();
      w.begin_object();
      w.field("version", x->version);
      w.field("status", "affected");
      w.end_object();
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string write_cyclonedx(const Codebase& cb, const SbomOptions& opt) {
  const std::vector<bool> keep = sbom_selection(cb, opt.prod_only);

  // bom-refs: Component::ref() for components, "name@version" (made unique) for importers.
  std::set<std::string> used;
  std::vector<std::string> comp_ref(cb.components.size());
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    comp_ref[i] = unique_id(cb.components[i].ref(), "#", used);  // refs are unique already
  }
  const std::size_t importers = std::max<std::size_t>(cb.importers.size(), 1);
  std::vector<std::string> imp_ref(importers);
  for (std::size_t i = 0; i < importers; ++i) {
    std::string name = importer_name(cb, i);
    std::string version = i < cb.importers.size() ? cb.importers[i].version : std::string();
    imp_ref[i] = unique_id(version.empty() ? name : name + "@" + version, "", used);
  }
  auto refs_of = [&](const std::vector<uint32_t>& deps) {
    std::vector<std::string> out;
    for (uint32_t d : kept_targets(deps, keep)) out.push_back(comp_ref[d]);
    return out;
  };

  JsonWriter w;
  w.reserve(4096 + cb.components.size() * 1024);
  w.begin_object();
  w.field("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
  w.field("bomFormat", "CycloneDX");
  w.field("specVersion", "1.6");
  w.key("serialNumber");
  const std::size_t serial_at = w.value_at(fmt::format("urn:uuid:{}", kZeroUuid)) + 9;
  w.field("version", 1);

  w.key("metadata");
  w.begin_object();
  w.key("timestamp");
  const std::size_t time_at = w.value_at(iso8601_utc(0));
  w.key("tools");
  w.begin_object();
  w.key("components");
  w.begin_array();
  w.begin_object();
  w.field("type", "application");
  w.field("name", "vigil");
  if (!opt.tool_version.empty()) w.field("version", opt.tool_version);
  w.end_object();
  w.end_array();
  w.end_object();
  w.key("component");
  if (cb.importers.empty()) {
    w.begin_object();
    w.field("type", "application");
    w.field("bom-ref", imp_ref[0]);
    w.field("name", project_name(cb));
    w.end_object();
  } else {
    write_importer(w, cb, 0, imp_ref[0]);
  }
  if (opt.prod_only) write_properties(w, {{"vigil:prod_only", "true"}});
  w.end_object();

  w.key("components");
  w.begin_array();
  for (std::size_t i = 1; i < cb.importers.size(); ++i) write_importer(w, cb, i, imp_ref[i]);
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    if (keep[i]) write_component(w, cb.components[i], comp_ref[i]);
  }
  w.end_array();

  w.key("dependencies");
  w.begin_array();
  {
    std::vector<std::string> root_on =
        cb.importers.empty() ? std::vector<std::string>{} : refs_of(cb.importers[0].depends_on);
    for (std::size_t i = 1; i < cb.importers.size(); ++i) root_on.push_back(imp_ref[i]);
    write_dependency(w, imp_ref[0], std::move(root_on));
  }
  for (std::size_t i = 1; i < cb.importers.size(); ++i) {
    write_dependency(w, imp_ref[i], refs_of(cb.importers[i].depends_on));
  }
  for (std::size_t i = 0; i < cb.components.size(); ++i) {
    if (keep[i]) write_dependency(w, comp_ref[i], refs_of(cb.components[i].depends_on));
  }
  w.end_array();
  if (opt.vulnerabilities) write_vulnerabilities(w, *opt.vulnerabilities, comp_ref);
  w.end_object();
  std::string doc = w.finish();

  // The serial number: a name-based UUID of the document as written with a zero serial and
  // a zero timestamp, so that it changes with the content and never with the time.
  const std::string uuid = uuid_v5({"cyclonedx\n", opt.serial_seed, "\n", doc});
  doc.replace(serial_at, uuid.size(), uuid);
  const std::string time = iso8601_utc(opt.timestamp);
  doc.replace(time_at, time.size(), time);
  return doc;
}

}  // namespace vigil::report
