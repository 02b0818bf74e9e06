#include "fuzz/at_fuzzer.h"

#include <array>
#include <cctype>
#include <exception>

#include <fmt/format.h>

#include "core/machine.h"
#include "modem/at_line_reader.h"

namespace q2686 {

namespace {

// Commands of docs/at-commands.md that reach every part of the interpreter: identification,
// the clock, the network model, contexts, the WIP stack and the TLS client. No host network
// is attached while fuzzing, so nothing a line asks for leaves the machine.
constexpr std::array<std::string_view, 52> kCommands = {
    "AT", "ATE0", "ATE1", "ATI", "ATI3", "ATZ", "AT&F", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN",
    "AT+CMEE=2", "AT+CMEE?", "AT+CMEE=?", "AT+CFUN?", "AT+CFUN=0", "AT+CFUN=1", "AT+CFUN=?",
    "AT+CCLK=\"26/12/03,12:00:00+04\"", "AT+CCLK?", "AT+CCLK=?", "AT+CREG=2", "AT+CREG?", "AT+CGREG=1",
    "AT+CGREG?", "AT+CSQ", "AT+COPS?", "AT+COPS=?", "AT+COPS=0", "AT+CGATT=1", "AT+CGATT?", "AT+CGATT=0",
    "AT+CGDCONT=1,\"IP\",\"internet\"", "AT+CGDCONT?", "AT+CGACT=1,1", "AT+CGACT?", "AT+CGPADDR=1",
    "AT+WIND=192", "AT+WIPCFG=1", "AT+WIPCFG=0", "AT+WIPBR=1,6", "AT+WIPBR=2,6,11,\"internet\"",
    "AT+WIPBR=4,6,0", "AT+WIPBR=3,6,15", "AT+WIPCREATE=2,1,\"10.0.0.1\",443",
    "AT+WIPSEND=2,1,\"GET / HTTP/1.0\\0d\\0a\",3", "AT+WIPCLOSE=2,1", "AT+TLSCFG=1,12", "AT+TLSCFG?",
    "AT+TLSGET=\"api.example.com\",443,\"/\"", "AT+TLSSESSION?", "AT+TLSERR?",
};
// Pieces that tend to sit on parser boundaries.
constexpr std::array<std::string_view, 16> kTokens = {
    ",", "\"", ";", "?", "=?", "=", "-1", "0", "4294967296", "99999999999999999999", "\\", "\\zz", " ", ",,",
    "\"\"", "+",
};

bool is_line_end(std::uint8_t b) { return b == '\r' || b == '\n'; }

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

bool expects_final_result(std::string_view line) {
    std::string edited;
    for (const char c : line) {
        if (c == '\n') continue;
        if (c == '\b' || c == 0x7F) {
            if (!edited.empty()) edited.pop_back();
            continue;
        }
        edited += c;
    }
    return edited.size() >= 2 && (edited[0] == 'A' || edited[0] == 'a') && (edited[1] == 'T' || edited[1] == 't');
}

std::uint8_t AtLineGenerator::random_byte() {
    for (;;) {
        const auto b = static_cast<std::uint8_t>(below(256));
        if (!is_line_end(b)) return b;
    }
}

std::string AtLineGenerator::dictionary_line() { return std::string(kCommands[below(kCommands.size())]); }

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
                             format_fault_report(*session_.fault(), &modem_.machine().image()->symbols,
                                                 modem_.events(), modem_.clock())};
    return std::nullopt;
}

std::optional<AtFuzzFinding> AtFuzzer::send(const std::string& line) {
    journal_(escape_at_line(line));
    ++stats_.lines;
    stats_.bytes += line.size() + 1;
    const bool expected = expects_final_result(line);
    stats_.expected_answer += expected ? 1 : 0;

    // Watch for the final result code and for restarts while this line is served.
    const std::size_t first = session_.transcript().size();
    std::size_t scanned = first;
    bool answered = false;
    auto seen_final = [&] {
        const auto& transcript = session_.transcript();
        for (; scanned < transcript.size(); ++scanned)
            if (transcript[scanned].kind == TranscriptEntry::Kind::Received &&
                is_final_result_code(transcript[scanned].text))
                answered = true;
        return answered;
    };
    const std::uint64_t restarts_before = software_resets_, watchdogs_before = watchdog_resets_;
    session_.send_raw(line + "\r");
    // A line the firmware ignores gets no answer: give it a moment, then the probe tells.
    session_.wait_until(expected ? config_.answer_within : config_.ignored_within, seen_final);
    if (answered && asks_for_restart(line)) session_.wait(config_.ignored_within);  // the reset follows the answer
    if (auto fault = check_fault(line)) return fault;
    if (watchdog_resets_ != watchdogs_before)
        return AtFuzzFinding{AtFuzzFinding::Kind::WatchdogReset, escape_at_line(line),
                             "the watchdog reset the modem while it served this line"};
    stats_.answered += expected && answered ? 1 : 0;
    if (software_resets_ != restarts_before) {
        // AT+CFUN=1 (or a mutation the firmware takes for it): wait for the new start-up.
        ++stats_.restarts;
        session_.wait_for("+WIND: 3", config_.boot_within);
        return probe(line);
    }
    if (expected && !answered)
        return AtFuzzFinding{AtFuzzFinding::Kind::NoFinalResult, escape_at_line(line),
                             fmt::format("no final result code within {:.3f} s of virtual time",
                                         modem_.clock().to_seconds(config_.answer_within))};
    if (!answered || stats_.lines % config_.probe_every == 0) return probe(line);
    return std::nullopt;
}

std::optional<AtFuzzFinding> AtFuzzer::probe(const std::string& after) {
    ++stats_.probes;
    const AtReply reply = session_.command("AT", config_.answer_within);
    if (auto fault = check_fault(after)) return fault;
    if (!reply.ok())
        return AtFuzzFinding{AtFuzzFinding::Kind::Unresponsive, escape_at_line(after),
                             reply.completed ? fmt::format("a plain AT after this line got '{}'", reply.final_code)
                                             : "a plain AT after this line got no answer"};
    return std::nullopt;
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
