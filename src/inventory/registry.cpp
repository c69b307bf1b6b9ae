// The one list of lockfile formats. Adding a format: one file, one line here.
#include "inventory/extractor.h"
#include "inventory/extractors.h"

namespace vigil::inventory {

const std::vector<const Extractor*>& extractors() {
  // Preference when one folder holds several lockfiles: npm's shrinkwrap wins over its
  // package-lock (npm's rule), then pnpm, then yarn; package.json alone comes last.
  static const std::vector<const Extractor*> all = {
      &npm_shrinkwrap_extractor(),
      &package_lock_extractor(),
      &pnpm_lock_extractor(),
      &yarn_berry_extractor(),
      &yarn_classic_extractor(),
      &package_json_extractor(),
  };
  return all;
}

const std::vector<std::string_view>& lockfile_names() {
  static const std::vector<std::string_view> names = {
      "npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock"};
  return names;
}

}  // namespace vigil::inventory
