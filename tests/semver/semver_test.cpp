// vigil::semver beyond the fixtures: limits, bad input, node-semver quirks found by the
// differential test (bench/semver/diff.js), and the no-allocation promise of Range::test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <random>
#include <string>

#include "semver/semver.h"

namespace sv = vigil::semver;

// Counts allocations while a test asks for it (Range::test must not allocate).
static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocations{0};
void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

sv::Options loose() { return {true, false}; }
sv::Options pre() { return {false, true}; }

TEST(SemverVersion, LengthLimitIs256Characters) {
  std::string v = "1.2.3-" + std::string(250, 'a');
  ASSERT_EQ(v.size(), 256u);
  EXPECT_TRUE(sv::parse(v).has_value());
  EXPECT_FALSE(sv::parse(v + "a").has_value());
  // the limit counts the text before trimming, as node-semver does; clean() trims first
  EXPECT_FALSE(sv::parse(std::string(300, ' ') + "1.2.3").has_value());
  EXPECT_EQ(sv::clean(std::string(300, ' ') + "1.2.3").value_or("null"), "1.2.3");
  // 250 characters of build metadata in one identifier is the most the grammar allows
  EXPECT_TRUE(sv::parse("0.0.0+" + std::string(250, 'b')).has_value());
}

TEST(SemverVersion, NumbersAboveMaxSafeIntegerAreRefused) {
  EXPECT_TRUE(sv::parse("9007199254740991.9007199254740991.9007199254740991").has_value());
  EXPECT_FALSE(sv::parse("9007199254740992.0.0").has_value());
  EXPECT_FALSE(sv::parse("0.9007199254740992.0").has_value());
  EXPECT_FALSE(sv::parse("0.0.99999999999999999999999999").has_value());
  EXPECT_FALSE(sv::parse("000000000000000009007199254740992.0.0", loose()).has_value());
  EXPECT_TRUE(sv::parse("000000000000000009007199254740991.0.0", loose()).has_value());
  // prerelease digits at or above 2^53-1 stay text
  auto v = sv::parse("1.2.3-9007199254740991.9007199254740990");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->prerelease_is_number(0));
  EXPECT_TRUE(v->prerelease_is_number(1));
}

TEST(SemverVersion, GarbageNeverCrashesAndIsRefused) {
  for (const char* s : {"", " ", "\t\n", "v", "=", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+",
                        "1.2.3-01", "1.2.3-a..b", "1.2.3+a..b", "a.b.c", "1.2.3 4", "1.2.3\x01", "\xff\xfe", "-1.2.3"}) {
    EXPECT_FALSE(sv::parse(s).has_value()) << s;
  }
  std::mt19937 rng(42);
  const std::string alphabet = "0123456789.-+vx=<>^~|* \tabc";
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t n = rng() % 24;
    for (size_t k = 0; k < n; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    (void)sv::parse(s, loose());
    (void)sv::Range::parse(s, loose());
    (void)sv::coerce(s, {false, true, true});
    (void)sv::inc(s, "prerelease", {}, s);
  }
}

TEST(SemverVersion, LooseQuirks) {
  EXPECT_EQ(sv::valid("1.2.34.5", loose()).value_or("null"), "1.2.3-4.5");  // the patch gives digits back
  EXPECT_EQ(sv::valid("=v 1.2.3", loose()).value_or("null"), "1.2.3");
  EXPECT_EQ(sv::valid("1.2.3beta", loose()).value_or("null"), "1.2.3-beta");
  EXPECT_EQ(sv::valid("1.2.3-", loose()).value_or("null"), "1.2.3--");  // "-" is an identifier
  EXPECT_EQ(sv::valid("01.02.034", loose()).value_or("null"), "1.2.34");
  EXPECT_FALSE(sv::valid("=1.2.3").has_value());
  EXPECT_EQ(sv::valid("\xc2\xa0 1.2.3 \xef\xbb\xbf").value_or("null"), "1.2.3");  // JS whitespace: NBSP, BOM
}

TEST(SemverVersion, Precedence) {
  auto cmp = [](const char* a, const char* b) { return sv::compare(*sv::parse(a), *sv::parse(b)); };
  EXPECT_EQ(cmp("1.0.0-alpha", "1.0.0"), -1);
  EXPECT_EQ(cmp("1.0.0-alpha.1", "1.0.0-alpha"), 1);
  EXPECT_EQ(cmp("1.0.0-2", "1.0.0-10"), -1);      // numeric identifiers compare as numbers
  EXPECT_EQ(cmp("1.0.0-a", "1.0.0-10"), 1);       // and sort before text
  EXPECT_EQ(cmp("1.0.0+b", "1.0.0+a"), 0);        // build ignored
  EXPECT_EQ(sv::compare_build(*sv::parse("1.0.0+2"), *sv::parse("1.0.0+10")), -1);
  EXPECT_EQ(sv::compare_build(*sv::parse("1.0.0"), *sv::parse("1.0.0+0")), -1);
}

TEST(SemverRange, PrereleasesNeedTheSameTupleOrIncludePrerelease) {
  EXPECT_FALSE(sv::satisfies("1.2.4-beta", ">=1.2.3"));
  EXPECT_TRUE(sv::satisfies("1.2.4-beta", ">=1.2.3", pre()));
  EXPECT_TRUE(sv::satisfies("1.2.3-beta.2", "^1.2.3-beta.1"));
  EXPECT_FALSE(sv::satisfies("1.2.4-beta.2", "^1.2.3-beta.1"));
  EXPECT_FALSE(sv::satisfies("1.0.0-rc.1", "*"));
  EXPECT_TRUE(sv::satisfies("1.0.0-rc.1", "*", pre()));
  EXPECT_EQ(sv::valid_range(">=0.0.0-0", pre()).value_or("null"), "*");
  EXPECT_EQ(sv::valid_range(">=0.0.0-0").value_or("null"), ">=0.0.0-0");
}

TEST(SemverRange, Desugaring) {
  auto canon = [](const char* r, sv::Options o = {}) { return sv::valid_range(r, o).value_or("null"); };
  EXPECT_EQ(canon("1.2.3 - 2.3.4"), ">=1.2.3 <=2.3.4");
  EXPECT_EQ(canon("1.2 - 2.3.4"), ">=1.2.0 <=2.3.4");
  EXPECT_EQ(canon("1.2.3 - 2.3"), ">=1.2.3 <2.4.0-0");
  EXPECT_EQ(canon("~1.2.3"), ">=1.2.3 <1.3.0-0");
  EXPECT_EQ(canon("~> 1.2"), ">=1.2.0 <1.3.0-0");
  EXPECT_EQ(canon("^0.0.3"), ">=0.0.3 <0.0.4-0");
  EXPECT_EQ(canon("^0.2.3"), ">=0.2.3 <0.3.0-0");
  EXPECT_EQ(canon(">1.2"), ">=1.3.0");
  EXPECT_EQ(canon("<=1.2"), "<1.3.0-0");
  EXPECT_EQ(canon("1.2.3 +build 2.0.0"), "1.2.3 2.0.0");
  EXPECT_EQ(canon("1.x || >=2.5.0 || 5.0.0 - 7.2.3"), ">=1.0.0 <2.0.0-0||>=2.5.0||>=5.0.0 <=7.2.3");
  EXPECT_EQ(canon("<0.0.0-0 || 1.2.3"), "1.2.3");  // null sets dropped when others remain
  EXPECT_EQ(canon("1.2.3 || *"), "*");              // a set matching anything swallows the rest
  EXPECT_EQ(canon("^9007199254740991.0.0"), "null");
  // huge bounds: JavaScript prints 1e+23, which is no comparator; loose drops it
  EXPECT_EQ(canon("1.2.3 - 99999999999999999999999.x", loose()), ">=1.2.3");
  EXPECT_EQ(canon("1.2.3 - 99999999999999999999999.x"), "null");
  EXPECT_EQ(canon("=1.2.3 - 2"), "null");
  EXPECT_EQ(canon("=1.2.3 - 2", loose()), ">=1.2.3 <3.0.0-0");
}

TEST(SemverRange, HostileInputIsBoundedAndRefused) {
  std::string big(200000, '1');
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(sv::Range::parse(big).has_value());
  std::string dots;
  for (int i = 0; i < 20000; ++i) dots += "1.2.3-a.a.a.a.a ";
  (void)sv::Range::parse(dots, loose());
  std::string ids = "1.2.3-";
  for (int i = 0; i < 100000; ++i) ids += "a.";
  ids += "a";
  EXPECT_FALSE(sv::Range::parse(ids).has_value());  // a comparator over 256 characters
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 30.0);
}

TEST(SemverRange, TestDoesNotAllocate) {
  auto r = sv::Range::parse(">=1.2.3-beta.1 <2.0.0 || ~3.4 || 5.x || >=7.0.0-rc.1 <7.0.0");
  ASSERT_TRUE(r);
  std::vector<sv::Version> vs;
  for (const char* s : {"1.2.3", "1.2.3-beta.2", "1.9.9", "2.0.0", "3.4.9", "5.1.0", "7.0.0-rc.2", "7.0.0-alpha", "9.0.0"}) {
    vs.push_back(*sv::parse(s));
  }
  int hits = 0;
  g_allocations = 0;
  g_counting = true;
  for (int round = 0; round < 100; ++round) {
    for (const auto& v : vs) hits += r->test(v) ? 1 : 0;
  }
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
  EXPECT_EQ(hits, 100 * 6);
}

TEST(SemverRange, IntersectsAndOutside) {
  EXPECT_TRUE(sv::intersects("^1.2.0", "~1.2.9"));
  EXPECT_FALSE(sv::intersects("^1.2.0", "^2.0.0"));
  EXPECT_TRUE(sv::gtr("2.0.0", "^1.2.0"));
  EXPECT_FALSE(sv::gtr("1.5.0", "^1.2.0"));
  EXPECT_TRUE(sv::ltr("1.1.0", "^1.2.0"));
  EXPECT_FALSE(sv::gtr("not a version", "^1.2.0"));
  EXPECT_FALSE(sv::ltr("1.0.0", "not a range"));
}

TEST(SemverFunctions, MinMaxSatisfyingAndMinVersion) {
  std::vector<std::string> vs{"1.2.3", "v1.2.4", "1.3.0-beta", "2.0.0", "junk"};
  EXPECT_EQ(sv::max_satisfying(vs, "^1.2").value_or("null"), "v1.2.4");  // as given
  EXPECT_EQ(sv::min_satisfying(vs, "^1.2").value_or("null"), "1.2.3");
  EXPECT_FALSE(sv::max_satisfying(vs, "^9").has_value());
  EXPECT_FALSE(sv::max_satisfying(vs, "not a range").has_value());
  EXPECT_EQ(sv::min_version(">1.2.3").value_or("null"), "1.2.4");
  EXPECT_EQ(sv::min_version(">1.2.3-beta").value_or("null"), "1.2.3-beta.0");
  EXPECT_EQ(sv::min_version("<1.0.0").value_or("null"), "0.0.0");
  EXPECT_FALSE(sv::min_version(">4.0.0 <3.0.0").has_value());
}

TEST(SemverFunctions, Coerce) {
  auto c = [](const char* s, sv::CoerceOptions o = {}) {
    auto v = sv::coerce(s, o);
    return v ? v->str() : std::string("null");
  };
  EXPECT_EQ(c("v2"), "2.0.0");
  EXPECT_EQ(c("42.6.7.9.3-alpha"), "42.6.7");
  EXPECT_EQ(c("1.2.3.4", {false, false, true}), "2.3.4");
  EXPECT_EQ(c("1.2.3-rc.1+b", {false, true, false}), "1.2.3-rc.1");
  EXPECT_EQ(c("12345678901234567890"), "null");     // more than 16 digits
  EXPECT_EQ(c("1.12345678901234567"), "1.0.0");
  EXPECT_EQ(c("v0001.2"), "null");                  // "0001.2.0" is not strict SemVer
  EXPECT_EQ(c("v0001.2", {true, false, false}), "1.2.0");
  EXPECT_EQ(c("no digits"), "null");
}

TEST(SemverFunctions, IncAndTruncate) {
  EXPECT_EQ(sv::inc("1.2.3", "prerelease", {}, "beta").value_or("null"), "1.2.4-beta.0");
  EXPECT_EQ(sv::inc("1.2.3", "prerelease", {}, "beta", sv::IdentifierBase::of("1")).value_or("null"), "1.2.4-beta.1");
  EXPECT_EQ(sv::inc("1.2.3", "prerelease", {}, "beta", sv::IdentifierBase::no_number()).value_or("null"), "1.2.4-beta");
  EXPECT_EQ(sv::inc("1.2.3-beta.x", "prerelease", {}, "beta", sv::IdentifierBase::of("0x1")).value_or("null"),
            "1.2.3-beta.1");  // Number("0x1") is 1
  EXPECT_EQ(sv::inc("1.2.3", "pre").value_or("null"), "1.2.3-0");  // node's internal level
  EXPECT_FALSE(sv::inc("1.2.3", "prerelease", {}, "bad/id").has_value());
  EXPECT_FALSE(sv::inc("1.2.3", "release").has_value());
  EXPECT_FALSE(sv::inc("nope", "major").has_value());
  EXPECT_EQ(sv::truncate("1.2.3-rc.1+b", "minor").value_or("null"), "1.2.0");
  EXPECT_FALSE(sv::truncate("1.2.3", "release").has_value());
}

}  // namespace
