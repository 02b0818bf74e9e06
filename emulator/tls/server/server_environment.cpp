#include "tls/server/server_environment.h"

#include <dlfcn.h>
#include <sys/time.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/random.h>

namespace q2686 {

namespace {
thread_local const ServerEnvironmentScope* t_scope = nullptr;

template <typename Function>
Function next_definition(const char* name) {
    return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}
}  // namespace

ServerEnvironmentScope::ServerEnvironmentScope(std::uint64_t epoch_us, std::uint64_t virtual_us, SeededStream& random)
    : outer_(t_scope), now_us_(epoch_us + virtual_us), random_(random) {
    t_scope = this;
}

ServerEnvironmentScope::~ServerEnvironmentScope() {
    t_scope = outer_;
}

const ServerEnvironmentScope* ServerEnvironmentScope::current() {
    return t_scope;
}

}  // namespace q2686

extern "C" int gettimeofday(struct timeval* __restrict tv, void* __restrict tz) noexcept {
    if (const q2686::ServerEnvironmentScope* scope = q2686::ServerEnvironmentScope::current()) {
        tv->tv_sec = static_cast<time_t>(scope->now_us() / 1'000'000);  // tv: nonnull, says glibc
        tv->tv_usec = static_cast<suseconds_t>(scope->now_us() % 1'000'000);
        return 0;
    }
    using Real = int (*)(struct timeval*, void*);
    static const Real real = q2686::next_definition<Real>("gettimeofday");
    return real ? real(tv, tz) : -1;
}

extern "C" int wc_RNG_GenerateBlock(WC_RNG* rng, byte* output, word32 size) {
    if (const q2686::ServerEnvironmentScope* scope = q2686::ServerEnvironmentScope::current()) {
        if (!output) return BAD_FUNC_ARG;
        for (word32 i = 0; i < size; i += 8) {
            const std::uint64_t word = scope->random().next();
            for (word32 j = 0; j < 8 && i + j < size; ++j) output[i + j] = static_cast<byte>(word >> (8 * j));
        }
        return 0;
    }
    using Real = int (*)(WC_RNG*, byte*, word32);
    static const Real real = q2686::next_definition<Real>("wc_RNG_GenerateBlock");
    return real ? real(rng, output, size) : RNG_FAILURE_E;
}
