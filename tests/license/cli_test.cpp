// vigil licenses / vigil license, run as the binary on a small project written here.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace vigil::license {
namespace {

using vigil::testing::read_text;
using vigil::testing::run_command;
using vigil::testing::shell_quote;
using vigil::testing::TempDir;
using vigil::testing::write_text;

const std::string kVigil = VIGIL_BINARY;

std::string mit_text() {
  return "MIT License\n\nCopyright (c) 2020 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of "
         "this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, "
         "including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
         "copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following "
         "conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial "
         "portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, "
         "INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. "
         "IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN "
         "ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER "
         "DEALINGS IN THE SOFTWARE.\n";
}

// app -> gpl-lib (GPL-3.0-only), dual (MIT OR GPL-2.0), nolicense (LICENSE file: MIT), dev-only weak (MPL-2.0, dev).
void write_project(const std::filesystem::path& dir) {
  write_text(dir / "package.json", R"J({"name": "app", "version": "1.0.0", "license": "Apache-2.0",
  "dependencies": {"gpl-lib": "1.0.0", "dual": "2.0.0", "nolicense": "0.1.0", "legacy": "1.0.0"}, "devDependencies": {"weak": "3.0.0"}})J");
  write_text(dir / "package-lock.json", R"J({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "app", "version": "1.0.0", "license": "Apache-2.0",
         "dependencies": {"gpl-lib": "1.0.0", "dual": "2.0.0", "nolicense": "0.1.0", "legacy": "1.0.0"}, "devDependencies": {"weak": "3.0.0"}},
    "node_modules/gpl-lib": {"version": "1.0.0", "license": "GPL-3.0-only"},
    "node_modules/dual": {"version": "2.0.0", "license": "(MIT OR GPL-2.0)"},
    "node_modules/nolicense": {"version": "0.1.0"},
    "node_modules/weak": {"version": "3.0.0", "dev": true, "license": "MPL-2.0"},
    "node_modules/legacy": {"version": "1.0.0"}
  }})J");
  write_text(dir / "node_modules/legacy/package.json", R"J({"name": "legacy", "version": "1.0.0", "license": ["ISC", "Apache2"]})J");
  write_text(dir / "node_modules/nolicense/package.json", R"J({"name": "nolicense", "version": "0.1.0"})J");
  write_text(dir / "node_modules/nolicense/LICENSE", mit_text());
  write_text(dir / "node_modules/dual/package.json", R"J({"name": "dual", "version": "2.0.0", "license": "MIT"})J");
}

TEST(LicensesCli, TableJsonCsvSarifAndGate) {
  TempDir t;
  write_project(t / "app");
  std::string base = kVigil + " licenses " + shell_quote((t / "app").string());
  auto r = run_command(base);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("non-compliant                       1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("compliant                           2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gpl-lib@1.0.0  [non-compliant]  GPL-3.0-only  in app"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("path: app@1.0.0 > gpl-lib@1.0.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dual-licensed: MIT chosen"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("weak@3.0.0  [review]  MPL-2.0  in app (dev only)"), std::string::npos) << r.out;

  auto j = run_command(base + " -f json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"name\": \"nolicense\""), std::string::npos);
  EXPECT_NE(j.out.find("\"source\": \"LICENSE ("), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"low-risk\": 1"), std::string::npos) << j.out;
  // The lockfile's license wins over the installed package.json (dual stays MIT OR GPL-2.0);
  // without one, the installed package.json's legacy array is read.
  EXPECT_NE(j.out.find("\"expression\": \"ISC OR Apache-2.0\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"source\": \"node_modules package.json\""), std::string::npos) << j.out;
  auto j2 = run_command(base + " -f json");
  EXPECT_EQ(j.out, j2.out);  // deterministic

  auto c = run_command(base + " -f csv");
  EXPECT_NE(c.out.find("codebase,name,version,declared"), std::string::npos);
  EXPECT_NE(c.out.find("app,dual,2.0.0,(MIT OR GPL-2.0),MIT OR GPL-2.0,"), std::string::npos) << c.out;

  auto s = run_command(base + " -f sarif");
  EXPECT_NE(s.out.find("\"ruleId\": \"license/non-compliant\""), std::string::npos);
  EXPECT_NE(s.out.find("\"uri\": \"app/package-lock.json\""), std::string::npos);

  EXPECT_EQ(run_command(base + " --fail-on non-compliant").exit_code, 1);
  EXPECT_EQ(run_command(base + " --fail-on non-compliant --prod-only").exit_code, 1);
  // A codebase's own policy with an exception for gpl-lib: only the dev-only review remains.
  write_text(t / "app/vigil.yaml", "licenses:\n  allow: [permissive]\n  review: [weak-copyleft]\n  exceptions:\n"
                                   "    - {package: gpl-lib, reason: internal fork relicensed}\n");
  EXPECT_EQ(run_command(base + " --fail-on non-compliant").exit_code, 0);
  EXPECT_EQ(run_command(base + " --fail-on review").exit_code, 1);
  EXPECT_EQ(run_command(base + " --fail-on review --prod-only").exit_code, 0);
}

TEST(LicensesCli, BadPolicyFilesAreExit2WithThePlace) {
  TempDir t;
  write_project(t / "app");
  write_text(t / "bad.yaml", "licenses:\n  allow: MIT\n");
  auto r = run_command(kVigil + " licenses " + shell_quote((t / "app").string()) + " --policy " + shell_quote((t / "bad.yaml").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:2:10: licenses.allow must be a list"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  write_text(t / "config.toml", "allowedList = [\"MIT\"\n");
  auto s = run_command(kVigil + " licenses " + shell_quote((t / "app").string()) + " --license-scanner " + shell_quote((t / "config.toml").string()));
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("config.toml:"), std::string::npos) << s.err;
  EXPECT_TRUE(s.out.empty());
}

TEST(LicensesCli, HugeAndBinaryLicenseFilesAreSkippedWithAWarning) {
  TempDir t;
  write_project(t / "app");
  std::filesystem::remove(t / "app/node_modules/nolicense/LICENSE");
  write_text(t / "app/node_modules/nolicense/LICENSE", std::string("\x7f" "ELF\0\0\0", 7));
  write_text(t / "app/node_modules/nolicense/COPYING", std::string((1 << 20) + 1, 'x'));
  auto r = run_command(kVigil + " licenses " + shell_quote((t / "app").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("node_modules/nolicense/LICENSE: is a binary file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("node_modules/nolicense/COPYING: is 1048577 bytes"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Libraries whose license is unknown (1)\n  nolicense@0.1.0  UNKNOWN \"\"  in app"), std::string::npos) << r.out;
}

TEST(LicenseCli, VerdictsAndExitCodes) {
  auto ok = run_command(kVigil + " license 'Apache License, Version 2.0' '(MIT OR GPL-3.0-or-later)'");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("expression: Apache-2.0"), std::string::npos);
  EXPECT_NE(ok.out.find("dual-licensed: MIT chosen"), std::string::npos);
  auto bad = run_command(kVigil + " license GPL-2.0-only");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("categories: strong-copyleft"), std::string::npos);
  auto unk = run_command(kVigil + " license 'Proprietary ((' -f json");
  EXPECT_EQ(unk.exit_code, 1);
  EXPECT_NE(unk.out.find("\"verdict\": \"unknown\""), std::string::npos) << unk.out;
  auto allow = run_command(kVigil + " license GPL-2.0-only --allow GPL-2.0-or-later");
  EXPECT_EQ(allow.exit_code, 0) << allow.out;
  auto replaced = run_command(kVigil + " license MIT --allow ISC");
  EXPECT_EQ(replaced.exit_code, 1) << replaced.out;
  auto version = run_command(kVigil + " version");
  EXPECT_NE(version.out.find("SPDX license data: spdx-license-ids"), std::string::npos);
}

}  // namespace
// vigil scan shows the same evaluation, and a policy's licenses.fail-on gates it.
TEST(ScanCli, ShowsTheLicenseEvaluationAndGatesOnLicensesFailOn) {
  TempDir t;
  write_project(t / "app");
  write_text(t / "osv/GHSA-0000-0000-0001.json",
             R"J({"id": "GHSA-0000-0000-0001", "modified": "2024-01-01T00:00:00Z", "summary": "not in this app",
                 "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "versions": ["0.0.1"]}]})J");
  auto u = run_command(kVigil + " db update --from " + shell_quote((t / "osv").string()) + " --db " + shell_quote((t / "v.db").string()));
  ASSERT_EQ(u.exit_code, 0) << u.err;
  std::string scan = kVigil + " scan " + shell_quote((t / "app").string()) + " --db " + shell_quote((t / "v.db").string());

  auto r = run_command(scan);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Licenses: 2 compliant, 1 low risk (dual-licensed, alternative chosen), 1 need review, 1 non-compliant, 0 unknown"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NON-COMPLIANT  gpl-lib@1.0.0  GPL-3.0-only  in app\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("path: app@1.0.0 > gpl-lib@1.0.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("REVIEW  weak@3.0.0  MPL-2.0  in app (dev only)"), std::string::npos) << r.out;

  auto j = run_command(scan + " -f json");
  EXPECT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"licenses\""), std::string::npos);
  EXPECT_NE(j.out.find("dual-licensed: MIT chosen"), std::string::npos) << j.out;
  EXPECT_EQ(j.out.find("\"name\": \"legacy\""), std::string::npos) << "compliant libraries are not listed";

  auto s = run_command(scan + " -f sarif");
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("\"ruleId\": \"license/non-compliant\""), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("\"ruleId\": \"license/review\""), std::string::npos);
  EXPECT_EQ(s.out.find("\"ruleId\": \"license/low-risk\""), std::string::npos);

  write_text(t / "app/vigil.yaml", "version: 1\nlicenses:\n  allow: [permissive]\n  fail-on: non-compliant\n");
  auto g = run_command(scan);
  EXPECT_EQ(g.exit_code, 1) << g.out;
  EXPECT_NE(g.err.find("at or above the license policy's fail-on"), std::string::npos) << g.err;
  auto off = run_command(scan + " --no-licenses");
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(off.out.find("Licenses:"), std::string::npos);
}

}  // namespace vigil::license
