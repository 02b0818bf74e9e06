#include "modem/at_session.h"

#include <algorithm>

namespace q2686 {

std::string AtReply::text() const {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    if (completed) out += final_code + "\n";
    return out;
}

AtSession::AtSession(Q2686Modem& modem)
    : modem_(modem), reader_([this](const std::string& line, Cycles when) { on_line(line, when); }) {
    modem_.set_at_output([this](std::uint8_t byte, Cycles when) { reader_.feed(byte, when); });
}

void AtSession::add(TranscriptEntry entry) {
    transcript_.push_back(std::move(entry));
    if (observer_) observer_(transcript_.back());
}

void AtSession::note(std::string text) {
    add({modem_.now(), TranscriptEntry::Kind::Note, std::move(text)});
}

namespace {
// The numeric forms (ATV0, V.250 §5.7.1) of the final result codes: 0 OK, 3 NO CARRIER,
// 4 ERROR, 6 NO DIALTONE, 7 BUSY, 8 NO ANSWER (1 CONNECT and 2 RING are not final here).
bool is_numeric_final_result_code(std::string_view line) {
    return line.size() == 1 && std::string_view("034678").find(line[0]) != std::string_view::npos;
}
}  // namespace

void AtSession::on_line(const std::string& line, Cycles when) {
    if (!pending_echo_.empty() && line == pending_echo_) {
        pending_echo_.clear();
        add({when, TranscriptEntry::Kind::Echo, line});
        return;
    }
    add({when, TranscriptEntry::Kind::Received, line});
    if (reply_) {
        if (is_final_result_code(line) || is_numeric_final_result_code(line)) {
            reply_->completed = true;
            reply_->final_code = line;
            reply_->finished = when;
            reply_ = nullptr;
            modem_.request_stop();
        } else {
            reply_->lines.push_back(line);
        }
    }
    if (!wanted_text_.empty() && line.find(wanted_text_) != std::string::npos) {
        wanted_seen_ = true;
        modem_.request_stop();
    }
    if (wanted_condition_ && wanted_condition_()) modem_.request_stop();
}

bool AtSession::run_until(Cycles deadline, const std::function<bool()>& done) {
    while (!done() && !fault_ && modem_.now() < deadline) {
        Cycles until = deadline;
        if (slice_hook_) {
            try {
                until = std::min(deadline, modem_.now() + slice_hook_());
            } catch (...) {
                // The wait is abandoned: forget what it waited for (the caller's locals).
                reply_ = nullptr;
                pending_echo_.clear();
                wanted_text_ = {};
                wanted_condition_ = {};
                throw;
            }
        }
        const RunResult result = modem_.run_until(until);
        if (result.outcome == RunOutcome::Fault || result.outcome == RunOutcome::Exited) {
            fault_ = result;
            note(result.outcome == RunOutcome::Fault ? "firmware fault: " + result.fault->what : "firmware exited");
        }
    }
    return done();
}

AtReply AtSession::command(std::string_view command, Cycles timeout) {
    AtReply reply;
    reply.sent = modem_.now();
    add({reply.sent, TranscriptEntry::Kind::Sent, std::string(command)});
    pending_echo_ = std::string(command);
    reply_ = &reply;
    std::string line(command);
    line += '\r';
    modem_.send_at(line);
    run_until(reply.sent + timeout, [&reply] { return reply.completed; });
    reply_ = nullptr;
    pending_echo_.clear();
    return reply;
}

void AtSession::send_line(std::string_view command) {
    add({modem_.now(), TranscriptEntry::Kind::Sent, std::string(command)});
    pending_echo_ = std::string(command);
    std::string line(command);
    line += '\r';
    modem_.send_at(line);
}

void AtSession::send_raw(std::string_view bytes) {
    add({modem_.now(), TranscriptEntry::Kind::Sent, std::string(bytes)});
    modem_.send_at(bytes);
}

bool AtSession::wait_for(std::string_view text, Cycles timeout) {
    wanted_text_ = text;
    wanted_seen_ = false;
    // A line already received counts only if it arrives from now on: the caller asks to wait.
    const bool seen = run_until(modem_.now() + timeout, [this] { return wanted_seen_; });
    wanted_text_ = {};
    return seen;
}

bool AtSession::wait_until(Cycles timeout, std::function<bool()> done) {
    wanted_condition_ = std::move(done);
    const bool seen = run_until(modem_.now() + timeout, wanted_condition_);
    wanted_condition_ = {};
    return seen;
}

void AtSession::wait(Cycles duration) {
    const Cycles deadline = modem_.now() + duration;
    run_until(deadline, [] { return false; });
}

std::vector<std::string> AtSession::received_lines() const {
    std::vector<std::string> lines;
    for (const auto& e : transcript_)
        if (e.kind == TranscriptEntry::Kind::Received) lines.push_back(e.text);
    return lines;
}

}  // namespace q2686
