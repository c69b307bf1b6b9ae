// vigil.yaml, the grype and audit-ci importers, and which suppression covers a finding.
#include <gtest/gtest.h>

#include <filesystem>

#include "policy/policy.h"
#include "support/test_support.h"

namespace vigil::policy {
namespace {

const Date kToday{2026, 11, 25};

TEST(PolicyDate, ParsesRealDatesOnly) {
  EXPECT_EQ(parse_date("2026-02-28")->str(), "2026-02-28");
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2026-02-29"));
  EXPECT_FALSE(parse_date("2026-13-01"));
  EXPECT_FALSE(parse_date("2026-1-01"));
  EXPECT_FALSE(parse_date("tomorrow"));
  EXPECT_EQ(date_of_epoch(0).str(), "1970-01-01");
  EXPECT_EQ(date_of_epoch(1764028800).str(), "2025-11-25");
  EXPECT_EQ(date_of_epoch(951782400).str(), "2000-02-29");
}

TEST(PolicyYaml, ReadsEverySection) {
  auto p = parse_policy(R"(version: 1
vulnerabilities:
  fail-on: high
  prod-only: true
  import: [.grype.yaml]
  suppressions:
    - id: GHSA-5j98-mcp5-4vw2
      package: glob
      reason: glob is only used by the build
      expires: 2027-01-31
    - id: CVE-2025-56200
      reason: "no fix yet"
vulndb:
  source: https://example.invalid/npm/all.zip
  max-age-days: 3
licenses:
  allowed: [MIT]
)",
                        "vigil.yaml", kToday);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->vulnerabilities.fail_on, Severity::High);
  EXPECT_EQ(p->vulnerabilities.prod_only, true);
  ASSERT_EQ(p->vulnerabilities.suppressions.size(), 2u);
  const Suppression& s = p->vulnerabilities.suppressions[0];
  EXPECT_EQ(s.id, "GHSA-5j98-mcp5-4vw2");
  EXPECT_EQ(s.package, "glob");
  EXPECT_EQ(s.expires->str(), "2027-01-31");
  EXPECT_EQ(s.origin, "vigil.yaml:7");
  EXPECT_FALSE(p->vulnerabilities.suppressions[1].expires);
  EXPECT_EQ(p->vulnerabilities.imports, std::vector<std::string>{".grype.yaml"});
  EXPECT_EQ(p->vulndb_max_age_days, 3);
  EXPECT_TRUE(p->warnings.empty());
}

TEST(PolicyYaml, EmptyFileIsTheDefaultPolicy) {
  auto p = parse_policy("# nothing yet\n", "vigil.yaml", kToday);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->vulnerabilities.fail_on);
  EXPECT_TRUE(p->vulnerabilities.suppressions.empty());
}

struct BadPolicy {
  const char* text;
  const char* where;    // "line:column" expected in the error
  const char* message;  // part of the message
};

TEST(PolicyYaml, RejectsWhatWouldSilentlyChangeTheGate) {
  const BadPolicy cases[] = {
      {"vulnerabilities:\n  suppressions:\n    - id: GHSA-1\n", "3:7", "needs a reason"},
      {"vulnerabilities:\n  suppressions:\n    - id: GHSA-1\n      reason: \"  \"\n", "4:15", "needs a reason"},
      {"vulnerabilities:\n  suppressions:\n    - reason: x\n", "3:7", "needs an id"},
      {"vulnerabilities:\n  suppressions:\n    - id: GHSA-1\n      reason: x\n      expires: 31/12/2026\n", "5:16", "YYYY-MM-DD"},
      {"vulnerabilities:\n  suppressions:\n    - id: GHSA-1\n      reason: x\n      expire: 2026-12-31\n", "5:7", "unknown key \"expire\""},
      {"vulnerabilities:\n  fail-on: severe\n", "2:12", "low, moderate, high, critical"},
      {"vulnerabilities:\n  failon: high\n", "2:3", "unknown key \"failon\""},
      {"vulnerabilites:\n  fail-on: high\n", "1:1", "unknown key \"vulnerabilites\""},
      {"vulnerabilities:\n  suppressions:\n    - id: '*'\n      reason: x\n", "3:11", "needs a package"},
      {"vulnerabilities:\n  prod-only: yes please\n", "2:14", "true or false"},
      {"version: 2\n", "1:10", "from 1 to 1"},
      {"a: &x [1]\nb: *x\n", "1:", "anchors"},
      {"vulnerabilities: [\n", "", ""},
  };
  for (const auto& c : cases) {
    auto p = parse_policy(c.text, "vigil.yaml", kToday);
    ASSERT_FALSE(p) << c.text;
    std::string e = p.error().to_string();
    EXPECT_NE(e.find(std::string("vigil.yaml:") + c.where), std::string::npos) << e;
    EXPECT_NE(e.find(c.message), std::string::npos) << e;
  }
}

TEST(PolicyYaml, InvalidUtf8IsAnErrorWithItsPlace) {
  auto p = parse_policy("vulnerabilities:\n  fail-on: hi\xffgh\n", "vigil.yaml", kToday);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().to_string(), "vigil.yaml:2:14: the file is not valid UTF-8");
}

TEST(PolicyYaml, ExpiredSuppressionIsKeptAndWarnedAbout) {
  auto p = parse_policy("vulnerabilities:\n  suppressions:\n    - id: GHSA-1\n      reason: x\n      expires: 2026-11-24\n",
                        "vigil.yaml", kToday);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->vulnerabilities.suppressions.size(), 1u);
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_NE(p->warnings[0].message.find("expired on 2026-11-24"), std::string::npos);
}

TEST(Suppressions, MatchByIdAliasPackageVersionAndExpiry) {
  std::vector<Suppression> s(5);
  s[0] = {"CVE-2021-1", "", "", "accepted", Date{2026, 11, 25}, true, "a:1"};
  s[1] = {"GHSA-only", "", "", "accepted", std::nullopt, false, "a:2"};
  s[2] = {"*", "lodash", "", "whole package", std::nullopt, true, "a:3"};
  s[3] = {"GHSA-pinned", "minimist", "1.2.0", "one version", std::nullopt, true, "a:4"};
  s[4] = {"GHSA-old", "", "", "was accepted", Date{2026, 1, 1}, true, "a:5"};
  std::vector<std::string> aliases{"CVE-2021-1"};
  // By alias, on its last day.
  EXPECT_EQ(find_suppression(s, "GHSA-x", aliases, "a", "1.0.0", kToday).applied, &s[0]);
  // The day after it has expired.
  auto m = find_suppression(s, "GHSA-x", aliases, "a", "1.0.0", Date{2026, 11, 26});
  EXPECT_EQ(m.applied, nullptr);
  EXPECT_EQ(m.expired, &s[0]);
  // include-aliases: false matches the primary id only.
  EXPECT_EQ(find_suppression(s, "GHSA-only", {}, "a", "1", kToday).applied, &s[1]);
  EXPECT_EQ(find_suppression(s, "CVE-9", {"GHSA-only"}, "a", "1", kToday).applied, nullptr);
  // Case-insensitive ids.
  EXPECT_EQ(find_suppression(s, "ghsa-only", {}, "a", "1", kToday).applied, &s[1]);
  // Every advisory of a package.
  EXPECT_EQ(find_suppression(s, "GHSA-any", {}, "lodash", "4.17.20", kToday).applied, &s[2]);
  EXPECT_EQ(find_suppression(s, "GHSA-any", {}, "lodash-es", "4.17.20", kToday).applied, nullptr);
  // Package and version.
  EXPECT_EQ(find_suppression(s, "GHSA-pinned", {}, "minimist", "1.2.0", kToday).applied, &s[3]);
  EXPECT_EQ(find_suppression(s, "GHSA-pinned", {}, "minimist", "1.2.6", kToday).applied, nullptr);
  // Expired only.
  m = find_suppression(s, "GHSA-old", {}, "x", "1", kToday);
  EXPECT_EQ(m.applied, nullptr);
  EXPECT_EQ(m.expired, &s[4]);
}

TEST(GrypeImport, ReadsIgnoreRules) {
  auto g = import_grype(R"(ignore:
  - vulnerability: GHSA-5j98-mcp5-4vw2
    include-aliases: true
    reason: glob upgraded
  - vulnerability: CVE-2025-46394
    reason: >-
      No fixes to busybox
      as of 2025-10-16
  - vulnerability: CVE-2024-1
  - vulnerability: CVE-2024-2
    package:
      name: semver
      version: 5.7.1
      type: npm
  - vulnerability: CVE-2024-3
    fix-state: wont-fix
  - package:
      name: busybox
      type: apk
output: [table, json]
)",
                        ".grype.yaml");
  ASSERT_TRUE(g) << g.error().to_string();
  ASSERT_EQ(g->suppressions.size(), 4u);
  EXPECT_TRUE(g->suppressions[0].include_aliases);
  EXPECT_FALSE(g->suppressions[1].include_aliases);  // grype's default
  EXPECT_EQ(g->suppressions[1].reason, "No fixes to busybox as of 2025-10-16");
  EXPECT_EQ(g->suppressions[2].reason, "ignored in .grype.yaml (no reason given there)");
  EXPECT_EQ(g->suppressions[3].package, "semver");
  EXPECT_EQ(g->suppressions[3].version, "5.7.1");
  EXPECT_EQ(g->suppressions[0].origin, ".grype.yaml:2");
  ASSERT_EQ(g->warnings.size(), 2u);
  EXPECT_NE(g->warnings[0].message.find("fix-state"), std::string::npos);
  EXPECT_NE(g->warnings[1].message.find("apk"), std::string::npos);
}

TEST(GrypeImport, BadFilesAreErrors) {
  EXPECT_FALSE(import_grype("ignore:\n  - vulnerability: [a]\n", "g.yaml"));
  EXPECT_FALSE(import_grype("ignore: yes\n", "g.yaml"));
  EXPECT_FALSE(import_grype("ignore:\n  - vulnerability: CVE-1\n    reasn: typo\n", "g.yaml"));
  auto bomb = import_grype("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "g.yaml");
  ASSERT_FALSE(bomb);
  EXPECT_NE(bomb.error().to_string().find("g.yaml:"), std::string::npos);
}

TEST(AuditCiImport, ReadsFlagsAllowlistAndTheReasonsInComments) {
  auto a = import_audit_ci(R"({
  "$schema": "https://github.com/IBM/audit-ci/raw/main/docs/schema.json",
  // Only use one of ["low": true, "moderate": true, "high": true, "critical": true]
  "moderate": true,
  "skip-dev": true,
  "allowlist": [ // NOTE: Please add as much information as possible
    /**
      Package: @grpc/grpc-js
      Reason for Allowing: Sub-dependency of @mojaloop/event-sdk.
    **/
    "GHSA-5375-pq7m-f5r2",
    "GHSA-p9pc-299p-vxgp", // yargs-parser prototype pollution - transitive via widdershins
    "GHSA-2g4f-4pwh-qvx6"
    // ajv ReDoS - unfixable
    ,
    "axios",
    "GHSA-xxjr-mmjv-4gpg|a>b>minimist",
    {"CVE-2021-1234": {"active": true, "expiry": "2027-01-31", "notes": "waiting for upstream"}},
    {"GHSA-2222-3333-4444": {"active": false}},
  ],
})",
                           "audit-ci.jsonc");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->fail_on, Severity::Moderate);
  EXPECT_EQ(a->prod_only, true);
  ASSERT_EQ(a->suppressions.size(), 6u);
  EXPECT_EQ(a->suppressions[0].id, "GHSA-5375-pq7m-f5r2");
  EXPECT_EQ(a->suppressions[0].reason, "Package: @grpc/grpc-js Reason for Allowing: Sub-dependency of @mojaloop/event-sdk.");
  EXPECT_EQ(a->suppressions[0].origin, "audit-ci.jsonc:11");
  EXPECT_EQ(a->suppressions[1].reason, "yargs-parser prototype pollution - transitive via widdershins");
  EXPECT_EQ(a->suppressions[2].reason, "ajv ReDoS - unfixable");
  EXPECT_EQ(a->suppressions[3].reason, "allowlisted in audit-ci.jsonc (no reason given there)");
  EXPECT_EQ(a->suppressions[3].id, "*");
  EXPECT_EQ(a->suppressions[3].package, "axios");
  EXPECT_EQ(a->suppressions[4].id, "GHSA-xxjr-mmjv-4gpg");
  EXPECT_EQ(a->suppressions[4].package, "minimist");
  EXPECT_EQ(a->suppressions[5].id, "CVE-2021-1234");
  EXPECT_EQ(a->suppressions[5].reason, "waiting for upstream");
  EXPECT_EQ(a->suppressions[5].expires->str(), "2027-01-31");
}

TEST(AuditCiImport, BadFilesNameTheirPlace) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"{\"moderate\": \"yes\"}", "audit-ci.json:1:14: \"moderate\" must be true or false"},
      {"{\"allowlist\": [\"GHSA-1\" \"GHSA-2\"]}", "audit-ci.json:1:25: expected ',' or ']'"},
      {"{\"allowlist\": [\n", "audit-ci.json:2:1: the configuration ends too early"},
      {"{/* open", "audit-ci.json:1:2: a comment is not closed"},
      {"{\"allowlist\": [\"unterminated]}", "audit-ci.json:1:16: a string is not closed"},
      {"[]", "audit-ci.json:1:1: an audit-ci configuration must be an object"},
      {"{\"allowlist\": [{\"CVE-1\": {\"expiry\": \"soon\"}}]}", "audit-ci.json:1:37: expiry \"soon\" is not a date YYYY-MM-DD"},
  };
  for (const auto& c : cases) {
    auto a = import_audit_ci(c.text, "audit-ci.json");
    ASSERT_FALSE(a) << c.text;
    EXPECT_EQ(a.error().to_string(), c.expect);
  }
  std::string deep(100, '[');
  EXPECT_NE(import_audit_ci("{\"a\": " + deep, "audit-ci.json").error().to_string().find("nested too deeply"), std::string::npos);
}

// Every .grype.yaml and audit-ci.jsonc of the shared corpus imports, and every suppression has
// an id or a package and a reason.
TEST(PolicyCorpus, MojaloopFilesImport) {
  auto root = vigil::testing::shared_dir() / "corpus";
  if (!std::filesystem::exists(root)) GTEST_SKIP() << "no shared corpus";
  size_t files = 0, suppressions = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::recursive_directory_iterator(); ++it) {
    std::string name = it->path().filename().string();
    if (name == "node_modules") {
      it.disable_recursion_pending();
      continue;
    }
    if (name != ".grype.yaml" && name.rfind("audit-ci.json", 0) != 0) continue;
    auto imported = import_file(it->path(), it->path().string());
    ASSERT_TRUE(imported) << imported.error().to_string();
    ++files;
    for (const auto& s : imported->suppressions) {
      EXPECT_FALSE(s.id.empty()) << s.origin;
      EXPECT_FALSE(s.reason.empty()) << s.origin;
      ++suppressions;
    }
  }
  EXPECT_GT(files, 0u);
  EXPECT_GT(suppressions, 0u);
  std::printf("imported %zu files, %zu suppressions\n", files, suppressions);
}

}  // namespace
}  // namespace vigil::policy
