#include "story_script.h"

#include <ctime>

#include <fmt/format.h>

#include "at/at_line_reader.h"
#include "tls/dissector/certificate_verdict.h"

namespace q2686::gui {

std::vector<StoryStep> seed_story() {
    using K = StoryStep::Kind;
    return {
        {K::WaitFor, "+WIND: 4", 10, "Power on with a dead backup battery"},
        {K::Command, "AT+CCLK?", 5, "The RTC: its power-on default, 98/01/01"},
        {K::Wait, "", 1.5, "Registration (~3 s after power-on)"},
        {K::Command, "AT+WIPCFG=1", 5, "Start the TCP/IP stack"},
        {K::Command, "AT+WIPBR=1,6", 5, "Open the GPRS bearer"},
        {K::Command, "AT+WIPBR=2,6,11,\"internet\"", 5, "Its APN"},
        {K::Command, "AT+WIPBR=4,6,0", 15, "Connect the bearer"},
        {K::Command, "AT+TLSCFG=2", 5, "Verify always (WIP_SSL_ALWAYS)"},
        {K::Command, "AT+TLSGET=\"api.example.com\",443,\"/\"", 5, "HTTPS GET with the clock at 1998"},
        {K::WaitFor, "+TLSERR:", 60, "... \"Bad certificate\": not yet valid"},
        {K::Wait, "", 3, "Look at the TLS panel"},
        {K::ClockToHostTime, "", 5, "Set the RTC to now (AT+CCLK, host UTC)"},
        {K::Command, "AT+TLSGET=\"api.example.com\",443,\"/\"", 5, "The same GET again"},
        {K::WaitFor, "+TLSDONE:", 60, "... HTTP/1.1 200 OK"},
        {K::Command, "AT+TLSCFG=0", 5, "Verify never (WIP_SSL_NEVER)"},
        {K::Command, "AT+TLSGET=\"self.example.com\",443,\"/\"", 5, "A self-signed server"},
        {K::WaitFor, "+TLSDONE:", 60, "... connects unverified"},
    };
}

StoryRunner::StoryRunner(std::vector<StoryStep> steps, AtSession& session, const ClockRate& clock)
    : steps_(std::move(steps)), session_(session), clock_(clock) {}

void StoryRunner::start(Cycles now) {
    const StoryStep& step = steps_[index_];
    started_ = true;
    mark_ = session_.transcript().size();
    deadline_ = now + clock_.from_ns(static_cast<std::uint64_t>(step.seconds * 1e9));
    status_ = step.title;
    switch (step.kind) {
        case StoryStep::Kind::Command: session_.send_line(step.text); break;
        case StoryStep::Kind::ClockToHostTime:
            session_.send_line(fmt::format("AT+CCLK=\"{}\"", cclk_of_utc(std::time(nullptr))));
            break;
        case StoryStep::Kind::Note: session_.note(step.text); break;
        case StoryStep::Kind::WaitFor:
        case StoryStep::Kind::Wait: break;
    }
}

// A command is done at its final result code, a wait-for at its line, a wait at its deadline;
// every step at its deadline at the latest (then the story goes on: the panels show the rest).
bool StoryRunner::finished(Cycles now) {
    const StoryStep& step = steps_[index_];
    const auto& transcript = session_.transcript();
    for (std::size_t i = mark_; i < transcript.size(); ++i) {
        if (transcript[i].kind != TranscriptEntry::Kind::Received) continue;
        const std::string& line = transcript[i].text;
        const bool command = step.kind == StoryStep::Kind::Command || step.kind == StoryStep::Kind::ClockToHostTime;
        if (command && is_final_result_code(line)) return true;
        if (step.kind == StoryStep::Kind::WaitFor && line.starts_with(step.text)) return true;
    }
    if (now >= deadline_) {
        if (step.kind != StoryStep::Kind::Wait) status_ = step.title + " — timed out";
        return true;
    }
    return step.kind == StoryStep::Kind::Note;
}

void StoryRunner::advance(Cycles now) {
    while (!done()) {
        if (!started_) start(now);
        if (!finished(now)) return;
        ++index_;
        started_ = false;
    }
    status_ = "done";
}

}  // namespace q2686::gui
