// vigil check: the CI gate on one repository with one vigil.yaml.
#include <gtest/gtest.h>

#include "support/http_server.h"
#include "support/test_support.h"

namespace vigil {
namespace {

using vigil::testing::HttpServer;
using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVigil = VIGIL_BINARY;

struct Repo {
  TempDir t;
  HttpServer registry;
  std::string run(const std::string& extra = "") {
    return "HOME=" + shell_quote((t / "home").string()) + " npm_config_registry=" + shell_quote(registry.url("/")) + " " + kVigil +
           " check " + shell_quote((t / "repo").string()) + " --db " + shell_quote((t / "v.db").string()) + extra;
  }
  Repo() {
    write_text(t / "repo/package.json", R"({"name": "svc", "version": "1.0.0", "dependencies": {"ms": "^2.0.0"}})");
    write_text(t / "repo/package-lock.json", R"({"name": "svc", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {
      "": {"name": "svc", "version": "1.0.0", "dependencies": {"ms": "^2.0.0"}},
      "node_modules/ms": {"version": "2.0.0", "license": "MIT"}}})");
    write_text(t / "repo/src/server.js", "const express = require('express')\nconst app = express()\napp.get('/', (req, res) => res.json({ ok: true }))\n");
    write_text(t / "osv/GHSA-0000-0000-0003.json",
               R"J({"id": "GHSA-0000-0000-0003", "modified": "2024-01-01T00:00:00Z", "summary": "ms is slow",
                   "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}],
                   "affected": [{"package": {"ecosystem": "npm", "name": "ms"},
                                 "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.1"}]}]}]})J");
    auto u = run_command(kVigil + " db update --from " + shell_quote((t / "osv").string()) + " --db " + shell_quote((t / "v.db").string()));
    EXPECT_EQ(u.exit_code, 0) << u.err;
    registry.serve("/ms", {200, read_text(std::filesystem::path(VIGIL_SOURCE_DIR) / "tests/data/registry/ms.json"), "application/json"});
  }
};

TEST(CheckCli, PassesThenFailsOnEachCheck) {
  Repo r;
  write_text(r.t / "repo/vigil.yaml", "version: 1\nvulnerabilities:\n  fail-on: high\nlicenses:\n  allow: [permissive]\n  fail-on: non-compliant\n"
                                       "sast:\n  fail-on: high\n");
  auto ok = run_command(r.run(" --sarif " + shell_quote((r.t / "sarif").string())));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("passed"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("vulnerabilities  PASS  0 at or above the gate; 1 findings"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("outdated         SKIP"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(r.t / "sarif/vigil-dependencies.sarif"));
  EXPECT_TRUE(std::filesystem::exists(r.t / "sarif/vigil-sast.sarif"));

  // The vulnerability gate lowered to moderate: the CVSS 5.3 finding fails it.
  write_text(r.t / "repo/vigil.yaml", "version: 1\nvulnerabilities:\n  fail-on: moderate\n");
  auto vul = run_command(r.run());
  EXPECT_EQ(vul.exit_code, 1) << vul.out;
  EXPECT_NE(vul.out.find("vulnerabilities  FAIL"), std::string::npos) << vul.out;

  // A license the policy does not allow.
  write_text(r.t / "repo/vigil.yaml", "version: 1\nlicenses:\n  allow: [Apache-2.0]\n");
  auto lic = run_command(r.run());
  EXPECT_EQ(lic.exit_code, 1);
  EXPECT_NE(lic.out.find("licenses         FAIL  1 library"), std::string::npos) << lic.out;

  // Code injection in the service's code.
  write_text(r.t / "repo/vigil.yaml", "version: 1\n");
  write_text(r.t / "repo/src/calc.js", "module.exports = (app) => {\n  app.get('/calc', (req, res) => {\n    res.json(eval(req.query.expr))\n  })\n}\n");
  auto sast = run_command(r.run());
  EXPECT_EQ(sast.exit_code, 1);
  EXPECT_NE(sast.out.find("sast             FAIL  1 at or above high"), std::string::npos) << sast.out;
  std::filesystem::remove(r.t / "repo/src/calc.js");

  // Outdated: ms 2.0.0 is a minor behind 2.1.3 in the recorded registry document.
  write_text(r.t / "repo/vigil.yaml", "version: 1\noutdated:\n  fail-on: minor\n");
  auto out = run_command(r.run());
  EXPECT_EQ(out.exit_code, 1) << out.err;
  EXPECT_NE(out.out.find("outdated         FAIL  1 direct dependency at or above minor"), std::string::npos) << out.out;
  write_text(r.t / "repo/vigil.yaml", "version: 1\noutdated:\n  fail-on: major\n");
  EXPECT_EQ(run_command(r.run()).exit_code, 0);
}

TEST(CheckCli, BadInputIsExitTwo) {
  Repo r;
  write_text(r.t / "repo/vigil.yaml", "version: 1\noutdated:\n  fail-on: sometimes\n");
  auto bad = run_command(r.run());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("vigil.yaml:3:"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());
  write_text(r.t / "repo/vigil.yaml", "version: 1\n");
  auto nodb = run_command(kVigil + " check " + shell_quote((r.t / "repo").string()) + " --db " + shell_quote((r.t / "none.db").string()));
  EXPECT_EQ(nodb.exit_code, 2);
  EXPECT_NE(nodb.err.find("no vulnerability database"), std::string::npos);
  auto nodir = run_command(kVigil + " check " + shell_quote((r.t / "nowhere").string()) + " --db " + shell_quote((r.t / "v.db").string()));
  EXPECT_EQ(nodir.exit_code, 2);
}

}  // namespace
}  // namespace vigil
