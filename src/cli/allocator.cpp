// The allocator's page size for the job at hand.
#include <cstdint>
#include <functional>
#include <thread>

#if defined(VIGIL_USE_MIMALLOC)
#include <mimalloc.h>
#endif

#include "cli/commands.h"

namespace vigil::cli {

int run_sized(uint64_t input_bytes, const std::function<int()>& job) {
#if defined(VIGIL_USE_MIMALLOC)
  // An organisation-wide run keeps its results (~1.6 bytes per lockfile byte) until the report
  // is written. In 4 KiB pages the whole corpus (92 MiB of lockfiles) took 5,000-11,000 page
  // faults, at ~15 us each on a virtual machine a fifth of the run. With 2 MiB pages where the
  // kernel allows them (transparent huge pages), committed when a segment is reserved, it takes
  // a few hundred (docs/benchmarks.md). A small job keeps 4 KiB pages: one 600 KiB lockfile
  // would touch a 2 MiB page per buffer and nearly double its resident memory (10 -> 18 MiB).
  //
  // mimalloc reads these options when a thread's heap reserves a segment; the calling thread
  // reserved its first one before main(), so the job runs on a new thread (and parallel_for's
  // workers, started from it, are new threads too).
  constexpr uint64_t kLargeJob = uint64_t{8} << 20;
  if (input_bytes >= kLargeJob) {
    mi_option_set_enabled(mi_option_large_os_pages, true);
    mi_option_set(mi_option_eager_commit_delay, 0);
    int rc = 2;
    std::thread([&] { rc = job(); }).join();
    return rc;
  }
#else
  (void)input_bytes;
#endif
  return job();
}

}  // namespace vigil::cli
