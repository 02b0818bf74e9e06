/* tls_report.c — the text of the TLS client's URCs (docs/at-commands.md, "TLS client").
 *
 * +TLSERR's <detail> is meant for scripts and the GUI as much as for people: space-separated
 * key=value pairs in a fixed order, each value percent-encoded (RFC 3986: anything but
 * letters, digits and "-._~:" becomes %XX), so a value never holds a space, a quote or a comma:
 *   certificate failures   notBefore= notAfter= rtc= depth= cn= issuer= [host=]
 *                          (dates ISO 8601 UTC, "2024-01-01T00:00:00Z"; host= for a name mismatch);
 *                          reason= alone when the certificate could not be looked at
 *   handshake/protocol     [alert=<n>] reason=<what happened, when the library knows better than
 *                          wolfSSL's text for the error code; else that text>
 *   network errors         (empty: the errnum says it) */
#include <stdio.h>
#include <string.h>

#include "tls_at.h"

/* y-m-d of a day count from 1970-01-01 (H. Hinnant's civil_from_days,
 * http://howardhinnant.github.io/date_algorithms.html). */
static void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void tls_format_utc(int64_t unix_time, char* out, unsigned size) {
    int64_t days = unix_time / 86400, seconds = unix_time % 86400;
    if (seconds < 0) {
        seconds += 86400;
        --days;
    }
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, size, "%04ld-%02u-%02uT%02u:%02u:%02uZ", (long)y, m, d, (unsigned)(seconds / 3600),
             (unsigned)(seconds / 60 % 60), (unsigned)(seconds % 60));
}

/* Appends " key=value" (no leading space when out is empty), value percent-encoded. */
static void append_pair(char* out, unsigned size, const char* key, const char* value) {
    static const char hex[] = "0123456789ABCDEF";
    unsigned at = (unsigned)strlen(out);
    const int n = snprintf(out + at, size - at, "%s%s=", at ? " " : "", key);
    if (n < 0 || at + (unsigned)n >= size) return;
    at += (unsigned)n;
    for (const unsigned char* c = (const unsigned char*)value; *c && at + 4 < size; ++c) {
        const bool plain = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                           strchr("-._~:", *c) != NULL;
        if (plain) {
            out[at++] = (char)*c;
        } else {
            out[at++] = '%';
            out[at++] = hex[*c >> 4];
            out[at++] = hex[*c & 15];
        }
    }
    out[at] = '\0';
}

static bool is_certificate_failure(const wip_sslError_t* e) { return e->errnum == WIP_SSL_CERR_BAD_CERTIFICATE; }

void tls_format_error_detail(const wip_sslError_t* e, char* out, unsigned size) {
    char value[24];
    out[0] = '\0';
    if (is_certificate_failure(e)) {
        if (e->has_dates) {
            tls_format_utc(e->not_before, value, sizeof value);
            append_pair(out, size, "notBefore", value);
            tls_format_utc(e->not_after, value, sizeof value);
            append_pair(out, size, "notAfter", value);
        }
        if (e->depth >= 0) { /* the verify callback ran: it read the clock */
            tls_format_utc(e->rtc, value, sizeof value);
            append_pair(out, size, "rtc", value);
            snprintf(value, sizeof value, "%d", e->depth);
            append_pair(out, size, "depth", value);
        }
        if (e->subject[0]) append_pair(out, size, "cn", e->subject);
        if (e->issuer[0]) append_pair(out, size, "issuer", e->issuer);
        if (e->cause == WIP_SSL_CAUSE_HOSTNAME_MISMATCH) append_pair(out, size, "host", e->host);
        /* Failed before the verify callback saw it (a key we cannot decode): wolfSSL's words. */
        if (e->depth < 0) append_pair(out, size, "reason", wip_SSLLibraryErrorText(e->library_error));
        return;
    }
    if (e->cause == WIP_SSL_CAUSE_NETWORK_ERROR) return;
    if (e->alert >= 0) {
        snprintf(value, sizeof value, "%d", e->alert);
        append_pair(out, size, "alert", value);
    }
    append_pair(out, size, "reason", e->reason ? e->reason : wip_SSLLibraryErrorText(e->library_error));
}
