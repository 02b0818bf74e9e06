#include "at/tls_urc.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace q2686 {

namespace {

// The comma-separated fields after "<prefix>: ", quotes removed ("" fields stay empty).
std::optional<std::vector<std::string>> fields_after(std::string_view line, std::string_view prefix) {
    if (!line.starts_with(prefix)) return std::nullopt;
    line.remove_prefix(prefix.size());
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields.emplace_back();
        else
            fields.back() += c;
    }
    if (quoted) return std::nullopt;
    return fields;
}

template <typename Number>
bool number(const std::string& text, Number& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string get(const TlsErrorUrc& e, const char* key) {
    const auto it = e.detail.find(key);
    return it == e.detail.end() ? "" : it->second;
}

std::string which_certificate(const TlsErrorUrc& e) {
    const std::string depth = get(e, "depth");
    const std::string where = depth == "0"    ? "the server's own certificate"
                              : depth.empty() ? "a certificate"
                                              : "certificate " + depth + " of the server's chain";
    return fmt::format("{} (\"{}\", issued by \"{}\")", where, get(e, "cn"), get(e, "issuer"));
}

}  // namespace

std::string TlsHttpUrc::status_line() const {
    return fmt::format("{} {} {}", protocol, status, reason);
}

std::optional<TlsErrorUrc> parse_tls_error(std::string_view line) {
    const auto f = fields_after(line, "+TLSERR: ");
    if (!f || f->size() != 5) return std::nullopt;
    TlsErrorUrc e;
    if (!number((*f)[0], e.errnum) || !number((*f)[2], e.code)) return std::nullopt;
    e.text = (*f)[1];
    e.cause = (*f)[3];
    e.detail_text = (*f)[4];
    std::string_view rest = e.detail_text;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view item = rest.substr(0, space);
        const std::size_t equals = item.find('=');
        if (equals != std::string_view::npos)
            e.detail[std::string(item.substr(0, equals))] = percent_decode(item.substr(equals + 1));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return e;
}

std::optional<TlsEstablishedUrc> parse_tls_established(std::string_view line) {
    const auto f = fields_after(line, "+TLSSTEP: ");
    if (!f || f->size() != 6 || (*f)[0] != "established") return std::nullopt;
    TlsEstablishedUrc e;
    int resumed = 0;
    if (!number((*f)[3], resumed) || !number((*f)[4], e.ms) || !number((*f)[5], e.cycles)) return std::nullopt;
    e.cipher = (*f)[1];
    e.version = (*f)[2];
    e.resumed = resumed != 0;
    return e;
}

std::optional<TlsHttpUrc> parse_tls_http(std::string_view line) {
    const auto f = fields_after(line, "+TLSHTTP: ");
    if (!f || f->size() != 3) return std::nullopt;
    TlsHttpUrc h;
    if (!number((*f)[0], h.status)) return std::nullopt;
    h.reason = (*f)[1];
    h.protocol = (*f)[2];
    return h;
}

std::string explain_tls_error(const TlsErrorUrc& e) {
    const std::string rtc = get(e, "rtc"), before = get(e, "notBefore"), after = get(e, "notAfter");
    const bool clock_reset = rtc.starts_with("1998-01-01");
    if (e.cause == "not-yet-valid")
        return fmt::format(
            "wolfSSL error {} (ASN_BEFORE_DATE_E): {} is valid from {} to {}, but the modem's clock "
            "says {}, so it is not yet valid.{} Fix: set the clock with AT+CCLK.",
            e.code, which_certificate(e), before, after, rtc,
            clock_reset ? " 1998-01-01 is the RTC's power-on default: it was reset by a power loss "
                          "without the backup battery, or never set."
                        : "");
    if (e.cause == "expired")
        return fmt::format(
            "wolfSSL error {} (ASN_AFTER_DATE_E): {} was valid until {}, and the modem's clock says "
            "{}. If the clock is right the server needs a new certificate; if not, set AT+CCLK.",
            e.code, which_certificate(e), after, rtc);
    if (e.cause == "unknown-ca")
        return fmt::format(
            "wolfSSL error {} (ASN_NO_SIGNER_E): {} is signed by a CA the modem does not trust. Load "
            "\"{}\"'s CA certificate into flash object TLS:0 (--flash-object TLS:0=ca.pem), or make "
            "the server send its intermediate.",
            e.code, which_certificate(e), get(e, "issuer"));
    if (e.cause == "self-signed")
        return fmt::format(
            "wolfSSL error {}: {} signed itself and is not among the trusted CAs. Trust that very "
            "certificate (TLS:0), use one from a CA, or connect with WIP_SSL_NEVER (AT+TLSCFG=0) "
            "if an unverified server is acceptable.",
            e.code, which_certificate(e));
    if (e.cause == "hostname-mismatch")
        return fmt::format(
            "wolfSSL error {} (DOMAIN_NAME_MISMATCH): the certificate is made out to \"{}\", but the "
            "modem asked for \"{}\". Connect under a name the certificate lists.",
            e.code, get(e, "cn"), get(e, "host"));
    if (e.cause == "bad-signature")
        return fmt::format(
            "wolfSSL error {}: a signature in the chain does not verify: {} was altered after it "
            "was signed. Reinstall it as the CA issued it.",
            e.code, which_certificate(e));
    if (e.cause == "unsupported-algorithm")
        return fmt::format(
            "wolfSSL error {}: {} uses a key type, curve or signature this firmware lacks (it has "
            "RSA up to 4096 bits and ECDSA P-256/P-384).",
            e.code, which_certificate(e));
    if (e.cause == "key-usage")
        return fmt::format(
            "wolfSSL error {}: {} may not be used this way: its keyUsage lacks digitalSignature, which "
            "TLS 1.3 requires of a server's certificate (RFC 8446 §4.4.2.2), or its extended key "
            "usage lacks serverAuth. Reissue it with keyUsage digitalSignature and extendedKeyUsage "
            "serverAuth.",
            e.code, which_certificate(e));
    if (e.cause == "bad-certificate")
        return fmt::format(
            "wolfSSL error {}: {} is malformed or not fit for a TLS server (key usage, chain "
            "length). Check it with openssl x509 -text.",
            e.code, which_certificate(e));
    if (e.cause == "handshake-failure") {
        const std::string alert = get(e, "alert");
        return fmt::format(
            "Not a certificate problem: the handshake failed (wolfSSL error {}{}{}). Check the TLS "
            "versions (AT+TLSCFG), the client certificate (TLS:1, TLS:2) and the server.",
            e.code, alert.empty() ? "" : ", the server's alert " + alert,
            get(e, "reason").empty() ? "" : ": " + get(e, "reason"));
    }
    if (e.cause == "protocol-error")
        return fmt::format("The TLS stream broke after the handshake (wolfSSL error {}: {}).", e.code,
                           get(e, "reason"));
    if (e.cause == "timeout")
        return fmt::format("The server stopped answering: nothing for {} after \"{}\". The connection was given up.",
                           get(e, "idle"), get(e, "after"));
    if (e.cause == "network-error")
        return fmt::format(
            "The TCP connection under TLS failed: {} ({}). Check the address, coverage and the "
            "bearer (AT+WIPBR).",
            e.text, e.errnum);
    return fmt::format("{} ({}), wolfSSL error {}, cause {}.", e.text, e.errnum, e.code, e.cause);
}

}  // namespace q2686
