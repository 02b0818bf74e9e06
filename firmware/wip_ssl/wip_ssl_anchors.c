/* wip_ssl_anchors.c — the trusted CAs as we keep them beside wolfSSL, for their own dates.
 *
 * wolfSSL checks the validity of every certificate the server sends, but not of the CAs it was
 * told to trust: wolfSSL_CTX_load_verify_buffer turns each into a Signer (a key, name hashes,
 * no dates), and a chain that reaches one is accepted whatever the clock says. A root in TLS:0
 * that expired in 2020 then still anchors chains with the RTC in 2026, and an expired
 * intermediate kept in TLS:0 passes whenever the server sends only its leaf. RFC 5280 §6.1.1
 * leaves the anchor's dates to the relying party; OpenSSL checks them (X509_V_ERR_CERT_HAS_EXPIRED
 * at the anchor's depth), and on a modem whose clock is far off the anchor is as likely as any
 * certificate to be outside its window, so the verdict must name it.
 *
 * So wip_SSLInitOpts also reads every CA certificate of WIP_COPT_CERT_AUTHORITY here
 * (ssl_anchors_load: names, key identifiers, dates, CNs), and the verify callback, once wolfSSL
 * has passed the chain the server sent, follows it up to the anchors it ends at and checks them
 * against the same clock (wip_ssl_verify.c). */
#include <stdlib.h>
#include <string.h>

#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#include "wip_ssl_internal.h"

/* Counted like wolfSSL's contexts: a channel keeps the anchors of the context it was made with
 * when wip_SSLInitOpts replaces them. */
struct ssl_anchors {
    u32 references;
    u32 count;
    struct ssl_certificate certificate[];
};

static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";

static u32 count_certificates(const ascii* pem) {
    u32 n = 0;
    for (const char* at = strstr(pem, pem_begin); at; at = strstr(at + 1, pem_begin)) ++n;
    return n;
}

s32 ssl_anchors_load(const ascii* pem, struct ssl_anchors** out) {
    *out = NULL;
    const u32 n = pem ? count_certificates(pem) : 0;
    if (n == 0) return 0;
    struct ssl_anchors* anchors = malloc(sizeof *anchors + n * sizeof anchors->certificate[0]);
    if (!anchors) return MEMORY_E;
    anchors->references = 1;
    anchors->count = 0;
    for (const char* at = strstr(pem, pem_begin); at; at = strstr(at + 1, pem_begin)) {
        DerBuffer* der = NULL;
        /* The first PEM block from `at` on; wolfSSL already accepted the whole text. */
        if (wc_PemToDer((const unsigned char*)at, (long)strlen(at), CERT_TYPE, &der, NULL, NULL, NULL) == 0 &&
            ssl_certificate_read(der->buffer, der->length, &anchors->certificate[anchors->count]))
            ++anchors->count;
        wc_FreeDer(&der);
    }
    *out = anchors;
    return 0;
}

struct ssl_anchors* ssl_anchors_hold(struct ssl_anchors* anchors) {
    if (anchors) ++anchors->references;
    return anchors;
}

void ssl_anchors_release(struct ssl_anchors* anchors) {
    if (anchors && --anchors->references == 0) free(anchors);
}

const struct ssl_certificate* ssl_anchors_issuer_of(const struct ssl_anchors* anchors,
                                                    const struct ssl_certificate* subject) {
    for (u32 i = 0; anchors && i < anchors->count; ++i)
        if (ssl_certificate_issued(&anchors->certificate[i], subject)) return &anchors->certificate[i];
    return NULL;
}
