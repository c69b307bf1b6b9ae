// Every case of every file in ../shared/vectors/cvss (RedHat's reference vectors, FIRST's
// macro-vector scores, cvss-suite, go-cvss, the NSWG advisories), and every CVSS vector of the
// NSWG advisories in ../shared/vulndb/nswg-osv, against vigil::cvss. A vector file this test
// does not know fails it: new files must be wired in.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "support/test_support.h"
#include "vuln/cvss/cvss.h"

namespace vigil::cvss {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;

fs::path vector_dir() { return vigil::testing::shared_dir() / "vectors" / "cvss"; }

std::string upper(std::string_view s) {
  std::string o(s);
  for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

// A JSON number (integer or not) as a double; NaN when `e` is not a number.
double number(element e) {
  double d = 0;
  if (e.get(d) == simdjson::SUCCESS) return d;
  int64_t i = 0;
  if (e.get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  return std::nan("");
}

std::optional<double> optional_number(element c, const char* key) {
  element e;
  if (c[key].get(e) != simdjson::SUCCESS) return std::nullopt;
  return number(e);
}

std::string text(element c, const char* key) {
  std::string_view s;
  if (c[key].get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

// Scores are one-decimal numbers: compare them as tenths.
long tenths(double d) { return std::lround(d * 10); }

// A file's "cases" array; the parser must outlive it.
simdjson::dom::array load_cases(simdjson::dom::parser& parser, const fs::path& path) {
  element doc;
  simdjson::dom::array cases;
  EXPECT_EQ(parser.load(path.string()).get(doc), simdjson::SUCCESS) << path;
  EXPECT_EQ(doc["cases"].get(cases), simdjson::SUCCESS) << path;
  return cases;
}

#define SKIP_WITHOUT_VECTORS()                                                     \
  if (!fs::is_directory(vector_dir())) GTEST_SKIP() << vector_dir() << " is missing"

// {vector, version, base_score, severity, temporal_score?, environmental_score?}
size_t check_scored_file(const std::string& name) {
  simdjson::dom::parser parser;
  simdjson::dom::array cases = load_cases(parser, vector_dir() / name);
  size_t n = 0, failures = 0;
  for (element c : cases) {
    const std::string vector = text(c, "vector");
    const std::string version = text(c, "version");
    SCOPED_TRACE(name + ": " + vector);
    ++n;
    auto s = score(vector);
    if (!s) {
      ADD_FAILURE() << "rejected: " << s.error().message;
      if (++failures > 20) break;
      continue;
    }
    EXPECT_EQ(to_string(s->version), version);
    const double base = number(c["base_score"].value_unsafe());
    EXPECT_EQ(tenths(s->base), tenths(base)) << "base " << s->base << " expected " << base;
    EXPECT_EQ(s->base, tenths(base) / 10.0) << "not the nearest double to a one-decimal number";
    // The files' severity is the rating of base_score.
    EXPECT_EQ(upper(to_string(rating_of(s->base))), text(c, "severity"));
    EXPECT_EQ(s->rating, rating_of(s->score));
    if (s->version == Version::V4_0) {
      EXPECT_EQ(s->score, s->base);
      EXPECT_FALSE(s->temporal || s->environmental);
      EXPECT_EQ(s->nomenclature.rfind("CVSS-B", 0), 0u) << s->nomenclature;
    } else {
      // The files give temporal and environmental scores as a calculator shows them, also for
      // vectors that define no such metric: compare with all three equations.
      auto eq = v3_equations(vector);
      if (!eq) {
        ADD_FAILURE() << eq.error().message;
        continue;
      }
      EXPECT_EQ(eq->base, s->base);
      if (auto t = optional_number(c, "temporal_score")) {
        EXPECT_EQ(tenths(eq->temporal), tenths(*t)) << "temporal " << eq->temporal << " expected " << *t;
        if (s->temporal) {
          EXPECT_EQ(*s->temporal, eq->temporal);
        }
      }
      if (auto e = optional_number(c, "environmental_score")) {
        EXPECT_EQ(tenths(eq->environmental), tenths(*e)) << "environmental " << eq->environmental << " expected " << *e;
        if (s->environmental) {
          EXPECT_EQ(*s->environmental, eq->environmental);
        }
      }
      EXPECT_EQ(s->score, s->environmental ? *s->environmental : s->temporal ? *s->temporal : s->base);
      EXPECT_TRUE(s->nomenclature.empty());
    }
    // The normalized vector scores the same and is its own normal form.
    auto again = score(s->normalized_vector);
    if (again) {
      EXPECT_EQ(again->score, s->score);
      EXPECT_EQ(again->normalized_vector, s->normalized_vector);
    } else {
      ADD_FAILURE() << s->normalized_vector << ": " << again.error().message;
    }
    if (::testing::Test::HasFailure() && ++failures > 20) break;
  }
  std::cout << "[ cvss     ] " << name << ": " << n << " cases\n";
  return n;
}

TEST(CvssVectors, EveryFileIsKnown) {
  SKIP_WITHOUT_VECTORS();
  const std::set<std::string> known = {
      "cvss-v3.json",         "cvss-v3-any-order.json",       "cvss-v3-generated.json",
      "cvss-v4.json",         "cvss-v4-any-order.json",       "cvss-v4-generated.json",
      "cvss-invalid.json",    "cvss-v3-nswg-disputed.json",   "cvss-v3.0-rounding-edge.json",
  };
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(vector_dir())) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_TRUE(known.count(entry.path().filename().string())) << "not wired into this test: " << entry.path();
  }
  EXPECT_GT(files, 0u);
}

TEST(CvssVectors, V3) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v3.json"), 0u);
}

TEST(CvssVectors, V3AnyOrder) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v3-any-order.json"), 0u);
}

TEST(CvssVectors, V3Generated) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v3-generated.json"), 0u);
}

TEST(CvssVectors, V4) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v4.json"), 0u);
}

TEST(CvssVectors, V4AnyOrder) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v4-any-order.json"), 0u);
}

TEST(CvssVectors, V4Generated) {
  SKIP_WITHOUT_VECTORS();
  EXPECT_GT(check_scored_file("cvss-v4-generated.json"), 0u);
}

// {vector, valid: false | "disputed", reason, source}. vigil takes RedHat's side of the
// disputed case (v4 metrics out of order): it accepts it, as it accepts every any-order file.
TEST(CvssVectors, Invalid) {
  SKIP_WITHOUT_VECTORS();
  simdjson::dom::parser parser;
  size_t rejected = 0, disputed = 0;
  for (element c : load_cases(parser, vector_dir() / "cvss-invalid.json")) {
    const std::string vector = text(c, "vector");
    SCOPED_TRACE(vector);
    auto s = score(vector);
    bool valid = true;
    if (c["valid"].get(valid) == simdjson::SUCCESS) {
      ASSERT_FALSE(valid);
      ASSERT_FALSE(s.ok()) << "accepted: " << s->score;
      EXPECT_FALSE(s.error().message.empty());
      std::cout << "[ cvss     ] rejected \"" << vector << "\": " << s.error().message << "\n";
      ++rejected;
    } else {
      EXPECT_EQ(text(c, "valid"), "disputed");
      ASSERT_TRUE(s.ok()) << s.error().message;
      // The reason quotes RedHat's score: "... (base score 4.2)".
      const std::string reason = text(c, "reason");
      const size_t at = reason.find("base score ");
      if (at != std::string::npos) {
        EXPECT_EQ(tenths(s->score), tenths(std::stod(reason.substr(at + 11))));
      }
      ++disputed;
    }
  }
  std::cout << "[ cvss     ] cvss-invalid.json: " << rejected << " rejected, " << disputed << " disputed (accepted)\n";
  EXPECT_GT(rejected, 0u);
}

// {vector, published_score, spec_base_score}: the specification's score, not the published one.
TEST(CvssVectors, NswgDisputed) {
  SKIP_WITHOUT_VECTORS();
  simdjson::dom::parser parser;
  size_t n = 0;
  for (element c : load_cases(parser, vector_dir() / "cvss-v3-nswg-disputed.json")) {
    const std::string vector = text(c, "vector");
    SCOPED_TRACE(vector);
    auto s = score(vector);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(tenths(s->score), tenths(number(c["spec_base_score"].value_unsafe())));
    EXPECT_NE(tenths(s->score), tenths(number(c["published_score"].value_unsafe())));
    ++n;
  }
  std::cout << "[ cvss     ] cvss-v3-nswg-disputed.json: " << n << " cases\n";
  EXPECT_GT(n, 0u);
}

// {vector, redhat_scores: [base, temporal, environmental], float_math_ceil}.
TEST(CvssVectors, V30RoundingEdge) {
  SKIP_WITHOUT_VECTORS();
  simdjson::dom::parser parser;
  size_t n = 0;
  for (element c : load_cases(parser, vector_dir() / "cvss-v3.0-rounding-edge.json")) {
    const std::string vector = text(c, "vector");
    SCOPED_TRACE(vector);
    std::vector<double> expected, naive;
    simdjson::dom::array redhat, math_ceil;
    ASSERT_EQ(c["redhat_scores"].get(redhat), simdjson::SUCCESS);
    ASSERT_EQ(c["float_math_ceil"].get(math_ceil), simdjson::SUCCESS);
    for (element e : redhat) expected.push_back(number(e));
    for (element e : math_ceil) naive.push_back(number(e));
    ASSERT_EQ(expected.size(), 3u);
    auto eq = v3_equations(vector);
    ASSERT_TRUE(eq.ok()) << eq.error().message;
    EXPECT_EQ(eq->base, expected[0]);
    EXPECT_EQ(eq->temporal, expected[1]);
    EXPECT_EQ(eq->environmental, expected[2]);
    EXPECT_NE(eq->environmental, naive[2]);
    auto s = score(vector);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->score, expected[2]);
    ++n;
  }
  EXPECT_GT(n, 0u);
}

// Every severity[].score of the NSWG advisories computes, and gives the advisory's own
// cvss_score unless cvss-v3-nswg-disputed.json lists it (then its spec_base_score) or
// cvss-invalid.json says the vector must be rejected.
TEST(CvssVectors, NswgAdvisories) {
  const fs::path dir = vigil::testing::shared_dir() / "vulndb" / "nswg-osv";
  if (!fs::is_directory(dir) || !fs::is_directory(vector_dir())) GTEST_SKIP() << dir << " is missing";
  std::map<std::string, double> disputed;
  std::set<std::string> invalid;
  {
    simdjson::dom::parser parser;
    for (element c : load_cases(parser, vector_dir() / "cvss-v3-nswg-disputed.json")) {
      disputed[text(c, "vector")] = number(c["spec_base_score"].value_unsafe());
    }
    for (element c : load_cases(parser, vector_dir() / "cvss-invalid.json")) {
      bool valid = true;
      if (c["valid"].get(valid) == simdjson::SUCCESS && !valid) invalid.insert(text(c, "vector"));
    }
  }
  simdjson::dom::parser parser;
  size_t files = 0, vectors = 0, scored = 0, rejected = 0, as_published = 0, as_disputed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    element doc;
    ASSERT_EQ(parser.load(entry.path().string()).get(doc), simdjson::SUCCESS) << entry.path();
    simdjson::dom::array severity;
    if (doc["severity"].get(severity) != simdjson::SUCCESS) continue;
    double published = std::nan("");
    element ds;
    if (doc["database_specific"]["cvss_score"].get(ds) == simdjson::SUCCESS) published = number(ds);
    for (element sev : severity) {
      const std::string vector = text(sev, "score");
      SCOPED_TRACE(entry.path().filename().string() + ": " + vector);
      ++vectors;
      auto s = score(vector);
      if (invalid.count(vector)) {
        EXPECT_FALSE(s.ok());
        ++rejected;
        continue;
      }
      ASSERT_TRUE(s.ok()) << s.error().message;
      ++scored;
      if (auto it = disputed.find(vector); it != disputed.end() && tenths(published) != tenths(s->score)) {
        EXPECT_EQ(tenths(s->score), tenths(it->second));
        ++as_disputed;
      } else if (!std::isnan(published)) {
        EXPECT_EQ(tenths(s->score), tenths(published)) << "published " << published << ", computed " << s->score;
        ++as_published;
      }
    }
  }
  std::cout << "[ cvss     ] nswg-osv: " << files << " advisories, " << vectors << " vectors: " << scored << " scored ("
            << as_published << " = published score, " << as_disputed << " = disputed spec score), " << rejected
            << " rejected as cvss-invalid.json says\n";
  EXPECT_GT(scored, 0u);
}

// Not a benchmark gate, a measurement: how many vectors score() handles per second (printed).
TEST(CvssVectors, Throughput) {
  SKIP_WITHOUT_VECTORS();
  std::vector<std::string> vectors;
  for (const char* name : {"cvss-v3.json", "cvss-v3-generated.json", "cvss-v4.json", "cvss-v4-generated.json"}) {
    simdjson::dom::parser parser;
    for (element c : load_cases(parser, vector_dir() / name)) vectors.push_back(text(c, "vector"));
  }
  ASSERT_FALSE(vectors.empty());
  constexpr int kRounds = 20;
  size_t ok = 0;
  double checksum = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < kRounds; ++r) {
    for (const std::string& v : vectors) {
      auto s = score(v);
      if (s) {
        ++ok;
        checksum += s->score;
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(ok, vectors.size() * kRounds);
  std::cout << "[ cvss     ] throughput: " << ok << " vectors in " << secs << " s = " << static_cast<long>(ok / secs)
            << " vectors/s (checksum " << checksum << ")\n";
}

}  // namespace
}  // namespace vigil::cvss
