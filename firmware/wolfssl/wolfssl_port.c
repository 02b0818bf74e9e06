/* wolfssl_port.c — what wolfSSL needs from the q2686emu platform (user_settings.h): the clock
 * for certificate validity (XTIME) and the seed of its Hash DRBG (the TRNG device). */
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
    const int32_t zone_quarters = adl_rtcGetTimeZone();
    const time_t unix_time =
        (time_t)adl_rtcGetSeconds() + (time_t)Q2686_RTC_EPOCH_UNIX - (time_t)zone_quarters * 15 * 60;
    if (t) *t = unix_time;
    return unix_time;
}

/* The seed of wolfSSL's Hash DRBG (CUSTOM_RAND_GENERATE_SEED): words of the TRNG device.
 *
 * !!! NOT A SOURCE OF SECRETS. The emulated TRNG is a deterministic stream (SplitMix64 from  !!!
 * !!! the emulator's entropy seed): every run of the same scenario with the same seed gets   !!!
 * !!! the same keys. Fine for tests on an emulator, useless against an attacker.             !!!
 *
 * Always returns 0 (success): the device never fails. */
int q2686_wolfssl_seed(unsigned char* output, unsigned int size) {
    adl_trngFill(output, size);
    return 0;
}
