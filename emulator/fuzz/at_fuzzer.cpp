#include "fuzz/at_fuzzer.h"

#include <array>
#include <cctype>
#include <exception>

#include <fmt/format.h>

#include "core/machine.h"
#include "at/at_line_reader.h"

namespace q2686 {

namespace {

// Commands of docs/at-commands.md that reach every part of the interpreter: identification,
// the clock, the network model, contexts, the WIP stack and the TLS client. No host network
// is attached while fuzzing, so nothing a line asks for leaves the machine.
constexpr std::array<std::string_view, 66> kCommands = {
    "AT",
    "ATE0",
    "ATE1",
    "ATI",
    "ATI3",
    "ATZ",
    "AT&F",
    "AT+CGMI",
    "AT+CGMM",
    "AT+CGMR",
    "AT+CGSN",
    "AT+CMEE=2",
    "AT+CMEE?",
    "AT+CMEE=?",
    "AT+CFUN?",
    "AT+CFUN=0",
    "AT+CFUN=1",
    "AT+CFUN=?",
    "AT+CCLK=\"26/12/03,12:00:00+04\"",
    "AT+CCLK?",
    "AT+CCLK=?",
    "AT+CALA=\"26/12/03,12:00:10\",1",
    "AT+CALA?",
    "AT+CALA=\"\",1",
    "AT+CREG=2",
    "AT+CREG?",
    "AT+CGREG=1",
    "AT+CGREG?",
    "AT+CSQ",
    "AT+COPS?",
    "AT+COPS=?",
    "AT+COPS=0",
    "AT+CGATT=1",
    "AT+CGATT?",
    "AT+CGATT=0",
    "AT+CGDCONT=1,\"IP\",\"internet\"",
    "AT+CGDCONT?",
    "AT+CGACT=1,1",
    "AT+CGACT?",
    "AT+CGPADDR=1",
    "AT+WIND=192",
    "AT+WIPCFG=1",
    "AT+WIPCFG=0",
    "AT+WIPBR=1,6",
    "AT+WIPBR=2,6,11,\"internet\"",
    "AT+WIPBR=4,6,0",
    "AT+WIPBR=3,6,15",
    "AT+WIPCREATE=2,1,\"10.0.0.1\",443",
    "AT+WIPSEND=2,1,\"GET / HTTP/1.0\\0d\\0a\",3",
    "AT+WIPCLOSE=2,1",
    "AT+TLSCFG=1,12",
    "AT+TLSCFG?",
    "AT+TLSGET=\"api.example.com\",443,\"/\"",
    "AT+TLSSESSION?",
    "AT+TLSERR?",
    "AT+HEAP?",
    "AT+HEAP=?",
    "AT&V",
    "ATX4&C1&D2",
    "AT+ICF?",
    "AT+IFC=2,2",
    "AT+GCAP",
    "AT+CPAS",
    "AT+FCLASS=0",
    "ATD*99#",
    "ATH",
};
// Pieces that tend to sit on parser boundaries.
constexpr std::array<std::string_view, 16> kTokens = {
    ",",  "\"",   ";", "?",  "=?",   "=", "-1", "0", "4294967296", "99999999999999999999",
    "\\", "\\zz", " ", ",,", "\"\"", "+",
};

bool is_line_end(std::uint8_t b) {
    return b == '\r' || b == '\n';
}

// AT+CFUN=1 restarts the modem just after its final result code (docs/at-commands.md).
bool asks_for_restart(std::string_view line) {
    std::string upper(line);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper.find("CFUN") != std::string::npos;
}

}  // namespace

std::string escape_at_line(std::string_view bytes) {
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '\\')
            out += "\\\\";
        else if (b >= 0x20 && b < 0x7F)
            out += c;
        else
            out += fmt::format("\\x{:02x}", b);
    }
    return out;
}

std::optional<std::string> unescape_at_line(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '\\') {
            out += '\\';
            ++i;
            continue;
        }
        if (i + 3 >= text.size() || text[i + 1] != 'x' || !std::isxdigit(static_cast<unsigned char>(text[i + 2])) ||
            !std::isxdigit(static_cast<unsigned char>(text[i + 3])))
            return std::nullopt;
        out += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
        i += 3;
    }
    return out;
}

namespace {

// The ROM's input state machine (at_engine.c) run over `line` and one more CR: the command
// lines it assembles (backspace and DEL applied) and its "A/" repeats of the previous line.
struct AssembledInput {
    std::vector<std::string> lines;
    unsigned repeats = 0;
};

AssembledInput assemble(std::string_view line) {
    enum class State { WaitA, WaitT, InLine } state = State::WaitA;
    AssembledInput input;
    std::string current;
    auto take = [&](char c) {
        switch (state) {
            case State::WaitA:
                if (c == 'A' || c == 'a') state = State::WaitT;
                break;
            case State::WaitT:
                if (c == 'T' || c == 't') {
                    state = State::InLine;
                    current.clear();
                } else if (c == '/') {
                    state = State::WaitA;
                    ++input.repeats;
                } else if (c != 'A' && c != 'a') {
                    state = State::WaitA;
                }
                break;
            case State::InLine:
                if (c == '\r') {
                    state = State::WaitA;
                    input.lines.push_back(current);  // answered, or ERROR when it overflowed
                } else if (c == '\b' || c == 0x7F) {
                    if (current.empty())
                        state = State::WaitT;
                    else
                        current.pop_back();
                } else if (c != '\n') {
                    current += c;
                }
                break;
        }
    };
    for (const char c : line) take(c);
    take('\r');
    return input;
}

}  // namespace

unsigned final_results_owed(std::string_view line) {
    const AssembledInput input = assemble(line);
    return static_cast<unsigned>(input.lines.size()) + input.repeats;
}

// The command lines the ROM assembles from `line`, spaces removed outside quotes as the engine
// does (V.250 §5.2.1).
static std::vector<std::string> assembled_lines(std::string_view line) {
    std::vector<std::string> lines = assemble(line).lines;
    for (std::string& text : lines) {
        std::string compact;
        bool in_quotes = false;
        for (const char c : text) {
            if (c == '"') in_quotes = !in_quotes;
            if (c != ' ' || in_quotes) compact += c;
        }
        text = compact;
    }
    return lines;
}

// Would a command of `line` change how the modem frames its answers — ATV (numeric result
// codes), ATQ (none at all) or an S-parameter (S3 ends lines, S4/S5 ...)? The fuzzer counts
// verbose result codes after CR-ended lines, so such lines are not sent (a conservative walk
// over the commands as at_engine.c splits them: basic ones letter by letter, extended ones up
// to ';').
bool changes_the_answer_format(std::string_view line) {
    for (const std::string& text : assembled_lines(line)) {
        std::size_t i = 0;
        while (i < text.size()) {
            const char c = text[i];
            if (c == ';') {
                ++i;
            } else if (c == '+' || c == '*' || c == '#' || c == '$') {
                bool in_quotes = false;
                while (i < text.size() && (in_quotes || text[i] != ';')) in_quotes ^= text[i++] == '"';
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '&') {
                const char name = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                if (name == 'V' || name == 'Q' || name == 'S') return true;
                if (name == 'D') break;  // the dial string is the rest of the line
                i += c == '&' ? 2 : 1;
                while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            } else {
                break;  // ERROR: the rest of the line does not run
            }
        }
    }
    return false;
}

std::uint8_t AtLineGenerator::random_byte() {
    for (;;) {
        const auto b = static_cast<std::uint8_t>(below(256));
        if (!is_line_end(b)) return b;
    }
}

std::string AtLineGenerator::dictionary_line() {
    return std::string(kCommands[below(kCommands.size())]);
}

void AtLineGenerator::mutate(std::string& line) {
    // Mostly behind the "AT", so that most lines still reach the command parsers.
    const std::size_t from = line.size() > 2 && below(10) != 0 ? 2 : 0;
    const std::size_t at = from + below(line.size() - from + 1);
    switch (below(6)) {
        case 0:  // replace a byte
            if (!line.empty()) line[std::min(at, line.size() - 1)] = static_cast<char>(random_byte());
            break;
        case 1:  // insert a byte
            line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(random_byte()));
            break;
        case 2:  // delete a run
            if (at < line.size()) line.erase(at, 1 + below(4));
            break;
        case 3:  // insert a token
            line.insert(at, kTokens[below(kTokens.size())]);
            break;
        case 4:  // repeat a run (long numbers, long strings, overlong lines)
            if (at < line.size()) {
                const std::string run = line.substr(at, 1 + below(8));
                for (std::uint64_t n = below(64); n > 0; --n) line.insert(at, run);
            }
            break;
        default:  // splice the tail of another command
            line.insert(at, dictionary_line().substr(2));
            break;
    }
}

std::string AtLineGenerator::next() {
    for (;;) {
        std::string line = candidate();
        if (!changes_the_answer_format(line)) return line;
    }
}

std::string AtLineGenerator::candidate() {
    std::string line;
    const std::uint64_t kind = below(100);
    if (kind < 20) {
        line = dictionary_line();
    } else if (kind < 70) {
        line = dictionary_line();
        for (std::uint64_t n = 1 + below(4); n > 0; --n) mutate(line);
    } else if (kind < 85) {
        line = dictionary_line();
        for (std::uint64_t n = 1 + below(3); n > 0; --n) line += ";" + dictionary_line().substr(2);
        if (below(2)) mutate(line);
    } else {
        if (kind < 95) line = "AT";
        for (std::uint64_t n = below(300); n > 0; --n) line += static_cast<char>(random_byte());
    }
    std::erase_if(line, [](char c) { return is_line_end(static_cast<std::uint8_t>(c)); });
    return line;
}

const char* to_string(AtFuzzFinding::Kind kind) {
    switch (kind) {
        case AtFuzzFinding::Kind::Fault: return "firmware fault";
        case AtFuzzFinding::Kind::WatchdogReset: return "watchdog reset";
        case AtFuzzFinding::Kind::NoFinalResult: return "no final result code";
        case AtFuzzFinding::Kind::Unresponsive: return "modem unresponsive";
        case AtFuzzFinding::Kind::HostError: return "host error";
    }
    return "?";
}

std::optional<AtFuzzFinding> AtFuzzer::check_fault(const std::string& line) {
    if (session_.fault())
        return AtFuzzFinding{AtFuzzFinding::Kind::Fault, escape_at_line(line),
                             format_fault_report(*session_.fault(), &modem_.machine().image()->symbols, modem_.events(),
                                                 modem_.clock())};
    return std::nullopt;
}

std::optional<AtFuzzFinding> AtFuzzer::send(const std::string& line) {
    journal_(escape_at_line(line));
    ++stats_.lines;
    stats_.bytes += line.size() + 1;
    const unsigned owed = final_results_owed(line);
    stats_.expected_answer += owed;

    // Count the final result codes that arrive while this line is served.
    std::size_t scanned = session_.transcript().size();
    unsigned finals = 0;
    auto all_answered = [&] {
        const auto& transcript = session_.transcript();
        for (; scanned < transcript.size(); ++scanned)
            if (transcript[scanned].kind == TranscriptEntry::Kind::Received &&
                is_final_result_code(transcript[scanned].text))
                ++finals;
        return finals >= owed;
    };
    const std::uint64_t restarts_before = software_resets_, watchdogs_before = watchdog_resets_;
    session_.send_raw(line + "\r");
    if (owed > 0) session_.wait_until(config_.answer_within, all_answered);
    // AT+CFUN=1 restarts the modem just after its answer; a line that needs none gets a moment.
    if (owed == 0 || asks_for_restart(line)) session_.wait(config_.ignored_within);
    all_answered();
    if (auto fault = check_fault(line)) return fault;
    if (watchdog_resets_ != watchdogs_before)
        return AtFuzzFinding{AtFuzzFinding::Kind::WatchdogReset, escape_at_line(line),
                             "the watchdog reset the modem while it served this line"};
    stats_.answered += std::min(finals, owed);
    if (software_resets_ != restarts_before) {
        // AT+CFUN=1, or "A/" repeating it: wait for the new start-up, then check it answers.
        ++stats_.restarts;
        session_.wait_for("+WIND: 3", config_.boot_within);
        return probe(line);
    }
    if (finals < owed)
        return AtFuzzFinding{AtFuzzFinding::Kind::NoFinalResult, escape_at_line(line),
                             fmt::format("{} of {} final result codes within {:.3f} s of virtual time", finals, owed,
                                         modem_.clock().to_seconds(config_.answer_within))};
    // More answers than owed (an echo that reads as "OK"), none owed, or now and then: a probe
    // checks the modem still answers and puts the count back in step.
    if (finals != owed || owed == 0 || stats_.lines % config_.probe_every == 0) return probe(line);
    return std::nullopt;
}

// "AT+CGMI" must give "WAVECOM MODEM" then OK: answers still owed to earlier lines may arrive
// first and are skipped.
std::optional<AtFuzzFinding> AtFuzzer::probe(const std::string& after, bool retry_after_restart) {
    ++stats_.probes;
    std::size_t scanned = session_.transcript().size();
    bool identified = false, ok = false;
    std::string last_final;
    auto answered = [&] {
        const auto& transcript = session_.transcript();
        for (; scanned < transcript.size(); ++scanned) {
            if (transcript[scanned].kind != TranscriptEntry::Kind::Received) continue;
            const std::string& text = transcript[scanned].text;
            if (text == "WAVECOM MODEM") identified = true;
            if (is_final_result_code(text)) last_final = text;
            if (identified && text == "OK") ok = true;
        }
        return ok;
    };
    const std::uint64_t restarts_before = software_resets_;
    session_.send_raw("AT+CGMI\r");
    session_.wait_until(config_.answer_within, answered);
    if (auto fault = check_fault(after)) return fault;
    if (ok) return std::nullopt;
    if (software_resets_ != restarts_before && retry_after_restart) {
        session_.wait_for("+WIND: 3", config_.boot_within);
        return probe(after, false);
    }
    return AtFuzzFinding{AtFuzzFinding::Kind::Unresponsive, escape_at_line(after),
                         last_final.empty() ? "AT+CGMI after this line got no answer"
                                            : fmt::format("AT+CGMI after this line got no WAVECOM MODEM/OK (last "
                                                          "final result code: '{}')",
                                                          last_final)};
}

void AtFuzzer::watch_resets() {
    if (watching_) return;
    watching_ = true;
    modem_.events().subscribe([this](const Event& e) {
        if (e.kind != EventKind::Power) return;
        if (e.text == "software reset") ++software_resets_;
        if (e.text == "watchdog reset") ++watchdog_resets_;
    });
}

std::optional<AtFuzzFinding> AtFuzzer::run(std::uint64_t seed) {
    watch_resets();
    AtLineGenerator generator(seed);
    const Cycles start = modem_.now();
    std::string line;
    try {
        while (modem_.now() - start < config_.duration) {
            line = generator.next();
            if (auto finding = send(line)) {
                stats_.virtual_time = modem_.now() - start;
                return finding;
            }
        }
    } catch (const std::exception& e) {
        return AtFuzzFinding{AtFuzzFinding::Kind::HostError, escape_at_line(line), e.what()};
    }
    stats_.virtual_time = modem_.now() - start;
    return probe("(end of run)");
}

std::optional<AtFuzzFinding> AtFuzzer::replay(const std::vector<std::string>& lines) {
    watch_resets();
    const Cycles start = modem_.now();
    try {
        for (const auto& line : lines) {
            if (auto finding = send(line)) {
                stats_.virtual_time = modem_.now() - start;
                return finding;
            }
        }
    } catch (const std::exception& e) {
        return AtFuzzFinding{AtFuzzFinding::Kind::HostError, "", e.what()};
    }
    stats_.virtual_time = modem_.now() - start;
    return probe("(end of replay)");
}

}  // namespace q2686
