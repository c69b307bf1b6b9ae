// vigil license: what the libraries of a codebase are licensed under, and whether that is
// compliant with the organisation's license policy.
//
// - The SPDX license list, exceptions and license ranges are compiled in at build time from
//   the npm packages spdx-license-ids, spdx-exceptions, spdx-license-list and spdx-ranges
//   (gen_spdx_data.js); list_version() names them.
// - parse_expression() reads SPDX license expressions (SPDX 2.3 Annex D: AND binds tighter
//   than OR, WITH binds to one license, "+", parentheses, LicenseRef-/DocumentRef-), behaving
//   like spdx-expression-parse 5.0.0 (operators in any case; only spaces separate tokens).
// - correct() turns a messy string into an SPDX id or expression like spdx-correct 3.2.0;
//   normalise() applies it to what package.json license fields really carry.
// - satisfies() is spdx-satisfies 6.0.0: can the expression be met with the allowed ids only.
// - category_of() is the policy category of an id (docs/licenses.md: google/licenseclassifier's
//   license types and the ASF 3rd-party policy).
// - evaluate() applies a policy::LicensePolicy to one library's license.
// - detect_license_text() matches a LICENSE/COPYING file against the SPDX license texts.
// Nothing here prints, touches the network, or throws on user input.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "inventory/inventory.h"
#include "policy/policy.h"

namespace vigil::license {

// ---- the SPDX license list ----
struct LicenseInfo {
  std::string_view id;
  std::string_view name;
  bool osi_approved = false;
  bool deprecated = false;
};
// By exact id; nullptr when not on the list.
const LicenseInfo* find_license(std::string_view id);
// The id with its list spelling when `id` matches one case-insensitively.
std::optional<std::string_view> canonical_license_id(std::string_view id);
std::optional<std::string_view> canonical_exception_id(std::string_view id);
bool is_license_id(std::string_view id);    // exact, deprecated ids included
bool is_exception_id(std::string_view id);  // exact, deprecated ids included
std::vector<LicenseInfo> all_licenses();    // sorted by id
std::vector<std::string_view> all_exceptions();
// "spdx-license-ids 3.0.24, spdx-exceptions 2.5.0, spdx-license-list 6.12.0, spdx-ranges 2.1.1":
// those packages do not carry the SPDX list version itself.
std::string_view list_version();

// ---- expressions ----
struct LicenseExpression {
  enum class Kind : uint8_t { License, And, Or };
  Kind kind = Kind::License;
  std::string license;    // Kind::License: SPDX id, LicenseRef-x or DocumentRef-d:LicenseRef-x
  bool plus = false;      // "GPL-2.0+"
  std::string exception;  // WITH exception id, or empty
  std::shared_ptr<const LicenseExpression> left, right;  // And / Or

  // Canonical text: single spaces, upper-case operators, parentheses where precedence needs them.
  std::string str() const;
  // The simple licenses (leaves), left to right.
  std::vector<const LicenseExpression*> leaves() const;
};

// Longer expressions (and strings given to correct/normalise) are refused: no real license field
// is near this, and the regular expressions of correct() must not see megabytes.
constexpr size_t kMaxExpressionBytes = 4096;

// Parses an SPDX expression; the Error (no file) says what is wrong and at which column.
Expected<LicenseExpression> parse_expression(std::string_view text);

// spdx-correct: the SPDX id or expression `text` most likely means, or nullopt. With
// `upgrade`, deprecated GPL-family ids become -only / -or-later.
std::optional<std::string> correct(std::string_view text, bool upgrade = true);

// spdx-satisfies: true when `expression` can be met using only the `allowed` licenses (simple
// ids, "id+", "id WITH exception"). Errors: an unparsable expression, or an allowed item that is
// itself an AND/OR expression.
Expected<bool> satisfies(std::string_view expression, const std::vector<std::string>& allowed);

// ---- normalisation of package.json license fields ----
struct NormalisedLicense {
  enum class Status : uint8_t {
    Valid,      // already a valid SPDX expression
    Corrected,  // a messy string vigil could read (note says what it was)
    Unknown,    // could not be read; `raw` keeps it
    None,       // empty field
  };
  Status status = Status::None;
  std::string raw;
  std::optional<LicenseExpression> expression;
  std::string see_file;  // "SEE LICENSE IN <file>": the file named
  bool unlicensed = false;  // "UNLICENSED": npm's word for "no license granted"
  std::string note;
  // The expression's canonical text, else "UNKNOWN".
  std::string text() const;
};
NormalisedLicense normalise(std::string_view raw);

// ---- categories ----
enum class Category : uint8_t {
  Permissive,
  PublicDomain,
  WeakCopyleft,
  StrongCopyleft,
  NetworkCopyleft,
  NonCommercial,  // non-commercial, no-derivatives, source-available
  Unknown,
};
std::string_view to_string(Category c);  // "permissive", "public-domain", ..., "unknown"
std::optional<Category> parse_category(std::string_view text);
// The category of a simple license id (any case; -only/-or-later/+ variants share their
// family's category); Unknown for ids the classification does not list and for LicenseRefs.
Category category_of(std::string_view id);

// ---- policy ----
enum class Verdict : uint8_t { Compliant, LowRisk, Review, Unknown, NonCompliant };
std::string_view to_string(Verdict v);  // "compliant", "low-risk", "review", "unknown", "non-compliant"

// Does `v` fail a gate `fail_on` ("non-compliant": non-compliant and unknown; "review": those and
// review; empty: no gate, nothing fails)?
bool fails_gate(Verdict v, std::string_view fail_on);

// The default policy of an Apache-2.0 project: permissive and public domain allowed, weak
// copyleft for review, everything else (strong/network copyleft, non-commercial, unknown) not.
policy::LicensePolicy default_policy();

struct Evaluation {
  Verdict verdict = Verdict::Unknown;
  std::string expression;               // canonical text, or "UNKNOWN"
  std::string raw;                      // what the library declared
  std::vector<Category> categories;     // of the leaves, distinct, in enum order
  std::string chosen;                   // OR: the alternative that makes it compliant
  std::string reason;                   // one sentence: "dual-licensed: MIT chosen", "GPL-3.0-only is strong-copyleft"
  std::string exception_origin;         // a policy exception applied (where it is written)
};
// `package`/`version` select per-package exceptions; `today` decides which have expired
// (an expired exception is ignored and named in the reason).
Evaluation evaluate(const NormalisedLicense& license, const policy::LicensePolicy& policy, std::string_view package,
                    std::string_view version, policy::Date today);

// ---- detection from license files ----
struct TextMatch {
  std::string id;      // best SPDX id, empty when nothing scored at least `threshold`
  double score = 0.0;  // 0..1: share of the SPDX text's word trigrams found in the file
};
TextMatch detect_license_text(std::string_view text, double threshold = 0.8);

constexpr uint64_t kMaxLicenseFileBytes = 1 << 20;
// Reads LICENSE*, LICENCE*, COPYING* (or the file `see_file` names) in `package_dir` and
// matches the first readable one. Files larger than kMaxLicenseFileBytes, binary files and
// unreadable entries are skipped with a warning naming the file.
struct FileDetection {
  std::optional<TextMatch> match;
  std::string file;  // the file matched (relative to package_dir)
  std::vector<Error> warnings;
};
FileDetection detect_in_folder(const std::filesystem::path& package_dir, const std::string& display,
                               const std::string& see_file = {});

// ---- a whole inventory ----
struct LibraryLicense {
  std::string codebase;
  std::string name;
  std::string version;
  std::string source;   // "lockfile", "package.json", "LICENSE" (file detection), "none"
  bool dev_only = false;
  std::vector<std::string> path;  // one shortest path to it, importer first
  Evaluation evaluation;
};
struct Report {
  std::vector<LibraryLicense> libraries;  // sorted by codebase, name, version
  std::vector<Error> warnings;            // sorted
};
// Evaluates every library of every codebase. `policy_of` gives the policy of a codebase id.
// With `detect_files`, libraries without a license field are matched against the license files
// of their installed copy (node_modules) when there is one.
Report evaluate_inventory(const inventory::Inventory& inv, const std::function<const policy::LicensePolicy&(const std::string&)>& policy_of,
                          policy::Date today, bool detect_files = true);

}  // namespace vigil::license
