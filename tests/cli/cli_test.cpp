// The vigil binary end to end: exit codes, error lines, determinism, output files.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

std::string vigil_cmd(const std::string& args) { return shell_quote(VIGIL_BINARY) + " " + args; }

constexpr const char* kGoodLock = R"({"name": "good", "version": "1.0.0", "lockfileVersion": 3, "packages": {
  "": {"name": "good", "version": "1.0.0", "dependencies": {"a": "^1.0.0"}, "devDependencies": {"@s/b": "2"}},
  "node_modules/a": {"version": "1.0.0", "resolved": "https://r.example/a/-/a-1.0.0.tgz", "integrity": "sha512-AAAA", "license": "MIT"},
  "node_modules/@s/b": {"version": "2.0.0", "dev": true}}})";

void make_org(const TempDir& tmp) {
  write_text(tmp / "org/good/package.json", R"({"name": "good", "version": "1.0.0", "dependencies": {"a": "^1.0.0"}, "devDependencies": {"@s/b": "2"}})");
  write_text(tmp / "org/good/package-lock.json", kGoodLock);
  write_text(tmp / "org/bad/package-lock.json", "{\"lockfileVersion\": 3,\n  \"packages\": {\"\": {\"name\": \"x\"}");
}

TEST(Cli, BadCodebaseGivesExitTwoOneLineAndTheOthersAreStillReported) {
  TempDir tmp;
  make_org(tmp);
  auto r = run_command(vigil_cmd("inventory --format csv " + shell_quote((tmp / "org").string())));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("good"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",a,1.0.0,"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("bad/package-lock.json:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unexpected end of file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 codebase could not be read"), std::string::npos) << r.err;
}

TEST(Cli, SameInputSameBytes) {
  TempDir tmp;
  make_org(tmp);
  for (const char* fmt : {"table", "json", "csv"}) {
    std::string cmd = vigil_cmd(std::string("inventory --paths 5 --format ") + fmt + " " + shell_quote((tmp / "org/good").string()));
    auto a = run_command(cmd);
    auto b = run_command(cmd + " -j1");
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_FALSE(a.out.empty());
    EXPECT_EQ(a.out, b.out) << fmt;
  }
}

TEST(Cli, SbomIsReproducibleWithSourceDateEpoch) {
  TempDir tmp;
  make_org(tmp);
  std::string dir = shell_quote((tmp / "org/good").string());
  for (const char* fmt : {"cyclonedx-json", "spdx-json"}) {
    auto a = run_command("SOURCE_DATE_EPOCH=1700000000 " + vigil_cmd(std::string("sbom --format ") + fmt + " " + dir));
    auto b = run_command("SOURCE_DATE_EPOCH=1700000000 " + vigil_cmd(std::string("sbom --format ") + fmt + " " + dir));
    auto c = run_command(vigil_cmd(std::string("sbom --reproducible --format ") + fmt + " " + dir));
    auto d = run_command(vigil_cmd(std::string("sbom --reproducible --format ") + fmt + " " + dir));
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << fmt;
    EXPECT_EQ(c.out, d.out) << fmt;
    EXPECT_NE(a.out.find("2023-11-14T22:13:20Z"), std::string::npos) << a.out.substr(0, 400);
  }
  auto prod = run_command(vigil_cmd("sbom --reproducible --prod-only --format cyclonedx-json " + dir));
  EXPECT_EQ(prod.exit_code, 0) << prod.err;
  EXPECT_EQ(prod.out.find("pkg:npm/%40s/b@2.0.0"), std::string::npos);
  EXPECT_NE(prod.out.find("pkg:npm/a@1.0.0"), std::string::npos);
}

TEST(Cli, SbomOfAFolderWithSeveralProjectsAsksForOne) {
  TempDir tmp;
  make_org(tmp);
  write_text(tmp / "org/other/package.json", R"({"name": "other"})");
  auto r = run_command(vigil_cmd("sbom --format spdx-json " + shell_quote((tmp / "org").string())));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("projects here; name one"), std::string::npos) << r.err;
}

TEST(Cli, FailedRunLeavesNoPartialOutputFile) {
  TempDir tmp;
  make_org(tmp);
  fs::path out = tmp / "sbom.json";
  auto r = run_command(vigil_cmd("sbom --format cyclonedx-json -o " + shell_quote(out.string()) + " " +
                                 shell_quote((tmp / "org/bad").string())));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(out));
  auto ok = run_command(vigil_cmd("sbom --format cyclonedx-json -o " + shell_quote(out.string()) + " " +
                                  shell_quote((tmp / "org/good").string())));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(read_text(out).find("\"specVersion\": \"1.6\""), std::string::npos);
}

TEST(Cli, MaxFileSizeFlag) {
  TempDir tmp;
  make_org(tmp);
  std::string dir = shell_quote((tmp / "org/good").string());
  auto small = run_command(vigil_cmd("inventory --max-file-size 100 " + dir));
  EXPECT_EQ(small.exit_code, 2);
  EXPECT_NE(small.err.find("over the limit of 100 bytes"), std::string::npos) << small.err;
  auto big = run_command(vigil_cmd("inventory --max-file-size 1M " + dir));
  EXPECT_EQ(big.exit_code, 0) << big.err;
  auto nonsense = run_command(vigil_cmd("inventory --max-file-size lots " + dir));
  EXPECT_EQ(nonsense.exit_code, 2);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_command(vigil_cmd("inventory")).exit_code, 2);
  EXPECT_EQ(run_command(vigil_cmd("inventory --format xml .")).exit_code, 2);
  EXPECT_EQ(run_command(vigil_cmd("frobnicate")).exit_code, 2);
  EXPECT_EQ(run_command(vigil_cmd("--help")).exit_code, 0);
  auto v = run_command(vigil_cmd("version"));
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("vigil ", 0), 0u);
}

TEST(Cli, LockfileContradictingItsManifestExitsTwo) {
  TempDir tmp;
  write_text(tmp / "org/p/package.json", R"({"name": "p", "dependencies": {"a": "^2"}})");
  write_text(tmp / "org/p/package-lock.json", R"({"lockfileVersion": 3, "packages": {"": {"name": "p", "dependencies": {"a": "^1"}},
    "node_modules/a": {"version": "1.0.0"}}})");
  write_text(tmp / "org/q/package.json", R"({"name": "q", "dependencies": {"b": "^1"}})");
  write_text(tmp / "org/q/package-lock.json", R"({"lockfileVersion": 3, "packages": {"": {"name": "q", "dependencies": {"b": "^1"}},
    "node_modules/b": {"version": "1.0.0"}}})");
  std::string dir = shell_quote((tmp / "org").string());
  auto r = run_command(vigil_cmd("inventory " + dir));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("p/package-lock.json: out of sync with package.json: a is ^2 in package.json but ^1 in the lockfile"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 codebase contradict"), std::string::npos) << r.err;
  // Both codebases are still reported.
  EXPECT_NE(r.out.find("\np "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nq "), std::string::npos) << r.out;
  auto allowed = run_command(vigil_cmd("inventory --allow-out-of-sync " + dir));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.err.find("1 warning"), std::string::npos) << allowed.err;
  auto strict = run_command(vigil_cmd("inventory --allow-out-of-sync --strict --show-warnings " + dir));
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.err.find("out of sync with package.json"), std::string::npos) << strict.err;
  auto sbom = run_command(vigil_cmd("sbom " + shell_quote((tmp / "org/p").string())));
  EXPECT_EQ(sbom.exit_code, 2);
  EXPECT_TRUE(sbom.out.empty());
  auto sbom_allowed = run_command(vigil_cmd("sbom --allow-out-of-sync " + shell_quote((tmp / "org/p").string())));
  EXPECT_EQ(sbom_allowed.exit_code, 0) << sbom_allowed.err;
  EXPECT_NE(sbom_allowed.out.find("\"bomFormat\""), std::string::npos);
}

}  // namespace
}  // namespace vigil
