// Where a package's entry sits in its lockfile, for reports that point at a line (SARIF).
//
// The extractors keep no line numbers (they would cost memory on every component of an
// organisation for the few that have findings), so the entry is found again in the text: the
// first line that opens an entry for the package's name (or the name it is installed under)
// and, on that line or in the entry's lines below, carries its version.
#include <string>

#include "scan/scan.h"

namespace vigil::scan {

namespace {

size_t indent_of(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~' || c == '@' || c == '/';
}

// Does `line` (an entry's key line) name `name` as a package key? Accepts the shapes of every
// lockfile: "node_modules/a/node_modules/NAME": (npm 2/3), "NAME": { (npm 1), NAME@^1: and
// "NAME@^1", NAME@^2: (yarn), "NAME@npm:1.0.0": (berry), /NAME@1.0.0: or NAME@1.0.0(peer):
// or /NAME/1.0.0: (pnpm).
bool names(std::string_view line, std::string_view name, size_t& after) {
  size_t from = 0;
  while (true) {
    size_t at = line.find(name, from);
    if (at == std::string_view::npos) return false;
    from = at + 1;
    char before = at == 0 ? ' ' : line[at - 1];
    bool start_ok = before == ' ' || before == '"' || before == '\'' || before == '/' || before == '\t' || before == ',';
    if (!start_ok) continue;
    if (before == '/' && at >= 13 && line.substr(at - 13, 13) != "node_modules/" && line.substr(0, at).find_first_not_of(" \t\"'/") != std::string_view::npos) {
      // a '/' that is part of another name ("@scope/name" when looking for "name")
      continue;
    }
    size_t end = at + name.size();
    if (end >= line.size()) continue;
    char next = line[end];
    if (next == '@' || next == '"' || next == '\'' || next == ':' || next == '/') {
      if (next == '/' && end + 1 < line.size() && !(line[end + 1] >= '0' && line[end + 1] <= '9')) continue;
      after = end;
      return true;
    }
  }
}

bool has_version(std::string_view text, std::string_view version) {
  size_t from = 0;
  while (true) {
    size_t at = text.find(version, from);
    if (at == std::string_view::npos) return false;
    from = at + 1;
    char before = at == 0 ? ' ' : text[at - 1];
    size_t end = at + version.size();
    char next = end < text.size() ? text[end] : ' ';
    if (is_name_char(before) && before != '@' && before != '/') continue;
    if (is_name_char(next) && next != '/') {
      // "1.2.3" inside "1.2.30" or "1.2.3-beta": not this version
      continue;
    }
    return true;
  }
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

uint32_t lockfile_line(std::string_view text, std::string_view format, const inventory::Component& c) {
  (void)format;
  return lockfile_line(split_lines(text), c);
}

uint32_t lockfile_line(const std::vector<std::string_view>& lines, const inventory::Component& c) {
  if (lines.empty()) return 0;
  std::vector<std::string_view> candidates{c.pkg.name};
  for (const auto& a : c.aliases) candidates.push_back(a);
  const std::string& version = c.pkg.version;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t ind = indent_of(line);
    if (ind == line.size()) continue;
    // An entry's key line ends with ':' or '{' (or, for yarn classic, lists several keys).
    char last = line.back() == '\r' && line.size() > 1 ? line[line.size() - 2] : line.back();
    if (last != ':' && last != '{' && last != ',') continue;
    for (std::string_view name : candidates) {
      size_t after = 0;
      if (!names(line, name, after)) continue;
      if (has_version(line.substr(after), version)) return static_cast<uint32_t>(i + 1);
      // The version on one of the entry's own lines (deeper indentation).
      for (size_t j = i + 1; j < lines.size() && j < i + 60; ++j) {
        std::string_view l = lines[j];
        size_t lind = indent_of(l);
        if (lind == l.size()) continue;
        if (lind <= ind) break;
        std::string_view body = l.substr(lind);
        if (body.rfind("\"version\":", 0) == 0 || body.rfind("version:", 0) == 0 || body.rfind("version ", 0) == 0) {
          if (has_version(body.substr(8), version)) return static_cast<uint32_t>(i + 1);
          break;
        }
      }
    }
  }
  return 0;
}

}  // namespace vigil::scan
