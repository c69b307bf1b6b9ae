// vigil inventory: the table, JSON and CSV views of an Inventory.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "report/encoding.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace vigil::report {

using inventory::Codebase;
using inventory::Component;
using inventory::Importer;
using inventory::Inventory;
using inventory::Scope;

namespace {

struct Totals {
  uint64_t libraries = 0;     // distinct name@version of registry components
  uint64_t names = 0;         // distinct names of registry components
  uint64_t direct = 0;        // libraries declared by a manifest (in at least one codebase)
  uint64_t transitive = 0;    // libraries - direct
  uint64_t dev_only = 0;      // libraries whose scope is Dev (in every codebase holding them)
  uint64_t non_registry = 0;  // components not from the registry (summed over codebases)
  uint64_t warnings = 0;
};

// One registry component of one codebase, as views into the inventory.
struct Use {
  std::string_view name;
  std::string_view version;
  uint32_t codebase;  // index into Inventory::codebases
  bool direct;
  bool dev;
};

bool use_less(const Use& a, const Use& b) {
  if (int c = a.name.compare(b.name); c != 0) return c < 0;
  if (int c = a.version.compare(b.version); c != 0) return c < 0;
  return a.codebase < b.codebase;
}

void collect_uses(const Codebase& cb, uint32_t index, std::vector<Use>& out) {
  for (const auto& c : cb.components) {
    if (c.library()) out.push_back({c.pkg.name, c.pkg.version, index, c.direct, c.scope == Scope::Dev});
  }
}

// Counts over uses sorted by use_less: a library is a distinct name@version, direct when any
// use is direct, dev-only when every use is.
Totals totals_from(const std::vector<Use>& uses) {
  Totals t;
  for (size_t i = 0; i < uses.size();) {
    size_t j = i;
    bool direct = false, dev_only = true;
    while (j < uses.size() && uses[j].name == uses[i].name && uses[j].version == uses[i].version) {
      direct = direct || uses[j].direct;
      dev_only = dev_only && uses[j].dev;
      ++j;
    }
    if (i == 0 || uses[i - 1].name != uses[i].name) ++t.names;
    ++t.libraries;
    t.direct += direct ? 1 : 0;
    t.dev_only += dev_only ? 1 : 0;
    i = j;
  }
  t.transitive = t.libraries - t.direct;
  return t;
}

uint64_t non_registry_of(const Codebase& cb) {
  return static_cast<uint64_t>(
      std::count_if(cb.components.begin(), cb.components.end(), [](const Component& c) { return !c.library(); }));
}

Totals codebase_totals(const Codebase& cb) {
  std::vector<Use> uses;
  uses.reserve(cb.components.size());
  collect_uses(cb, 0, uses);
  // Components come sorted by name and version; only a hand-built codebase might not be.
  if (!std::is_sorted(uses.begin(), uses.end(), use_less)) std::sort(uses.begin(), uses.end(), use_less);
  Totals t = totals_from(uses);
  t.non_registry = non_registry_of(cb);
  t.warnings = cb.warnings.size();
  return t;
}

// The libraries of the whole organisation: each distinct name@version once, sorted, with the
// codebases that hold it. Built with one hash lookup per component (no string sort of all of
// them): the organisation-wide part of the report is serial, so it must stay cheap.
struct Library {
  std::string_view name;
  std::string_view version;
  bool direct = false;
  bool dev_only = true;
};
struct Organisation {
  std::vector<Library> libraries;        // sorted by name, version
  std::vector<uint32_t> holders;         // codebase indexes, grouped by library, ascending
  std::vector<uint32_t> holders_begin;   // library k's codebases: holders[begin[k] .. begin[k + 1])
};

struct LibraryKey {
  std::string_view name;
  std::string_view version;
  bool operator==(const LibraryKey&) const = default;
};
struct LibraryKeyHash {
  size_t operator()(const LibraryKey& k) const {
    size_t h = std::hash<std::string_view>{}(k.name);
    return h ^ (std::hash<std::string_view>{}(k.version) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  }
};

Organisation organisation_of(const Inventory& inv) {
  size_t n = 0;
  for (const auto& cb : inv.codebases) n += cb.components.size();
  std::unordered_map<LibraryKey, uint32_t, LibraryKeyHash> index;
  index.reserve(n / 2 + 16);
  std::vector<Library> libs;
  std::vector<std::pair<uint32_t, uint32_t>> uses;  // (library, codebase)
  uses.reserve(n);
  for (uint32_t i = 0; i < inv.codebases.size(); ++i) {
    for (const auto& c : inv.codebases[i].components) {
      if (!c.library()) continue;
      auto [it, inserted] = index.try_emplace(LibraryKey{c.pkg.name, c.pkg.version}, static_cast<uint32_t>(libs.size()));
      if (inserted) libs.push_back({c.pkg.name, c.pkg.version});
      Library& l = libs[it->second];
      l.direct = l.direct || c.direct;
      l.dev_only = l.dev_only && c.scope == Scope::Dev;
      uses.push_back({it->second, i});
    }
  }
  std::vector<uint32_t> order(libs.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (int c = libs[x].name.compare(libs[y].name); c != 0) return c < 0;
    return libs[x].version < libs[y].version;
  });
  std::vector<uint32_t> rank(libs.size());
  Organisation org;
  org.libraries.reserve(libs.size());
  for (uint32_t k = 0; k < order.size(); ++k) {
    rank[order[k]] = k;
    org.libraries.push_back(libs[order[k]]);
  }
  for (auto& u : uses) u.first = rank[u.first];
  std::sort(uses.begin(), uses.end());
  org.holders.reserve(uses.size());
  org.holders_begin.assign(libs.size() + 1, 0);
  for (const auto& u : uses) {
    org.holders.push_back(u.second);
    ++org.holders_begin[u.first + 1];
  }
  for (size_t k = 0; k < libs.size(); ++k) org.holders_begin[k + 1] += org.holders_begin[k];
  return org;
}

Totals organisation_totals(const Inventory& inv, const Organisation& org) {
  Totals t;
  const auto& libs = org.libraries;
  for (size_t k = 0; k < libs.size(); ++k) {
    if (k == 0 || libs[k - 1].name != libs[k].name) ++t.names;
    t.direct += libs[k].direct ? 1 : 0;
    t.dev_only += libs[k].dev_only ? 1 : 0;
  }
  t.libraries = libs.size();
  t.transitive = t.libraries - t.direct;
  for (const auto& cb : inv.codebases) {
    t.non_registry += non_registry_of(cb);
    t.warnings += cb.warnings.size();
  }
  return t;
}

// Orders versions the way people read them: numeric dot-separated parts compared as numbers,
// a pre-release ("-beta.1") before its release, build metadata ignored; ties by bytes.
bool version_less(const std::string& a, const std::string& b) {
  auto split = [](std::string_view v, std::string_view& core, std::string_view& pre) {
    if (auto plus = v.find('+'); plus != std::string_view::npos) v = v.substr(0, plus);
    auto dash = v.find('-');
    core = v.substr(0, dash);
    pre = dash == std::string_view::npos ? std::string_view() : v.substr(dash + 1);
  };
  // Compares dot-separated identifiers; numeric ones numerically and before others.
  auto compare_ids = [](std::string_view x, std::string_view y) -> int {
    while (!x.empty() || !y.empty()) {
      if (x.empty()) return -1;
      if (y.empty()) return 1;
      auto dx = x.find('.'), dy = y.find('.');
      std::string_view px = x.substr(0, dx), py = y.substr(0, dy);
      x = dx == std::string_view::npos ? std::string_view() : x.substr(dx + 1);
      y = dy == std::string_view::npos ? std::string_view() : y.substr(dy + 1);
      auto numeric = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
      };
      bool nx = numeric(px), ny = numeric(py);
      if (nx && ny) {
        while (px.size() > 1 && px[0] == '0') px.remove_prefix(1);
        while (py.size() > 1 && py[0] == '0') py.remove_prefix(1);
        if (px.size() != py.size()) return px.size() < py.size() ? -1 : 1;
        if (int c = px.compare(py); c != 0) return c < 0 ? -1 : 1;
      } else if (nx != ny) {
        return nx ? -1 : 1;
      } else if (int c = px.compare(py); c != 0) {
        return c < 0 ? -1 : 1;
      }
    }
    return 0;
  };
  std::string_view core_a, pre_a, core_b, pre_b;
  split(a, core_a, pre_a);
  split(b, core_b, pre_b);
  if (int c = compare_ids(core_a, core_b); c != 0) return c < 0;
  if (pre_a.empty() != pre_b.empty()) return !pre_a.empty();
  if (int c = compare_ids(pre_a, pre_b); c != 0) return c < 0;
  return a < b;
}

struct VersionUse {
  std::string version;
  std::vector<std::string> codebases;  // ids, sorted
};
struct MultipleVersions {
  std::string name;
  std::vector<VersionUse> versions;  // in version order
};

std::vector<MultipleVersions> multiple_versions(const Inventory& inv, const Organisation& org) {
  std::vector<MultipleVersions> out;
  const auto& libs = org.libraries;
  for (size_t i = 0; i < libs.size();) {
    size_t j = i + 1;
    while (j < libs.size() && libs[j].name == libs[i].name) ++j;
    if (j - i >= 2) {
      MultipleVersions m{std::string(libs[i].name), {}};
      for (size_t k = i; k < j; ++k) {
        VersionUse v{std::string(libs[k].version), {}};
        for (uint32_t h = org.holders_begin[k]; h < org.holders_begin[k + 1]; ++h) {
          v.codebases.push_back(inv.codebases[org.holders[h]].id);
        }
        std::sort(v.codebases.begin(), v.codebases.end());
        v.codebases.erase(std::unique(v.codebases.begin(), v.codebases.end()), v.codebases.end());
        m.versions.push_back(std::move(v));
      }
      std::sort(m.versions.begin(), m.versions.end(),
                [](const VersionUse& x, const VersionUse& y) { return version_less(x.version, y.version); });
      out.push_back(std::move(m));
    }
    i = j;
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------------------

void write_totals(JsonWriter& w, const Totals& t) {
  w.field("libraries", t.libraries);
  w.field("names", t.names);
  w.field("direct", t.direct);
  w.field("transitive", t.transitive);
  w.field("dev_only", t.dev_only);
  w.field("non_registry", t.non_registry);
  w.field("warnings", t.warnings);
}

void write_error(JsonWriter& w, const Error& e) {
  w.begin_object();
  w.field("file", e.file);
  w.field("line", e.line);
  w.field("column", e.column);
  w.field("message", e.message);
  w.end_object();
}

void write_codebase(JsonWriter& w, const Codebase& cb) {
  auto ref_list = [&](const std::vector<uint32_t>& deps) {
    std::vector<std::string> refs;
    for (uint32_t d : deps) {
      if (d < cb.components.size()) refs.push_back(cb.components[d].ref());
    }
    return refs;
  };
  w.begin_object();
  w.field("id", cb.id);
  w.field("dir", cb.dir);
  w.field("lockfile", cb.lockfile);
  w.field("format", cb.format);
  w.field("resolved", cb.resolved());
  w.key("totals");
  w.begin_object();
  write_totals(w, codebase_totals(cb));
  w.end_object();

  w.key("importers");
  w.begin_array();
  for (const Importer& imp : cb.importers) {
    w.begin_object();
    w.field("name", imp.name);
    w.field("version", imp.version);
    w.field("path", imp.path);
    w.field("license", imp.license);
    w.key("depends_on");
    w.string_array(ref_list(imp.depends_on));
    w.key("unresolved");
    w.begin_array();
    for (const auto& d : imp.unresolved) {
      w.begin_object();
      w.field("name", d.name);
      w.field("range", d.range);
      w.field("type", to_string(d.type));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();

  w.key("components");
  w.begin_array();
  for (const Component& c : cb.components) {
    w.begin_object();
    w.field("name", c.pkg.name);
    w.field("version", c.pkg.version);
    w.field("purl", c.pkg.purl());
    w.field("ref", c.ref());
    w.field("scope", to_string(c.scope));
    w.field("direct", c.direct);
    w.field("library", c.library());
    w.field("source", to_string(c.pkg.source));
    w.key("aliases");
    w.string_array(c.aliases);
    w.key("members");
    w.string_array(c.members);
    w.key("shortest_path");
    w.string_array(cb.path_ids(c.shortest_path));
    w.field("path_count", c.path_count);
    if (!c.paths.empty()) {
      w.key("paths");
      w.begin_array();
      for (const auto& p : c.paths) w.string_array(cb.path_ids(p));
      w.end_array();
      w.field("paths_truncated", c.paths_truncated);
    }
    w.field("resolved", c.pkg.resolved);
    w.field("integrity", c.pkg.integrity);
    w.field("license", c.pkg.license);
    w.key("depends_on");
    w.string_array(ref_list(c.depends_on));
    w.end_object();
  }
  w.end_array();

  w.key("warnings");
  w.begin_array();
  for (const auto& e : cb.warnings) write_error(w, e);
  w.end_array();
  w.key("conflicts");
  w.begin_array();
  for (const auto& e : cb.conflicts) write_error(w, e);
  w.end_array();
  w.end_object();
}

std::string inventory_json(const Inventory& inv) {
  JsonWriter w;
  w.begin_object();
  w.field("schema_version", 1);
  w.key("totals");
  w.begin_object();
  w.field("codebases", inv.codebases.size());
  const Organisation org = organisation_of(inv);
  write_totals(w, organisation_totals(inv, org));
  w.field("failures", inv.failures.size());
  w.end_object();
  w.key("multiple_versions");
  w.begin_array();
  for (const auto& m : multiple_versions(inv, org)) {
    w.begin_object();
    w.field("name", m.name);
    w.key("versions");
    w.begin_array();
    for (const auto& v : m.versions) {
      w.begin_object();
      w.field("version", v.version);
      w.key("codebases");
      w.string_array(v.codebases);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("codebases");
  w.begin_array();
  for (const auto& cb : inv.codebases) write_codebase(w, cb);
  w.end_array();
  w.key("failures");
  w.begin_array();
  for (const auto& e : inv.failures) write_error(w, e);
  w.end_array();
  w.end_object();
  return w.finish();
}

// ---- CSV --------------------------------------------------------------------------------

std::string inventory_csv(const Inventory& inv) {
  static constexpr std::string_view kHeader =
      "codebase,name,version,purl,scope,direct,source,aliases,members,path_count,shortest_path,"
      "resolved,integrity,license";
  std::string out(kHeader);
  out += "\r\n";
  for (const auto& cb : inv.codebases) {
    for (const auto& c : cb.components) {
      const std::string fields[] = {
          cb.id,
          c.pkg.name,
          c.pkg.version,
          c.pkg.purl(),
          std::string(to_string(c.scope)),
          c.direct ? "true" : "false",
          std::string(to_string(c.pkg.source)),
          join(c.aliases, ";"),
          join(c.members, ";"),
          fmt::format("{}", c.path_count),
          join(cb.path_ids(c.shortest_path), " > "),
          c.pkg.resolved,
          c.pkg.integrity,
          c.pkg.license,
      };
      bool first = true;
      for (const auto& f : fields) {
        if (!first) out += ',';
        first = false;
        out += csv_field(f);
      }
      out += "\r\n";
    }
  }
  return out;
}

// ---- Table ------------------------------------------------------------------------------

// Columns are left-aligned text or right-aligned numbers, two spaces apart.
std::string render_table(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      std::size_t pad = width[i] - display_width(row[i]);
      if (i < text_columns) {
        line += row[i];
        if (i + 1 < row.size()) line.append(pad, ' ');
      } else {
        line.append(pad, ' ');
        line += row[i];
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

std::vector<std::string> totals_cells(const Totals& t) {
  return {fmt::format("{}", t.libraries),  fmt::format("{}", t.names),
          fmt::format("{}", t.direct),     fmt::format("{}", t.transitive),
          fmt::format("{}", t.dev_only),   fmt::format("{}", t.non_registry),
          fmt::format("{}", t.warnings)};
}

std::string inventory_table(const Inventory& inv) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"CODEBASE", "FORMAT", "LIBRARIES", "NAMES", "DIRECT", "TRANSITIVE", "DEV-ONLY",
                  "NON-REGISTRY", "WARNINGS"});
  for (const auto& cb : inv.codebases) {
    std::vector<std::string> row = {terminal_safe(cb.id),
                                    terminal_safe(cb.resolved() ? cb.format : cb.format + " (no lockfile)")};
    auto cells = totals_cells(codebase_totals(cb));
    row.insert(row.end(), cells.begin(), cells.end());
    rows.push_back(std::move(row));
  }
  std::vector<std::string> total = {
      "TOTAL", fmt::format("{} codebase{}", inv.codebases.size(), inv.codebases.size() == 1 ? "" : "s")};
  const Organisation org = organisation_of(inv);
  auto cells = totals_cells(organisation_totals(inv, org));
  total.insert(total.end(), cells.begin(), cells.end());
  rows.push_back(std::move(total));
  std::string out = render_table(rows, 2);

  auto multi = multiple_versions(inv, org);
  out += fmt::format("\nMultiple versions: {} name{}\n", multi.size(), multi.size() == 1 ? "" : "s");
  for (const auto& m : multi) {
    out += "  " + terminal_safe(m.name) + "\n";
    std::vector<std::vector<std::string>> vrows;
    for (const auto& v : m.versions) {
      std::vector<std::string> ids;
      for (const auto& id : v.codebases) ids.push_back(terminal_safe(id));
      vrows.push_back({"    " + terminal_safe(v.version), join(ids, ", ")});
    }
    out += render_table(vrows, 2);
  }

  size_t conflicts = 0;
  for (const auto& cb : inv.codebases) conflicts += cb.conflicts.size();
  if (conflicts > 0) {
    out += fmt::format("\nOut of sync with package.json: {}\n", conflicts);
    for (const auto& cb : inv.codebases) {
      for (const auto& e : cb.conflicts) out += "  " + terminal_safe(e.to_string()) + "\n";
    }
  }
  if (!inv.failures.empty()) {
    out += fmt::format("\nFailures: {}\n", inv.failures.size());
    for (const auto& e : inv.failures) out += "  " + terminal_safe(e.to_string()) + "\n";
  }
  return out;
}

}  // namespace

std::string write_inventory(const Inventory& inv, InventoryFormat format) {
  switch (format) {
    case InventoryFormat::Json: return inventory_json(inv);
    case InventoryFormat::Csv: return inventory_csv(inv);
    case InventoryFormat::Table: return inventory_table(inv);
  }
  return inventory_table(inv);
}

}  // namespace vigil::report
