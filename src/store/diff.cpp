// What changed between two baselines.
#include <map>
#include <algorithm>
#include <iterator>
#include <set>
#include <tuple>

#include "semver/semver.h"
#include "store/store.h"

namespace vigil::store {

BaselineDiff diff(const Baseline& a, const Baseline& b) {
  BaselineDiff d;
  std::set_difference(b.codebases.begin(), b.codebases.end(), a.codebases.begin(), a.codebases.end(), std::back_inserter(d.codebases_added));
  std::set_difference(a.codebases.begin(), a.codebases.end(), b.codebases.begin(), b.codebases.end(), std::back_inserter(d.codebases_removed));
  // Per codebase and name, the versions on each side (a name may be present in several versions).
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::set<std::string>> va, vb;
  std::map<std::tuple<std::string, std::string, std::string>, std::string> verdict_a;
  for (const auto& l : a.libraries) {
    va[{l.codebase, l.name}].insert(l.version);
    verdict_a[{l.codebase, l.name, l.version}] = l.license_verdict;
  }
  for (const auto& l : b.libraries) {
    vb[{l.codebase, l.name}].insert(l.version);
    auto it = verdict_a.find({l.codebase, l.name, l.version});
    if (it != verdict_a.end() && it->second != l.license_verdict &&
        (d.license_changes.empty() || std::tie(d.license_changes.back().codebase, d.license_changes.back().name, d.license_changes.back().version) !=
                                          std::tie(l.codebase, l.name, l.version))) {
      d.license_changes.push_back({l.codebase, l.name, l.version, it->second, l.license_verdict});
    }
  }
  auto newest = [](const std::set<std::string>& vs) {
    std::string best;
    std::optional<semver::Version> bv;
    for (const auto& v : vs) {
      auto p = semver::parse(v);
      if (!bv || (p && semver::compare(*p, *bv) > 0)) {
        best = v;
        bv = p;
      }
    }
    return best;
  };
  for (const auto& [k, vs] : vb) {
    auto it = va.find(k);
    if (it == va.end()) {
      for (const auto& v : vs) d.added.push_back({k.first, k.second, "", v});
      continue;
    }
    if (it->second == vs) continue;
    std::string from = newest(it->second), to = newest(vs);
    auto pf = semver::parse(from), pt = semver::parse(to);
    int c = pf && pt ? semver::compare(*pf, *pt) : from.compare(to);
    if (c < 0) d.upgraded.push_back({k.first, k.second, from, to});
    else if (c > 0) d.downgraded.push_back({k.first, k.second, from, to});
    else {
      // Same newest version; an older copy came or went.
      for (const auto& v : vs) {
        if (!it->second.count(v)) d.added.push_back({k.first, k.second, "", v});
      }
      for (const auto& v : it->second) {
        if (!vs.count(v)) d.removed.push_back({k.first, k.second, v, ""});
      }
    }
  }
  for (const auto& [k, vs] : va) {
    if (vb.count(k)) continue;
    for (const auto& v : vs) d.removed.push_back({k.first, k.second, v, ""});
  }
  auto vkey = [](const VulnerabilityRow& v) { return std::make_tuple(v.codebase, v.id, v.package, v.version); };
  std::set<std::tuple<std::string, std::string, std::string, std::string>> ka, kb;
  for (const auto& v : a.vulnerabilities) {
    if (!v.suppressed) ka.insert(vkey(v));
  }
  for (const auto& v : b.vulnerabilities) {
    if (!v.suppressed) kb.insert(vkey(v));
  }
  for (const auto& v : b.vulnerabilities) {
    if (!v.suppressed && !ka.count(vkey(v))) d.new_vulnerabilities.push_back(v);
  }
  for (const auto& v : a.vulnerabilities) {
    if (!v.suppressed && !kb.count(vkey(v))) d.fixed_vulnerabilities.push_back(v);
  }
  auto by = [](const LibraryChange& x, const LibraryChange& y) { return std::tie(x.codebase, x.name, x.from, x.to) < std::tie(y.codebase, y.name, y.from, y.to); };
  for (auto* list : {&d.added, &d.removed, &d.upgraded, &d.downgraded}) std::sort(list->begin(), list->end(), by);
  return d;
}

}  // namespace vigil::store
