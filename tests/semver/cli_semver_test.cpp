// `vigil semver` end to end: output, exit codes, and node-semver's argument conventions.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace {

using vigil::testing::run_command;
using vigil::testing::shell_quote;

vigil::testing::CommandResult semver(const std::string& args) {
  return run_command(shell_quote(VIGIL_BINARY) + " semver " + args);
}

TEST(SemverCli, BinaryIsBuilt) { ASSERT_TRUE(std::filesystem::exists(VIGIL_BINARY)) << VIGIL_BINARY; }

TEST(SemverCli, PrintsValidVersionsSortedAscending) {
  auto r = semver("2.0.0 1.2.3 junk 1.2.3-beta v1.0.0 10.0.0");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1.0.0\n1.2.3-beta\n1.2.3\n2.0.0\n10.0.0\n");
}

TEST(SemverCli, RangesFilterAndAllMustMatch) {
  auto r = semver("-r '^1.2' -r '<1.5' 1.1.0 1.2.0 1.4.9 1.5.0 2.0.0");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1.2.0\n1.4.9\n");
  auto p = semver("--range '>=1.0.0' 1.2.0-beta");
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_EQ(p.out, "");
  auto q = semver("-p --range='>=1.0.0' 1.2.0-beta");  // --opt=value as node-semver splits it
  EXPECT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.out, "1.2.0-beta\n");
}

TEST(SemverCli, NoValidVersionExitsOne) {
  auto r = semver("junk 1.2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  auto l = semver("-l =1.2.3beta");
  EXPECT_EQ(l.exit_code, 0) << l.err;
  EXPECT_EQ(l.out, "1.2.3-beta\n");
}

TEST(SemverCli, Increment) {
  EXPECT_EQ(semver("-i 1.2.3").out, "1.2.4\n");
  EXPECT_EQ(semver("-i minor 1.2.3").out, "1.3.0\n");
  EXPECT_EQ(semver("-i prerelease --preid rc 1.2.3").out, "1.2.4-rc.0\n");
  EXPECT_EQ(semver("-i prerelease --preid rc -n 1 1.2.3").out, "1.2.4-rc.1\n");
  EXPECT_EQ(semver("-i premajor --preid rc -n false 1.2.3").out, "2.0.0-rc\n");
  auto bad = semver("-i release 1.2.3");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("cannot increment"), std::string::npos) << bad.err;
  auto two = semver("-i major 1.2.3 2.0.0");
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_NE(two.err.find("single version"), std::string::npos) << two.err;
  auto errant = semver("-i nope 1.2.3");  // not a level: defaults to patch, "nope" is a version
  EXPECT_EQ(errant.exit_code, 0);
  EXPECT_EQ(errant.out, "1.2.4\n");
  EXPECT_NE(errant.err.find("defaulting to 'patch'"), std::string::npos) << errant.err;
}

TEST(SemverCli, Coerce) {
  EXPECT_EQ(semver("-c v2 'version 3.1' 1.2.3.4").out, "1.2.3\n2.0.0\n3.1.0\n");
  EXPECT_EQ(semver("-c --rtl 1.2.3.4").out, "2.3.4\n");
  EXPECT_EQ(semver("-c --rtl --ltr 1.2.3.4").out, "1.2.3\n");
}

TEST(SemverCli, UsageErrorsExitTwo) {
  auto unknown = semver("--frobnicate 1.2.3");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--frobnicate"), std::string::npos) << unknown.err;
  EXPECT_EQ(semver("1.2.3 -r").exit_code, 2);
  EXPECT_EQ(semver("").exit_code, 2);
  auto help = semver("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: vigil semver [options]"), std::string::npos);
}

}  // namespace
