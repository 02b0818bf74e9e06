#include "tls/dissector/tls_names.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace q2686::tls {

namespace {

// Code point → IANA name. TLS 1.3 suites, the ECDHE/DHE/RSA suites of TLS 1.2 and earlier
// that Debian's wolfSSL 5.5 and OpenSSL 3 enable by default, and the signalling values.
// clang-format off
constexpr std::array<std::pair<std::uint16_t, const char*>, 46> kCipherSuites = {{
    {0x0000, "TLS_NULL_WITH_NULL_NULL"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA"},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    {0x5600, "TLS_FALLBACK_SCSV"},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM"},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM"},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8"},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256"},
}};

constexpr std::array<std::pair<std::uint8_t, const char*>, 31> kAlerts = {{
    {0, "close_notify"},            {10, "unexpected_message"},       {20, "bad_record_mac"},
    {21, "decryption_failed"},      {22, "record_overflow"},          {30, "decompression_failure"},
    {40, "handshake_failure"},      {41, "no_certificate"},           {42, "bad_certificate"},
    {43, "unsupported_certificate"}, {44, "certificate_revoked"},     {45, "certificate_expired"},
    {46, "certificate_unknown"},    {47, "illegal_parameter"},        {48, "unknown_ca"},
    {49, "access_denied"},          {50, "decode_error"},             {51, "decrypt_error"},
    {60, "export_restriction"},     {70, "protocol_version"},         {71, "insufficient_security"},
    {80, "internal_error"},         {86, "inappropriate_fallback"},   {90, "user_canceled"},
    {100, "no_renegotiation"},      {109, "missing_extension"},       {110, "unsupported_extension"},
    {112, "unrecognized_name"},     {113, "bad_certificate_status_response"},
    {116, "certificate_required"},  {120, "no_application_protocol"},
}};

constexpr std::array<std::pair<std::uint8_t, const char*>, 15> kHandshakes = {{
    {0, "HelloRequest"},        {1, "ClientHello"},         {2, "ServerHello"},
    {4, "NewSessionTicket"},    {5, "EndOfEarlyData"},      {8, "EncryptedExtensions"},
    {11, "Certificate"},        {12, "ServerKeyExchange"},  {13, "CertificateRequest"},
    {14, "ServerHelloDone"},    {15, "CertificateVerify"},  {16, "ClientKeyExchange"},
    {20, "Finished"},           {22, "CertificateStatus"},  {24, "KeyUpdate"},
}};
// clang-format on

template <typename Key, std::size_t N>
const char* lookup(const std::array<std::pair<Key, const char*>, N>& table, Key key) {
    for (const auto& [k, name] : table)
        if (k == key) return name;
    return nullptr;
}

}  // namespace

std::string version_name(std::uint16_t version) {
    switch (version) {
        case kSsl30: return "SSL3.0";
        case kTls10: return "TLS1.0";
        case kTls11: return "TLS1.1";
        case kTls12: return "TLS1.2";
        case kTls13: return "TLS1.3";
        default: return fmt::format("0x{:04X}", version);
    }
}

std::string cipher_suite_name(std::uint16_t suite) {
    const char* name = lookup(kCipherSuites, suite);
    return name ? name : fmt::format("0x{:04X}", suite);
}

std::string alert_description_name(std::uint8_t description) {
    const char* name = lookup(kAlerts, description);
    return name ? name : fmt::format("alert_{}", description);
}

std::string alert_level_name(std::uint8_t level) {
    if (level == 1) return "warning";
    if (level == 2) return "fatal";
    return fmt::format("level_{}", level);
}

std::string handshake_type_name(std::uint8_t type) {
    const char* name = lookup(kHandshakes, type);
    return name ? name : fmt::format("handshake_{}", type);
}

std::string content_type_name(std::uint8_t type) {
    switch (type) {
        case kChangeCipherSpec: return "change_cipher_spec";
        case kAlert: return "alert";
        case kHandshake: return "handshake";
        case kApplicationData: return "application_data";
        default: return fmt::format("content_{}", type);
    }
}

}  // namespace q2686::tls
