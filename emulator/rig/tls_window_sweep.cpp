// TLS window sweep (rig/tls_window_sweep.h).
#include "rig/tls_window_sweep.h"

#include <chrono>
#include <cmath>
#include <thread>

#include <fmt/format.h>

#include "at/tls_urc.h"
#include "base/input_error.h"
#include "rig/modem_rig.h"
#include "tls/dissector/pem_certificates.h"

namespace q2686 {

bool TlsWindowReport::proven() const {
    if (!window || window->empty() || proofs.empty()) return false;
    for (const TlsWindowProof& proof : proofs)
        if (!proof.holds) return false;
    return true;
}

namespace {

// What one handshake on a fresh modem gave.
struct Handshake {
    std::vector<std::string> lines;  // every line received from AT+TLSGET on
    std::string final_line;
    std::optional<TlsErrorUrc> error;
    bool verified = false;                // +TLSSTEP: "certificate verified"
    std::vector<CertificateInfo> chain;   // as the dissector read it (TLS 1.2 only)
    double cclk_to_verdict = 0;           // virtual seconds from AT+CCLK's OK to the final URC
};

std::optional<std::int64_t> parse_iso(const std::string& text) {
    return parse_utc(text);
}

// `pre_wait`: virtual seconds between AT+CCLK and AT+TLSGET (the RTC's second starts at AT+CCLK:
// this puts the firmware's check in the middle of a second, away from the edges).
Handshake handshake(const TlsWindowTarget& target, const std::optional<std::int64_t>& cclk_utc, bool tls12_only,
                    double pre_wait = 0) {
    ModemSetup setup;
    setup.modem.firmware = target.firmware;
    setup.trust_test_root_ca = false;
    HostNetworkConfig& network = setup.network.emplace();
    if (target.pki_cache) network.pki_cache = *target.pki_cache;
    if (target.builtin) {
        TlsServerSpec spec = *target.builtin;
        spec.name = target.hostname;
        spec.port = target.port;
        network.tls_servers.push_back(spec);
    } else {
        network.gateway.hosts.push_back(HostMapping{target.hostname, target.port, target.host_address, target.host_port});
    }
    ModemRig rig(std::move(setup));
    Q2686Modem& modem = rig.modem();
    modem.flash_objects().store("TLS", 0, target.ca_pem);  // the modem is off: as --flash-object TLS:0
    AtSession& session = rig.session();
    auto seconds = [&](double s) { return modem.clock().from_ns(static_cast<std::uint64_t>(s * 1e9)); };
    auto command = [&](const std::string& text) {
        const AtReply reply = session.command(text, seconds(30));
        if (!reply.ok())
            throw std::runtime_error(
                fmt::format("tls-window: {} → {}", text, reply.completed ? reply.final_code : "no answer"));
    };
    modem.power_on();
    if (!session.wait_for("+WIND: 4", seconds(10))) throw std::runtime_error("tls-window: the modem did not start");
    session.wait(seconds(3));  // registration
    for (const char* line : {"AT+WIPCFG=1", "AT+WIPBR=1,6", "AT+WIPBR=2,6,11,\"internet\"", "AT+WIPBR=4,6,0"})
        command(line);
    command(tls12_only ? "AT+TLSCFG=2,12" : "AT+TLSCFG=2");
    Cycles cclk_done = modem.now();
    if (cclk_utc) {
        command(fmt::format("AT+CCLK=\"{}\"", cclk_of_utc(*cclk_utc)));
        cclk_done = modem.now();
        if (pre_wait > 0) session.wait(seconds(pre_wait));
    }
    command(fmt::format("AT+TLSGET=\"{}\",{},\"/\"", target.hostname, target.port));
    const std::size_t mark = session.transcript().size();
    Handshake result;
    auto received = [&] {
        result.lines.clear();
        const auto& t = session.transcript();
        for (std::size_t i = mark; i < t.size(); ++i)
            if (t[i].kind == TranscriptEntry::Kind::Received) result.lines.push_back(t[i].text);
        for (std::size_t i = mark; i < t.size(); ++i)
            if (t[i].kind == TranscriptEntry::Kind::Received &&
                (t[i].text.starts_with("+TLSDONE:") || t[i].text.starts_with("+TLSERR:"))) {
                result.final_line = t[i].text;
                result.cclk_to_verdict = modem.clock().to_seconds(t[i].when - cclk_done);
                return true;
            }
        return false;
    };
    // A real server answers in wall time: short virtual slices with a pause let it keep up.
    for (int slice = 0; slice < 600 && !received() && !session.fault(); ++slice) {
        session.wait_until(seconds(0.1), [&] { return received(); });
        if (!target.builtin) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (result.final_line.empty()) throw std::runtime_error("tls-window: no +TLSDONE or +TLSERR within 60 s");
    for (const std::string& line : result.lines)
        if (line == "+TLSSTEP: \"certificate verified\"") result.verified = true;
    result.error = parse_tls_error(result.final_line);
    if (rig.network() && rig.network()->tls_dissector())
        for (const TlsSession& tls : rig.network()->tls_dissector()->sessions())
            if (!tls.chain.empty()) result.chain = tls.chain;
    return result;
}

// The proof's outcome and what the firmware said about the certificate.
void read_outcome(const Handshake& run, TlsWindowProof& proof) {
    proof.line = run.final_line;
    if (run.verified) {
        proof.outcome = "ok";
        return;
    }
    proof.outcome = run.error ? run.error->cause : "?";
    if (!run.error) return;
    const auto& detail = run.error->detail;
    if (auto rtc = detail.find("rtc"); rtc != detail.end()) proof.rtc = parse_iso(rtc->second);
    if (auto depth = detail.find("depth"); depth != detail.end()) {
        try {
            proof.depth = std::stoi(depth->second);
        } catch (const std::exception&) {
        }
    }
    if (auto cn = detail.find("cn"); cn != detail.end()) proof.cn = cn->second;
}

std::vector<CertificateInfo> read_anchors(const std::string& pem) {
    std::vector<CertificateInfo> anchors = read_pem_certificates(pem);
    if (anchors.empty()) throw InputError("the trust anchors hold no PEM certificate");
    for (const CertificateInfo& anchor : anchors)
        if (!anchor.error.empty()) throw InputError("a trust anchor: " + anchor.error);
    return anchors;
}

}  // namespace

TlsWindowReport sweep_tls_window(const TlsWindowTarget& target,
                                 const std::function<void(const std::string&)>& progress) {
    auto say = [&](const std::string& text) {
        if (progress) progress(text);
    };
    const std::vector<CertificateInfo> all_anchors = read_anchors(target.ca_pem);
    TlsWindowReport report;

    // 1. Discovery.
    const std::int64_t discovery_at = rtc_range_first();
    const Handshake discovery = handshake(target, discovery_at, true);
    say(fmt::format("discovery (TLS 1.2, RTC 98/01/01): {}", discovery.final_line));
    if (discovery.chain.empty())
        throw std::runtime_error(fmt::format("tls-window: the discovery handshake (TLS 1.2) saw no certificate from "
                                             "{}:{} ({}); the sweep needs a server that speaks TLS 1.2",
                                             target.hostname, target.port, discovery.final_line));
    report.chain = discovery.chain;
    report.anchors = anchors_for(report.chain, all_anchors);
    report.window = validity_window(report.chain, all_anchors);
    if (discovery.error)
        if (auto rtc = discovery.error->detail.find("rtc"); rtc != discovery.error->detail.end())
            if (auto checked = parse_iso(rtc->second)) report.seconds_to_check = *checked - discovery_at;
    if (!report.window || report.window->empty()) return report;
    const ValidityWindow& window = *report.window;

    // The seconds from AT+CCLK to the check in the proofs' own handshake (any version, so TLS 1.3
    // where the server speaks it): one handshake a day outside the window, refused with the RTC.
    // The AT+TLSGET then waits so that the check falls in the middle of an RTC second: a real
    // server's jitter of less than half a second cannot move it into another.
    double pre_wait = 0;
    if (!window.clipped_last || !window.clipped_first) {
        const std::int64_t far = !window.clipped_last ? window.last + 86400 : window.first - 86400;
        const Handshake calibration = handshake(target, far, false);
        say(fmt::format("calibration ({}): {} after {:.3f} s", format_utc(far), calibration.final_line,
                        calibration.cclk_to_verdict));
        const double fraction = calibration.cclk_to_verdict - std::floor(calibration.cclk_to_verdict);
        pre_wait = std::fmod(1.5 - fraction, 1.0);
        report.seconds_to_check = static_cast<std::int64_t>(std::floor(calibration.cclk_to_verdict + pre_wait));
    }

    // 3. The proofs.
    auto proof_at = [](const char* what, std::optional<std::int64_t> instant, const char* expected) {
        TlsWindowProof proof;
        proof.what = what;
        proof.at = instant;
        proof.expected = expected;
        return proof;
    };
    auto prove = [&](TlsWindowProof proof) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::optional<std::int64_t> cclk =
                proof.at ? std::optional<std::int64_t>(*proof.at - report.seconds_to_check) : std::nullopt;
            const Handshake run = handshake(target, cclk, false, pre_wait);
            proof = proof_at(proof.what.c_str(), proof.at, proof.expected.c_str());
            read_outcome(run, proof);
            if (!proof.at || !proof.rtc || *proof.rtc == *proof.at) break;
            report.seconds_to_check += *proof.rtc - *proof.at;  // the check came later (earlier) than thought
        }
        // What the window says the firmware answers at the instant it checked.
        const std::optional<std::int64_t> checked = proof.at ? proof.at : proof.rtc;
        const std::optional<Refusal> refusal = checked ? expected_refusal(window, *checked) : std::nullopt;
        if (!checked) {
            proof.holds = proof.outcome == proof.expected;  // accepted: the RTC is not reported
        } else if (!refusal) {
            proof.expected = "ok";
            proof.holds = proof.outcome == "ok";
        } else {
            proof.expected = refusal->cause;
            proof.holds = proof.outcome == refusal->cause && proof.depth == refusal->certificate.depth &&
                          proof.cn == refusal->certificate.cn && proof.rtc == checked;
        }
        say(fmt::format("{}: {}", proof.what, proof.line));
        return proof;
    };
    std::optional<TlsWindowProof> before, first, last, after;
    if (!window.clipped_first) before = prove(proof_at("first - 1 s", window.first - 1, "not-yet-valid"));
    if (!window.clipped_last) after = prove(proof_at("last + 1 s", window.last + 1, "expired"));
    first = prove(proof_at("first", window.first, "ok"));
    last = prove(proof_at("last", window.last, "ok"));
    // The power-on default: accepted only when the window holds the first seconds of 1998 (the
    // check comes a few seconds after power-on).
    TlsWindowProof power_on = prove(proof_at("power-on default", std::nullopt, window.clipped_first ? "ok" : "refused"));
    report.proofs.push_back(power_on);
    for (auto* proof : {&before, &first, &last, &after})
        if (*proof) report.proofs.push_back(**proof);
    return report;
}

}  // namespace q2686
