// PEM certificates (tls/dissector/pem_certificates.h).
#include "tls/dissector/pem_certificates.h"

#include <cstdint>
#include <optional>

#include "tls/dissector/x509_certificate.h"

namespace q2686 {

namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// RFC 4648 §4, whitespace ignored, '=' padding only at the end.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    std::vector<std::uint8_t> out;
    std::uint32_t bits = 0;
    int count = 0;
    bool padding = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        const int value = base64_value(c);
        if (value < 0 || padding) return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<std::uint8_t>((bits >> count) & 0xFF));
        }
    }
    return out;
}

CertificateInfo unreadable(const char* why) {
    CertificateInfo info;
    info.error = why;
    return info;
}

}  // namespace

std::vector<CertificateInfo> read_pem_certificates(const std::string& text) {
    std::vector<CertificateInfo> certificates;
    for (std::size_t at = text.find(kBegin); at != std::string::npos; at = text.find(kBegin, at)) {
        const std::size_t body = at + kBegin.size();
        const std::size_t end = text.find(kEnd, body);
        if (end == std::string::npos) {
            certificates.push_back(unreadable("PEM block without its END line"));
            break;
        }
        const auto der = base64_decode(std::string_view(text).substr(body, end - body));
        if (der)
            certificates.push_back(parse_x509_certificate(*der));
        else
            certificates.push_back(unreadable("PEM block with malformed base64"));
        at = end + kEnd.size();
    }
    return certificates;
}

}  // namespace q2686
