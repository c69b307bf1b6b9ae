// The vulnerable-snippet suite (tests/data/sast/suite, README.md there states the contract): one
// test per case, listed from the folder when the test binary runs. A case passes when the set of
// (file, line, rule) findings equals the set of `// vigil-expect: RULE` marks exactly; negative
// cases (neg-*, safe-*) carry no marks, so they must produce nothing at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "sast/sast.h"
#include "support/test_support.h"

namespace vigil::sast {
namespace {

namespace fs = std::filesystem;
using vigil::testing::read_text;

fs::path suite_dir() { return vigil::testing::test_data() / "sast" / "suite"; }

struct Case {
  std::string rule;    // the folder name = the rule id
  std::string name;    // pos-x.js, neg-xmod
  fs::path path;
  bool positive() const { return name.rfind("pos-", 0) == 0; }
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.rule << "/" << c.name; }

std::vector<Case> list_cases() {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& rd : fs::directory_iterator(suite_dir(), ec)) {
    if (!rd.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(rd.path(), ec)) {
      std::string n = c.path().filename().string();
      if (n.rfind("pos-", 0) != 0 && n.rfind("neg-", 0) != 0 && n.rfind("safe-", 0) != 0) continue;
      out.push_back({rd.path().filename().string(), n, c.path()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return std::tie(a.rule, a.name) < std::tie(b.rule, b.name); });
  return out;
}

using Mark = std::tuple<std::string, uint32_t, std::string>;  // file (relative to the case), line, rule

std::string show(const std::set<Mark>& s) {
  std::ostringstream o;
  for (const auto& [f, l, r] : s) o << "  " << f << ":" << l << " " << r << "\n";
  return o.str();
}

// The marks of one file: `// vigil-expect: a, b` on a line.
void marks_of(const std::string& rel, const std::string& text, std::set<Mark>& out) {
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto at = line.find("vigil-expect:");
    if (at == std::string::npos) continue;
    std::string list = line.substr(at + 13);
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ',')) {
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t\r") + 1);
      if (!item.empty()) out.insert({rel, n, item});
    }
  }
}

class SastSuite : public ::testing::TestWithParam<Case> {};

TEST_P(SastSuite, FindingsEqualMarks) {
  const Case& c = GetParam();
  ASSERT_NE(find_rule(c.rule), nullptr) << "the folder " << c.rule << " names no rule";
  std::set<Mark> expected;
  std::vector<std::string> files;
  if (fs::is_directory(c.path)) {
    for (const auto& e : fs::recursive_directory_iterator(c.path)) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), c.path).generic_string();
      marks_of(rel, read_text(e.path()), expected);
      files.push_back(rel);
    }
  } else {
    marks_of(c.name, read_text(c.path), expected);
    files.push_back(c.name);
  }
  if (c.positive()) {
    ASSERT_FALSE(expected.empty()) << "a positive case without a vigil-expect mark";
    for (const auto& [f, l, r] : expected) {
      (void)f, (void)l;
      EXPECT_NE(find_rule(r), nullptr) << "the mark names no rule: " << r;
    }
    bool has_own = std::any_of(expected.begin(), expected.end(), [&](const Mark& m) { return std::get<2>(m) == c.rule; });
    EXPECT_TRUE(has_own) << "a positive case of " << c.rule << " marks no " << c.rule << " finding";
  } else {
    ASSERT_TRUE(expected.empty()) << "a negative case carries marks";
  }

  Options opt;
  opt.threads = 1;
  Result r = analyse({c.path}, opt);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  for (const auto& e : r.parse_errors) ADD_FAILURE() << "parse error: " << e.to_string();
  EXPECT_EQ(r.files, files.size());
  std::set<Mark> got;
  for (const auto& f : r.findings) {
    std::string rel = fs::is_directory(c.path) ? f.file : fs::path(f.file).filename().string();
    got.insert({rel, f.line, f.rule});
  }
  std::set<Mark> missing, extra;
  std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(), std::inserter(missing, missing.end()));
  std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::inserter(extra, extra.end()));
  EXPECT_TRUE(missing.empty()) << "marked but not found (false negatives):\n" << show(missing);
  EXPECT_TRUE(extra.empty()) << "found but not marked (false positives):\n" << show(extra);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.rule + "__" + info.param.name;
  for (auto& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Sast, SastSuite, ::testing::ValuesIn(list_cases()), case_name);

// The suite itself keeps its promise: every rule has a folder with at least 5 positive and 2
// negative cases, one of them across modules.
TEST(SastSuiteShape, EveryRuleHasPositiveAndNegativeCases) {
  auto cases = list_cases();
  for (const auto& rule : rules()) {
    int pos = 0, neg = 0, folder = 0;
    for (const auto& c : cases) {
      if (c.rule != rule.id) continue;
      (c.positive() ? pos : neg)++;
      if (fs::is_directory(c.path)) ++folder;
    }
    EXPECT_GE(pos, 5) << rule.id;
    EXPECT_GE(neg, 2) << rule.id;
    EXPECT_GE(folder, 1) << rule.id;
  }
}

}  // namespace
}  // namespace vigil::sast

namespace vigil::sast {
namespace {

// docs/rules.md documents every rule with its CWE, OWASP category and severity.
TEST(SastDocs, RulesMdDescribesEveryRule) {
  std::string doc = read_text(fs::path(VIGIL_SOURCE_DIR) / "docs" / "rules.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& r : rules()) {
    auto at = doc.find("\n## " + std::string(r.id) + "\n");
    ASSERT_NE(at, std::string::npos) << r.id;
    auto end = doc.find("\n## ", at + 4);
    std::string section = doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
    EXPECT_NE(section.find(std::string(r.cwe) + ","), std::string::npos) << r.id;
    EXPECT_NE(section.find(std::string(r.owasp)), std::string::npos) << r.id;
    EXPECT_NE(section.find("severity " + std::string(severity_name(r.severity))), std::string::npos) << r.id;
    EXPECT_NE(section.find("Fix: "), std::string::npos) << r.id;
  }
}

}  // namespace
}  // namespace vigil::sast
