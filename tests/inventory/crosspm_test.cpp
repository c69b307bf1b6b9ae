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

INSTANTIATE_TEST_SUITE_P(Lockfiles, CrossPackageManager,
                         ::testing::Values("npm-v1", "yarn-classic", "yarn-berry", "pnpm-5.4", "pnpm-6.0", "pnpm-9.0"),
                         variant_name);

}  // namespace
}  // namespace vigil::inventory
