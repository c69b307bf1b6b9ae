// vigil inventory: the table, JSON and CSV views of an Inventory.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
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
  std::sort(uses.begin(), uses.end(), use_less);
  Totals t = totals_from(uses);
  t.non_registry = non_registry_of(cb);
  t.warnings = cb.warnings.size();
  return t;
}

// Every registry component of the organisation, sorted by use_less.
std::vector<Use> organisation_uses(const Inventory& inv) {
  size_t n = 0;
  for (const auto& cb : inv.codebases) n += cb.components.size();
  std::vector<Use> uses;
  uses.reserve(n);
  // Each codebase's components are sorted by name and version already: merge the runs
  // pairwise (stable, so equal name@version stay in codebase order) instead of sorting.
  std::vector<size_t> runs{0};
  for (size_t i = 0; i < inv.codebases.size(); ++i) {
    collect_uses(inv.codebases[i], static_cast<uint32_t>(i), uses);
    const auto begin = uses.begin() + static_cast<std::ptrdiff_t>(runs.back());
    if (!std::is_sorted(begin, uses.end(), use_less)) std::sort(begin, uses.end(), use_less);
    runs.push_back(uses.size());
  }
  while (runs.size() > 2) {
    std::vector<size_t> merged{0};
    for (size_t r = 0; r + 1 < runs.size(); r += 2) {
      if (r + 2 < runs.size()) {
        auto at = [&](size_t k) { return uses.begin() + static_cast<std::ptrdiff_t>(runs[k]); };
        std::inplace_merge(at(r), at(r + 1), at(r + 2), use_less);
        merged.push_back(runs[r + 2]);
      } else {
        merged.push_back(runs[r + 1]);
      }
    }
    runs = std::move(merged);
  }
  return uses;
}

Totals organisation_totals(const Inventory& inv, const std::vector<Use>& uses) {
  Totals t = totals_from(uses);
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

std::vector<MultipleVersions> multiple_versions(const Inventory& inv, const std::vector<Use>& uses) {
  std::vector<MultipleVersions> out;
  for (size_t i = 0; i < uses.size();) {
    size_t j = i;
    size_t distinct = 0;
    for (; j < uses.size() && uses[j].name == uses[i].name; ++j) {
      if (j == i || uses[j].version != uses[j - 1].version) ++distinct;
    }
    if (distinct >= 2) {
      MultipleVersions m{std::string(uses[i].name), {}};
      for (size_t k = i; k < j; ++k) {
        if (k == i || uses[k].version != uses[k - 1].version) m.versions.push_back({std::string(uses[k].version), {}});
        auto& ids = m.versions.back().codebases;
        const std::string& id = inv.codebases[uses[k].codebase].id;
        if (ids.empty() || ids.back() != id) ids.push_back(id);
      }
      for (auto& v : m.versions) {
        std::sort(v.codebases.begin(), v.codebases.end());
        v.codebases.erase(std::unique(v.codebases.begin(), v.codebases.end()), v.codebases.end());
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
  const auto uses = organisation_uses(inv);
  write_totals(w, organisation_totals(inv, uses));
  w.field("failures", inv.failures.size());
  w.end_object();
  w.key("multiple_versions");
  w.begin_array();
  for (const auto& m : multiple_versions(inv, uses)) {
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
  const auto uses = organisation_uses(inv);
  auto cells = totals_cells(organisation_totals(inv, uses));
  total.insert(total.end(), cells.begin(), cells.end());
  rows.push_back(std::move(total));
  std::string out = render_table(rows, 2);

  auto multi = multiple_versions(inv, uses);
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
