// AtFuzzer — streams random and mutated command lines into the AT port of a running modem and
// watches for what must never happen (docs/reliability.md "AT port fuzzing"):
//   * a firmware fault (data/prefetch abort, undefined instruction: AtSession::fault());
//   * a watchdog reset (the firmware stopped serving its watchdog);
//   * a hang: a line gets fewer final result codes than it owes within the bound (by the ROM's
//     input rules, final_results_owed()), or the modem no longer answers an AT+CGMI probe;
//   * a host-side exception while emulating.
// Everything is in virtual time and the lines come from a seeded std::mt19937_64 (its sequence
// is fixed by the C++ standard), so a seed reproduces the same run on any host. Each line sent
// is appended to a journal before it is sent, so even a host crash leaves its reproducing input.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "modem/at_session.h"

namespace q2686 {

// One line of the journal: printable ASCII as is, '\\' as "\\\\", anything else as "\\xHH".
std::string escape_at_line(std::string_view bytes);
// The inverse; nullopt for a bad escape.
std::optional<std::string> unescape_at_line(std::string_view text);

// How many final result codes the firmware owes for this line sent with CR, by the ROM's input
// state machine (rom-stubs/src/at_engine.c, take_character): bytes before an "A" "T" (either
// case) are skipped; "A/" there repeats the previous line at once (one final result); "AT"
// starts a command line that CR ends (one more); BS or DEL edit it, deleting the T included.
unsigned final_results_owed(std::string_view line);

// Does `line` hold a command that changes how answers are framed (ATV, ATQ, ATS<n>: numeric or
// no result codes, another line end)? The generator leaves such lines out: the fuzzer's host
// reads verbose result codes after CR-ended lines.
bool changes_the_answer_format(std::string_view line);

// The deterministic line generator: dictionary commands as they are, mutated, chained with ';',
// and random bytes behind "AT" or alone. Never produces CR or LF (the line end is added), nor a
// line for which changes_the_answer_format() holds.
class AtLineGenerator {
public:
    explicit AtLineGenerator(std::uint64_t seed) : random_(seed) {}
    std::string next();

private:
    std::uint64_t below(std::uint64_t n) { return random_() % n; }  // n > 0; bias is irrelevant here
    std::uint8_t random_byte();
    std::string dictionary_line();
    std::string candidate();
    void mutate(std::string& line);

    std::mt19937_64 random_;
};

struct AtFuzzFinding {
    enum class Kind { Fault, WatchdogReset, NoFinalResult, Unresponsive, HostError } kind;
    std::string line;    // the line that triggered it (escaped)
    std::string detail;  // fault report, exception text, what was waited for
};
const char* to_string(AtFuzzFinding::Kind kind);

struct AtFuzzConfig {
    Cycles duration = 0;        // virtual time to fuzz for, after boot
    Cycles answer_within = 0;   // bound for a final result code
    Cycles boot_within = 0;     // bound for +WIND: 3 after a (re)start
    Cycles ignored_within = 0;  // how long a line that needs no answer is given before the probe
    unsigned probe_every = 16;  // an AT+CGMI probe after this many lines (and after unanswered ones)
};

struct AtFuzzStats {
    std::uint64_t lines = 0;            // fuzzed lines sent
    std::uint64_t answered = 0;         // final result codes received of those owed
    std::uint64_t expected_answer = 0;  // final result codes owed (final_results_owed())
    std::uint64_t probes = 0;
    std::uint64_t restarts = 0;  // software resets the lines caused (AT+CFUN=1)
    std::uint64_t bytes = 0;
    Cycles virtual_time = 0;
};

class AtFuzzer {
public:
    // `journal` gets every line just before it is sent.
    using Journal = std::function<void(const std::string& escaped_line)>;

    AtFuzzer(Q2686Modem& modem, AtSession& session, AtFuzzConfig config, Journal journal)
        : modem_(modem), session_(session), config_(config), journal_(std::move(journal)) {}

    // Fuzzes with `seed` until the configured virtual time has passed or the first finding.
    std::optional<AtFuzzFinding> run(std::uint64_t seed);
    // Sends exactly these lines (a journal read back) with the same checks.
    std::optional<AtFuzzFinding> replay(const std::vector<std::string>& lines);

    const AtFuzzStats& stats() const { return stats_; }

private:
    std::optional<AtFuzzFinding> send(const std::string& line);
    std::optional<AtFuzzFinding> probe(const std::string& after, bool retry_after_restart = true);
    std::optional<AtFuzzFinding> check_fault(const std::string& line);
    void watch_resets();

    Q2686Modem& modem_;
    AtSession& session_;
    AtFuzzConfig config_;
    Journal journal_;
    AtFuzzStats stats_;
    bool watching_ = false;
    std::uint64_t software_resets_ = 0;  // Power events since watch_resets()
    std::uint64_t watchdog_resets_ = 0;
};

}  // namespace q2686
