// Bad input: every malformed, truncated, huge or hostile file gives one Error naming the file
// and, where known, line:column; never a crash.
#include <gtest/gtest.h>

#include "inventory/inventory.h"
#include "support/test_support.h"

namespace vigil::inventory {
namespace {

namespace fs = std::filesystem;
using vigil::testing::TempDir;
using vigil::testing::write_text;

struct Case {
  std::string name;
  std::string file;
  std::string text;
  std::string message;  // expected part of the message
  uint32_t line = 0;    // 0 = not checked
  uint32_t column = 0;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

Error scan_error(const TempDir& tmp, const Case& c, uint64_t limit = kDefaultMaxFileBytes) {
  fs::path dir = tmp / "p";
  write_text(dir / c.file, c.text);
  ProjectRef ref{dir, "p", "p", dir};
  Options opt;
  opt.max_file_bytes = limit;
  auto cb = scan_project(ref, opt);
  EXPECT_FALSE(cb.ok()) << c.name << ": expected an error";
  if (cb.ok()) return {};
  return cb.error();
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, OneClearError) {
  const Case& c = GetParam();
  TempDir tmp;
  Error e = scan_error(tmp, c);
  EXPECT_EQ(e.file, "p/" + c.file) << e.to_string();
  EXPECT_NE(e.message.find(c.message), std::string::npos) << e.to_string();
  if (c.line != 0) {
    EXPECT_EQ(e.line, c.line) << e.to_string();
    EXPECT_EQ(e.column, c.column) << e.to_string();
  }
}

std::string deep(size_t n) { return "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"x\": " + std::string(n, '[') + std::string(n, ']') + "}}}"; }

const Case kCases[] = {
    {"missing_comma", "package-lock.json", "{\n  \"lockfileVersion\": 3\n  \"packages\": {}\n}", "expected ',' or '}'", 3, 3},
    {"truncated", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"x\"", "unexpected end of file", 1, 53},
    {"truncated_in_string", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a", "unterminated string", 1, 37},
    {"empty", "package-lock.json", "", "empty file"},
    {"whitespace_only", "package-lock.json", "  \n\t\n", "empty file"},
    {"invalid_utf8", "package-lock.json", "{\"lockfileVersion\": 3,\n \"packages\": {\"\": {\"name\": \"a\xff\xfe\"}}}", "invalid UTF-8", 2, 30},
    {"overlong_utf8", "package-lock.json", "{\"lockfileVersion\": 3, \"name\": \"\xc0\xaf\"}", "invalid UTF-8", 1, 33},
    {"deep_nesting", "package-lock.json", deep(100000), "nesting deeper than"},
    {"duplicate_package", "package-lock.json",
     "{\"lockfileVersion\": 3, \"packages\": {\"\": {},\n\"node_modules/a\": {\"version\": \"1.0.0\"},\n\"node_modules/a\": {\"version\": \"2.0.0\"}}}",
     "duplicate package entry \"node_modules/a\"", 3, 1},
    {"duplicate_field", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"a\", \"name\": \"b\"}}}",
     "duplicate key \"name\"", 1, 55},
    {"version_not_string", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": 5}}}",
     "version must be a string", 1, 67},
    {"packages_not_object", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": []}", "packages must be an object", 1, 36},
    {"dependencies_not_object", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dependencies\": \"a\"}}}",
     "dependencies must be an object", 1, 58},
    {"root_not_object", "package-lock.json", "[1, 2]", "must be a JSON object", 1, 1},
    {"unknown_version", "package-lock.json", "{\"lockfileVersion\": 99, \"packages\": {}}", "unsupported lockfileVersion 99", 1, 21},
    {"version_not_number", "package-lock.json", "{\"lockfileVersion\": \"3\", \"packages\": {}}", "lockfileVersion must be an integer", 1, 21},
    {"no_version", "package-lock.json", "{\"packages\": {}}", "no lockfileVersion"},
    {"v3_without_packages", "package-lock.json", "{\"lockfileVersion\": 3}", "without \"packages\""},
    {"trailing", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {}} {}", "unexpected content after the document", 1, 40},
    {"bad_literal", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"dev\": tru}}}", "unexpected character 't'", 1, 49},
    {"bad_in_skipped_field", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"engines\": {\"node\": >=8}}}}",
     "unexpected character '>'", 1, 62},
    {"flag_not_boolean", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"dev\": \"yes\"}}}",
     "dev must be true or false", 1, 63},
    {"control_char", "package-lock.json", "{\"lockfileVersion\": 3, \"name\": \"a\x01\"}", "control character in string", 1, 34},
    {"manifest_malformed", "package.json", "{\"name\": \"x\",\n \"dependencies\": {\"a\": \"1\",}}", "expected a string key", 2, 28},
    {"manifest_dep_not_string", "package.json", "{\"name\": \"x\", \"dependencies\": {\"a\": 1}}", "dependencies \"a\" must be a string", 1, 37},
    {"manifest_duplicate_dep", "package.json", "{\"dependencies\": {\"a\": \"1\", \"a\": \"2\"}}", "duplicate key \"a\"", 1, 29},
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Npm, BadInput, ::testing::ValuesIn(kCases), case_name);

TEST(BadInputLimits, FileOverTheSizeLimit) {
  TempDir tmp;
  Case c{"big", "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {" + std::string(5000, ' ') + "}}", "", 0, 0};
  Error e = scan_error(tmp, c, 1000);
  EXPECT_EQ(e.file, "p/package-lock.json");
  EXPECT_NE(e.message.find("over the limit of 1000 bytes"), std::string::npos) << e.to_string();
}

TEST(BadInputLimits, BrokenManifestBesideAGoodLockfile) {
  TempDir tmp;
  write_text(tmp / "p/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"\": {}}}");
  write_text(tmp / "p/package.json", "{\"name\": ");
  ProjectRef ref{tmp / "p", "p", "p", tmp / "p"};
  auto cb = scan_project(ref, Options{});
  ASSERT_FALSE(cb.ok());
  EXPECT_EQ(cb.error().file, "p/package.json");
}

TEST(BadInputLimits, WorkspaceGlobCannotLeaveTheProject) {
  TempDir tmp;
  write_text(tmp / "secret/package.json", "{\"name\": \"secret\", \"dependencies\": {\"s\": \"1\"}}");
  write_text(tmp / "p/package.json", "{\"name\": \"p\", \"workspaces\": [\"../secret\", \"/etc\", \"../*\"]}");
  ProjectRef ref{tmp / "p", "p", "p", tmp / "p"};
  auto cb = scan_project(ref, Options{});
  ASSERT_TRUE(cb.ok()) << cb.error().to_string();
  EXPECT_EQ(cb->importers.size(), 1u);
}

}  // namespace
}  // namespace vigil::inventory
