// Tests of src/core: purls, UTF-8 checking, positions, safe reading and writing, parallel_for.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "core/core.h"
#include "support/test_support.h"

namespace vigil {
namespace {

using vigil::testing::TempDir;
using vigil::testing::write_text;

// Examples from the purl specification's npm section and its test suite.
TEST(Purl, NpmNamesAndScopes) {
  EXPECT_EQ(npm_purl("foobar", "12.3.1"), "pkg:npm/foobar@12.3.1");
  EXPECT_EQ(npm_purl("@angular/animation", "12.3.1"), "pkg:npm/%40angular/animation@12.3.1");
  // npm names are lower-cased in a purl.
  EXPECT_EQ(npm_purl("@Scope/Name", "1.0.0"), "pkg:npm/%40scope/name@1.0.0");
  // Characters outside the unreserved set are percent-encoded, in the version too.
  EXPECT_EQ(npm_purl("a b", "1.0.0+build.1"), "pkg:npm/a%20b@1.0.0%2Bbuild.1");
  Package p;
  p.name = "@sindresorhus/is";
  p.version = "4.6.0";
  EXPECT_EQ(p.purl(), "pkg:npm/%40sindresorhus/is@4.6.0");
  EXPECT_EQ(p.id(), "@sindresorhus/is@4.6.0");
}

TEST(Utf8, AcceptsValidAndFindsTheFirstInvalidByte) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);                // never valid
  EXPECT_EQ(first_invalid_utf8("a\xC0\xAF"), 1u);             // overlong '/'
  EXPECT_EQ(first_invalid_utf8("a\xED\xA0\x80"), 1u);         // surrogate U+D800
  EXPECT_EQ(first_invalid_utf8("a\xF4\x90\x80\x80"), 1u);     // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("abc\xE2\x82"), 3u);           // truncated sequence
  EXPECT_EQ(first_invalid_utf8(std::string_view("a\0b", 3)), std::string_view::npos);
}

TEST(Position, CountsLinesAndByteColumns) {
  const std::string_view text = "ab\ncd\n\nxyz";
  EXPECT_EQ(position_of(text, 0).line, 1u);
  EXPECT_EQ(position_of(text, 0).column, 1u);
  EXPECT_EQ(position_of(text, 4).line, 2u);
  EXPECT_EQ(position_of(text, 4).column, 2u);
  EXPECT_EQ(position_of(text, 9).line, 4u);
  EXPECT_EQ(position_of(text, 9).column, 3u);
}

TEST(Errors, NameFileAndPlace) {
  EXPECT_EQ(make_error("a/package-lock.json", 3, 7, "bad").to_string(), "a/package-lock.json:3:7: bad");
  EXPECT_EQ(make_error("a/package-lock.json", "bad").to_string(), "a/package-lock.json: bad");
  EXPECT_EQ(make_error("", "bad").to_string(), "bad");
}

TEST(Files, ReadRefusesOverTheLimitAndKeepsPadding) {
  TempDir tmp;
  write_text(tmp / "f.json", std::string(1000, 'x'));
  auto ok = read_file(tmp / "f.json", 1000, "f.json");
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->size(), 1000u);
  EXPECT_GE(ok->capacity(), 1000u + kReadPadding);
  auto big = read_file(tmp / "f.json", 999, "f.json");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().to_string().find("f.json"), std::string::npos);
  auto missing = read_file(tmp / "nope.json", 1000, "nope.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("nope.json"), std::string::npos);
  auto dir = read_file(tmp.path(), 1000, "dir");
  EXPECT_FALSE(dir.ok());
}

TEST(Files, AtomicWriteReplacesWholeFilesOnly) {
  TempDir tmp;
  ASSERT_TRUE(write_file_atomic(tmp / "out.txt", "first").ok());
  ASSERT_TRUE(write_file_atomic(tmp / "out.txt", "second").ok());
  EXPECT_EQ(vigil::testing::read_text(tmp / "out.txt"), "second");
  // A folder that does not exist: an error, and nothing is left behind.
  EXPECT_FALSE(write_file_atomic(tmp / "missing/out.txt", "x").ok());
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST(Parallel, CallsEveryIndexExactlyOnce) {
  for (unsigned threads : {1u, 2u, 8u}) {
    std::vector<std::atomic<int>> calls(1000);
    parallel_for(calls.size(), [&](size_t i) { calls[i].fetch_add(1); }, threads);
    for (const auto& c : calls) EXPECT_EQ(c.load(), 1);
  }
  parallel_for(0, [](size_t) { FAIL(); });
}

}  // namespace
}  // namespace vigil
