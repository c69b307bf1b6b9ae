// Golden files: the writers' exact bytes for the sample codebase and inventory, kept in
// tests/data/report/ so that every change of an output format shows in review. After an
// intended change, regenerate them with
//   VIGIL_UPDATE_GOLDEN=1 build/<preset>/tests/test_report --gtest_filter='Golden.*'
// and read the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "report/report.h"
#include "report/test_fixture.h"
#include "support/test_support.h"

namespace vigil::report {
namespace {

namespace fs = std::filesystem;

void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path file = fs::path(VIGIL_TEST_DATA) / "report" / name;
  const char* update = std::getenv("VIGIL_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    testing::write_text(file, actual);
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " is missing; run with VIGIL_UPDATE_GOLDEN=1 to create it";
  std::string expected = testing::read_text(file);
  EXPECT_TRUE(expected == actual) << name << " differs from the golden file " << file
                                  << " (VIGIL_UPDATE_GOLDEN=1 rewrites it)\n--- actual ---\n"
                                  << actual;
}

SbomOptions golden_options() {
  SbomOptions o;
  o.timestamp = 1700000000;
  o.tool_version = "0.1.0";
  o.serial_seed = "golden";
  return o;
}

inventory::Inventory golden_inventory() {
  inventory::Inventory inv;
  inv.codebases.push_back(testing::sample_codebase());
  testing::CodebaseBuilder api("apps/api", "pnpm-9.0");
  api.importer("api", "2.0.0", ".")
      .component("chalk", "chalk", "4.1.2", inventory::Scope::Prod, true, "MIT", testing::kSha512Empty)
      .component("lodash", "lodash", "4.17.21", inventory::Scope::Prod, true, "MIT")
      .import_edge(0, "chalk")
      .import_edge(0, "lodash");
  inv.codebases.push_back(api.finish());
  inv.failures.push_back(make_error("broken/package-lock.json", 3, 7, "expected ',' or '}'"));
  return inv;
}

TEST(Golden, CycloneDx) { expect_golden("sample.cdx.json", write_cyclonedx(testing::sample_codebase(), golden_options())); }

TEST(Golden, Spdx) { expect_golden("sample.spdx.json", write_spdx(testing::sample_codebase(), golden_options())); }

TEST(Golden, InventoryTable) {
  expect_golden("inventory.txt", write_inventory(golden_inventory(), InventoryFormat::Table));
}

TEST(Golden, InventoryJson) {
  expect_golden("inventory.json", write_inventory(golden_inventory(), InventoryFormat::Json));
}

TEST(Golden, InventoryCsv) {
  expect_golden("inventory.csv", write_inventory(golden_inventory(), InventoryFormat::Csv));
}

}  // namespace
}  // namespace vigil::report
