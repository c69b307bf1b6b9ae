// vigil vuln: the matcher — OSV range evaluation over npm versions, and alias groups.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

#include "semver/semver.h"
#include "vuln/internal.h"

namespace vigil::vuln {

namespace {

constexpr semver::Options kLoose{true, false};

struct CompiledEvent {
  EventKind kind;
  bool zero;  // "introduced": "0" — below every version
  semver::Version version;
};

// One SEMVER/ECOSYSTEM range, its events sorted by version; `valid` is false when an event is
// not a version (the range then never matches).
struct CompiledRange {
  bool valid = true;
  bool has_limit = false;
  bool pairs = false;  // the events, as written, are introduced -> fixed/last_affected pairs
  std::vector<CompiledEvent> events;
};

int cmp_event(const CompiledEvent& a, const CompiledEvent& b) {
  if (a.zero || b.zero) return a.zero == b.zero ? 0 : (a.zero ? -1 : 1);
  return semver::compare(a.version, b.version);
}

// True when `events` (as the record writes them) are introduced/end pairs, each end above its
// start, the last pair possibly open: the shape of every well-formed range, and of the
// converters that write "<2.0.1 || <1.1.7" as two overlapping pairs in one range.
bool written_as_pairs(const std::vector<CompiledEvent>& events) {
  if (events.empty()) return false;
  for (size_t i = 0; i < events.size(); i += 2) {
    if (events[i].kind != EventKind::Introduced) return false;
    if (i + 1 == events.size()) break;
    const CompiledEvent& end = events[i + 1];
    if (end.kind == EventKind::Fixed) {
      if (cmp_event(events[i], end) >= 0) return false;
    } else if (end.kind == EventKind::LastAffected) {
      if (cmp_event(events[i], end) > 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

CompiledRange compile(const AffectedRange& r, std::string* bad_version) {
  CompiledRange c;
  for (const Event& e : r.events) {
    if (e.kind == EventKind::Introduced && e.version == "0") {
      c.events.push_back(CompiledEvent{e.kind, true, {}});
      continue;
    }
    auto v = semver::parse(e.version, kLoose);
    if (!v) {
      c.valid = false;
      if (bad_version != nullptr) *bad_version = e.version;
      return c;
    }
    if (e.kind == EventKind::Limit) c.has_limit = true;
    c.events.push_back(CompiledEvent{e.kind, false, std::move(*v)});
  }
  if (!c.has_limit && written_as_pairs(c.events)) {
    c.pairs = true;
    return c;
  }
  // The spec: sort by version, "introduced: 0" first; equal versions keep the record's order.
  std::stable_sort(c.events.begin(), c.events.end(),
                   [](const CompiledEvent& a, const CompiledEvent& b) { return cmp_event(a, b) < 0; });
  return c;
}

bool in_range(const CompiledRange& r, const semver::Version& v) {
  if (!r.valid) return false;
  if (r.pairs) {
    // The union of the pairs. For pairs that do not overlap (and so for every sorted, well-formed
    // range) this is exactly the spec's walk below.
    for (size_t i = 0; i < r.events.size(); i += 2) {
      const CompiledEvent& start = r.events[i];
      if (!start.zero && semver::compare(v, start.version) < 0) continue;
      if (i + 1 == r.events.size()) return true;
      const CompiledEvent& end = r.events[i + 1];
      const int c = semver::compare(v, end.version);
      if (end.kind == EventKind::Fixed ? c < 0 : c <= 0) return true;
    }
    return false;
  }
  if (r.has_limit) {
    bool below = false;
    for (const auto& e : r.events) {
      if (e.kind == EventKind::Limit && semver::compare(v, e.version) < 0) below = true;
    }
    if (!below) return false;
  }
  bool affected = false;
  for (const auto& e : r.events) {
    switch (e.kind) {
      case EventKind::Introduced:
        if (e.zero || semver::compare(v, e.version) >= 0) affected = true;
        break;
      case EventKind::Fixed:
        if (semver::compare(v, e.version) >= 0) affected = false;
        break;
      case EventKind::LastAffected:
        if (semver::compare(v, e.version) > 0) affected = false;
        break;
      case EventKind::Limit:
        break;
    }
  }
  return affected;
}

bool is_npm(const AffectedPackage& p) { return p.ecosystem == "npm"; }

}  // namespace

struct AdvisoryIndex::Impl {
  struct Entry {
    uint32_t advisory = 0;  // into advisories
    uint32_t pos = 0;       // into advisories[advisory].affected
    std::vector<CompiledRange> ranges;
    std::optional<semver::Range> npm_range;  // the fallback, when the entry has no ranges nor versions
  };
  std::vector<Advisory> advisories;             // sorted by id; never resized after build
  std::vector<uint32_t> group;                  // alias group of each advisory
  std::vector<std::vector<std::string>> group_ids;  // every id and alias of a group, in id_before order
  std::unordered_map<std::string, std::vector<Entry>> by_name;

  bool affects(const Entry& e, std::string_view text, const std::optional<semver::Version>& v) const {
    const AffectedPackage& p = advisories[e.advisory].affected[e.pos];
    if (std::find(p.versions.begin(), p.versions.end(), text) != p.versions.end()) return true;
    if (!v) return false;
    for (const auto& r : e.ranges) {
      if (in_range(r, *v)) return true;
    }
    if (e.npm_range) return e.npm_range->test(*v);
    return false;
  }
};

AdvisoryIndex::AdvisoryIndex() : impl_(std::make_unique<Impl>()) {}
AdvisoryIndex::~AdvisoryIndex() = default;
AdvisoryIndex::AdvisoryIndex(AdvisoryIndex&&) noexcept = default;
AdvisoryIndex& AdvisoryIndex::operator=(AdvisoryIndex&&) noexcept = default;

size_t AdvisoryIndex::size() const { return impl_ ? impl_->advisories.size() : 0; }

AdvisoryIndex AdvisoryIndex::build(std::vector<Advisory> advisories) {
  AdvisoryIndex index;
  Impl& m = *index.impl_;
  advisories.erase(std::remove_if(advisories.begin(), advisories.end(), [](const Advisory& a) { return !a.withdrawn.empty(); }),
                   advisories.end());
  // Sorted by id through a permutation: an Advisory is large, moving it around is not free.
  std::vector<uint32_t> order(advisories.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return advisories[a].id < advisories[b].id; });
  m.advisories.reserve(advisories.size());
  for (uint32_t i : order) m.advisories.push_back(std::move(advisories[i]));
  advisories = {};
  const auto n = static_cast<uint32_t>(m.advisories.size());

  // Alias groups: union-find over records that share any id (their own or an alias).
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  std::unordered_map<std::string_view, uint32_t> owner;
  owner.reserve(n * 2);
  for (uint32_t i = 0; i < n; ++i) {
    const Advisory& a = m.advisories[i];
    auto link = [&](std::string_view id) {
      auto [it, fresh] = owner.emplace(id, i);
      if (!fresh) {
        uint32_t x = find(it->second), y = find(i);
        if (x != y) parent[std::max(x, y)] = std::min(x, y);
      }
    };
    link(a.id);
    for (const auto& al : a.aliases) link(al);
  }
  m.group.resize(n);
  std::unordered_map<uint32_t, uint32_t> group_of_root;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t root = find(i);
    auto [it, fresh] = group_of_root.emplace(root, static_cast<uint32_t>(m.group_ids.size()));
    if (fresh) m.group_ids.emplace_back();
    m.group[i] = it->second;
    auto& ids = m.group_ids[it->second];
    ids.push_back(m.advisories[i].id);
    ids.insert(ids.end(), m.advisories[i].aliases.begin(), m.advisories[i].aliases.end());
  }
  for (auto& ids : m.group_ids) {
    std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) { return id_before(a, b); });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }

  for (uint32_t i = 0; i < n; ++i) {
    const Advisory& a = m.advisories[i];
    for (uint32_t pos = 0; pos < a.affected.size(); ++pos) {
      const AffectedPackage& p = a.affected[pos];
      if (!is_npm(p) || p.name.empty()) continue;
      Impl::Entry e;
      e.advisory = i;
      e.pos = pos;
      for (const auto& r : p.ranges) {
        if (r.type == RangeType::Git) continue;
        e.ranges.push_back(compile(r, nullptr));
      }
      if (p.ranges.empty() && p.versions.empty() && !p.npm_range.empty()) {
        e.npm_range = semver::Range::parse(p.npm_range, semver::Options{true, true});
      }
      m.by_name[p.name].push_back(std::move(e));
    }
  }
  return index;
}

namespace {

// Versions in semver order (loose), unique; text that is not a version sorts last, by text.
std::vector<std::string> semver_ordered(std::vector<std::string> versions) {
  std::vector<std::pair<std::optional<semver::Version>, std::string>> keyed;
  keyed.reserve(versions.size());
  for (auto& f : versions) keyed.emplace_back(semver::parse(f, kLoose), std::move(f));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first && b.first) {
      int c = semver::compare(*a.first, *b.first);
      if (c != 0) return c < 0;
      return a.second < b.second;
    }
    if (a.first.has_value() != b.first.has_value()) return a.first.has_value();
    return a.second < b.second;
  });
  std::vector<std::string> out;
  for (auto& [parsed, text] : keyed) {
    if (out.empty() || out.back() != text) out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

std::vector<Match> AdvisoryIndex::match(std::string_view package, std::string_view version) const {
  std::vector<Match> out;
  if (!impl_) return out;
  const Impl& m = *impl_;
  auto it = m.by_name.find(std::string(package));
  if (it == m.by_name.end()) return out;
  const std::optional<semver::Version> v = semver::parse(version, kLoose);

  // Matched entries by group, then by advisory (entries are in advisory, then affected order).
  std::map<uint32_t, std::vector<const Impl::Entry*>> by_group;
  for (const auto& e : it->second) {
    if (m.affects(e, version, v)) by_group[m.group[e.advisory]].push_back(&e);
  }
  for (const auto& [group, entries] : by_group) {
    Match match;
    std::vector<uint32_t> matched;
    for (const auto* e : entries) {
      if (std::find(matched.begin(), matched.end(), e->advisory) == matched.end()) matched.push_back(e->advisory);
    }
    std::sort(matched.begin(), matched.end(), [&](uint32_t a, uint32_t b) {
      return id_before(m.advisories[a].id, m.advisories[b].id);
    });
    const uint32_t primary = matched.front();
    match.advisory = &m.advisories[primary];
    for (uint32_t a : matched) {
      match.advisories.push_back(&m.advisories[a]);
      match.severity = std::max(match.severity, m.advisories[a].rating);
    }
    bool first = true;
    std::vector<std::string> fixed;
    std::vector<std::string> last;
    for (const auto* e : entries) {
      if (e->advisory != primary) continue;
      const AffectedPackage& p = m.advisories[primary].affected[e->pos];
      if (first) match.affected_index = p.index;
      first = false;
      for (const auto& r : p.ranges) {
        if (r.type == RangeType::Git) continue;
        for (const auto& ev : r.events) {
          if (ev.kind == EventKind::Fixed) fixed.push_back(ev.version);
          if (ev.kind == EventKind::LastAffected) last.push_back(ev.version);
        }
      }
    }
    match.fixed = semver_ordered(std::move(fixed));
    match.last_affected = semver_ordered(std::move(last));
    match.ids.push_back(match.advisory->id);
    for (const auto& id : m.group_ids[group]) {
      if (id != match.advisory->id) match.ids.push_back(id);
    }
    out.push_back(std::move(match));
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.advisory->id < b.advisory->id; });
  return out;
}

namespace detail {

void check_ranges(const Advisory& a, const std::string& origin, std::vector<Error>& warnings) {
  for (const auto& p : a.affected) {
    if (!is_npm(p)) continue;
    for (size_t i = 0; i < p.ranges.size(); ++i) {
      if (p.ranges[i].type == RangeType::Git) continue;
      std::string bad;
      if (!compile(p.ranges[i], &bad).valid) {
        warnings.push_back(make_error(origin, fmt::format("record {}: affected[{}].ranges[{}]: \"{}\" is not a version; "
                                                          "this range never matches",
                                                          a.id, p.index, i, bad)));
      }
    }
    if (p.ranges.empty() && p.versions.empty() && !p.npm_range.empty() &&
        !semver::Range::parse(p.npm_range, semver::Options{true, true})) {
      warnings.push_back(make_error(origin, fmt::format("record {}: affected[{}]: vulnerable_versions \"{}\" is not a "
                                                        "version range; this entry never matches",
                                                        a.id, p.index, p.npm_range)));
    }
  }
}

}  // namespace detail

}  // namespace vigil::vuln
