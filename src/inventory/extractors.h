// vigil inventory (internal): the extractor of each format. One file each; registry.cpp lists them.
#pragma once

#include "inventory/extractor.h"

namespace vigil::inventory {

const Extractor& npm_shrinkwrap_extractor();   // npm_lock.cpp: npm-shrinkwrap.json v1-v3
const Extractor& package_lock_extractor();     // npm_lock.cpp: package-lock.json v1, v2, v3
const Extractor& pnpm_lock_extractor();        // pnpm_lock.cpp: pnpm-lock.yaml 5.x, 6.x, 9.x
const Extractor& yarn_berry_extractor();       // yarn_berry.cpp: yarn.lock v2+ (__metadata)
const Extractor& yarn_classic_extractor();     // yarn_classic.cpp: yarn.lock v1
const Extractor& package_json_extractor();     // package_json.cpp: package.json without a lockfile

}  // namespace vigil::inventory
