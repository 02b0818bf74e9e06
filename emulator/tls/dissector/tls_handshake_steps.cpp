// TlsDissector, part 2: the plaintext handshake messages — what each one says, as a step, and
// the certificate chain with its verdict against the modem's RTC. (Records, alerts, the
// encrypted part and the summaries are in tls_dissector.cpp.)
#include <fmt/format.h>

#include <algorithm>

#include "tls/dissector/tls_dissector.h"
#include "tls/dissector/tls_names.h"

namespace q2686 {

namespace {

std::string join_versions(const std::vector<std::uint16_t>& versions) {
    std::string out;
    for (const auto v : versions) {
        if ((v & 0x0F0F) == 0x0A0A) continue;  // GREASE values (RFC 8701)
        out += (out.empty() ? "" : ", ") + tls::version_name(v);
    }
    return out;
}

std::string describe(const CertificateInfo& cert, std::size_t index) {
    if (!cert.error.empty()) return fmt::format("cert[{}] {} B, not parsed: {}", index, cert.der_size, cert.error);
    std::string text = fmt::format("cert[{}] {}", index, cert.label());
    if (!cert.dns_names.empty()) {
        std::string names;
        for (const auto& n : cert.dns_names) names += (names.empty() ? "" : ", ") + n;
        text += fmt::format(" (SAN {})", names);
    }
    text += fmt::format(", issuer {}, {} .. {}, {}, {}", cert.issuer_cn.empty() ? cert.issuer : "CN=" + cert.issuer_cn,
                        format_utc(cert.not_before), format_utc(cert.not_after), cert.signature_algorithm, cert.key);
    if (cert.self_signed) text += ", self-signed";
    if (cert.is_ca) text += ", CA";
    return text;
}

}  // namespace

void TlsDissector::on_handshake(Flow& flow, StreamSide side, const tls::HandshakeMessage& message, Cycles when) {
    if (!flow.session && message.type != tls::kClientHello) {
        flow.side(side).reader.break_stream("handshake before the ClientHello");
        return;
    }
    const std::string name = tls::handshake_type_name(message.type);
    switch (message.type) {
        case tls::kClientHello:
            if (side == StreamSide::ClientToServer) return on_client_hello(flow, message, when);
            break;
        case tls::kServerHello:
            if (side == StreamSide::ServerToClient) return on_server_hello(flow, message, when);
            break;
        case tls::kCertificate: return on_certificate(flow, side, message, when);
        case tls::kServerKeyExchange: {
            const bool ecdhe = tls::cipher_suite_name(flow.session->cipher_suite).find("ECDHE") != std::string::npos;
            const auto group = ecdhe ? tls::server_key_exchange_group(message.body) : std::nullopt;
            return step(flow, side, when,
                        group ? fmt::format("{} (ECDHE {}, {} B)", name, *group, message.size)
                              : fmt::format("{} ({} B)", name, message.size));
        }
        case tls::kCertificateRequest:
            return step(flow, side, when, name + ": the server asks for a client certificate");
        default: break;
    }
    step(flow, side, when, fmt::format("{} ({} B)", name, message.size));
}

void TlsDissector::on_client_hello(Flow& flow, const tls::HandshakeMessage& message, Cycles when) {
    const auto hello = tls::parse_client_hello(message.body);
    if (flow.session) {  // the second ClientHello, after a HelloRetryRequest
        step(flow, StreamSide::ClientToServer, when, "ClientHello again (after HelloRetryRequest)");
        return;
    }
    if (!hello) {
        flow.client.reader.break_stream("malformed ClientHello");
        return;
    }
    auto session = std::make_shared<TlsSession>();
    session->flow = flow.key;
    session->server_name = hello->server_name;
    session->client_hello_at = when;
    session->offered_version = hello->legacy_version;
    for (const auto v : hello->supported_versions)
        if ((v & 0x0F0F) != 0x0A0A) session->offered_version = std::max(session->offered_version, v);
    flow.session = session;
    flow.offered_session_id = hello->session_id;
    sessions_.push_back(session);
    while (config_.keep_sessions > 0 && sessions_.size() > config_.keep_sessions) sessions_.pop_front();

    std::string text = fmt::format("ClientHello {}", tls::version_name(hello->legacy_version));
    if (!hello->supported_versions.empty())
        text += fmt::format(" (offers {})", join_versions(hello->supported_versions));
    text += hello->server_name.empty() ? ", no SNI" : ", SNI " + hello->server_name;
    text += fmt::format(", {} cipher suites", hello->cipher_suites.size());
    const bool offers_tls13 = session->offered_version >= tls::kTls13;
    if (!hello->session_id.empty())
        text += offers_tls13 ? fmt::format(", legacy session id {} B", hello->session_id.size())
                             : fmt::format(", offers session id {} B to resume", hello->session_id.size());
    if (hello->ticket_length > 0)
        text += fmt::format(", offers a session ticket ({} B) to resume", hello->ticket_length);
    if (hello->offers_psk) text += ", offers a PSK to resume";
    step(flow, StreamSide::ClientToServer, when, text);
}

void TlsDissector::on_server_hello(Flow& flow, const tls::HandshakeMessage& message, Cycles when) {
    const auto hello = tls::parse_server_hello(message.body);
    if (!hello) {
        step(flow, StreamSide::ServerToClient, when, "ServerHello (malformed)");
        flow.server.reader.break_stream("malformed ServerHello");
        return;
    }
    if (hello->hello_retry_request) {
        flow.tls13 = true;
        step(flow, StreamSide::ServerToClient, when,
             fmt::format("HelloRetryRequest {} {}", tls::version_name(hello->version),
                         tls::cipher_suite_name(hello->cipher_suite)));
        return;
    }
    TlsSession& session = *flow.session;
    session.version = hello->version;
    session.cipher_suite = hello->cipher_suite;
    session.cipher_suite_known = true;
    flow.tls13 = hello->version == tls::kTls13;
    std::string how;
    if (flow.tls13) {
        session.resumed = hello->accepted_psk;
        how = session.resumed ? "resumed session: PSK accepted" : "new session";
        flow.client.encrypted = true;  // RFC 8446 §2: everything after the ServerHello is protected
        flow.server.encrypted = true;
    } else {
        session.resumed = !hello->session_id.empty() && hello->session_id == flow.offered_session_id;
        how = session.resumed ? "resumed session: session id echoed" : "new session";
        if (hello->ticket_extension) how += ", a session ticket will follow";
    }
    step(flow, StreamSide::ServerToClient, when,
         fmt::format("ServerHello {} {} ({})", tls::version_name(hello->version),
                     tls::cipher_suite_name(hello->cipher_suite), how));
}

void TlsDissector::on_certificate(Flow& flow, StreamSide side, const tls::HandshakeMessage& message, Cycles when) {
    const auto list = tls::parse_certificate_list(message.body);
    if (!list) {
        step(flow, side, when, fmt::format("Certificate (malformed, {} B)", message.size));
        return;
    }
    if (side == StreamSide::ClientToServer) {
        step(flow, side, when,
             fmt::format("Certificate (the client's: {} certificates, {} B)", list->size(), message.size));
        return;
    }
    TlsSession& session = *flow.session;
    step(flow, side, when,
         fmt::format("Certificate: {} certificate{}, {} B", list->size(), list->size() == 1 ? "" : "s", message.size));
    session.chain.clear();
    for (const auto& der : *list) {
        CertificateInfo info;
        if (config_.parse_certificate)
            info = config_.parse_certificate(der);
        else
            info.error = "no certificate parser";
        info.der_size = der.size();
        note(flow, when, describe(info, session.chain.size()));
        session.chain.push_back(std::move(info));
    }
    const auto rtc = config_.rtc ? config_.rtc(when) : std::nullopt;
    const auto host_now = config_.host_clock ? std::optional<std::int64_t>(config_.host_clock()) : std::nullopt;
    session.verdict = judge_chain(session.chain, rtc, session.server_name, host_now);
    session.chain_judged = true;
    for (const auto& finding : session.verdict.findings) note(flow, when, finding);
}

}  // namespace q2686
