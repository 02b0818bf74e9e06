// StopSignals — SIGINT, SIGTERM and SIGHUP ask a long-running session to stop; they must not
// kill it halfway (a terminal left in raw mode, a summary never printed). While an instance
// lives, those signals only set a flag the run loop checks between slices of emulation, and
// interrupt the loop's wait (no SA_RESTART), so the stop is prompt. SIGPIPE is ignored: a
// reader that went away is an error code on a write, handled by the endpoint.
// The previous dispositions come back when the instance is destroyed. One instance at a time.
#pragma once

#include <signal.h>

#include <atomic>

namespace q2686 {

class StopSignals {
public:
    StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    ~StopSignals();

    // The number of the first stop signal received, 0 while none came.
    const std::atomic<int>& received() const;

private:
    struct sigaction saved_int_ {
    }, saved_term_{}, saved_hup_{}, saved_pipe_{};
};

// "SIGINT", "SIGTERM", ...
const char* signal_name(int signal);

}  // namespace q2686
