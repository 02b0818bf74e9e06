// PEM certificates — the certificates of a PEM file (RFC 7468 §5: "-----BEGIN CERTIFICATE-----",
// base64, "-----END CERTIFICATE-----", any number of them, text between them ignored) read
// with parse_x509_certificate, e.g. the trust anchors a user stores as flash object TLS:0.
#pragma once

#include <string>
#include <vector>

#include "tls/dissector/certificate_verdict.h"

namespace q2686 {

// In file order; a block whose base64 is malformed gives a CertificateInfo with `error` set.
std::vector<CertificateInfo> read_pem_certificates(const std::string& text);

}  // namespace q2686
