// Normalisation, categories, the default policy, vigil.yaml's licenses: section, the
// license-scanner config.toml importer (Mojaloop's own file) and detection from license files.
#include <gtest/gtest.h>

#include "license/license.h"
#include "support/test_support.h"

namespace vigil::license {
namespace {

const policy::Date kToday{2026, 12, 5};

Evaluation judge(std::string_view raw, const policy::LicensePolicy& p = default_policy(), std::string_view pkg = "",
                 std::string_view ver = "") {
  return evaluate(normalise(raw), p, pkg, ver, kToday);
}

TEST(Normalise, MessyStrings) {
  EXPECT_EQ(normalise("MIT").text(), "MIT");
  EXPECT_EQ(normalise("MIT").status, NormalisedLicense::Status::Valid);
  EXPECT_EQ(normalise("mit").text(), "MIT");
  EXPECT_EQ(normalise("\"MIT\"").text(), "MIT");
  EXPECT_EQ(normalise("Apache License, Version 2.0").text(), "Apache-2.0");
  EXPECT_EQ(normalise("MIT/X11").text(), "MIT");
  EXPECT_EQ(normalise("BSD").text(), "BSD-2-Clause");
  EXPECT_EQ(normalise("GPL v3").text(), "GPL-3.0-or-later");
  EXPECT_EQ(normalise("MIT OR Apache 2.0").text(), "MIT OR Apache-2.0");
  EXPECT_EQ(normalise("(MIT OR Apache-2.0)").text(), "MIT OR Apache-2.0");
  auto see = normalise("SEE LICENSE IN LICENSE.md");
  EXPECT_EQ(see.status, NormalisedLicense::Status::Unknown);
  EXPECT_EQ(see.see_file, "LICENSE.md");
  auto un = normalise("UNLICENSED");
  EXPECT_TRUE(un.unlicensed);
  EXPECT_FALSE(un.expression);
  auto junk = normalise("Commercial, all rights reserved");
  EXPECT_EQ(junk.text(), "UNKNOWN");
  EXPECT_EQ(junk.raw, "Commercial, all rights reserved");
  EXPECT_EQ(normalise("").status, NormalisedLicense::Status::None);
}

TEST(Normalise, InvalidExpressionsNeverCrash) {
  for (const std::string& s : std::vector<std::string>{"(", ")", "MIT AND", "AND OR WITH", "((((((MIT", "MIT WITH", "DocumentRef-:", "LicenseRef-", "+", "\xff\xfe",
                        std::string(100000, '('), std::string("MIT\0ISC", 7)}) {
    auto n = normalise(s);
    auto e = parse_expression(s);
    (void)e;
    EXPECT_NO_FATAL_FAILURE(judge(s));
    (void)n;
  }
}

TEST(Categories, Families) {
  EXPECT_EQ(category_of("MIT"), Category::Permissive);
  EXPECT_EQ(category_of("mit"), Category::Permissive);
  EXPECT_EQ(category_of("CC0-1.0"), Category::PublicDomain);
  EXPECT_EQ(category_of("LGPL-2.1-only"), Category::WeakCopyleft);
  EXPECT_EQ(category_of("MPL-2.0"), Category::WeakCopyleft);
  EXPECT_EQ(category_of("GPL-3.0-or-later"), Category::StrongCopyleft);
  EXPECT_EQ(category_of("AGPL-3.0-only"), Category::NetworkCopyleft);
  EXPECT_EQ(category_of("CC-BY-NC-4.0"), Category::NonCommercial);
  EXPECT_EQ(category_of("LicenseRef-acme"), Category::Unknown);
}

TEST(DefaultPolicy, ApacheProject) {
  EXPECT_EQ(judge("MIT").verdict, Verdict::Compliant);
  EXPECT_EQ(judge("Unlicense").verdict, Verdict::Compliant);
  EXPECT_EQ(judge("MPL-2.0").verdict, Verdict::Review);
  EXPECT_EQ(judge("GPL-3.0-only").verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("AGPL-3.0-or-later").verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("CC-BY-NC-4.0").verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("nonsense license").verdict, Verdict::Unknown);
  EXPECT_EQ(judge("").verdict, Verdict::Unknown);
  EXPECT_EQ(judge("UNLICENSED").verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("MIT AND GPL-2.0-only").verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("MIT AND ISC").verdict, Verdict::Compliant);
  EXPECT_EQ(judge("GPL-2.0-only WITH Classpath-exception-2.0").verdict, Verdict::NonCompliant);
}

TEST(DefaultPolicy, DualLicensesAreLowRiskWithTheChosenAlternative) {
  auto e = judge("(MIT OR GPL-3.0-or-later)");
  EXPECT_EQ(e.verdict, Verdict::LowRisk);
  EXPECT_EQ(e.chosen, "MIT");
  EXPECT_EQ(e.reason, "dual-licensed: MIT chosen");
  auto f = judge("(GPL-2.0-only OR Apache-2.0)");
  EXPECT_EQ(f.verdict, Verdict::LowRisk);
  EXPECT_EQ(f.chosen, "Apache-2.0");
  auto g = judge("(MIT OR Apache-2.0)");
  EXPECT_EQ(g.verdict, Verdict::Compliant);
  auto h = judge("(MPL-2.0 OR GPL-3.0-only)");
  EXPECT_EQ(h.verdict, Verdict::Review);
  EXPECT_EQ(h.chosen, "MPL-2.0");
  auto i = judge("(GPL-2.0-only OR AGPL-3.0-only)");
  EXPECT_EQ(i.verdict, Verdict::NonCompliant);
  auto j = judge("(MIT AND GPL-3.0-only) OR (ISC AND Apache-2.0)");
  EXPECT_EQ(j.verdict, Verdict::LowRisk);
  EXPECT_EQ(j.chosen, "ISC AND Apache-2.0");
}

TEST(PolicyRules, IdsBeatCategoriesAndDenyBeatsAllow) {
  policy::LicensePolicy p = default_policy();
  p.deny.push_back("WTFPL");
  p.allow.push_back("LGPL-2.1-or-later");
  EXPECT_EQ(judge("WTFPL", p).verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("LGPL-2.1-only", p).verdict, Verdict::Compliant);  // 2.1-or-later covers 2.1
  EXPECT_EQ(judge("LGPL-2.0-only", p).verdict, Verdict::Review);     // but not the earlier 2.0
  EXPECT_EQ(judge("LGPL-3.0-only", p).verdict, Verdict::Compliant);
  p.exceptions.push_back({"left-pad", "1.0.0", "vetted by legal", std::nullopt, "vigil.yaml:9"});
  p.exceptions.push_back({"old-thing", "", "until replaced", policy::Date{2026, 1, 1}, "vigil.yaml:12"});
  auto e = judge("GPL-3.0-only", p, "left-pad", "1.0.0");
  EXPECT_EQ(e.verdict, Verdict::Compliant);
  EXPECT_EQ(e.exception_origin, "vigil.yaml:9");
  EXPECT_EQ(judge("GPL-3.0-only", p, "left-pad", "2.0.0").verdict, Verdict::NonCompliant);
  auto x = judge("GPL-3.0-only", p, "old-thing", "1.0.0");
  EXPECT_EQ(x.verdict, Verdict::NonCompliant);
  EXPECT_NE(x.reason.find("expired"), std::string::npos);
}

TEST(VigilYaml, LicensesSection) {
  auto p = policy::parse_policy(R"(version: 1
licenses:
  allow: [permissive, public-domain, "Apache*"]
  review: [weak-copyleft]
  deny: [strong-copyleft, GPL-2.0-or-later]
  fail-on: review
  exceptions:
    - package: taffydb
      version: 2.6.2
      reason: MIT on github
      expires: 2025-01-01
)",
                                "vigil.yaml", kToday);
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  ASSERT_TRUE(p->licenses);
  EXPECT_EQ(p->licenses->allow.size(), 3u);
  EXPECT_EQ(p->licenses->deny[1], "GPL-2.0-or-later");
  EXPECT_EQ(p->licenses->fail_on, "review");
  ASSERT_EQ(p->licenses->exceptions.size(), 1u);
  EXPECT_EQ(p->licenses->exceptions[0].origin, "vigil.yaml:8");
  ASSERT_EQ(p->warnings.size(), 1u);  // expired
  EXPECT_NE(p->warnings[0].message.find("expired"), std::string::npos);
}

TEST(VigilYaml, LicenseErrorsNameThePlace) {
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"licenses:\n  alow: [MIT]\n", "vigil.yaml:2:3: unknown key \"alow\""},
      {"licenses:\n  allow: MIT\n", "vigil.yaml:2:10: licenses.allow must be a list"},
      {"licenses:\n  fail-on: sometimes\n", "licenses.fail-on must be non-compliant or review"},
      {"licenses:\n  exceptions:\n    - package: x\n", "needs a reason"},
      {"licenses:\n  exceptions:\n    - reason: y\n", "needs a package"},
      {"licenses:\n  exceptions:\n    - {package: x, reason: y, expires: soon}\n", "expires must be a date"},
  };
  for (const auto& c : cases) {
    auto p = policy::parse_policy(c.text, "vigil.yaml", kToday);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_NE(p.error().to_string().find(c.want), std::string::npos) << p.error().to_string();
  }
}

std::string mojaloop_config() {
  auto f = vigil::testing::shared_dir() / "corpus/mojaloop-config/license-scanner-tool/config.toml";
  return std::filesystem::exists(f) ? vigil::testing::read_text(f) : std::string();
}

TEST(LicenseScanner, MojaloopConfigImportsWithTheDocumentedVerdicts) {
  std::string text = mojaloop_config();
  if (text.empty()) GTEST_SKIP() << "shared corpus absent";
  auto im = policy::import_license_scanner(text, "config.toml");
  ASSERT_TRUE(im.ok()) << im.error().to_string();
  const auto& p = im->policy;
  EXPECT_EQ(p.allow.size(), 29u);
  ASSERT_EQ(p.exceptions.size(), 8u);
  EXPECT_EQ(p.exceptions[0].package, "taffydb");
  EXPECT_EQ(p.exceptions[0].version, "2.6.2");
  EXPECT_EQ(p.exceptions[0].reason, "Contains MIT license on github, but not listed in package.json");
  EXPECT_EQ(p.exceptions[7].package, "@redocly/config");
  EXPECT_EQ(p.exceptions[7].version, "0.1.3");
  // The verdicts docs/licenses.md documents for Mojaloop's list.
  EXPECT_EQ(judge("MIT", p).verdict, Verdict::Compliant);
  EXPECT_EQ(judge("Apache-2.0", p).verdict, Verdict::Compliant);
  EXPECT_EQ(judge("Apache-1.1", p).verdict, Verdict::Compliant);     // "Apache*"
  EXPECT_EQ(judge("BSD-4-Clause", p).verdict, Verdict::Compliant);   // "BSD*" admits the advertising clause
  EXPECT_EQ(judge("MIT-0", p).verdict, Verdict::Compliant);          // "MIT*"
  EXPECT_EQ(judge("0BSD", p).verdict, Verdict::NonCompliant);        // not on the list, not BSD*
  EXPECT_EQ(judge("AFL-2.1", p).verdict, Verdict::Compliant);        // "AFLv2.1"
  EXPECT_EQ(judge("Public Domain", p).verdict, Verdict::Compliant);  // the string itself
  EXPECT_EQ(judge("UNLICENSED", p).verdict, Verdict::Compliant);
  EXPECT_EQ(judge("GPL-3.0-only", p).verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("LGPL-3.0-only", p).verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("MPL-2.0", p).verdict, Verdict::NonCompliant);
  EXPECT_EQ(judge("Custom: see file", p).verdict, Verdict::Unknown);
  auto dual = judge("(MIT OR GPL-3.0-or-later)", p);
  EXPECT_EQ(dual.verdict, Verdict::LowRisk);
  EXPECT_EQ(dual.chosen, "MIT");
  EXPECT_EQ(judge("", p, "taffydb", "2.6.2").verdict, Verdict::Compliant);
  EXPECT_EQ(judge("", p, "taffydb", "2.7.0").verdict, Verdict::Unknown);
  EXPECT_EQ(judge("MPL-2.0", p, "axe-core", "4.4.3").verdict, Verdict::Compliant);
}

TEST(LicenseScanner, BadFilesAreErrorsWithAPlace) {
  struct Case {
    const char* text;
    const char* want;
  } cases[] = {
      {"allowedList = [\"MIT\"\n", "config.toml:"},
      {"allowedList = \"MIT\"\n", "config.toml:1:15: allowedList must be a list of strings"},
      {"allowedList = [1]\n", "an entry of allowedList must be a string"},
      {"excludeList = [\";reason\"]\n", "is not \"name@version;reason\""},
      {"allowedList = [\"\xff\"]\n", "not valid UTF-8"},
  };
  for (const auto& c : cases) {
    auto im = policy::import_license_scanner(c.text, "config.toml");
    ASSERT_FALSE(im.ok()) << c.text;
    EXPECT_NE(im.error().to_string().find(c.want), std::string::npos) << im.error().to_string();
  }
  auto ok = policy::import_license_scanner("excludeList = [\"left-pad@1.0.0\"]\n", "config.toml");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->warnings.size(), 1u);  // no reason
}

std::string spdx_text(const std::string& id) {
  auto f = std::filesystem::path(VIGIL_SOURCE_DIR) / "third_party/node_modules/spdx-license-list/licenses" / (id + ".json");
  std::string json = vigil::testing::read_text(f);
  // The licenseText value, unescaped enough for word matching.
  size_t p = json.find("\"licenseText\": \"");
  if (p == std::string::npos) return {};
  std::string out;
  for (size_t i = p + 16; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) {
      ++i;
      out += json[i] == 'n' ? '\n' : json[i];
    } else {
      out += json[i];
    }
  }
  return out;
}

TEST(Detect, LicenseTextsAreRecognised) {
  for (std::string id : {"MIT", "Apache-2.0", "ISC", "BSD-3-Clause", "MPL-2.0", "BSD-2-Clause"}) {
    std::string text = spdx_text(id);
    ASSERT_FALSE(text.empty()) << id;
    auto m = detect_license_text("Copyright (c) 2019 Someone Else\n\n" + text);
    EXPECT_EQ(m.id, id) << m.score;
  }
  EXPECT_EQ(detect_license_text("hello world, this is not a license at all").id, "");
  // ISC as packages ship it ("the author"), not the SPDX text's "ISC": still ISC, not 0BSD.
  std::string isc = "The ISC License\n\nCopyright (c) Isaac Z. Schlueter\n\nPermission to use, copy, modify, and/or distribute this "
                    "software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this "
                    "permission notice appear in all copies.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL "
                    "WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO "
                    "EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES "
                    "WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER "
                    "TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.\n";
  EXPECT_EQ(detect_license_text(isc).id, "ISC");
  EXPECT_EQ(detect_license_text(spdx_text("0BSD")).id, "0BSD");
}

TEST(Detect, FolderWithBadFiles) {
  vigil::testing::TempDir t;
  auto pkg = t / "node_modules/a";
  vigil::testing::write_text(pkg / "LICENSE", std::string("binary\0\x01\x02 junk", 15));
  vigil::testing::write_text(pkg / "LICENSE-BIG", std::string(kMaxLicenseFileBytes + 10, 'a'));
  vigil::testing::write_text(pkg / "LICENSE.md", "Copyright 2020 X\n\n" + spdx_text("ISC"));
  auto d = detect_in_folder(pkg, "node_modules/a");
  ASSERT_TRUE(d.match);
  EXPECT_EQ(d.match->id, "ISC");
  EXPECT_EQ(d.file, "LICENSE.md");
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_NE(d.warnings[0].to_string().find("node_modules/a/LICENSE: is a binary file"), std::string::npos) << d.warnings[0].to_string();
  EXPECT_NE(d.warnings[1].to_string().find("node_modules/a/LICENSE-BIG"), std::string::npos);
  auto outside = detect_in_folder(pkg, "node_modules/a", "../../etc/passwd");
  ASSERT_FALSE(outside.warnings.empty());
  EXPECT_NE(outside.warnings[0].to_string().find("outside the package"), std::string::npos);
}

}  // namespace
}  // namespace vigil::license
