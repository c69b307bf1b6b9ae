// vigil license (internal): the tables gen_spdx_data.js generates at build time from the npm
// packages spdx-license-ids, spdx-exceptions, spdx-license-list and spdx-ranges.
// Licenses and exceptions are sorted by id (byte order); text fingerprints are sorted, distinct
// FNV-1a hashes of the normalised word trigrams of each license text (see detect.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigil::license::data {

struct LicenseRow {
  const char* id;
  const char* name;
  bool osi_approved;
  bool deprecated;
  uint32_t text_offset;  // into kTextHashes
  uint32_t text_count;   // 0 = no text
};
struct ExceptionRow {
  const char* id;
  bool deprecated;
};
struct RangeRow {
  const char* id;
  uint32_t range;  // which family
  uint32_t group;  // position in the family (equal = equivalent ids)
};

extern const char* const kPackageVersions;
extern const uint32_t kTextHashes[];
extern const LicenseRow kLicenses[];
extern const size_t kLicenseCount;
extern const ExceptionRow kExceptions[];
extern const size_t kExceptionCount;
extern const RangeRow kRanges[];
extern const size_t kRangeCount;

}  // namespace vigil::license::data
