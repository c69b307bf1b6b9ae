// vigil core: the types every module shares. Include this, not the parts.
#pragma once

#include "core/error.h"
#include "core/file.h"
#include "core/package.h"
#include "core/parallel.h"
#include "core/severity.h"
