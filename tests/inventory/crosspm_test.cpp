// One package.json resolved by npm (lockfile v1 and v3), yarn classic, yarn berry and pnpm
// (lockfile 5.4, 6.0, 9.0) must give the same inventory: the same libraries with the same
// scope, the same direct/transitive split and the same shortest paths.
#include <gtest/gtest.h>

#include <tuple>

#include "inventory/inventory.h"
#include "support/test_support.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;

struct Row {
  std::string id;
  Scope scope;
  bool direct;
  DependencyPath shortest;
  std::vector<std::string> aliases;
  bool operator==(const Row&) const = default;
};

void PrintTo(const Row& r, std::ostream* os) {
  *os << r.id << " " << to_string(r.scope) << (r.direct ? " direct" : " transitive") << " via";
  for (const auto& p : r.shortest) *os << " " << p;
}

std::vector<Row> inventory_of(const std::string& variant) {
  fs::path dir = vigil::testing::test_data() / "inventory/crosspm" / variant;
  ProjectRef ref{dir, variant, variant, dir};
  auto cb = scan_project(ref, Options{});
  EXPECT_TRUE(cb.ok()) << variant << ": " << (cb.ok() ? "" : cb.error().to_string());
  std::vector<Row> rows;
  if (!cb.ok()) return rows;
  EXPECT_TRUE(cb->warnings.empty()) << variant << ": " << cb->warnings.front().to_string();
  for (const auto& c : cb->components) {
    rows.push_back({c.pkg.id(), c.scope, c.direct, cb->path_ids(c.shortest_path), c.aliases});
  }
  return rows;
}

class CrossPackageManager : public ::testing::TestWithParam<std::string> {};

TEST_P(CrossPackageManager, SameInventoryAsNpm) {
  std::vector<Row> reference = inventory_of("npm-v3");
  ASSERT_EQ(reference.size(), 14u);
  EXPECT_EQ(inventory_of(GetParam()), reference);
}

std::string variant_name(const ::testing::TestParamInfo<std::string>& p) {
  std::string s = p.param;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

// The ranges each manifest declares travel with the graph: what the project asks for its
// direct dependencies (every format), and what a library asks for its own (every format
// whose lockfile records it: npm, yarn; pnpm records resolved versions there).
TEST(DeclaredRanges, EveryFormatKeepsWhatTheManifestsAsk) {
  for (std::string variant : {"npm-v1", "npm-v3", "yarn-classic", "yarn-berry", "pnpm-5.4", "pnpm-6.0", "pnpm-9.0"}) {
    SCOPED_TRACE(variant);
    fs::path dir = vigil::testing::test_data() / "inventory/crosspm" / variant;
    ProjectRef ref{dir, variant, variant, dir};
    auto cb = scan_project(ref, Options{});
    ASSERT_TRUE(cb.ok());
    auto index = [&](const std::string& id) -> uint32_t {
      for (uint32_t i = 0; i < cb->components.size(); ++i) {
        if (cb->components[i].pkg.id() == id) return i;
      }
      ADD_FAILURE() << id << " missing";
      return 0;
    };
    uint32_t root = Codebase::kFromImporter | 0u;
    EXPECT_EQ(cb->declared_range(root, index("chalk@4.1.2")), "4.1.2");
    EXPECT_EQ(cb->declared_range(root, index("semver@7.5.4")), "7.5.4");
    EXPECT_EQ(cb->declared_range(index("chalk@4.1.2"), index("debug@4.3.4")), "");  // no such edge
    if (variant.rfind("pnpm", 0) != 0) {
      std::string got(cb->declared_range(index("chalk@4.1.2"), index("ansi-styles@4.3.0")));
      EXPECT_EQ(got, "^4.1.0");
      EXPECT_NE(cb->declared_range(index("debug@4.3.4"), index("ms@2.1.2")), "");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Lockfiles, CrossPackageManager,
                         ::testing::Values("npm-v1", "yarn-classic", "yarn-berry", "pnpm-5.4", "pnpm-6.0", "pnpm-9.0"),
                         variant_name);

}  // namespace
}  // namespace vigil::inventory
