// vigil license (internal): the category table (category_table.cpp), sorted by id.
#pragma once

#include <cstddef>

#include "license/license.h"

namespace vigil::license {

struct CategoryRow {
  const char* id;
  Category category;
};
extern const CategoryRow kCategoryTable[];
extern const size_t kCategoryTableSize;

}  // namespace vigil::license
