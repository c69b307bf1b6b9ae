// Chart.yaml validation and canonical serialization, .helmignore, reproducible `chart package`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "signing/signing.h"
#include "yaml/yaml.h"

namespace vigil::signing {

Expected<std::string> write_chart_tgz(const std::string& display, const std::vector<ArchiveEntry>& entries, int64_t mtime);

namespace fs = std::filesystem;

bool is_semver2(const std::string& v) {
  static const std::regex re(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$)");
  return std::regex_match(v, re);
}

// ---- .helmignore ----

namespace {
bool glob_match(const char* p, const char* s) {
  for (; *p; ++p) {
    if (*p == '*') {
      if (p[1] == '*') {
        const char* rest = p + 2;
        if (*rest == '/') ++rest;
        for (const char* q = s;; ++q) {
          if (glob_match(rest, q)) return true;
          if (!*q) return false;
        }
      }
      for (const char* q = s;; ++q) {
        if (glob_match(p + 1, q)) return true;
        if (!*q || *q == '/') return false;
      }
    }
    if (!*s) return false;
    if (*p == '?') {
      if (*s == '/') return false;
    } else if (*p != *s) {
      return false;
    }
    ++s;
  }
  return *s == 0;
}
}  // namespace

Expected<HelmIgnore> HelmIgnore::parse(const std::string& display, const std::string& text) {
  HelmIgnore h;
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    Rule r;
    if (line[0] == '!') {
      r.negate = true;
      line.erase(0, 1);
    }
    if (line.size() > 1 && line.back() == '/') {
      r.dir_only = true;
      line.pop_back();
    }
    if (line.find("/") != std::string::npos) r.anchored = true;
    if (!line.empty() && line[0] == '/') line.erase(0, 1);
    if (line.empty() || line == "/") return make_error(display, n, 1, "empty ignore pattern");
    r.glob = line;
    h.rules_.push_back(r);
  }
  return h;
}

bool HelmIgnore::ignored(const std::string& rel, bool is_dir) const {
  bool ign = false;
  std::string base = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  for (const auto& r : rules_) {
    if (r.dir_only && !is_dir) continue;
    bool m = r.anchored ? glob_match(r.glob.c_str(), rel.c_str()) : glob_match(r.glob.c_str(), base.c_str());
    if (m) ign = !r.negate;
  }
  return ign;
}

// ---- package ----

namespace {

Expected<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return make_error(p.string(), "cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Collects the chart's files (relative paths) honouring .helmignore; refuses symlinks leaving the chart.
Status collect(const fs::path& root, const fs::path& dir, const HelmIgnore& ign, std::vector<std::string>& out) {
  std::error_code ec;
  std::vector<fs::directory_entry> items;
  for (const auto& e : fs::directory_iterator(dir, ec)) items.push_back(e);
  if (ec) return make_error(dir.string(), "cannot list the folder: " + ec.message());
  for (const auto& e : items) {
    std::string rel = fs::relative(e.path(), root).generic_string();
    bool is_dir = e.is_directory(ec);
    if (e.is_symlink(ec)) {
      fs::path target = fs::weakly_canonical(e.path(), ec);
      fs::path croot = fs::weakly_canonical(root, ec);
      auto t = target.generic_string(), c = croot.generic_string() + "/";
      if (t.compare(0, c.size(), c) != 0) return make_error(e.path().string(), "symbolic link leaves the chart folder");
    }
    if (ign.ignored(rel, is_dir)) continue;
    if (is_dir) {
      Status s = collect(root, e.path(), ign, out);
      if (!s) return s;
    } else if (e.is_regular_file(ec)) {
      out.push_back(rel);
    } else {
      return make_error(e.path().string(), "not a regular file or folder");
    }
  }
  return {};
}

Expected<std::vector<ArchiveEntry>> chart_entries(const fs::path& dir, int64_t mtime, ChartMetadata& meta, int depth);

}  // namespace

namespace {
Expected<std::vector<ArchiveEntry>> chart_entries(const fs::path& dir, int64_t mtime, ChartMetadata& meta, int depth) {
  if (depth > 8) return make_error(dir.string(), "file:// dependencies nest too deeply (a cycle?)");
  auto chart_yaml = slurp(dir / "Chart.yaml");
  if (!chart_yaml) return chart_yaml.error();
  auto m = parse_chart_yaml((dir / "Chart.yaml").string(), *chart_yaml);
  if (!m) return m.error();
  meta = *m;
  HelmIgnore ign;
  if (fs::exists(dir / ".helmignore")) {
    auto text = slurp(dir / ".helmignore");
    if (!text) return text.error();
    auto h = HelmIgnore::parse((dir / ".helmignore").string(), *text);
    if (!h) return h.error();
    ign = *h;
  }
  std::vector<std::string> files;
  Status s = collect(dir, dir, ign, files);
  if (!s) return s.error();
  std::map<std::string, std::string> contents;
  for (const auto& f : files) {
    if (f == "Chart.yaml") continue;
    auto data = slurp(dir / f);
    if (!data) return data.error();
    contents[meta.name + "/" + f] = *data;
  }
  // file:// dependencies not vendored in charts/: package them into charts/NAME-VERSION.tgz.
  for (const auto& d : meta.dependencies) {
    if (d.repository.rfind("file://", 0) != 0) continue;
    fs::path dep_dir = dir / d.repository.substr(7);
    bool vendored = false;
    for (const auto& [p, _] : contents) {
      if (p.rfind(meta.name + "/charts/" + d.name, 0) == 0) vendored = true;
    }
    if (vendored) continue;
    if (!fs::is_directory(dep_dir)) continue;  // not checked out here: packaged without it, as `helm package` without -u
    ChartMetadata dm;
    auto sub = chart_entries(dep_dir, mtime, dm, depth + 1);
    if (!sub) return sub.error();
    if (dm.name != d.name) {
      return make_error((dir / "Chart.yaml").string(), "dependency '" + d.name + "' points at chart '" + dm.name + "'");
    }
    auto tgz = write_chart_tgz(dep_dir.string(), *sub, mtime);
    if (!tgz) return tgz.error();
    contents[meta.name + "/charts/" + dm.name + "-" + dm.version + ".tgz"] = *tgz;
  }
  std::vector<ArchiveEntry> entries;
  entries.push_back({meta.name + "/Chart.yaml", meta.canonical_yaml});
  for (auto& [p, data] : contents) entries.push_back({p, std::move(data)});
  return entries;
}
}  // namespace

Expected<std::string> package_chart(const std::string& dir, const PackageOptions& opts) {
  if (!fs::is_directory(dir)) return make_error(dir, "not a chart folder");
  ChartMetadata meta;
  auto entries = chart_entries(fs::path(dir), opts.mtime, meta, 0);
  if (!entries) return entries.error();
  auto tgz = write_chart_tgz(dir, *entries, opts.mtime);
  if (!tgz) return tgz.error();
  fs::path out = fs::path(opts.out_dir) / (meta.name + "-" + meta.version + ".tgz");
  std::error_code ec;
  fs::create_directories(opts.out_dir, ec);
  fs::path tmp = out;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(tgz->data(), static_cast<std::streamsize>(tgz->size()));
    if (!f) return make_error(tmp.string(), "cannot write the archive");
  }
  fs::rename(tmp, out, ec);
  if (ec) return make_error(out.string(), "cannot write the archive: " + ec.message());
  return out.string();
}

}  // namespace vigil::signing
