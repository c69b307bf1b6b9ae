#include "inventory/manifest.h"

#include <algorithm>

#include "inventory/extractor.h"
#include "inventory/json_util.h"

namespace vigil::inventory {

namespace {

using simdjson::ondemand::value;

Status read_deps(const JsonWalker& w, value v, std::string_view what, DepType type,
                 std::vector<DeclaredDependency>& out) {
  return w.fields(v, what, true, [&](std::string_view name, value range, const char*) -> Status {
    auto r = w.string(range, what, name);
    if (!r) return r.error();
    out.push_back({std::string(name), std::move(*r), type});
    return {};
  });
}

Status read_string_array(const JsonWalker& w, value v, std::string_view what,
                         std::vector<std::string>& out) {
  const char* loc = w.where(v);
  simdjson::ondemand::array arr;
  auto err = v.get_array().get(arr);
  if (err == simdjson::INCORRECT_TYPE) return w.at(loc, std::string(what) + " must be an array");
  if (err) return w.fail(err, loc);
  for (auto el : arr) {
    value item;
    if (auto e = el.get(item)) return w.fail(e, loc);
    auto s = w.string(item, std::string(what) + " entries");
    if (!s) return s.error();
    out.push_back(std::move(*s));
  }
  return {};
}

}  // namespace

Expected<Manifest> parse_manifest(std::string& contents, const std::string& display) {
  // One parser per thread, reused: its buffers are allocated once, not per file. Nothing
  // that parse_manifest returns points into it.
  thread_local simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (Status s = iterate_json(parser, contents, display, doc); !s) return s.error();
  JsonWalker w(display, contents);
  value root;
  if (auto e = doc.get_value().get(root)) return w.fail(e, nullptr);
  Manifest m;
  std::vector<DeclaredDependency> prod, dev, opt, peer;
  Status st = w.fields(root, "package.json", true, [&](std::string_view key, value v, const char*) -> Status {
    if (key == "name" || key == "version") {
      if (w.type(v) != simdjson::ondemand::json_type::string) return {};  // tolerated: npm ignores
      auto s = w.string(v, key);
      if (!s) return s.error();
      (key == "name" ? m.name : m.version) = std::move(*s);
    } else if (key == "license") {
      simdjson::ondemand::json_type t = w.type(v);
      if (t == simdjson::ondemand::json_type::string) {
        auto s = w.string(v, key);
        if (!s) return s.error();
        m.license = std::move(*s);
        m.has_license = true;
      } else if (t == simdjson::ondemand::json_type::object) {  // legacy {"type": "MIT", "url": ...}
        return w.fields(v, "license", false, [&](std::string_view k, value x, const char*) -> Status {
          if (k == "type" && w.type(x) == simdjson::ondemand::json_type::string) {
            auto s = w.string(x, "license.type");
            if (!s) return s.error();
            m.license = std::move(*s);
            m.has_license = true;
          }
          return {};
        });
      }
    } else if (key == "licenses") {  // legacy [{"type": "MIT", "url": ...}, ...]
      simdjson::ondemand::array arr;
      if (v.get_array().get(arr)) return {};
      std::string joined;
      for (auto el : arr) {
        value item;
        if (el.get(item)) break;
        if (w.type(item) == simdjson::ondemand::json_type::string) {
          std::string_view s;
          if (!item.get_string().get(s)) joined += (joined.empty() ? "" : " OR ") + std::string(s);
          continue;
        }
        simdjson::ondemand::object o;
        if (item.get_object().get(o)) continue;
        std::string_view t;
        if (!o.find_field_unordered("type").get_string().get(t)) {
          joined += (joined.empty() ? "" : " OR ") + std::string(t);
        }
      }
      if (!m.has_license && !joined.empty()) {
        m.license = joined;
        m.has_license = true;
      }
    } else if (key == "dependencies") {
      return read_deps(w, v, "dependencies", DepType::Prod, prod);
    } else if (key == "devDependencies") {
      return read_deps(w, v, "devDependencies", DepType::Dev, dev);
    } else if (key == "optionalDependencies") {
      return read_deps(w, v, "optionalDependencies", DepType::Optional, opt);
    } else if (key == "peerDependencies") {
      return read_deps(w, v, "peerDependencies", DepType::Peer, peer);
    } else if (key == "bundleDependencies" || key == "bundledDependencies") {
      if (w.type(v) == simdjson::ondemand::json_type::array) return read_string_array(w, v, key, m.bundled);
    } else if (key == "workspaces") {
      simdjson::ondemand::json_type t = w.type(v);
      if (t == simdjson::ondemand::json_type::array) return read_string_array(w, v, "workspaces", m.workspaces);
      if (t == simdjson::ondemand::json_type::object) {
        return w.fields(v, "workspaces", true, [&](std::string_view k, value x, const char*) -> Status {
          if (k == "packages") return read_string_array(w, x, "workspaces.packages", m.workspaces);
          return {};
        });
      }
      return w.at(w.where(v), "workspaces must be an array or an object");
    }
    return {};
  });
  if (!st) return st.error();
  if (Status e = w.expect_end(doc); !e) return e.error();
  // npm: a name in both dependencies and optionalDependencies is optional only.
  auto in = [](const std::vector<DeclaredDependency>& v, const std::string& n) {
    return std::any_of(v.begin(), v.end(), [&](const DeclaredDependency& d) { return d.name == n; });
  };
  for (auto& d : prod) {
    if (!in(opt, d.name)) m.dependencies.push_back(std::move(d));
  }
  for (auto& d : dev) m.dependencies.push_back(std::move(d));
  for (auto& d : opt) m.dependencies.push_back(std::move(d));
  for (auto& d : peer) m.dependencies.push_back(std::move(d));
  return m;
}

Expected<Manifest> read_manifest(const ProjectFiles& files, std::string_view relative) {
  auto text = files.read(relative);
  if (!text) return text.error();
  return parse_manifest(*text, files.display(relative));
}

}  // namespace vigil::inventory
