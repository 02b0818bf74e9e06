/* wolfssl_port.c — what wolfSSL needs from the q2686emu platform (user_settings.h): the clock
 * for certificate validity (XTIME) and the seed of its Hash DRBG. */
#include <stdint.h>
#include <time.h>

#include "adl.h"

/* Seconds from 1970-01-01 to 1998-01-01 (the RTC's epoch): 28 years, 7 of them leap. */
#define Q2686_RTC_EPOCH_UNIX 883612800u

/* XTIME(): Unix time (UTC) from the RTC. The RTC counts local time (as set with AT+CCLK) in
 * seconds since 1998-01-01 00:00:00; AT+CCLK's zone is in quarter hours east of UTC, so
 * UTC = local - zone * 15 min. A modem whose RTC was reset (no backup battery) reads
 * 1998-01-01 here — exactly what makes certificates look "not yet valid" (ASN_BEFORE_DATE_E). */
time_t q2686_wolfssl_time(time_t* t) {
    adl_rtcTime_t now;
    int32_t zone_quarters = 0;
    if (adl_rtcGetTime(&now) == 0) zone_quarters = now.TimeZone;
    const time_t unix_time =
        (time_t)adl_rtcGetSeconds() + (time_t)Q2686_RTC_EPOCH_UNIX - (time_t)zone_quarters * 15 * 60;
    if (t) *t = unix_time;
    return unix_time;
}

/* The seed of wolfSSL's Hash DRBG (CUSTOM_RAND_GENERATE_SEED).
 *
 * !!! NOT A SOURCE OF ENTROPY. A placeholder until the emulated TRNG device arrives with the  !!!
 * !!! TLS issue: an xorshift64 seeded from the RTC and the CPU cycle counter. Virtual time is  !!!
 * !!! deterministic, so every run of the same scenario gets the same "random" keys. Fine for  !!!
 * !!! tests on an emulator, useless against an attacker.                                      !!!
 *
 * The cycle counter is mixed in at every call, so successive seeds differ even without a
 * TRNG; the state never becomes zero. Always returns 0 (success). */
int q2686_wolfssl_seed(unsigned char* output, unsigned int size) {
    static uint64_t state;
    state ^= adl_cyclesNow() * 0x9E3779B97F4A7C15ull ^ (uint64_t)adl_rtcGetSeconds() << 32;
    if (state == 0) state = 0x2686C0DE5EEDull;
    for (unsigned int i = 0; i < size; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        output[i] = (unsigned char)(state >> 56);
    }
    return 0;
}
