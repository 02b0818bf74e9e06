#include "tls/dissector/x509_certificate.h"

// wolfSSL's options.h first: it carries the build's configuration into the other headers.
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/openssl/evp.h>

#include <fmt/format.h>

#include <ctime>
#include <memory>

namespace q2686 {

namespace {

struct X509Free {
    void operator()(WOLFSSL_X509* x) const { wolfSSL_X509_free(x); }
};
struct PkeyFree {
    void operator()(WOLFSSL_EVP_PKEY* k) const { wolfSSL_EVP_PKEY_free(k); }
};

std::int64_t to_utc(const WOLFSSL_ASN1_TIME* time) {
    std::tm tm{};
    if (!time || wolfSSL_ASN1_TIME_to_tm(time, &tm) != WOLFSSL_SUCCESS) return 0;
    return utc_seconds(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string one_line(WOLFSSL_X509_NAME* name) {
    char buffer[512] = {};
    return name && wolfSSL_X509_NAME_oneline(name, buffer, sizeof buffer) ? buffer : "";
}

std::string common_name(WOLFSSL_X509_NAME* name) {
    char buffer[256] = {};
    return name && wolfSSL_X509_NAME_get_text_by_NID(name, NID_commonName, buffer, sizeof buffer) > 0 ? buffer : "";
}

std::string describe_key(WOLFSSL_X509* x509) {
    const std::unique_ptr<WOLFSSL_EVP_PKEY, PkeyFree> key(wolfSSL_X509_get_pubkey(x509));
    if (!key) return fmt::format("key type {}", wolfSSL_X509_get_pubkey_type(x509));
    const int bits = wolfSSL_EVP_PKEY_bits(key.get());
    switch (wolfSSL_EVP_PKEY_id(key.get())) {
        case EVP_PKEY_RSA: return fmt::format("RSA {}-bit", bits);
        case EVP_PKEY_EC: return fmt::format("EC {}-bit", bits);
        case EVP_PKEY_DSA: return fmt::format("DSA {}-bit", bits);
        default: return fmt::format("key type {} ({} bits)", wolfSSL_X509_get_pubkey_type(x509), bits);
    }
}

// wolfSSL wants its library initialised once before use; it is never torn down (process life).
void ensure_initialised() {
    static const int once = wolfSSL_Init();
    (void)once;
}

}  // namespace

CertificateInfo parse_x509_certificate(std::span<const std::uint8_t> der) {
    ensure_initialised();
    CertificateInfo info;
    info.der_size = der.size();
    const std::unique_ptr<WOLFSSL_X509, X509Free> x509(
        wolfSSL_X509_d2i(nullptr, der.data(), static_cast<int>(der.size())));
    if (!x509) {
        info.error = "wolfSSL could not parse the DER";
        return info;
    }
    WOLFSSL_X509_NAME* subject = wolfSSL_X509_get_subject_name(x509.get());
    WOLFSSL_X509_NAME* issuer = wolfSSL_X509_get_issuer_name(x509.get());
    info.subject = one_line(subject);
    info.subject_cn = common_name(subject);
    info.issuer = one_line(issuer);
    info.issuer_cn = common_name(issuer);
    while (const char* name = wolfSSL_X509_get_next_altname(x509.get())) info.dns_names.emplace_back(name);
    info.not_before = to_utc(wolfSSL_X509_get_notBefore(x509.get()));
    info.not_after = to_utc(wolfSSL_X509_get_notAfter(x509.get()));
    const int signature = wolfSSL_X509_get_signature_nid(x509.get());
    const char* signature_name = wolfSSL_OBJ_nid2ln(signature);
    info.signature_algorithm = signature_name ? signature_name : fmt::format("signature nid {}", signature);
    info.key = describe_key(x509.get());
    info.self_signed = subject && issuer && wolfSSL_X509_NAME_cmp(subject, issuer) == 0;
    info.is_ca = wolfSSL_X509_get_isCA(x509.get()) != 0;
    return info;
}

}  // namespace q2686
