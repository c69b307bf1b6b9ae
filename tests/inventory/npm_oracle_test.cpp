// The oracle test: for every npm lockfile of the real corpus, the set of name@version vigil
// finds must equal the set npm itself reports (`npm ls --all --json --package-lock-only`).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include "inventory/inventory.h"
#include "support/test_support.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;

std::vector<std::string> corpus_lockfiles() {
  std::vector<std::string> out;
  fs::path corpus = vigil::testing::shared_dir() / "corpus";
  std::error_code ec;
  if (!fs::exists(corpus, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(corpus, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    auto name = it->path().filename().string();
    if (name == "package-lock.json" || name == "npm-shrinkwrap.json") {
      out.push_back(it->path().lexically_relative(corpus).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The real name of an npm ls entry: the key, unless the registry tarball URL names another
// package (an npm: alias).
std::string real_name(std::string_view key, std::string_view resolved) {
  auto dash = resolved.find("/-/");
  if (dash == std::string_view::npos || resolved.substr(0, 4) != "http") return std::string(key);
  std::string_view before = resolved.substr(0, dash);
  // ".../<name>" or ".../@scope%2fname" or ".../@scope/name"
  auto slash = before.rfind('/');
  std::string name(before.substr(slash + 1));
  if (auto enc = name.find("%2f"); enc != std::string::npos) {
    name.replace(enc, 3, "/");
  } else if (auto enc2 = name.find("%2F"); enc2 != std::string::npos) {
    name.replace(enc2, 3, "/");
  } else {
    auto prev = before.substr(0, slash).rfind('/');
    std::string_view scope = before.substr(prev + 1, slash - prev - 1);
    if (!scope.empty() && scope[0] == '@') name = std::string(scope) + "/" + name;
  }
  return name;
}

// Every name@version npm ls lists, and the names of those that do not come from the registry
// (git, file:, link:, workspace members). Deduplicated entries carry no "resolved", so an id is
// non-registry when any of its occurrences says so.
struct NpmView {
  std::set<std::string> ids;
  std::set<std::string> non_registry_ids;
  std::set<std::string> non_registry_names;
};

// Deduplicated entries carry no "resolved" either, so an alias ("string-width-cjs") is
// mapped to its real name from another occurrence that has one.
using AliasMap = std::map<std::string, std::string>;  // "key@version" -> real name

void learn_aliases(simdjson::dom::element node, AliasMap& out, int depth) {
  simdjson::dom::object deps;
  if (depth > 500 || node["dependencies"].get(deps)) return;
  for (auto [key, child] : deps) {
    std::string_view version, resolved;
    if (!child["version"].get(version) && !child["resolved"].get(resolved)) {
      std::string name = real_name(key, resolved);
      if (name != key) out[std::string(key) + "@" + std::string(version)] = name;
    }
    learn_aliases(child, out, depth + 1);
  }
}

void collect(simdjson::dom::element node, const AliasMap& aliases, NpmView& out, int depth) {
  simdjson::dom::object deps;
  if (depth > 500 || node["dependencies"].get(deps)) return;
  for (auto [key, child] : deps) {
    std::string_view version, resolved;
    if (child["resolved"].get(resolved)) resolved = {};
    std::string name = real_name(key, resolved);
    if (resolved.empty() && !child["version"].get(version)) {
      auto it = aliases.find(std::string(key) + "@" + std::string(version));
      if (it != aliases.end()) name = it->second;
    }
    bool non_registry = !resolved.empty() && resolved.substr(0, 4) != "http";
    if (non_registry) out.non_registry_names.insert(name);
    if (!child["version"].get(version)) {
      std::string id = name + "@" + std::string(version);
      out.ids.insert(id);
      if (non_registry) out.non_registry_ids.insert(id);
    }
    collect(child, aliases, out, depth + 1);
  }
}

class NpmOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(NpmOracle, SameLibrariesAsNpmLs) {
  fs::path lock = vigil::testing::shared_dir() / "corpus" / GetParam();
  fs::path project = lock.parent_path();
  TempDir tmp;
  // npm ls needs a writable copy; copy the manifests (workspace members' too), not node_modules.
  fs::path copy = tmp / "p";
  ASSERT_EQ(run_command("cp -r " + shell_quote(project.string()) + " " + shell_quote(copy.string()) +
                        " && chmod -R u+w " + shell_quote(copy.string())).exit_code, 0);
  auto npm = run_command("cd " + shell_quote(copy.string()) +
                         " && npm ls --all --json --package-lock-only --ignore-scripts");
  ASSERT_FALSE(npm.out.empty()) << npm.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(npm.out).get(root)) << "npm ls printed no JSON: " << npm.err;
  AliasMap aliases;
  learn_aliases(root, aliases, 0);
  // When a lockfile records no "resolved" at all, npm ls cannot tell an alias from its target:
  // take the translation from the lockfile's own "name" fields (v2/v3).
  {
    simdjson::dom::parser lp;
    simdjson::dom::element lroot;
    simdjson::dom::object packages;
    if (!lp.load(lock.string()).get(lroot) && !lroot["packages"].get(packages)) {
      for (auto [loc, entry] : packages) {
        std::string_view name, version;
        auto pos = loc.rfind("node_modules/");
        if (pos == std::string_view::npos || entry["name"].get(name) || entry["version"].get(version)) continue;
        std::string key(loc.substr(pos + 13));
        if (key != name) aliases.emplace(key + "@" + std::string(version), std::string(name));
      }
    }
  }
  NpmView view;
  collect(root, aliases, view, 0);
  std::set<std::string> expected;
  for (const auto& id : view.ids) {
    if (view.non_registry_ids.count(id) == 0) expected.insert(id);
  }

  ProjectRef ref{copy, GetParam(), copy.string(), copy};
  auto cb = scan_project(ref, Options{});
  ASSERT_TRUE(cb.ok()) << cb.error().to_string();
  // Libraries (registry packages) must match exactly; non-registry packages by name (npm
  // reports no version for some git dependencies).
  std::set<std::string> actual, actual_non_registry;
  for (const auto& c : cb->components) {
    if (c.library()) {
      actual.insert(c.pkg.name + "@" + c.pkg.version);
    } else {
      actual_non_registry.insert(c.pkg.name);
    }
  }
  for (const auto& imp : cb->importers) actual_non_registry.insert(imp.name);
  for (const auto& name : view.non_registry_names) {
    EXPECT_EQ(actual_non_registry.count(name), 1u) << "npm ls has non-registry " << name << "; vigil does not";
  }
  std::vector<std::string> only_npm, only_vigil;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(only_npm));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(only_vigil));
  auto head = [](const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < 15; ++i) s += "  " + v[i] + "\n";
    return s;
  };
  EXPECT_TRUE(only_npm.empty()) << only_npm.size() << " only in npm ls:\n" << head(only_npm);
  EXPECT_TRUE(only_vigil.empty()) << only_vigil.size() << " only in vigil:\n" << head(only_vigil);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, NpmOracle, ::testing::ValuesIn(corpus_lockfiles()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(NpmOracle);

}  // namespace
}  // namespace vigil::inventory
