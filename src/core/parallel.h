// vigil core: spreading independent work over the cores.
//
// parallel_for(n, fn) calls fn(i) once for every i in [0, n), on up to `threads` threads
// (0 = the number of cores). Calls may run concurrently and in any order; fn must only write
// to state owned by index i. Returns when every call has returned. fn must not throw.
#pragma once

#include <cstddef>
#include <functional>

namespace vigil {

unsigned hardware_threads();
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn, unsigned threads = 0);

}  // namespace vigil
