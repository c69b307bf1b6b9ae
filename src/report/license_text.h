// vigil report (internal): the little license handling the SBOM writers need until the
// license module (SPDX ids, expressions, normalisation) exists.
//
// A license field from a lockfile is raw text: "MIT", "(MIT OR Apache-2.0)", "SEE LICENSE IN
// LICENSE", "UNLICENSED", "mit". The writers only ever put an SPDX id or expression into a
// document when it is certainly valid; anything else goes in as a plain name (CycloneDX) or
// NOASSERTION (SPDX).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::report {

// The SPDX license id with its canonical spelling when `id` (case-insensitively) is one of
// the common ids vigil knows, else empty. Every known id is on the SPDX license list.
std::string_view known_license_id(std::string_view id);

// Every known license id (for tests).
const std::vector<std::string_view>& known_license_ids();

// What the writers make of a license field.
struct LicenseText {
  enum class Kind {
    None,        // empty field
    Id,          // one known SPDX id, canonical in `text`
    Expression,  // a valid SPDX expression (compound, "+", or LicenseRef), canonical in `text`
    Name,        // anything else: the raw text (valid UTF-8)
  };
  Kind kind = Kind::None;
  std::string text;
  bool has_license_ref = false;  // the expression uses LicenseRef-/DocumentRef- (SPDX documents
                                 // would have to define them)
};

// Parses `raw`: an SPDX license expression whose simple ids are all known ids or
// LicenseRef-/DocumentRef- references, operators AND, OR, WITH (any case) and parentheses.
// The canonical text has ids in their canonical spelling, upper-case operators and single
// spaces.
LicenseText classify_license(std::string_view raw);

}  // namespace vigil::report
