// vigil store (internal): the PostgreSQL store, opened by open_store() for postgresql:// URLs.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace vigil::store {

// `url`: a libpq connection URI (postgresql://user[:password]@host[:port]/db[?...]). Messages name
// it without its password. Migrates the schema (under an advisory lock) before returning.
Expected<std::unique_ptr<Store>> open_postgresql(const std::string& url);

}  // namespace vigil::store
