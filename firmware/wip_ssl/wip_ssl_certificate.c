/* wip_ssl_certificate.c — what the TLS channel reads from a certificate's DER by itself: its
 * validity dates as Unix time, CN and issuer CN, the name and key identifiers that link it to
 * its issuer, and its keyUsage. wc_ParseCert with NO_VERIFY: nothing is checked here, and a
 * parse that stops at a public key we cannot decode (a curve or size we lack) still leaves the
 * names and dates, which come before it in the certificate. */
#include <stdlib.h>
#include <string.h>

#include <wolfssl/wolfcrypt/asn.h>
#include <wolfssl/wolfcrypt/asn_public.h>

#include "wip_ssl_internal.h"

_Static_assert(SSL_ID_SIZE == KEYID_SIZE, "name and key identifiers are SHA-1 hashes in this build");

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil, http://howardhinnant.github.io/date_algorithms.html). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* An ASN.1 UTCTime/GeneralizedTime TLV (as DecodedCert keeps beforeDate/afterDate) → Unix time. */
static bool asn_date_to_unix(const byte* tlv, int tlv_length, int64_t* unix_time) {
    const byte* date;
    byte format;
    int length;
    struct tm tm;
    if (!tlv || wc_GetDateInfo(tlv, tlv_length, &date, &format, &length) != 0 ||
        wc_GetDateAsCalendarTime(date, length, format, &tm) != 0)
        return false;
    *unix_time = days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * 86400 +
                 tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return true;
}

static void copy_text(ascii* out, size_t size, const char* text, size_t length) {
    if (length >= size) length = size - 1;
    memcpy(out, text, length);
    out[length] = '\0';
}

/* The CN of a name as DecodedCert prints it ("/C=FR/O=Example/CN=Example CA"). */
static void common_name_of(const char* name, ascii* out, size_t size) {
    const char* cn = strstr(name, "/CN=");
    if (!cn) return copy_text(out, size, "", 0);
    cn += 4;
    const char* end = strchr(cn, '/');
    copy_text(out, size, cn, end ? (size_t)(end - cn) : strlen(cn));
}

/* The size of an RSAPublicKey's modulus in bits; 0 if it does not decode. */
static u16 rsa_modulus_bits(const byte* key, word32 length) {
    word32 at = 0, n_length = 0, e_length = 0;
    const byte *n = NULL, *e = NULL;
    if (wc_RsaPublicKeyDecode_ex(key, &at, length, &n, &n_length, &e, &e_length) != 0 || !n) return 0;
    while (n_length > 0 && *n == 0) ++n, --n_length; /* the INTEGER's sign byte */
    if (n_length == 0) return 0;
    unsigned bits = (n_length - 1) * 8;
    for (byte top = *n; top; top >>= 1) ++bits;
    return (u16)bits;
}

bool ssl_certificate_read(const u8* der, u32 length, struct ssl_certificate* out) {
    memset(out, 0, sizeof *out);
    DecodedCert* cert = malloc(sizeof *cert);
    if (!cert) return false;
    wc_InitDecodedCert(cert, der, length, NULL); /* zeroes it */
    out->parsed = wc_ParseCert(cert, CERT_TYPE, NO_VERIFY, NULL) == 0;
    out->has_dates = asn_date_to_unix(cert->beforeDate, cert->beforeDateLen, &out->not_before) &&
                     asn_date_to_unix(cert->afterDate, cert->afterDateLen, &out->not_after);
    if (cert->subjectCN) copy_text(out->subject, sizeof out->subject, cert->subjectCN, (size_t)cert->subjectCNLen);
    common_name_of(cert->issuer, out->issuer, sizeof out->issuer);
    out->self_signed = out->parsed && cert->selfSigned;
    memcpy(out->subject_hash, cert->subjectHash, SSL_ID_SIZE);
    memcpy(out->issuer_hash, cert->issuerHash, SSL_ID_SIZE);
    out->has_subject_key_id = cert->extSubjKeyIdSet;
    if (out->has_subject_key_id) memcpy(out->subject_key_id, cert->extSubjKeyId, SSL_ID_SIZE);
    out->has_authority_key_id = cert->extAuthKeyIdSet;
    if (out->has_authority_key_id) memcpy(out->authority_key_id, cert->extAuthKeyId, SSL_ID_SIZE);
    out->has_key_usage = cert->extKeyUsageSet;
    out->key_usage = cert->extKeyUsage;
    if (cert->keyOID == RSAk && cert->publicKey) out->rsa_bits = rsa_modulus_bits(cert->publicKey, cert->pubKeySize);
    const bool names_read = cert->subjectCN != NULL || cert->issuer[0] != '\0';
    wc_FreeDecodedCert(cert);
    free(cert);
    return out->parsed || names_read;
}

/* RFC 5280 §4.2.1.1: the authority key identifier, when both sides have one, names the issuer's
 * key exactly (a re-issued CA keeps its name, not its key); otherwise the names must match. */
bool ssl_certificate_issued(const struct ssl_certificate* issuer, const struct ssl_certificate* subject) {
    if (subject->has_authority_key_id && issuer->has_subject_key_id)
        return memcmp(subject->authority_key_id, issuer->subject_key_id, SSL_ID_SIZE) == 0;
    return memcmp(subject->issuer_hash, issuer->subject_hash, SSL_ID_SIZE) == 0;
}

bool ssl_certificate_allows_signing(const struct ssl_certificate* c) {
    return !c->has_key_usage || (c->key_usage & KEYUSE_DIGITAL_SIG) != 0;
}
