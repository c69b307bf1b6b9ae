// vigil semver [options] VERSION...: node-semver's `semver` command.
//
// Prints the valid versions sorted ascending, or with -r only those that satisfy every range,
// or with -i the one version incremented. The arguments are read the way node-semver's
// bin/semver.js reads them (an "=" splits an argument into two; -i takes the next argument as
// its level only when it is one), so scripts written for it keep working. Where vigil differs,
// it is about usage: an unknown option, an option without its value, no arguments, or -i with
// more than one version or with a range are usage errors (exit 2, not node's 0 or 1), and an
// increment that node-semver prints as "null" is an error (exit 1).
//
// Exit codes: 0 = printed at least one version; 1 = no valid (or satisfying) version; 2 = usage.
//
// Two hidden modes serve the benchmark and the differential test against node-semver
// (bench/semver/): `--bench FILE [ROUNDS]` times Range::test over every range x version of
// FILE, and `--eval FILE` answers one query per line.
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "semver/semver.h"

namespace vigil::cli {

namespace {

namespace sv = vigil::semver;

constexpr const char* kHelp = R"(vigil semver: node-semver's semver command

Usage: vigil semver [options] <version> [<version> [...]]
Prints valid versions sorted by SemVer precedence

Options:
-r --range <range>
        Print versions that match the specified range.

-i --increment [<level>]
        Increment a version by the specified level.  Level can
        be one of: major, minor, patch, premajor, preminor,
        prepatch, prerelease, or release.  Default level is 'patch'.
        Only one version may be specified.

--preid <identifier>
        Identifier to be used to prefix premajor, preminor,
        prepatch or prerelease version increments.

-l --loose
        Interpret versions and ranges loosely

-p --include-prerelease
        Always include prerelease versions in range matching

-c --coerce
        Coerce a string into SemVer if possible
        (does not imply --loose)

--rtl
        Coerce version strings right to left

--ltr
        Coerce version strings left to right (default)

-n <base>
        Base number to be used for the prerelease identifier.
        Can be either 0 or 1, or false to omit the number altogether.
        Defaults to 0.

Program exits successfully if any valid version satisfies
all supplied ranges, and prints all satisfying versions.

If no satisfying versions are found, then exits failure (1).
Usage errors exit 2.

Versions are printed in ascending order, so supplying
multiple versions to the utility will just sort them.
)";

bool is_release_type(const std::string& s) {
  for (const char* t : {"major", "premajor", "minor", "preminor", "patch", "prepatch", "prerelease", "release"}) {
    if (s == t) return true;
  }
  return false;
}

int usage(const std::string& message) {
  std::cerr << "vigil semver: " << message << " (vigil semver --help)\n";
  return 2;
}

// ---- --bench ---------------------------------------------------------------------------
// FILE: lines "r <range>" and "v <version>". Every range is parsed once and every version
// once, then each round tests every range against every version.
int run_bench(const std::string& path, long rounds) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "error: " << path << ": cannot read\n";
    return 2;
  }
  std::vector<sv::Range> ranges;
  std::vector<sv::Version> versions;
  std::string line;
  size_t lineno = 0, bad = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.size() < 2 || line[1] != ' ') continue;
    std::string_view text = std::string_view(line).substr(2);
    if (line[0] == 'r') {
      if (auto r = sv::Range::parse(text)) {
        ranges.push_back(std::move(*r));
      } else {
        ++bad;
      }
    } else if (line[0] == 'v') {
      if (auto v = sv::parse(text)) {
        versions.push_back(std::move(*v));
      } else {
        ++bad;
      }
    }
  }
  if (ranges.empty() || versions.empty()) {
    std::cerr << "error: " << path << ": no ranges or no versions\n";
    return 2;
  }
  uint64_t satisfied = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (long r = 0; r < rounds; ++r) {
    for (const auto& range : ranges) {
      for (const auto& v : versions) satisfied += range.test(v) ? 1 : 0;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  uint64_t checks = static_cast<uint64_t>(rounds) * ranges.size() * versions.size();
  std::printf("ranges=%zu versions=%zu invalid=%zu checks=%llu satisfied=%llu seconds=%.6f checks_per_second=%.0f\n",
              ranges.size(), versions.size(), bad, static_cast<unsigned long long>(checks),
              static_cast<unsigned long long>(satisfied), secs, static_cast<double>(checks) / secs);
  return 0;
}

// ---- --eval ----------------------------------------------------------------------------
// Each line: fields separated by TAB, with \t \n \r \\ and \xNN escapes inside fields.
// Field 1 is the function, field 2 the options (letters l = loose, p = includePrerelease,
// r = rtl, or "-"), then the arguments. One line of output per query.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    if (c == 't') out.push_back('\t');
    else if (c == 'n') out.push_back('\n');
    else if (c == 'r') out.push_back('\r');
    else if (c == 'x' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string show(const std::optional<std::string>& s) { return s ? *s : "null"; }
std::string show(bool b) { return b ? "true" : "false"; }

std::string eval_one(const std::vector<std::string>& f) {
  if (f.size() < 2) return "error: short line";
  const std::string& fn = f[0];
  sv::Options o;
  o.loose = f[1].find('l') != std::string::npos;
  o.include_prerelease = f[1].find('p') != std::string::npos;
  auto a = [&](size_t i) -> std::string { return i + 2 < f.size() ? f[i + 2] : std::string(); };
  if (fn == "valid") return show(sv::valid(a(0), o));
  if (fn == "clean") return show(sv::clean(a(0), o));
  if (fn == "validRange") return show(sv::valid_range(a(0), o));
  if (fn == "satisfies") return show(sv::satisfies(a(0), a(1), o));
  if (fn == "gtr") return show(sv::gtr(a(0), a(1), o));
  if (fn == "ltr") return show(sv::ltr(a(0), a(1), o));
  if (fn == "intersects") return show(sv::intersects(a(0), a(1), o));
  if (fn == "minVersion") return show(sv::min_version(a(0), o));
  if (fn == "truncate") return show(sv::truncate(a(0), a(1), o));
  if (fn == "coerce") {
    sv::CoerceOptions co{o.loose, o.include_prerelease, f[1].find('r') != std::string::npos};
    auto v = sv::coerce(a(0), co);
    return v ? v->str() : "null";
  }
  if (fn == "inc") {
    // inc version release identifier base; base: "u" unset, "f" false, "t<text>"
    sv::IdentifierBase base;
    std::string b = a(3);
    if (b == "f") base = sv::IdentifierBase::no_number();
    if (!b.empty() && b[0] == 't') base = sv::IdentifierBase::of(b.substr(1));
    return show(sv::inc(a(0), a(1), o, a(2), base));
  }
  if (fn == "compare" || fn == "compareBuild") {
    auto x = sv::parse(a(0), o), y = sv::parse(a(1), o);
    if (!x || !y) return "throw";
    return std::to_string(fn == "compare" ? sv::compare(*x, *y) : sv::compare_build(*x, *y));
  }
  if (fn == "parse") {
    auto v = sv::parse(a(0), o);
    if (!v) return "null";
    std::string out = std::to_string(v->major()) + " " + std::to_string(v->minor()) + " " + std::to_string(v->patch()) + " [";
    for (size_t i = 0; i < v->prerelease().size(); ++i) {
      out += (i ? "," : "") + std::string(v->prerelease_is_number(i) ? "#" : "") + v->prerelease()[i];
    }
    out += "] [";
    for (size_t i = 0; i < v->build().size(); ++i) out += (i ? "," : "") + v->build()[i];
    return out + "]";
  }
  if (fn == "maxSatisfying" || fn == "minSatisfying") {
    std::vector<std::string> vs(f.begin() + 3, f.end());
    return show(fn == "maxSatisfying" ? sv::max_satisfying(vs, a(0), o) : sv::min_satisfying(vs, a(0), o));
  }
  return "error: unknown function " + fn;
}

int run_eval(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "error: " << path << ": cannot read\n";
    return 2;
  }
  std::string line, out;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(unescape(std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    out += eval_one(fields);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

// ---- the command -----------------------------------------------------------------------------

int run_semver(std::vector<std::string> argv) {
  if (argv.empty()) {
    std::cerr << kHelp;
    return 2;
  }
  if (argv[0] == "--bench") {
    if (argv.size() < 2 || argv.size() > 3) return usage("--bench FILE [ROUNDS]");
    long rounds = argv.size() == 3 ? std::atol(argv[2].c_str()) : 1;
    return run_bench(argv[1], rounds < 1 ? 1 : rounds);
  }
  if (argv[0] == "--eval") {
    if (argv.size() != 2) return usage("--eval FILE");
    return run_eval(argv[1]);
  }
  std::deque<std::string> args(argv.begin(), argv.end());
  std::vector<std::string> versions, ranges;
  std::optional<std::string> inc_level, inc_errant, inc_option;
  std::string identifier;
  sv::IdentifierBase base;
  bool loose = false, include_prerelease = false, coerce = false, rtl = false, reverse = false;
  auto take = [&](const std::string& option, std::string& out) {
    if (args.empty()) return false;
    out = args.front();
    args.pop_front();
    (void)option;
    return true;
  };
  while (!args.empty()) {
    std::string a = args.front();
    args.pop_front();
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      args.push_front(a.substr(eq + 1));
      a = a.substr(0, eq);
    }
    std::string value;
    if (a == "-rv" || a == "-rev" || a == "--rev" || a == "--reverse") {
      reverse = true;
    } else if (a == "-l" || a == "--loose") {
      loose = true;
    } else if (a == "-p" || a == "--include-prerelease") {
      include_prerelease = true;
    } else if (a == "-v" || a == "--version") {
      if (!take(a, value)) return usage(a + " needs a version");
      versions.push_back(value);
    } else if (a == "-i" || a == "--inc" || a == "--increment") {
      inc_option = a;
      if (!args.empty() && is_release_type(args.front())) {
        inc_level = args.front();
        args.pop_front();
        inc_errant.reset();
      } else {
        inc_level = "patch";
        if (!args.empty()) {
          inc_errant = args.front();
        } else {
          inc_errant.reset();
        }
      }
    } else if (a == "--preid") {
      if (!take(a, identifier)) return usage("--preid needs an identifier");
    } else if (a == "-r" || a == "--range") {
      if (!take(a, value)) return usage(a + " needs a range");
      ranges.push_back(value);
    } else if (a == "-n") {
      if (!take(a, value)) return usage("-n needs a base (0, 1 or false)");
      base = value == "false" ? sv::IdentifierBase::no_number() : sv::IdentifierBase::of(value);
    } else if (a == "-c" || a == "--coerce") {
      coerce = true;
    } else if (a == "--rtl") {
      rtl = true;
    } else if (a == "--ltr") {
      rtl = false;
    } else if (a == "-h" || a == "--help" || a == "-?") {
      std::cout << kHelp;
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option " + a);
    } else {
      versions.push_back(a);
    }
  }
  const sv::Options options{loose, include_prerelease};
  if (inc_level && inc_errant) {
    bool listed = false;
    for (const auto& v : versions) listed = listed || v == *inc_errant;
    if (listed && !sv::valid(*inc_errant, options)) {
      std::cerr << "Invalid value for " << *inc_option << "; defaulting to 'patch'. This may become a failure in future major versions.\n";
    }
  }
  std::vector<std::pair<std::string, sv::Version>> kept;
  for (const auto& v : versions) {
    std::string text = v;
    if (coerce) {
      if (auto c = sv::coerce(v, {loose, include_prerelease, rtl})) text = c->str();
    }
    if (auto parsed = sv::parse(text, options)) kept.emplace_back(text, std::move(*parsed));
  }
  if (kept.empty()) return 1;
  if (inc_level && (kept.size() != 1 || !ranges.empty())) {
    std::cerr << "vigil semver: --inc can only be used on a single version with no range\n";
    return 2;
  }
  for (const auto& r : ranges) {
    auto range = sv::Range::parse(r, options);
    std::erase_if(kept, [&](const auto& v) { return !range || !range->test(v.second); });
    if (kept.empty()) return 1;
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const auto& x, const auto& y) {
    return reverse ? sv::compare(y.second, x.second) < 0 : sv::compare(x.second, y.second) < 0;
  });
  std::string out;
  for (const auto& [text, parsed] : kept) {
    auto cleaned = sv::clean(text, options);
    if (!cleaned) continue;
    if (inc_level) {
      auto next = sv::inc(*cleaned, *inc_level, options, identifier, base);
      if (!next) {
        std::cerr << "vigil semver: cannot increment " << *cleaned << " by " << *inc_level
                  << (identifier.empty() ? "" : " with --preid " + identifier) << "\n";
        return 1;
      }
      out += *next;
    } else {
      out += *cleaned;
    }
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace

void add_semver(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("semver", "Sort versions, filter them by ranges, or increment one (node-semver's semver command)");
  cmd->prefix_command();
  cmd->set_help_flag();
  cmd->allow_extras();
  cmd->callback([cmd, &ctx] { ctx.exit_code = run_semver(cmd->remaining()); });
}

}  // namespace vigil::cli
