// The analysis stage: from the graph of one lockfile to the inventory of one codebase.
//
// Every pass is a breadth-first or depth-first walk over plain index arrays, linear in the
// size of the graph (members: linear per importer). Iteration orders are fixed (importers in
// node order, edges sorted by target name and version) so the result is deterministic.
#include <algorithm>
#include <limits>
#include <span>
#include <tuple>
#include <unordered_map>

#include "inventory/inventory.h"

namespace vigil::inventory {

std::string_view to_string(DepType t) {
  switch (t) {
    case DepType::Prod: return "prod";
    case DepType::Dev: return "dev";
    case DepType::Optional: return "optional";
    case DepType::Peer: return "peer";
  }
  return "prod";
}

std::string_view to_string(Scope s) {
  switch (s) {
    case Scope::Prod: return "prod";
    case Scope::Peer: return "peer";
    case Scope::Optional: return "optional";
    case Scope::Dev: return "dev";
    case Scope::Bundled: return "bundled";
  }
  return "prod";
}

std::string Codebase::importer_id(uint32_t importer) const {
  const Importer& im = importers.at(importer);
  const std::string& name = im.name.empty() ? im.path : im.name;
  return im.version.empty() ? name : name + "@" + im.version;
}

std::string_view Codebase::declared_range(uint32_t from, uint32_t to) const {
  auto it = std::lower_bound(declared.begin(), declared.end(), std::make_pair(from, to), [](const DeclaredRange& d, const std::pair<uint32_t, uint32_t>& k) {
    return d.from != k.first ? d.from < k.first : d.to < k.second;
  });
  if (it == declared.end() || it->from != from || it->to != to) return {};
  return ranges[it->range];
}

DependencyPath Codebase::path_ids(const PathRef& path) const {
  DependencyPath out;
  if (path.empty()) return out;
  out.reserve(path.components.size() + 1);
  out.push_back(importer_id(path.importer));
  for (uint32_t c : path.components) out.push_back(components.at(c).pkg.id());
  return out;
}

std::string Component::ref() const {
  std::string p = pkg.purl();
  switch (pkg.source) {
    case SourceKind::Registry:
      return p;
    case SourceKind::Git:
      return p + "?vcs_url=" + purl_encode(pkg.resolved);
    default:
      return p + "?download_url=" + purl_encode(pkg.resolved.empty() ? std::string(to_string(pkg.source)) : pkg.resolved);
  }
}

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

uint64_t sat_add(uint64_t a, uint64_t b) {
  uint64_t r = a + b;
  return r < a ? std::numeric_limits<uint64_t>::max() : r;
}

// The order every walk uses: by name, version, source, resolved (for non-registry packages)
// and location. Nodes equal in all but location are instances of one component.
bool same_component(const Package& x, const Package& y) {
  return x.name == y.name && x.version == y.version && x.source == y.source &&
         (x.source == SourceKind::Registry || x.resolved == y.resolved);
}

bool node_less(const Node& x, const Node& y) {
  if (int c = x.pkg.name.compare(y.pkg.name)) return c < 0;
  if (int c = x.pkg.version.compare(y.pkg.version)) return c < 0;
  if (x.pkg.source != y.pkg.source) return x.pkg.source < y.pkg.source;
  if (x.pkg.source != SourceKind::Registry) {
    if (int c = x.pkg.resolved.compare(y.pkg.resolved)) return c < 0;
  }
  return x.location < y.location;
}

struct Graph {
  const std::vector<Node>& nodes;
  std::vector<uint32_t> by_rank;  // node indexes in node_less order
  std::vector<uint32_t> rank;     // position of each node in by_rank
  // Followable edges of node u: edges[first[u] .. first[u + 1]), sorted by target rank.
  std::vector<Edge> edges;
  std::vector<uint32_t> first;

  explicit Graph(const std::vector<Node>& n) : nodes(n), by_rank(n.size()), rank(n.size()), first(n.size() + 1, 0) {
    for (uint32_t i = 0; i < n.size(); ++i) by_rank[i] = i;
    std::sort(by_rank.begin(), by_rank.end(), [&](uint32_t a, uint32_t b) { return node_less(n[a], n[b]); });
    for (uint32_t r = 0; r < n.size(); ++r) rank[by_rank[r]] = r;
    size_t total = 0;
    for (const Node& nd : n) total += nd.deps.size();
    edges.reserve(total);
    for (size_t i = 0; i < n.size(); ++i) {
      const size_t begin = edges.size();
      for (const Edge& e : n[i].deps) {
        if (e.to >= n.size()) continue;
        // Packages' dev dependencies are never installed; importers' are.
        if (e.type == DepType::Dev && !n[i].importer) continue;
        edges.push_back(e);
      }
      auto b = edges.begin() + static_cast<std::ptrdiff_t>(begin);
      std::sort(b, edges.end(), [&](const Edge& x, const Edge& y) {
        return rank[x.to] != rank[y.to] ? rank[x.to] < rank[y.to] : x.type < y.type;
      });
      edges.erase(std::unique(b, edges.end(), [](const Edge& x, const Edge& y) { return x.to == y.to && x.type == y.type; }),
                  edges.end());
      first[i + 1] = static_cast<uint32_t>(edges.size());
    }
  }

  std::span<const Edge> out(uint32_t u) const { return {edges.data() + first[u], edges.data() + first[u + 1]}; }

  std::vector<uint32_t> importers() const {
    std::vector<uint32_t> r;
    for (uint32_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].importer) r.push_back(i);
    }
    return r;
  }

  // Breadth-first from `sources`, following edges whose type `allow` accepts.
  template <class Allow>
  std::vector<bool> reach(const std::vector<uint32_t>& sources, Allow allow) const {
    std::vector<bool> seen(nodes.size(), false);
    std::vector<uint32_t> queue;
    queue.reserve(nodes.size());
    for (uint32_t s : sources) {
      if (!seen[s]) {
        seen[s] = true;
        queue.push_back(s);
      }
    }
    for (size_t h = 0; h < queue.size(); ++h) {
      for (const Edge& e : out(queue[h])) {
        if (!allow(e.type) || seen[e.to]) continue;
        seen[e.to] = true;
        queue.push_back(e.to);
      }
    }
    return seen;
  }
};

std::string importer_name(const Node& n) {
  if (!n.pkg.name.empty()) return n.pkg.name;
  return n.location.empty() ? std::string(".") : n.location;
}

// Enumerates up to `limit` simple paths from any importer to `target` (walking reverse edges).
void enumerate_paths(const Graph& g, const std::vector<std::vector<uint32_t>>& in, uint32_t target,
                     unsigned limit, std::vector<std::vector<uint32_t>>& paths, bool& truncated) {
  std::vector<uint32_t> stack{target};
  std::vector<bool> on_path(g.nodes.size(), false);
  on_path[target] = true;
  std::vector<size_t> next{0};
  uint64_t budget = 20000ull * limit;
  while (!stack.empty()) {
    if (budget-- == 0) {
      truncated = true;
      return;
    }
    uint32_t u = stack.back();
    if (g.nodes[u].importer && stack.size() > 1) {
      if (paths.size() >= limit) {
        truncated = true;
        return;
      }
      paths.emplace_back(stack.rbegin(), stack.rend());
      on_path[u] = false;
      stack.pop_back();
      next.pop_back();
      continue;
    }
    size_t& k = next.back();
    if (k < in[u].size()) {
      uint32_t p = in[u][k++];
      if (!on_path[p]) {
        on_path[p] = true;
        stack.push_back(p);
        next.push_back(0);
      }
      continue;
    }
    on_path[u] = false;
    stack.pop_back();
    next.pop_back();
  }
}

}  // namespace

Codebase analyse(LockGraph lock, const Options& options) {
  Codebase cb;
  cb.format = lock.format;
  const std::vector<Node>& nodes = lock.nodes;
  const size_t n = nodes.size();
  Graph g(nodes);
  const std::vector<uint32_t> importers = g.importers();

  // Scope: the first of these walks that reaches a node decides.
  std::vector<Scope> scope(n, Scope::Dev);
  std::vector<bool> reached(n, false);
  const std::pair<Scope, std::vector<DepType>> passes[] = {
      {Scope::Prod, {DepType::Prod}},
      {Scope::Peer, {DepType::Prod, DepType::Peer}},
      {Scope::Optional, {DepType::Prod, DepType::Peer, DepType::Optional}},
      {Scope::Dev, {DepType::Prod, DepType::Peer, DepType::Optional, DepType::Dev}},
  };
  for (const auto& [s, types] : passes) {
    auto seen = g.reach(importers, [&](DepType t) { return std::find(types.begin(), types.end(), t) != types.end(); });
    for (size_t i = 0; i < n; ++i) {
      if (seen[i] && !reached[i]) {
        reached[i] = true;
        scope[i] = s;
      }
    }
  }

  // Importers in node order; importer_index maps a node to its place in Codebase::importers.
  std::vector<uint32_t> importer_index(n, kNone);
  for (uint32_t k = 0; k < importers.size(); ++k) importer_index[importers[k]] = k;

  // Members: which importers reach each node (one reachability set per importer).
  std::vector<std::vector<bool>> reached_by;
  reached_by.reserve(importers.size());
  for (uint32_t imp : importers) reached_by.push_back(g.reach({imp}, [](DepType) { return true; }));

  // Shortest paths: one breadth-first walk from every importer at once.
  std::vector<uint32_t> parent(n, kNone);
  std::vector<uint32_t> depth(n, kNone);
  {
    std::vector<uint32_t> queue;
    queue.reserve(n);
    for (uint32_t s : importers) {
      depth[s] = 0;
      queue.push_back(s);
    }
    for (size_t h = 0; h < queue.size(); ++h) {
      uint32_t u = queue[h];
      for (const Edge& e : g.out(u)) {
        if (depth[e.to] != kNone) continue;
        depth[e.to] = depth[u] + 1;
        parent[e.to] = u;
        queue.push_back(e.to);
      }
    }
  }

  // Path counts: depth-first from the importers classifies back edges (cycles); counting over
  // the remaining acyclic graph in topological order. Edges into importers start no new path.
  std::vector<uint64_t> count(n, 0);
  {
    std::vector<uint8_t> state(n, 0);  // 0 new, 1 on stack, 2 done
    std::vector<uint32_t> post;
    post.reserve(n);
    std::vector<bool> back(g.edges.size(), false);  // by edge index
    std::vector<std::pair<uint32_t, uint32_t>> stack;  // node, next edge index
    for (uint32_t s : importers) {
      if (state[s] != 0) continue;
      state[s] = 1;
      stack.push_back({s, g.first[s]});
      while (!stack.empty()) {
        auto& [u, k] = stack.back();
        if (k < g.first[u + 1]) {
          uint32_t ei = k++;
          uint32_t v = g.edges[ei].to;
          if (state[v] == 1) {
            back[ei] = true;
          } else if (state[v] == 0) {
            state[v] = 1;
            stack.push_back({v, g.first[v]});
          }
          continue;
        }
        state[u] = 2;
        post.push_back(u);
        stack.pop_back();
      }
    }
    for (uint32_t s : importers) count[s] = 1;
    for (auto it = post.rbegin(); it != post.rend(); ++it) {
      uint32_t u = *it;
      for (uint32_t ei = g.first[u]; ei < g.first[u + 1]; ++ei) {
        uint32_t v = g.edges[ei].to;
        if (back[ei] || nodes[v].importer) continue;
        count[v] = sat_add(count[v], count[u]);
      }
    }
  }

  // Reverse edges, for listing all paths.
  std::vector<std::vector<uint32_t>> in;
  if (options.max_paths > 0) {
    in.resize(n);
    for (uint32_t u = 0; u < n; ++u) {
      for (const Edge& e : g.out(u)) {
        if (!nodes[e.to].importer) in[e.to].push_back(u);
      }
    }
  }

  // Merge instances into components: consecutive in rank order, so components come sorted.
  // The instances of component c are inst[inst_begin[c] .. inst_begin[c + 1]).
  std::vector<uint32_t> comp_of(n, kNone);
  std::vector<uint32_t> inst;
  std::vector<uint32_t> inst_begin;
  inst.reserve(n);
  inst_begin.reserve(n + 1);
  cb.components.reserve(n);
  for (uint32_t i : g.by_rank) {
    Node& nd = lock.nodes[i];
    if (nd.importer) continue;
    if (inst.empty() || !same_component(cb.components.back().pkg, nd.pkg)) {
      inst_begin.push_back(static_cast<uint32_t>(inst.size()));
      cb.components.emplace_back().pkg = std::move(nd.pkg);  // later instances keep theirs
    }
    comp_of[i] = static_cast<uint32_t>(cb.components.size() - 1);
    inst.push_back(i);
  }
  inst_begin.push_back(static_cast<uint32_t>(inst.size()));

  auto path_ref = [&](const std::vector<uint32_t>& node_path) {  // importer first
    PathRef p;
    p.importer = importer_index[node_path.front()];
    p.components.reserve(node_path.size() - 1);
    for (size_t k = 1; k < node_path.size(); ++k) p.components.push_back(comp_of[node_path[k]]);
    return p;
  };

  std::vector<uint32_t> chain;
  for (size_t c = 0; c < cb.components.size(); ++c) {
    Component& comp = cb.components[c];
    const std::span<const uint32_t> instances(inst.data() + inst_begin[c], inst.data() + inst_begin[c + 1]);
    bool all_bundled = true;
    bool any_reached = false;
    Scope best = Scope::Dev;
    uint32_t best_depth = kNone;
    uint32_t best_node = kNone;
    for (uint32_t i : instances) {
      const Node& nd = nodes[i];
      if (comp.pkg.resolved.empty()) comp.pkg.resolved = nd.pkg.resolved;
      if (comp.pkg.integrity.empty()) comp.pkg.integrity = nd.pkg.integrity;
      if (comp.pkg.license.empty()) comp.pkg.license = nd.pkg.license;
      if (!nd.alias.empty()) comp.aliases.push_back(nd.alias);
      all_bundled = all_bundled && nd.bundled;
      Scope s = reached[i] ? scope[i] : (nd.lock_dev ? Scope::Dev : Scope::Prod);
      if (reached[i]) any_reached = true;
      if (static_cast<int>(s) < static_cast<int>(best)) best = s;
      comp.path_count = sat_add(comp.path_count, count[i]);
      // Instances come in rank order: the first at the smallest depth wins.
      if (depth[i] != kNone && (best_depth == kNone || depth[i] < best_depth)) {
        best_depth = depth[i];
        best_node = i;
      }
      for (const Edge& e : g.out(i)) {
        if (comp_of[e.to] != kNone && comp_of[e.to] != c) {
          comp.depends_on.push_back(comp_of[e.to]);
          if (e.range != kNoRange) cb.declared.push_back({static_cast<uint32_t>(c), comp_of[e.to], e.range});
        }
      }
      if (options.max_paths > 0) {
        std::vector<std::vector<uint32_t>> ps;
        enumerate_paths(g, in, i, options.max_paths, ps, comp.paths_truncated);
        for (const auto& p : ps) comp.paths.push_back(path_ref(p));
      }
    }
    for (uint32_t k = 0; k < importers.size(); ++k) {
      const std::vector<bool>& seen = reached_by[k];
      if (std::any_of(instances.begin(), instances.end(), [&](uint32_t i) { return seen[i]; })) {
        comp.members.push_back(importer_name(nodes[importers[k]]));
      }
    }
    comp.scope = (all_bundled && !instances.empty()) ? Scope::Bundled : best;
    if (!any_reached) {
      for (uint32_t i : instances) {
        cb.warnings.push_back(make_error("", "extraneous: " + comp.pkg.id() + " at " + nodes[i].location +
                                                 " is in the lockfile but nothing depends on it"));
      }
    }
    if (best_node != kNone) {
      chain.clear();
      for (uint32_t u = best_node; u != kNone; u = parent[u]) chain.push_back(u);
      std::reverse(chain.begin(), chain.end());
      comp.shortest_path = path_ref(chain);
    }
    auto uniq = [](auto& v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    uniq(comp.aliases);
    uniq(comp.members);
    uniq(comp.paths);
    if (options.max_paths > 0 && comp.paths.size() > options.max_paths) {
      comp.paths.resize(options.max_paths);
      comp.paths_truncated = true;
    }
  }

  // Direct dependencies and importers.
  for (uint32_t imp : importers) {
    const Node& nd = nodes[imp];
    Importer im;
    im.name = importer_name(nd);
    im.version = nd.pkg.version;
    im.path = nd.location.empty() ? "." : nd.location;
    im.license = nd.pkg.license;
    im.unresolved = nd.unresolved;
    cb.importers.push_back(std::move(im));
  }
  for (uint32_t imp : importers) {
    Importer& im = cb.importers[importer_index[imp]];
    for (const Edge& e : g.out(imp)) {
      if (comp_of[e.to] != kNone) {
        cb.components[comp_of[e.to]].direct = true;
        im.depends_on.push_back(comp_of[e.to]);
        if (e.range != kNoRange) cb.declared.push_back({Codebase::kFromImporter | importer_index[imp], comp_of[e.to], e.range});
      } else if (importer_index[e.to] != kNone && e.to != imp) {
        im.depends_on_members.push_back(importer_index[e.to]);
      }
    }
  }

  auto sort_unique = [](std::vector<uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  for (auto& c : cb.components) sort_unique(c.depends_on);
  std::stable_sort(cb.declared.begin(), cb.declared.end(), [](const Codebase::DeclaredRange& a, const Codebase::DeclaredRange& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  cb.declared.erase(std::unique(cb.declared.begin(), cb.declared.end(),
                                [](const Codebase::DeclaredRange& a, const Codebase::DeclaredRange& b) {
                                  return a.from == b.from && a.to == b.to;
                                }),
                    cb.declared.end());
  cb.ranges = std::move(lock.ranges);
  for (auto& im : cb.importers) {
    sort_unique(im.depends_on);
    sort_unique(im.depends_on_members);
  }

  for (auto& w : lock.warnings) cb.warnings.push_back(std::move(w));
  cb.conflicts = std::move(lock.conflicts);
  return cb;
}

}  // namespace vigil::inventory
