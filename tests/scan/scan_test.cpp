// vigil scan: an inventory matched against an OSV database written by the test, checked field by
// field (ids and aliases, score from the vector, direct/transitive, paths, the fix), then the
// gate and suppressions, the lockfile lines of every format, and the SARIF and CycloneDX
// documents against their validators.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "inventory/inventory.h"
#include "policy/policy.h"
#include "report/report.h"
#include "scan/scan.h"
#include "support/test_support.h"
#include "vuln/vuln.h"

namespace vigil::scan {
namespace {

namespace fs = std::filesystem;
using testing::read_text;
using testing::run_command;
using testing::shell_quote;
using testing::TempDir;
using testing::write_text;

// app -> a@1.0.0 (^1.0.0) -> c@1.2.0 (^1.2.0)
//     -> b@1.0.0 (1.0.0)  -> e@1.0.0 (1.0.0)
//     -> d@2.0.0 (dev)
const char* kManifest = R"({
  "name": "app", "version": "1.0.0",
  "dependencies": {"a": "^1.0.0", "b": "1.0.0"},
  "devDependencies": {"d": "^2.0.0"}
})";
const char* kLock = R"({
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "dependencies": {"a": "^1.0.0", "b": "1.0.0"},
      "devDependencies": {"d": "^2.0.0"}
    },
    "node_modules/a": {
      "version": "1.0.0",
      "dependencies": {"c": "^1.2.0"}
    },
    "node_modules/b": {
      "version": "1.0.0",
      "dependencies": {"e": "1.0.0"}
    },
    "node_modules/c": {
      "version": "1.2.0"
    },
    "node_modules/d": {
      "version": "2.0.0",
      "dev": true
    },
    "node_modules/e": {
      "version": "1.0.0"
    }
  }
}
)";

std::string record(const std::string& id, const std::string& pkg, const std::string& fixed, const std::string& extra_top) {
  return R"({"schema_version":"1.6.0","id":")" + id +
         R"(","modified":"2024-01-01T00:00:00Z","summary":"summary of )" + id +
         R"(","affected":[{"package":{"ecosystem":"npm","name":")" + pkg +
         R"("},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":")" + fixed + R"("}]}]}])" +
         (extra_top.empty() ? "" : "," + extra_top) + "}";
}

struct Fixture {
  TempDir tmp;
  fs::path project;
  fs::path db_path;
  std::optional<vuln::Database> db;
  inventory::Inventory inv;

  Fixture() {
    project = tmp / "app";
    fs::create_directories(project);
    write_text(project / "package.json", kManifest);
    write_text(project / "package-lock.json", kLock);
    fs::path osv = tmp / "osv";
    fs::create_directories(osv);
    // c: critical by CVSS v3.1, with a CVE record of its own that is the same vulnerability.
    write_text(osv / "GHSA-cccc-cccc-cccc.json",
               record("GHSA-cccc-cccc-cccc", "c", "1.2.5",
                      R"("aliases":["CVE-2099-0001"],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],)"
                      R"("references":[{"type":"ADVISORY","url":"https://example.org/GHSA-cccc-cccc-cccc"}],)"
                      R"("database_specific":{"severity":"CRITICAL","cwe_ids":["CWE-79","CWE-1321"]})"));
    write_text(osv / "CVE-2099-0001.json", record("CVE-2099-0001", "c", "1.2.5", R"("aliases":["GHSA-cccc-cccc-cccc"])"));
    // e: no vector, the record's own rating only.
    write_text(osv / "GHSA-eeee-eeee-eeee.json",
               record("GHSA-eeee-eeee-eeee", "e", "1.0.3", R"("database_specific":{"severity":"HIGH"})"));
    // a: direct, with a v4.0 and a v3.1 vector: v4.0 wins.
    write_text(osv / "GHSA-aaaa-aaaa-aaaa.json",
               record("GHSA-aaaa-aaaa-aaaa", "a", "2.0.0",
                      R"("severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"},)"
                      R"({"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}])"));
    // d: dev only, moderate.
    write_text(osv / "GHSA-dddd-dddd-dddd.json",
               record("GHSA-dddd-dddd-dddd", "d", "2.0.1", R"("database_specific":{"severity":"MODERATE"})"));
    // A withdrawn one never shows.
    write_text(osv / "GHSA-wwww-wwww-wwww.json",
               record("GHSA-wwww-wwww-wwww", "b", "9.9.9", R"("withdrawn":"2024-02-01T00:00:00Z")"));
    db_path = tmp / "vuln.db";
    {
      auto rw = vuln::Database::open(db_path, vuln::OpenMode::ReadWrite);
      EXPECT_TRUE(rw) << rw.error().to_string();
      auto rep = rw->update(vuln::Source::from(osv.string()), vuln::UpdateOptions{});
      EXPECT_TRUE(rep) << rep.error().to_string();
    }
    auto ro = vuln::Database::open(db_path, vuln::OpenMode::ReadOnly);
    EXPECT_TRUE(ro);
    db.emplace(std::move(*ro));
    std::vector<Error> failures;
    auto projects = inventory::discover({project}, failures);
    inv = inventory::scan_projects(projects, std::move(failures), inventory::Options{});
  }

  Result run(Options o = {}) {
    if (o.today.year == 1970) o.today = *policy::parse_date("2026-12-05");
    return scan(inv, *db, o);
  }
};

const VulnerabilityFinding* find(const Result& r, const std::string& id) {
  for (const auto& f : r.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

TEST(Scan, FindingsCarryScorePathsAndFix) {
  Fixture fx;
  ASSERT_EQ(fx.inv.codebases.size(), 1u);
  Result r = fx.run();
  ASSERT_EQ(r.findings.size(), 4u);  // c once (GHSA + CVE), e, a, d; the withdrawn one never
  // Worst first.
  EXPECT_EQ(r.findings.front().id, "GHSA-cccc-cccc-cccc");

  const auto* c = find(r, "GHSA-cccc-cccc-cccc");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->aliases, std::vector<std::string>{"CVE-2099-0001"});
  EXPECT_EQ(c->package, "c");
  EXPECT_EQ(c->version, "1.2.0");
  EXPECT_EQ(c->severity, Severity::Critical);
  ASSERT_TRUE(c->score.has_value());
  EXPECT_DOUBLE_EQ(*c->score, 9.8);
  EXPECT_EQ(c->severity_source, "CVSS:3.1");
  EXPECT_FALSE(c->direct);
  EXPECT_EQ(c->scope, inventory::Scope::Prod);
  ASSERT_EQ(c->paths.size(), 1u);
  EXPECT_EQ(c->paths[0], (inventory::DependencyPath{"app@1.0.0", "a@1.0.0", "c@1.2.0"}));
  EXPECT_EQ(c->fixed_versions, std::vector<std::string>{"1.2.5"});
  EXPECT_EQ(c->vulnerable_range, ">=0 <1.2.5");
  EXPECT_EQ(c->url, "https://example.org/GHSA-cccc-cccc-cccc");
  EXPECT_EQ(c->cwes, (std::vector<std::string>{"CWE-1321", "CWE-79"}));
  // a's ^1.2.0 already admits 1.2.5: refreshing the lockfile is the fix.
  EXPECT_EQ(c->fix.kind, Fix::Kind::Refresh);
  EXPECT_EQ(c->fix.fixed_version, "1.2.5");
  EXPECT_EQ(c->fix.via, std::vector<std::string>{"a@1.0.0"});
  EXPECT_NE(c->fix.text.find("npm update c"), std::string::npos) << c->fix.text;
  EXPECT_EQ(c->line, 21u);  // "node_modules/c": {

  const auto* e = find(r, "GHSA-eeee-eeee-eeee");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->severity, Severity::High);
  EXPECT_FALSE(e->score.has_value());
  EXPECT_EQ(e->severity_source, "advisory");
  // b pins e to exactly 1.0.0: only an override moves it.
  EXPECT_EQ(e->fix.kind, Fix::Kind::Override);
  EXPECT_EQ(e->fix.manifest_entry, R"("overrides": {"e@1.0.0": "^1.0.3"})");
  EXPECT_EQ(e->fix.via, std::vector<std::string>{"b@1.0.0"});

  const auto* a = find(r, "GHSA-aaaa-aaaa-aaaa");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->direct);
  EXPECT_EQ(a->severity_source, "CVSS:4.0");
  EXPECT_EQ(a->fix.kind, Fix::Kind::UpgradeDirect);
  EXPECT_TRUE(a->fix.major);
  EXPECT_EQ(a->fix.manifest_entry, R"("a": "^2.0.0")");

  const auto* d = find(r, "GHSA-dddd-dddd-dddd");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->scope, inventory::Scope::Dev);
  EXPECT_EQ(d->severity, Severity::Moderate);

  EXPECT_EQ(r.summary.findings, 4u);
  EXPECT_EQ(r.summary.direct, 2u);      // a and d
  EXPECT_EQ(r.summary.transitive, 2u);  // c and e
  EXPECT_FALSE(r.gate_failed);          // no gate asked for
}

// Records that name only the last affected version (as the NSWG ones converted to OSV do): any
// release above it is the fix, and the fix says so.
TEST(Scan, LastAffectedOnlyGivesAFixAboveIt) {
  Fixture fx;
  fs::path osv = fx.tmp / "osv-last";
  fs::create_directories(osv);
  auto last_record = [](const std::string& id, const std::string& pkg, const std::string& last) {
    return R"({"schema_version":"1.6.0","id":")" + id + R"(","modified":"2024-01-01T00:00:00Z",)"
           R"("affected":[{"package":{"ecosystem":"npm","name":")" + pkg +
           R"("},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"last_affected":")" + last + R"("}]}]}]})";
  };
  write_text(osv / "NSWG-ECO-1.json", last_record("NSWG-ECO-1", "c", "1.2.0"));  // a's ^1.2.0 admits >1.2.0
  write_text(osv / "NSWG-ECO-2.json", last_record("NSWG-ECO-2", "e", "1.0.0"));  // b pins e to 1.0.0
  write_text(osv / "NSWG-ECO-3.json", last_record("NSWG-ECO-3", "a", "1.0.0"));  // direct
  fs::path db_path = fx.tmp / "last.db";
  {
    auto rw = vuln::Database::open(db_path, vuln::OpenMode::ReadWrite);
    ASSERT_TRUE(rw) << rw.error().to_string();
    auto rep = rw->update(vuln::Source::from(osv.string()), vuln::UpdateOptions{});
    ASSERT_TRUE(rep) << rep.error().to_string();
  }
  auto ro = vuln::Database::open(db_path, vuln::OpenMode::ReadOnly);
  ASSERT_TRUE(ro);
  Options o;
  o.today = *policy::parse_date("2026-12-05");
  Result r = scan(fx.inv, *ro, o);
  ASSERT_EQ(r.findings.size(), 3u);

  const auto* c = find(r, "NSWG-ECO-1");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->fixed_versions.empty());
  EXPECT_EQ(c->fix.kind, Fix::Kind::Refresh);
  EXPECT_EQ(c->fix.fixed_version, ">1.2.0");
  EXPECT_NE(c->fix.text.find("admit c above 1.2.0 (the last affected version"), std::string::npos) << c->fix.text;

  const auto* e = find(r, "NSWG-ECO-2");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->fix.kind, Fix::Kind::Override);
  EXPECT_EQ(e->fix.manifest_entry, R"("overrides": {"e@1.0.0": ">1.0.0"})");
  EXPECT_FALSE(e->fix.major);

  const auto* a = find(r, "NSWG-ECO-3");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->fix.kind, Fix::Kind::UpgradeDirect);
  EXPECT_EQ(a->fix.manifest_entry, R"("a": ">1.0.0")");
  EXPECT_NE(a->fix.text.find("upgrade a to a version above 1.0.0"), std::string::npos) << a->fix.text;
}

TEST(Scan, GateProdOnlyAndSuppressions) {
  Fixture fx;
  Options o;
  o.fail_on = Severity::High;
  Result r = fx.run(o);
  EXPECT_TRUE(r.gate_failed);
  EXPECT_EQ(r.summary.gating, 3u);  // c critical, a (v4 9.3) critical, e high; d moderate does not gate

  o.fail_on = Severity::Critical;
  EXPECT_EQ(fx.run(o).summary.gating, 2u);

  o.prod_only = true;
  o.fail_on = Severity::Low;
  r = fx.run(o);
  EXPECT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(find(r, "GHSA-dddd-dddd-dddd"), nullptr);

  // Suppressions by alias, and one limited to another package (does not apply).
  auto pol = policy::parse_policy(R"(version: 1
vulnerabilities:
  fail-on: high
  suppressions:
    - id: CVE-2099-0001
      reason: not reachable, the parser is never given user input
      expires: 2027-01-31
    - id: GHSA-eeee-eeee-eeee
      package: not-e
      reason: wrong package
)",
                                  "vigil.yaml", *policy::parse_date("2026-12-05"));
  ASSERT_TRUE(pol) << pol.error().to_string();
  Options p;
  CodebasePolicy cp;
  cp.suppressions = pol->vulnerabilities.suppressions;
  cp.fail_on = pol->vulnerabilities.fail_on;
  p.policies[fx.inv.codebases[0].id] = cp;
  r = fx.run(p);
  const auto* c = find(r, "GHSA-cccc-cccc-cccc");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->suppressed);
  EXPECT_FALSE(c->gating);
  EXPECT_EQ(c->suppression_reason, "not reachable, the parser is never given user input");
  EXPECT_FALSE(find(r, "GHSA-eeee-eeee-eeee")->suppressed);
  EXPECT_EQ(r.summary.suppressed, 1u);
  EXPECT_EQ(r.summary.gating, 2u);  // a and e

  // After the expiry the suppression stops and says so.
  p.today = *policy::parse_date("2027-02-01");
  r = fx.run(p);
  c = find(r, "GHSA-cccc-cccc-cccc");
  EXPECT_FALSE(c->suppressed);
  EXPECT_TRUE(c->suppression_expired);
  EXPECT_TRUE(c->gating);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].message.find("expired on 2027-01-31"), std::string::npos) << r.warnings[0].message;
}

TEST(Scan, OutputsAreDeterministic) {
  Fixture fx;
  Result r = fx.run();
  for (auto f : {report::ScanFormat::Table, report::ScanFormat::Json, report::ScanFormat::Sarif, report::ScanFormat::Csv}) {
    EXPECT_EQ(report::write_scan(r, fx.inv.failures, f, "0.0.0"), report::write_scan(fx.run(), fx.inv.failures, f, "0.0.0"));
  }
  std::string csv = report::write_scan(r, fx.inv.failures, report::ScanFormat::Csv, "0.0.0");
  EXPECT_NE(csv.find("GHSA-cccc-cccc-cccc"), std::string::npos);
  std::string table = report::write_scan(r, fx.inv.failures, report::ScanFormat::Table, "0.0.0");
  EXPECT_LT(table.find("GHSA-cccc-cccc-cccc"), table.find("GHSA-dddd-dddd-dddd"));  // critical first
}

// Every lockfile format: the line found holds the package's entry.
TEST(Scan, LockfileLineOfEveryFormat) {
  for (std::string variant : {"npm-v1", "npm-v3", "yarn-classic", "yarn-berry", "pnpm-5.4", "pnpm-6.0", "pnpm-9.0"}) {
    SCOPED_TRACE(variant);
    fs::path dir = testing::test_data() / "inventory/crosspm" / variant;
    inventory::ProjectRef ref{dir, variant, variant, dir};
    auto cb = inventory::scan_project(ref, inventory::Options{});
    ASSERT_TRUE(cb.ok());
    std::string text = read_text(dir / cb->lockfile);
    std::vector<std::string> lines{""};
    for (char ch : text) {
      if (ch == '\n') lines.emplace_back();
      else lines.back() += ch;
    }
    size_t checked = 0;
    for (const auto& c : cb->components) {
      if (!c.library()) continue;
      uint32_t line = lockfile_line(text, cb->format, c);
      ASSERT_GT(line, 0u) << c.pkg.id();
      ASSERT_LT(line, lines.size());
      const std::string& l = lines[line - 1];
      std::string key = c.aliases.empty() ? c.pkg.name : c.aliases.front();
      EXPECT_TRUE(l.find(c.pkg.name) != std::string::npos || l.find(key) != std::string::npos)
          << c.pkg.id() << " -> line " << line << ": " << l;
      ++checked;
    }
    EXPECT_GE(checked, 10u);
  }
}

const fs::path kTools = fs::path(VIGIL_SOURCE_DIR) / "tests" / "tools" / "node_modules";

#define REQUIRE_TOOL(path)                                                                     \
  do {                                                                                         \
    if (!fs::exists(path)) {                                                                   \
      std::string why = (path).string() + " is missing: run `npm ci --prefix tests/tools`";    \
      if (std::getenv("VIGIL_REQUIRE_TEST_TOOLS")) FAIL() << why;                              \
      GTEST_SKIP() << why;                                                                     \
    }                                                                                          \
  } while (0)

// SARIF 2.1.0 as Microsoft's SARIF multitool validates it (the schema and its rules).
TEST(Scan, SarifValidatesWithTheMultitool) {
  const fs::path tool = kTools / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool";
  REQUIRE_TOOL(tool);
  Fixture fx;
  Result r = fx.run(Options{Severity::High, {}, *policy::parse_date("2026-12-05"), 5, {}});
  fs::path file = fx.tmp / "scan.sarif";
  write_text(file, report::write_scan(r, fx.inv.failures, report::ScanFormat::Sarif, "0.1.0"));
  auto res = run_command("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + shell_quote(tool.string()) + " validate " +
                         shell_quote(file.string()) + " 2>&1");
  EXPECT_EQ(res.exit_code, 0) << res.out << res.err;
  EXPECT_EQ(res.out.find(": error"), std::string::npos) << res.out;
  EXPECT_NE(res.out.find("1 files scanned"), std::string::npos) << res.out;
  // The validator is not a rubber stamp: a result without a message is an error.
  std::string broken = read_text(file);
  auto at = broken.find("\"message\"");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 9, "\"massage\"");
  write_text(file, broken);
  res = run_command("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + shell_quote(tool.string()) + " validate " +
                    shell_quote(file.string()) + " 2>&1");
  EXPECT_TRUE(res.exit_code != 0 || res.out.find("error") != std::string::npos) << res.out;
}

// CycloneDX 1.6 with the scan's vulnerabilities, against the official schema.
TEST(Scan, CycloneDxWithVulnerabilitiesValidates) {
  const fs::path ajv = kTools / ".bin" / "ajv";
  const fs::path schema = kTools / "@cyclonedx" / "cyclonedx-library" / "res" / "schema" / "bom-1.6.SNAPSHOT.schema.json";
  REQUIRE_TOOL(ajv);
  Fixture fx;
  Result r = fx.run();
  report::SbomOptions bo;
  bo.tool_version = "0.1.0";
  bo.timestamp = 1700000000;
  bo.vulnerabilities = &r.findings;
  std::string doc = report::write_cyclonedx(fx.inv.codebases[0], bo);
  EXPECT_NE(doc.find("\"vulnerabilities\""), std::string::npos);
  EXPECT_NE(doc.find("GHSA-cccc-cccc-cccc"), std::string::npos);
  fs::path file = fx.tmp / "bom.json";
  write_text(file, doc);
  auto res = run_command("node " + shell_quote(ajv.string()) +
                         " validate --spec=draft7 --strict=false --all-errors --errors=text -c " +
                         shell_quote((fs::path(VIGIL_SOURCE_DIR) / "tests/tools/ajv-sbom.js").string()) + " -s " +
                         shell_quote(schema.string()) + " -d " + shell_quote(file.string()));
  EXPECT_EQ(res.exit_code, 0) << res.out << res.err;
}

}  // namespace
}  // namespace vigil::scan
