// X.509 certificate fields for the TLS dissector (tls/dissector/tls_dissector.h), read with the host's
// wolfSSL (Debian libwolfssl-dev; pkg-config `wolfssl`). The dissector itself stays free of the
// library: it is handed parse_x509_certificate as its CertificateParser.
//
// Debian's build of wolfSSL 5.5 is configured with OPENSSL_EXTRA and OPENSSL_ALL (see
// /usr/include/wolfssl/options.h), so the OpenSSL-compatible X509 API is there:
// wolfSSL_X509_d2i parses without verifying (an expired or not-yet-valid certificate still
// parses, which is the point here), wolfSSL_X509_get_notBefore/notAfter + ASN1_TIME_to_tm give
// the dates, wolfSSL_X509_get_next_altname the subjectAltName entries, EVP_PKEY the key.
//
// Known inaccuracies: subjectAltName entries are listed whatever their type (an IP address or
// e-mail entry shows as its text); a key type other than RSA, EC or DSA shows as "key type N".
#pragma once

#include <cstdint>
#include <span>

#include "tls/dissector/certificate_verdict.h"

namespace q2686 {

// Never throws; a DER wolfSSL cannot parse gives a CertificateInfo with `error` set.
CertificateInfo parse_x509_certificate(std::span<const std::uint8_t> der);

}  // namespace q2686
