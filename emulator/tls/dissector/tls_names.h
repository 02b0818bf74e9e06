// Names of TLS protocol numbers, for the dissector's events (tls/dissector/tls_dissector.h).
//
// Sources: the IANA "Transport Layer Security (TLS) Parameters" registry (cipher suites,
// alert descriptions, handshake types, content types, extension types) and RFC 8446 §4.2.1 /
// RFC 5246 §6.2.1 for the version numbers. The cipher-suite table holds the suites a GPRS-era
// embedded client or a current server plausibly offers, not the whole registry: anything else is
// shown as its hex code point ("0xC0FF"), which is still exact.
#pragma once

#include <cstdint>
#include <string>

namespace q2686::tls {

// Record content types (RFC 8446 §5.1).
inline constexpr std::uint8_t kChangeCipherSpec = 20;
inline constexpr std::uint8_t kAlert = 21;
inline constexpr std::uint8_t kHandshake = 22;
inline constexpr std::uint8_t kApplicationData = 23;

// Handshake types (RFC 5246 §7.4, RFC 8446 §4).
inline constexpr std::uint8_t kHelloRequest = 0;
inline constexpr std::uint8_t kClientHello = 1;
inline constexpr std::uint8_t kServerHello = 2;
inline constexpr std::uint8_t kNewSessionTicket = 4;
inline constexpr std::uint8_t kEncryptedExtensions = 8;
inline constexpr std::uint8_t kCertificate = 11;
inline constexpr std::uint8_t kServerKeyExchange = 12;
inline constexpr std::uint8_t kCertificateRequest = 13;
inline constexpr std::uint8_t kServerHelloDone = 14;
inline constexpr std::uint8_t kCertificateVerify = 15;
inline constexpr std::uint8_t kClientKeyExchange = 16;
inline constexpr std::uint8_t kFinished = 20;
inline constexpr std::uint8_t kCertificateStatus = 22;

// Protocol versions.
inline constexpr std::uint16_t kSsl30 = 0x0300;
inline constexpr std::uint16_t kTls10 = 0x0301;
inline constexpr std::uint16_t kTls11 = 0x0302;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;

// "TLS1.2", "SSL3.0"; others "0x7F1C".
std::string version_name(std::uint16_t version);
// IANA name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"; others "0xC0FF".
std::string cipher_suite_name(std::uint16_t suite);
// "bad_certificate" (RFC 8446 §6 names); others "alert_123".
std::string alert_description_name(std::uint8_t description);
// "warning", "fatal"; others "level_3".
std::string alert_level_name(std::uint8_t level);
// "ServerHello", "Certificate"; others "handshake_99".
std::string handshake_type_name(std::uint8_t type);
// "handshake", "application_data"; others "content_99".
std::string content_type_name(std::uint8_t type);

}  // namespace q2686::tls
