// AtSession — a host talking to the modem's AT port: send a command line, run virtual time
// until its final result code (or a timeout), wait for unsolicited codes, keep a transcript.
// The CLI's `at` command, the tests and (later) the scenario runner all drive the modem
// through it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "at/at_line_reader.h"
#include "modem/q2686_modem.h"

namespace q2686 {

struct TranscriptEntry {
    enum class Kind { Sent, Received, Echo, Note };
    Cycles when = 0;
    Kind kind = Kind::Note;
    std::string text;
};

struct AtReply {
    bool completed = false;          // a final result code arrived in time
    std::vector<std::string> lines;  // information lines (echo excluded), final code excluded
    std::string final_code;          // "OK", "ERROR", "+CME ERROR: 3", ...; under ATV0 "0", "4", ...
    Cycles sent = 0;
    Cycles finished = 0;

    bool ok() const { return completed && final_code == "OK"; }
    std::string text() const;  // lines and final code, one per line
};

class AtSession {
public:
    using Observer = std::function<void(const TranscriptEntry&)>;

    explicit AtSession(Q2686Modem& modem);

    // Sends `command` followed by CR and runs until its final result code or `timeout`.
    AtReply command(std::string_view command, Cycles timeout);
    // Sends `command` followed by CR and returns at once (the GUI's console: the answer comes
    // while virtual time runs); its echo is recognised as such.
    void send_line(std::string_view command);
    // Sends raw bytes (no CR added) — for line-editing tests.
    void send_raw(std::string_view bytes);
    // Runs until a received line contains `text` (true) or `timeout` passes (false).
    bool wait_for(std::string_view text, Cycles timeout);
    // Runs until `done()` holds (checked after each received line and at the start) or
    // `timeout` passes; returns done(). The scenario runner's expectations (regex, TLS verdicts).
    bool wait_until(Cycles timeout, std::function<bool()> done);
    // Lets virtual time pass.
    void wait(Cycles duration);
    void note(std::string text);

    const std::vector<TranscriptEntry>& transcript() const { return transcript_; }
    std::vector<std::string> received_lines() const;
    void on_entry(Observer observer) { observer_ = std::move(observer); }
    // Every wait runs in slices: before each one `hook` is called and returns how long the slice
    // may be (cycles, > 0). A front end that drives its own loop (the GUI running a scenario)
    // serves its commands, publishes, pauses and paces there; the hook may throw to abandon the
    // wait. Slicing does not change what the modem does: virtual time runs the same events in
    // the same order. An empty hook: one run to the deadline.
    void set_slice_hook(std::function<Cycles()> hook) { slice_hook_ = std::move(hook); }
    // Set when the firmware faulted: nothing more runs.
    const std::optional<RunResult>& fault() const { return fault_; }

private:
    void on_line(const std::string& line, Cycles when);
    void add(TranscriptEntry entry);
    // Runs until `done()` holds or virtual time reaches `deadline`.
    bool run_until(Cycles deadline, const std::function<bool()>& done);

    Q2686Modem& modem_;
    AtLineReader reader_;
    std::vector<TranscriptEntry> transcript_;
    Observer observer_;
    std::optional<RunResult> fault_;
    std::function<Cycles()> slice_hook_;

    // The command being waited for.
    std::string pending_echo_;
    AtReply* reply_ = nullptr;
    std::string_view wanted_text_;
    bool wanted_seen_ = false;
    std::function<bool()> wanted_condition_;
};

}  // namespace q2686
