// TLS handshake: the last connections as the passive dissector saw them on the link — each
// step with its virtual time and CPU cycles since the ClientHello, version, cipher, resumption —
// the certificate chain drawn against the modem's RTC at that handshake (validity timeline), and
// the firmware's own verdict (+TLSSTEP, +TLSERR) with the reason in plain words, the fix, and the
// certificate it names.
#include <ctime>

#include <fmt/format.h>

#include "tls/dissector/tls_names.h"
#include "panel_text.h"
#include "panels.h"
#include "at/tls_urc.h"

namespace q2686::gui {

namespace {

const TranscriptEntry* last_received(const GuiSnapshot& s, std::string_view prefix, std::size_t* index = nullptr) {
    for (std::size_t i = s.transcript.size(); i-- > 0;)
        if (s.transcript[i].kind == TranscriptEntry::Kind::Received && s.transcript[i].text.starts_with(prefix)) {
            if (index) *index = i;
            return &s.transcript[i];
        }
    return nullptr;
}

void draw_session(const TlsSession& t, const ClockRate& clock, std::int64_t rtc) {
    const std::string title =
        fmt::format("{} — {}{}###{}", t.server_name.empty() ? "(no SNI)" : t.server_name, to_string(t.outcome),
                    t.resumed ? ", resumed" : "", static_cast<const void*>(&t));
    if (!ImGui::TreeNodeEx(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (t.version)
        ImGui::Text("%s  %s", tls::version_name(t.version).c_str(),
                    t.cipher_suite_known ? tls::cipher_suite_name(t.cipher_suite).c_str() : "");
    if (ImGui::BeginTable("steps", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("+ms");
        ImGui::TableSetupColumn("cycles");
        ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const TlsStep& step : t.steps) {
            const Cycles since =
                t.client_hello_at == kNever || step.when < t.client_hello_at ? 0 : step.when - t.client_hello_at;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%9.1f", clock.to_seconds(since) * 1000);
            ImGui::TableNextColumn();
            ImGui::Text("%11llu", static_cast<unsigned long long>(since));
            ImGui::TableNextColumn();
            // An alert in red, but close_notify: the routine end of a connection.
            const bool alert = alarming_alert(step.what);
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(alert                                     ? kErrorColour
                               : step.side == StreamSide::ClientToServer ? kSentColour
                                                                         : kReceivedColour,
                               "%s %s", step.side == StreamSide::ClientToServer ? "->" : "<-", step.what.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    // Judged at this connection's own handshake, not at the clock now: after AT+CCLK a chain that
    // failed on the clock would otherwise turn green.
    const JudgedChain chain = session_chain(t, rtc);
    if (!chain.windows.empty())
        draw_validity_timeline(chain.windows, chain.judged_at, static_cast<std::int64_t>(std::time(nullptr)),
                               When::AtTheHandshake);
    if (t.certificate_encrypted)
        ImGui::TextColored(kNoteColour,
                           "TLS 1.3: the certificate is encrypted on the link; the firmware's verdict is below.");
    ImGui::TreePop();
}

}  // namespace

void draw_tls_panel(const GuiSnapshot& s, PanelRecords& record) {
    if (!begin_panel("TLS handshake", {1284, 28}, {628, 560}, record)) return ImGui::End();
    std::size_t error_at = 0, done_at = 0;
    const TranscriptEntry* error = last_received(s, "+TLSERR:", &error_at);
    const TranscriptEntry* done = last_received(s, "+TLSDONE:", &done_at);
    const TranscriptEntry* established = last_received(s, "+TLSSTEP: \"established\"");
    ImGui::PushTextWrapPos(0);  // long verdicts wrap at the panel's edge
    ImGui::TextUnformatted("The firmware's verdict (last request):");
    if (error && (!done || error_at > done_at)) {
        if (const auto e = parse_tls_error(error->text)) {
            ImGui::TextColored(kErrorColour, "%s — %s (wolfSSL %ld, errnum %ld)", e->text.c_str(), e->cause.c_str(),
                               e->code, e->errnum);
            ImGui::TextUnformatted(explain_tls_error(*e).c_str());
            // The certificate the firmware names, at the RTC its check used: under TLS 1.3 the
            // only view of it (the chain is encrypted on the link).
            if (const auto cert = reported_certificate(*e))
                draw_validity_timeline({*cert}, reported_rtc(*e).value_or(s.rtc_utc),
                                       static_cast<std::int64_t>(std::time(nullptr)), When::AtTheHandshake);
        }
    } else if (done) {
        ImGui::TextColored(kGoodColour, "%s", done->text.c_str());
        if (established)
            if (const auto e = parse_tls_established(established->text))
                ImGui::Text("%s %s, %lu ms, %.1f M cycles%s", e->version.c_str(), e->cipher.c_str(), e->ms,
                            e->cycles / 1e6, e->resumed ? ", session resumed" : "");
        if (const TranscriptEntry* http = last_received(s, "+TLSHTTP:"))
            if (const auto h = parse_tls_http(http->text)) ImGui::Text("server answered: %s", h->status_line().c_str());
    } else {
        ImGui::TextColored(kNoteColour, "no TLS request yet (AT+TLSGET)");
    }
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    ImGui::TextUnformatted("On the link (passive dissector), newest first:");
    ImGui::BeginChild("sessions");
    record_text_area(record, "TLS handshake/sessions");
    const ClockRate clock{};
    for (auto it = s.tls_sessions.rbegin(); it != s.tls_sessions.rend() && it - s.tls_sessions.rbegin() < 4; ++it)
        draw_session(*it, clock, s.rtc_utc);
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace q2686::gui
