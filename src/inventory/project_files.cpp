#include <algorithm>
#include <system_error>

#include "inventory/extractor.h"

namespace vigil::inventory {

namespace fs = std::filesystem;

ProjectFiles::ProjectFiles(fs::path dir, std::string display_dir, fs::path fence, uint64_t max_bytes)
    : dir_(std::move(dir)), display_dir_(std::move(display_dir)), fence_(std::move(fence)),
      max_bytes_(max_bytes) {
  std::error_code ec;
  auto canon = fs::weakly_canonical(fence_, ec);
  if (!ec) fence_ = canon;
}

std::string ProjectFiles::display(std::string_view relative) const {
  if (display_dir_.empty() || display_dir_ == ".") return std::string(relative);
  return display_dir_ + "/" + std::string(relative);
}

bool ProjectFiles::inside_fence(const fs::path& p) const {
  std::error_code ec;
  auto canon = fs::weakly_canonical(p, ec);
  if (ec) return false;
  auto rel = canon.lexically_relative(fence_);
  return !rel.empty() && *rel.begin() != "..";
}

static bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string_view::npos) end = rel.size();
    if (rel.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

Expected<std::string> ProjectFiles::read(std::string_view relative) const {
  std::string out;
  if (Status s = read_into(relative, out); !s) return s.error();
  return out;
}

Status ProjectFiles::read_into(std::string_view relative, std::string& out) const {
  if (!safe_relative(relative)) return make_error(display(relative), "path leaves the project folder");
  fs::path p = dir_ / fs::path(std::string(relative));
  if (!inside_fence(p)) return make_error(display(relative), "path leads out of the scanned tree (symlink?)");
  return read_file_into(p, max_bytes_, display(relative), out);
}

bool ProjectFiles::exists(std::string_view relative) const {
  if (!safe_relative(relative)) return false;
  fs::path p = dir_ / fs::path(std::string(relative));
  // A symlink counts (reading it then says where it leads); a folder does not.
  std::error_code ec;
  auto st = fs::symlink_status(p, ec);
  return !ec && (fs::is_regular_file(st) || fs::is_symlink(st));
}

namespace {

// Matches one path segment against a glob segment with '*' and '?'.
bool match_segment(std::string_view pat, std::string_view s) {
  size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  while (i < s.size()) {
    if (p < pat.size() && (pat[p] == '?' || pat[p] == s[i])) {
      ++p;
      ++i;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = i;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('/', start);
    if (end == std::string_view::npos) end = s.size();
    auto seg = s.substr(start, end - start);
    if (!seg.empty() && seg != ".") out.emplace_back(seg);
    start = end + 1;
  }
  return out;
}

void glob_walk(const fs::path& base, const std::string& rel, const std::vector<std::string>& segs,
               size_t k, std::vector<std::string>& out, int depth) {
  if (depth > 32) return;
  std::error_code ec;
  if (k == segs.size()) {
    if (fs::is_regular_file(base / rel / "package.json", ec)) out.push_back(rel);
    return;
  }
  const std::string& seg = segs[k];
  if (seg == "**") {
    glob_walk(base, rel, segs, k + 1, out, depth + 1);  // zero folders
  }
  bool literal = seg.find_first_of("*?") == std::string::npos;
  if (literal) {
    std::string next = rel.empty() ? seg : rel + "/" + seg;
    if (fs::is_directory(fs::symlink_status(base / next, ec))) glob_walk(base, next, segs, k + 1, out, depth + 1);
    return;
  }
  fs::directory_iterator it(base / (rel.empty() ? "." : rel), ec), end;
  std::vector<std::string> names;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    std::string name = it->path().filename().string();
    if (name == "node_modules" || name == ".git") continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::string next = rel.empty() ? name : rel + "/" + name;
    if (seg == "**") {
      glob_walk(base, next, segs, k, out, depth + 1);
    } else if (match_segment(seg, name)) {
      glob_walk(base, next, segs, k + 1, out, depth + 1);
    }
  }
}

}  // namespace

std::vector<std::string> ProjectFiles::glob_folders(std::string_view pattern) const {
  std::vector<std::string> out;
  if (!pattern.empty() && pattern.front() == '!') return out;  // negations are applied by callers
  if (!safe_relative(pattern.substr(0, 2) == "./" ? pattern.substr(2) : pattern)) return out;
  glob_walk(dir_, "", split(pattern), 0, out, 0);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace vigil::inventory
