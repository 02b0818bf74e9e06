#include "tls/dissector/tls_dissector.h"

#include <fmt/format.h>

#include "ip/ipv4.h"
#include "tls/dissector/tls_names.h"

namespace q2686 {

namespace {

// A TLS 1.3 alert under AEAD protection: 2 bytes of alert, 1 of inner content type, a 16-byte
// tag (RFC 8446 §5.2; every TLS 1.3 cipher suite but CCM_8 has a 16-byte tag).
constexpr std::size_t kProtectedAlertLength = 2 + 1 + 16;

std::string records(std::uint32_t n) {
    return fmt::format("{} record{}", n, n == 1 ? "" : "s");
}

// Cycles from `from` to `to`, 0 if `to` is earlier (packets fed out of time order).
Cycles between(Cycles from, Cycles to) {
    return to > from ? to - from : 0;
}

std::string milliseconds(ClockRate clock, Cycles cycles) {
    return fmt::format("{:.3f} ms", static_cast<double>(clock.to_ns(cycles)) / 1e6);
}

}  // namespace

const char* to_string(TlsOutcome outcome) {
    switch (outcome) {
        case TlsOutcome::InProgress: return "in progress";
        case TlsOutcome::Established: return "established";
        case TlsOutcome::Failed: return "failed";
    }
    return "?";
}

TlsDissector::TlsDissector(EventLog& events, TlsDissectorConfig config)
    : events_(events), config_(std::move(config)), reassembler_(*this, config_.limits) {}

void TlsDissector::feed(const IpPacket& packet, Cycles when) {
    reassembler_.feed(packet, when);
}

std::vector<TlsSession> TlsDissector::sessions() const {
    std::vector<TlsSession> out;
    out.reserve(sessions_.size());
    for (const auto& s : sessions_) out.push_back(*s);
    return out;
}

void TlsDissector::on_data(const TcpFlowKey& key, StreamSide side, std::span<const std::uint8_t> bytes, Cycles when) {
    Flow& flow = flows_[key];
    flow.key = key;
    if (!flow.decided) {
        flow.decided = true;  // the client speaks first in TLS; a server speaking first is not TLS
        flow.tls = side == StreamSide::ClientToServer && tls::looks_like_tls_client_start(bytes);
    }
    if (!flow.tls) return;
    flow.side(side).reader.feed(bytes, [&](const tls::Record& record) { on_record(flow, side, record, when); });
    Side& s = flow.side(side);
    if (s.reader.broken() && flow.session && !s.loss_reported) {
        s.loss_reported = true;
        note(flow, when,
             fmt::format("{} stream no longer followed: {}", side == StreamSide::ClientToServer ? "client" : "server",
                         s.reader.why_broken()));
    }
}

void TlsDissector::on_gap(const TcpFlowKey& key, StreamSide side, std::uint64_t missing, Cycles when) {
    const auto it = flows_.find(key);
    if (it == flows_.end() || !it->second.tls) return;
    Flow& flow = it->second;
    Side& s = flow.side(side);
    if (s.reader.broken()) return;
    s.reader.break_stream("gap");
    s.loss_reported = true;
    if (flow.session) flow.session->ended = "gap";
    note(flow, when,
         fmt::format("{} B of the {} stream never crossed the link: that direction is no longer followed", missing,
                     side == StreamSide::ClientToServer ? "client" : "server"));
}

void TlsDissector::on_close(const TcpFlowKey& key, FlowEnd end, Cycles when) {
    const auto it = flows_.find(key);
    if (it == flows_.end()) return;
    Flow& flow = it->second;
    if (flow.session) {
        TlsSession& s = *flow.session;
        if (s.ended.empty()) s.ended = to_string(end);
        if (s.outcome == TlsOutcome::InProgress) {
            const std::string last = s.steps.empty() ? "the start" : s.steps.back().what;
            fail(flow, when, fmt::format("connection closed ({}) after {}", to_string(end), last));
        }
        if (s.application_records_to_server + s.application_records_to_client > 0)
            note(flow, when,
                 fmt::format("application data: {} B to server in {}, {} B to client in {}",
                             s.application_bytes_to_server, records(s.application_records_to_server),
                             s.application_bytes_to_client, records(s.application_records_to_client)));
        note(flow, when, fmt::format("connection closed ({})", to_string(end)));
    }
    flows_.erase(it);
}

void TlsDissector::on_record(Flow& flow, StreamSide side, const tls::Record& record, Cycles when) {
    Side& s = flow.side(side);
    if (!flow.session && !(side == StreamSide::ClientToServer && record.type == tls::kHandshake)) {
        s.reader.break_stream("records before the ClientHello");
        return;
    }
    switch (record.type) {
        case tls::kChangeCipherSpec:
            if (flow.tls13) {
                step(flow, side, when, "ChangeCipherSpec (TLS 1.3 middlebox compatibility, no effect)");
            } else {
                s.encrypted = true;
                step(flow, side, when, "ChangeCipherSpec");
            }
            break;
        case tls::kAlert: on_alert(flow, side, record.fragment, when); break;
        case tls::kHandshake:
            if (!s.encrypted) {
                s.reader.feed_handshake(record.fragment, [&](const tls::HandshakeMessage& message) {
                    on_handshake(flow, side, message, when);
                });
            } else {
                on_protected(flow, side, record, when);
            }
            break;
        case tls::kApplicationData: on_protected(flow, side, record, when); break;
        default: break;
    }
}

void TlsDissector::on_alert(Flow& flow, StreamSide side, std::span<const std::uint8_t> fragment, Cycles when) {
    TlsSession& session = *flow.session;
    // TLS 1.2 protects alerts after ChangeCipherSpec (the record grows by a MAC or tag); TLS 1.3
    // hides protected alerts in application_data records, so a record typed alert is plaintext —
    // as when a client rejects the server's certificate before it has switched keys.
    TlsAlert alert{when, side, !flow.tls13 && flow.side(side).encrypted, 0, 0};
    if (alert.encrypted || fragment.size() != 2) {
        alert.encrypted = true;
        session.alerts.push_back(alert);
        const bool closing = session.outcome == TlsOutcome::Established;
        step(flow, side, when,
             fmt::format("encrypted alert ({} B{})", fragment.size(),
                         closing ? "; after the handshake, usually close_notify" : ""));
        if (session.outcome == TlsOutcome::InProgress)
            fail(flow, when,
                 fmt::format("{} sent an encrypted alert", side == StreamSide::ClientToServer ? "client" : "server"));
        return;
    }
    alert.level = fragment[0];
    alert.description = fragment[1];
    session.alerts.push_back(alert);
    const std::string what = fmt::format("{} {} ({})", tls::alert_level_name(alert.level),
                                         tls::alert_description_name(alert.description), alert.description);
    step(flow, side, when, "Alert " + what);
    if (alert.level == 2 && session.outcome == TlsOutcome::InProgress)
        fail(flow, when,
             fmt::format("{} sent alert {}", side == StreamSide::ClientToServer ? "client" : "server", what));
}

void TlsDissector::on_protected(Flow& flow, StreamSide side, const tls::Record& record, Cycles when) {
    TlsSession& session = *flow.session;
    Side& s = flow.side(side);
    const std::size_t length = record.fragment.size();
    const bool handshaking = session.outcome == TlsOutcome::InProgress;
    if (handshaking && !flow.tls13 && record.type == tls::kHandshake && !s.finished) {
        s.finished = true;  // TLS 1.2: the first handshake record after ChangeCipherSpec
        step(flow, side, when, fmt::format("Finished (encrypted, {} B)", length));
        check_complete(flow, when);
        return;
    }
    if (handshaking && flow.tls13 && side == StreamSide::ServerToClient && s.encrypted) {
        std::string what;
        if (!s.protected_seen) {
            s.protected_seen = true;
            session.certificate_encrypted = !session.resumed;
            what = session.resumed ? ": EncryptedExtensions, Finished (a resumed session sends no certificate)"
                                   : ": EncryptedExtensions, Certificate, CertificateVerify, Finished — "
                                     "TLS 1.3 encrypts the certificate, it cannot be judged from the link";
        }
        step(flow, side, when, fmt::format("encrypted handshake record ({} B){}", length, what));
        return;
    }
    if (handshaking && flow.tls13 && side == StreamSide::ClientToServer && s.encrypted) {
        if (length == kProtectedAlertLength) {
            session.alerts.push_back(TlsAlert{when, side, true, 0, 0});
            step(flow, side, when,
                 fmt::format("encrypted record of an alert's size ({} B) where Finished belongs: "
                             "likely the client's alert rejecting the server",
                             length));
            fail(flow, when, "client likely sent an encrypted alert instead of Finished");
            return;
        }
        s.finished = true;
        flow.server.finished = true;  // the client answers the server's whole flight
        step(flow, side, when, fmt::format("Finished (encrypted, {} B, by position)", length));
        check_complete(flow, when);
        return;
    }
    if (record.type == tls::kHandshake) {
        step(flow, side, when, fmt::format("encrypted handshake message ({} B; renegotiation?)", length));
        return;
    }
    if (side == StreamSide::ClientToServer) {
        session.application_bytes_to_server += length;
        ++session.application_records_to_server;
    } else {
        session.application_bytes_to_client += length;
        ++session.application_records_to_client;
    }
    if (!s.application_data) {
        s.application_data = true;
        step(flow, side, when, fmt::format("application data begins ({} B record)", length));
    }
}

void TlsDissector::check_complete(Flow& flow, Cycles when) {
    TlsSession& session = *flow.session;
    if (!flow.client.finished || !flow.server.finished || session.outcome != TlsOutcome::InProgress) return;
    session.outcome = TlsOutcome::Established;
    session.finished_at = when;
    const Cycles took = between(session.client_hello_at, when);
    note(flow, when,
         fmt::format("handshake complete: {} {}, {}, {} ({} cycles) from ClientHello to Finished",
                     tls::version_name(session.version), tls::cipher_suite_name(session.cipher_suite),
                     session.resumed ? "resumed session" : "new session", milliseconds(config_.clock, took), took));
}

void TlsDissector::fail(Flow& flow, Cycles when, const std::string& why) {
    TlsSession& session = *flow.session;
    session.outcome = TlsOutcome::Failed;
    std::string text = fmt::format("handshake failed: {} ({} after the ClientHello)", why,
                                   milliseconds(config_.clock, between(session.client_hello_at, when)));
    if (session.chain_judged && !session.verdict.dates_ok)
        text += "; the certificate dates do not fit the modem RTC — set AT+CCLK (see the cert[] events)";
    else if (session.chain_judged && session.verdict.name_mismatch)
        text += "; the certificate does not name the server (see the hint)";
    else if (session.certificate_encrypted && config_.rtc)
        if (const auto rtc = config_.rtc(when)) {
            text += fmt::format("; the certificate is encrypted (TLS 1.3), but the modem RTC reads \"{}\" ({})",
                                rtc->cclk, format_utc(rtc->utc));
            if (rtc->cclk.starts_with("98/01/01"))
                text +=
                    ", its default after a power loss: if the certificate was rejected, set AT+CCLK to the current "
                    "time";
        }
    note(flow, when, text);
}

void TlsDissector::step(Flow& flow, StreamSide side, Cycles when, std::string what) {
    const std::string time = since_hello(flow, when);
    events_.emit(
        {when, EventKind::Tls, "tls",
         fmt::format("{} {} {}{}", endpoint(flow), side == StreamSide::ClientToServer ? "→" : "←", what, time)});
    if (flow.session) flow.session->steps.push_back(TlsStep{when, side, std::move(what)});
}

void TlsDissector::note(const Flow& flow, Cycles when, const std::string& text) {
    events_.emit({when, EventKind::Tls, "tls", fmt::format("{} {}", endpoint(flow), text)});
}

std::string TlsDissector::endpoint(const Flow& flow) const {
    const bool named = flow.session && !flow.session->server_name.empty();
    return fmt::format("{}:{}", named ? flow.session->server_name : ipv4::format_address(flow.key.server_address),
                       flow.key.server_port);
}

std::string TlsDissector::since_hello(const Flow& flow, Cycles when) const {
    if (!flow.session || when <= flow.session->client_hello_at) return {};
    return fmt::format(" [+{}]", milliseconds(config_.clock, between(flow.session->client_hello_at, when)));
}

}  // namespace q2686
