// Chart.yaml as helm writes it (yaml.Marshal of chart.Metadata): the shared vectors
// (../shared/vectors/helm/chart-yaml-canonical.json) byte for byte, and edge cases from the
// yaml.v2 emitter's rules.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>

#include "signing/signing.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace vigil::signing;

namespace {
std::string canon(const std::string& text) {
  auto m = parse_chart_yaml("Chart.yaml", text);
  return m ? m->canonical_yaml : "ERROR: " + m.error().to_string();
}
}  // namespace

TEST(SigningChartYaml, SharedVectorsByteForByte) {
  fs::path file = vigil::testing::shared_dir() / "vectors" / "helm" / "chart-yaml-canonical.json";
  if (!fs::exists(file)) GTEST_SKIP() << "shared vectors absent";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(file.string()).get(doc), simdjson::SUCCESS);
  simdjson::dom::array cases;
  ASSERT_EQ(doc["cases"].get(cases), simdjson::SUCCESS);
  size_t n = 0;
  for (auto c : cases) {
    std::string_view name, input, expected;
    ASSERT_EQ(c["name"].get(name), simdjson::SUCCESS);
    ASSERT_EQ(c["input"].get(input), simdjson::SUCCESS);
    ASSERT_EQ(c["expected"].get(expected), simdjson::SUCCESS);
    EXPECT_EQ(canon(std::string(input)), std::string(expected)) << name;
    // A fixed point: helm's output read back gives itself.
    EXPECT_EQ(canon(std::string(expected)), std::string(expected)) << name << " (re-read)";
    ++n;
  }
  EXPECT_EQ(n, 12u);
}

TEST(SigningChartYaml, FoldingAndQuoting) {
  const std::string a(40, 'a'), b(40, 'b'), c(40, 'c');
  // Plain scalars fold at the first space past column 80; the continuation is indented.
  std::string out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: " + a + " " + b + " " + c + "\n");
  EXPECT_NE(out.find("description: " + a + " " + b + "\n  " + c + "\n"), std::string::npos) << out;
  // Double-quoted ones too (a rune outside the BMP is escaped, so the string is double-quoted).
  out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: \"\\U0001F600 " + a + " " + b + " " + c + "\"\n");
  EXPECT_NE(out.find("description: \"\\U0001F600 " + a + " " + b + "\n  " + c + "\"\n"), std::string::npos) << out;
  // Timestamps, base-60 numbers and 0x/0o numbers read back as other types: double-quoted.
  out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\nkeywords: ['2024-01-15', '1:30', '0x1F', '0o17', 'Yes', '~', '-', '- a', 'a #b', 'a#b', '1e400']\n");
  EXPECT_NE(out.find("keywords:\n- \"2024-01-15\"\n- \"1:30\"\n- \"0x1F\"\n- \"0o17\"\n- \"Yes\"\n- \"~\"\n- '-'\n- '- a'\n- 'a #b'\n- a#b\n- 1e400\n"),
            std::string::npos) << out;
  // Single quotes double inside single-quoted strings.
  out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: \"'quoted' text\"\n");
  EXPECT_NE(out.find("description: '''quoted'' text'\n"), std::string::npos) << out;
}

TEST(SigningChartYaml, SanitizingAndAnnotations) {
  // Validate() turns whitespace into spaces and drops non-printable runes (not in annotations).
  std::string out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: \"a\\tb\\u200bc\"\n"
                          "annotations:\n  artifacthub.io/changes: |\n    - kind: added\n      description: x\n  b: 12\n");
  EXPECT_NE(out.find("description: a bc\n"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("annotations:\n  artifacthub.io/changes: |\n    - kind: added\n      description: x\n  b: \"12\"\n", 0), 0u) << out;
  // v1 charts: Chart.yaml in the archive has no dependencies, the .prov metadata keeps them.
  auto m = parse_chart_yaml("Chart.yaml", "apiVersion: v1\nname: x\nversion: 1.0.0\ndependencies:\n- name: d\n  version: 1.0.0\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->canonical_yaml.find("dependencies"), std::string::npos);
  EXPECT_NE(m->provenance_yaml.find("dependencies:\n- name: d\n  repository: \"\"\n  version: 1.0.0\n"), std::string::npos) << m->provenance_yaml;
  // yaml.v2 key order: digit runs compare as numbers.
  out = canon("apiVersion: v2\nname: x\nversion: 1.0.0\nannotations:\n  a10: x\n  a9: y\n");
  EXPECT_NE(out.find("annotations:\n  a9: \"true\"\n  a10: x\n"), std::string::npos) << out;
}

TEST(SigningChartYaml, BadInputNamesThePlace) {
  for (const char* bad : {"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: nobody\n",
                          "apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: [a]\n",
                          "apiVersion: v2\nname: x\nversion: 1.0.0\ndeprecated: \"yes\"\n",
                          "apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: a\n- name: a\n",
                          "apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: a\n  alias: b/c\n",
                          "apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers:\n-\n"}) {
    auto m = parse_chart_yaml("Chart.yaml", bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().to_string().rfind("Chart.yaml:", 0), 0u) << m.error().to_string();
  }
  EXPECT_FALSE(parse_chart_yaml("Chart.yaml", "apiVersion: v3\nname: x\nversion: 1.0.0\n").ok());
  EXPECT_FALSE(parse_chart_yaml("Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0\n").ok());
  EXPECT_FALSE(parse_chart_yaml("Chart.yaml", "- a\n").ok());
}

TEST(SigningChartYaml, ArchiveAndProvenanceUseIt) {
  fs::path helm = vigil::testing::shared_dir() / "vectors" / "helm";
  fs::path file = helm / "chart-yaml-canonical.json";
  if (!fs::exists(file)) GTEST_SKIP() << "shared vectors absent";
  // helm's message block for hashtest, byte for byte.
  auto body = provenance_body((helm / "hashtest-1.2.3.tgz").string());
  ASSERT_TRUE(body.ok()) << body.error().to_string();
  EXPECT_EQ(*body, vigil::testing::read_text(helm / "msgblock.yaml"));
  EXPECT_EQ(provenance_files_yaml("a-1.0.0.tgz", "ab"), "files:\n  a-1.0.0.tgz: sha256:ab\n");
  EXPECT_EQ(provenance_files_yaml("#odd: name.tgz", "ab"), "files:\n  '#odd: name.tgz': sha256:ab\n");
  // Each Mojaloop chart packaged: its Chart.yaml in the archive and the .prov's first part are the
  // vector's expected text.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(file.string()).get(doc), simdjson::SUCCESS);
  vigil::testing::TempDir t;
  size_t n = 0;
  simdjson::dom::array cases;
  ASSERT_EQ(doc["cases"].get(cases), simdjson::SUCCESS);
  for (auto c : cases) {
    std::string_view name, expected;
    ASSERT_EQ(c["name"].get(name), simdjson::SUCCESS);
    ASSERT_EQ(c["expected"].get(expected), simdjson::SUCCESS);
    if (name.rfind("corpus/", 0) != 0) continue;
    fs::path dir = vigil::testing::shared_dir() / fs::path(std::string(name)).parent_path();
    PackageOptions po;
    po.out_dir = t.path().string();
    auto pkg = package_chart(dir.string(), po);
    ASSERT_TRUE(pkg.ok()) << name << ": " << pkg.error().to_string();
    auto ar = read_chart_archive(*pkg);
    ASSERT_TRUE(ar.ok());
    EXPECT_EQ(ar->entries.front().data, std::string(expected)) << name;
    auto b = provenance_body(*pkg);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->substr(0, expected.size() + 5), std::string(expected) + "\n...\n") << name;
    ++n;
  }
  EXPECT_EQ(n, 9u);
}
