// ServerEnvironmentScope — while one is alive on a thread, the host wolfSSL running the built-in
// TLS server (tls/server/builtin_tls_server.h) on that thread sees the emulator's world instead of the
// host's: virtual time for its millisecond clock, and a seeded stream for its random numbers.
// The server opens one around everything it does with wolfSSL.
//
// Why the clock: TLS 1.3 tickets. A server checks that a ticket's age as the client states it
// (the modem's RTC, virtual) matches the time it saw pass since issuing it, within −1 s .. +11 s
// (wolfSSL tls13.c, DoPreSharedKeys); on the host's clock the emulator's seconds pass in
// milliseconds and every resumption would be refused.
// Why the randomness: the modem's CPU time for a handshake depends on every byte the server
// sends — its ECDHE key share, its hello random and RSA-PSS salt through the keys and
// ciphertexts the firmware hashes, decrypts and GHASHes (GCM_SMALL branches on each bit) — so
// an unseeded server gives a different cycle count, and a different trace, on every run. With
// its randomness seeded, the same connections get the same bytes and the same cycles.
//
// How: this file defines gettimeofday and wc_RNG_GenerateBlock. The dynamic linker binds an
// executable's definitions before the shared libraries' for the whole process, so libwolfssl's
// own calls (through its PLT) come here; off a scope both forward to the next definition
// (libc's or a sanitizer's interceptor; libwolfssl's DRBG). wolfSSL's other clock, time()
// (session-cache timeouts of 500 s, certificate dates), stays the host's. The stream is
// SplitMix64: reproducible and not secret, which is what a test server needs and all it gets.
#pragma once

#include <cstdint>

namespace q2686 {

// SplitMix64 (Steele, Lea, Flood 2014).
struct SeededStream {
    std::uint64_t state = 1;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

class ServerEnvironmentScope {
public:
    // The clock reads `epoch_us + virtual_us` µs since 1970; random bytes come from `random`.
    ServerEnvironmentScope(std::uint64_t epoch_us, std::uint64_t virtual_us, SeededStream& random);
    ServerEnvironmentScope(const ServerEnvironmentScope&) = delete;
    ServerEnvironmentScope& operator=(const ServerEnvironmentScope&) = delete;
    ~ServerEnvironmentScope();

    std::uint64_t now_us() const { return now_us_; }
    SeededStream& random() const { return random_; }
    static const ServerEnvironmentScope* current();

private:
    const ServerEnvironmentScope* outer_;
    std::uint64_t now_us_;
    SeededStream& random_;
};

}  // namespace q2686
