// The shared SPDX vectors (../shared/vectors/spdx, licenses-classification): every case of every
// file, expected values from the reference packages as the oracle.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "license/license.h"
#include "support/test_support.h"

namespace vigil::license {
namespace {

using simdjson::dom::element;

struct Doc {
  simdjson::dom::parser parser;
  element root;
  bool ok = false;
};

// Loads a shared vector file; skips the test when the shared folder is absent.
#define LOAD_OR_SKIP(doc, rel)                                                     \
  auto path_##doc = vigil::testing::shared_dir() / "vectors" / (rel);                 \
  if (!std::filesystem::exists(path_##doc)) GTEST_SKIP() << path_##doc << " absent"; \
  Doc doc;                                                                          \
  ASSERT_FALSE(doc.parser.load(path_##doc.string()).get(doc.root)) << path_##doc;

std::optional<element> field(element e, const char* key) {
  element v;
  if (e[key].get(v)) return std::nullopt;
  return v;
}
simdjson::dom::array list(element e, const char* key) {
  simdjson::dom::array a;
  if (e[key].get_array().get(a)) ADD_FAILURE() << "no list " << key;
  return a;
}
bool flag(element e, const char* key) {
  bool b = false;
  auto v = field(e, key);
  if (v && v->get_bool().get(b)) return false;
  return b;
}
std::string str(element e);
std::string str(std::optional<element> e) { return e ? str(*e) : std::string(); }
std::string str(element e) {
  std::string_view s;
  if (e.get_string().get(s)) return {};
  return std::string(s);
}

// Does the parse tree equal the reference's {license, plus?, exception?} / {left, conjunction, right}?
bool same_tree(const LicenseExpression& t, element e, std::string& why) {
  simdjson::dom::object o;
  if (e.get_object().get(o)) {
    why = "expected is not an object";
    return false;
  }
  element lic;
  if (!o["license"].get(lic)) {
    if (t.kind != LicenseExpression::Kind::License) return why = "expected a license, got " + t.str(), false;
    if (t.license != str(lic)) return why = "license " + t.license + " != " + str(lic), false;
    bool plus = flag(e, "plus");
    if (plus != t.plus) return why = "plus differs", false;
    element ex;
    std::string exs = o["exception"].get(ex) ? std::string() : str(ex);
    if (exs != t.exception) return why = "exception " + t.exception + " != " + exs, false;
    return true;
  }
  std::string conj = str(*field(e, "conjunction"));
  auto kind = conj == "and" ? LicenseExpression::Kind::And : LicenseExpression::Kind::Or;
  if (t.kind != kind) return why = "conjunction differs at " + t.str(), false;
  return same_tree(*t.left, *field(e, "left"), why) && same_tree(*t.right, *field(e, "right"), why);
}

TEST(SpdxVectors, ExpressionParse) {
  LOAD_OR_SKIP(doc, "spdx/expression-parse.json");
  size_t n = 0, pass = 0;
  for (element c : list(doc.root, "cases")) {
    ++n;
    std::string input = str(*field(c, "input"));
    auto r = parse_expression(input);
    element expected;
    if (c["expected"].get(expected)) {
      EXPECT_FALSE(r.ok()) << "should throw: " << input;
      if (!r.ok()) ++pass;
      continue;
    }
    ASSERT_TRUE(r.ok()) << input << ": " << r.error().to_string();
    std::string why;
    EXPECT_TRUE(same_tree(*r, expected, why)) << input << ": " << why;
    if (why.empty()) ++pass;
  }
  EXPECT_GT(n, 0u);
  EXPECT_EQ(pass, n);
  std::cout << "expression-parse: " << pass << "/" << n << "\n";
}

TEST(SpdxVectors, Satisfies) {
  LOAD_OR_SKIP(doc, "spdx/satisfies.json");
  size_t n = 0, pass = 0;
  for (element c : list(doc.root, "cases")) {
    ++n;
    std::string expr = str(*field(c, "expression"));
    std::vector<std::string> allowed;
    for (element a : list(c, "allowed")) allowed.push_back(str(a));
    auto r = satisfies(expr, allowed);
    element expected;
    if (c["expected"].get(expected)) {
      EXPECT_FALSE(r.ok()) << "should throw: " << expr;
      pass += !r.ok();
      continue;
    }
    bool want = false;
    ASSERT_FALSE(expected.get_bool().get(want));
    ASSERT_TRUE(r.ok()) << expr << ": " << r.error().to_string();
    EXPECT_EQ(*r, want) << expr;
    pass += *r == want;
  }
  EXPECT_GT(n, 0u);
  EXPECT_EQ(pass, n);
  std::cout << "satisfies: " << pass << "/" << n << "\n";
}

void run_correct(const char* file) {
  LOAD_OR_SKIP(doc, file);
  size_t n = 0, pass = 0;
  for (element c : list(doc.root, "cases")) {
    ++n;
    std::string input = str(*field(c, "input"));
    bool upgrade = true;
    if (auto opts = field(c, "options")) {
      if (field(*opts, "upgrade")) upgrade = flag(*opts, "upgrade");
    }
    auto got = correct(input, upgrade);
    element expected = *field(c, "expected");
    std::optional<std::string> want;
    if (!expected.is_null()) want = str(expected);
    EXPECT_EQ(got, want) << "correct(\"" << input << "\")";
    pass += got == want;
  }
  EXPECT_GT(n, 0u);
  EXPECT_EQ(pass, n);
  std::cout << file << ": " << pass << "/" << n << "\n";
}

TEST(SpdxVectors, Correct) { run_correct("spdx/correct.json"); }
TEST(SpdxVectors, CorrectNoUpgrade) { run_correct("spdx/correct-no-upgrade.json"); }

TEST(SpdxVectors, CorrectEmptyIsNoAnswer) {
  EXPECT_EQ(correct(""), std::nullopt);
  EXPECT_EQ(correct("   "), std::nullopt);
}

TEST(SpdxVectors, CorpusLicenseStrings) {
  LOAD_OR_SKIP(doc, "spdx/corpus-license-strings.json");
  size_t n = 0;
  auto check = [&](element c) {
    std::string input = field(c, "item") ? str(field(c, "item")) : str(field(c, "input"));
    element parse = *field(c, "parse");
    auto r = parse_expression(input);
    element throws;
    if (!parse["throws"].get(throws)) {
      EXPECT_FALSE(r.ok()) << input;
    } else {
      ASSERT_TRUE(r.ok()) << input;
      std::string why;
      EXPECT_TRUE(same_tree(*r, parse, why)) << input << ": " << why;
    }
    element corr = *field(c, "correct");
    std::optional<std::string> want;
    if (!corr.is_null()) want = str(corr);
    EXPECT_EQ(correct(input), want) << input;
    ++n;
  };
  for (element c : list(doc.root, "cases")) {
    simdjson::dom::array items;
    if (!c["items"].get_array().get(items)) {
      for (element i : items) check(i);
    } else {
      check(c);
    }
  }
  EXPECT_GT(n, 0u);
}

TEST(SpdxVectors, LicenseListMatchesSpdx) {
  LOAD_OR_SKIP(doc, "spdx/licenses.json");
  size_t n = 0;
  std::vector<std::string> missing;
  for (element l : list(doc.root, "licenses")) {
    ++n;
    std::string id = str(*field(l, "licenseId"));
    bool dep = flag(l, "isDeprecatedLicenseId");
    const LicenseInfo* info = find_license(id);
    if (!info) {
      // spdx-license-ids leaves out the deprecated "+" ids (GPL-2.0+ ...): "+" is expression
      // syntax, which the parser reads. Anything else missing is an error.
      if (!(id.ends_with("+") && dep)) missing.push_back(id);
      continue;
    }
    EXPECT_EQ(info->deprecated, dep) << id;
  }
  EXPECT_GT(n, 600u);
  EXPECT_TRUE(missing.empty()) << missing.size() << " ids of SPDX " << str(field(doc.root, "licenseListVersion"))
                               << " missing, e.g. " << (missing.empty() ? "" : missing[0]);
  std::cout << "list: " << n << " SPDX ids, vigil knows " << all_licenses().size() << " (" << list_version() << ")\n";
}

TEST(SpdxVectors, ExceptionsMatchSpdx) {
  LOAD_OR_SKIP(doc, "spdx/exceptions.json");
  size_t n = 0;
  std::vector<std::string> missing;
  for (element l : list(doc.root, "exceptions")) {
    std::string id = str(*field(l, "licenseExceptionId"));
    if (!is_exception_id(id)) missing.push_back(id);
    ++n;
  }
  // spdx-exceptions 2.5.0 (the newest on npm) predates SPDX 3.27: it lacks the exceptions added
  // since. Known ones must all be there, the newer ones are listed.
  EXPECT_GT(n - missing.size(), 60u);
  for (auto id : {"Classpath-exception-2.0", "GCC-exception-3.1", "LLVM-exception", "Bison-exception-2.2"}) EXPECT_TRUE(is_exception_id(id)) << id;
  std::cout << "exceptions: " << n << " in SPDX 3.27, " << missing.size() << " newer than spdx-exceptions:";
  for (const auto& m : missing) std::cout << " " << m;
  std::cout << "\n";
}

TEST(Classification, EveryIdHasItsCategory) {
  LOAD_OR_SKIP(doc, "licenses-classification/classification.json");
  size_t n = 0;
  for (element l : list(doc.root, "licenses")) {
    ++n;
    std::string id = str(*field(l, "id"));
    std::string cat = str(*field(l, "category"));
    bool net = flag(l, "network_copyleft");
    std::string want = net ? "network-copyleft" : cat == "non-commercial-or-other" ? "non-commercial" : cat;
    EXPECT_EQ(to_string(category_of(id)), want) << id;
  }
  EXPECT_GT(n, 100u);
}

}  // namespace
}  // namespace vigil::license
