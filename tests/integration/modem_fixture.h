// Integration tests: the real ROM (rom-stubs/, cross-built) on the emulated ARM946E-S, driven
// through AtSession on UART1 in virtual time. Virtual time is deterministic, so replies and
// clock readings are asserted exactly.
#pragma once

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "modem/at_session.h"
#include "modem/q2686_modem.h"

namespace q2686::integration {

inline constexpr std::uint64_t kClockHz = 104'000'000;  // ARM946E-S core clock of the Q2686

// Virtual time in CPU cycles.
inline Cycles seconds(double s) {
    return static_cast<Cycles>(std::llround(s * static_cast<double>(kClockHz)));
}
inline double to_seconds(Cycles c) {
    return static_cast<double>(c) / static_cast<double>(kClockHz);
}

inline ModemConfig rom_config() {
    ModemConfig config;
    config.firmware = Q2686_ROM_IMAGE;
    return config;
}

// One modem running the ROM, with its AT session (a test-sized rig; front ends use
// q2686::ModemRig). Not started: call boot().
struct ModemUnderTest {
    explicit ModemUnderTest(ModemConfig config = rom_config()) : modem(std::move(config)), at(modem) {}

    // Power on and wait for the "AT commands accepted" indication.
    bool boot() {
        modem.power_on();
        return at.wait_for("+WIND: 3", seconds(10));
    }

    AtReply cmd(std::string_view line, Cycles timeout = seconds(5)) { return at.command(line, timeout); }

    // AT+CCLK? → the clock as the modem prints it ("24/05/17,10:00:00+08"), or a diagnostic.
    std::string clock() {
        const AtReply r = cmd("AT+CCLK?");
        if (!r.ok() || r.lines.size() != 1) return "<AT+CCLK? failed: " + r.text() + ">";
        const std::string& line = r.lines[0];
        const std::string prefix = "+CCLK: \"";
        if (!line.starts_with(prefix) || !line.ends_with("\"")) return "<unexpected: " + line + ">";
        return line.substr(prefix.size(), line.size() - prefix.size() - 1);
    }

    // Sets the clock, expecting OK.
    void set_clock(std::string_view value) {
        const AtReply r = cmd("AT+CCLK=\"" + std::string(value) + "\"");
        ASSERT_TRUE(r.ok()) << "AT+CCLK=\"" << value << "\" → " << r.text();
    }

    // Lines received (transcript kind Received) from transcript index `from` on.
    std::vector<std::string> received_since(std::size_t from) const {
        std::vector<std::string> lines;
        const auto& t = at.transcript();
        for (std::size_t i = from; i < t.size(); ++i)
            if (t[i].kind == TranscriptEntry::Kind::Received) lines.push_back(t[i].text);
        return lines;
    }

    Q2686Modem modem;
    AtSession at;
};

// A modem running a self-test image that reports a verdict line, with its firmware log kept
// for assertion messages.
class LoggedModem {
public:
    explicit LoggedModem(const char* image)
        : log_(std::make_shared<std::vector<std::string>>()), rig(config(image, log_)) {}

    // Powers on and waits (bounded, in virtual time) for the first line starting with `prefix`.
    std::optional<TranscriptEntry> power_on_until(std::string_view prefix, Cycles timeout) {
        rig.modem.power_on();
        if (!rig.at.wait_for(prefix, timeout)) return std::nullopt;
        for (const auto& entry : rig.at.transcript())
            if (entry.kind == TranscriptEntry::Kind::Received && entry.text.starts_with(prefix)) return entry;
        return std::nullopt;
    }

    // Transcript, firmware log and fault, for assertion messages.
    std::string diagnostics() const {
        std::string out = "\n--- AT transcript ---\n";
        for (const auto& e : rig.at.transcript()) out += e.text + "\n";
        out += "--- firmware log ---\n";
        for (const auto& line : *log_) out += line + "\n";
        if (const auto& fault = rig.at.fault())
            out += "--- firmware fault ---\n" + (fault->fault ? fault->fault->what : std::string("exited")) + "\n";
        return out;
    }

private:
    static ModemConfig config(const char* image, const std::shared_ptr<std::vector<std::string>>& log) {
        ModemConfig c;
        c.firmware = image;
        c.firmware_log = [log](std::string_view line, Cycles) { log->emplace_back(line); };
        return c;
    }

    std::shared_ptr<std::vector<std::string>> log_;

public:
    ModemUnderTest rig;
};

// A fixture whose modem is already up (+WIND: 3 seen).
class BootedModem : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(rig.boot()) << "no +WIND: 3 within 10 s of power-on"; }

    AtReply cmd(std::string_view line, Cycles timeout = seconds(5)) { return rig.cmd(line, timeout); }
    std::string clock() { return rig.clock(); }

    ModemUnderTest rig;
};

using Lines = std::vector<std::string>;

// EXPECT_TRUE(Replied(reply, {"WAVECOM MODEM"}, "OK")): exactly these information lines, then
// this final result code.
inline ::testing::AssertionResult Replied(const AtReply& reply, const Lines& lines, std::string_view final_code) {
    if (reply.completed && reply.lines == lines && reply.final_code == final_code) return ::testing::AssertionSuccess();
    std::string expected;
    for (const auto& line : lines) expected += line + "\n";
    expected += std::string(final_code) + "\n";
    return ::testing::AssertionFailure() << "got:\n"
                                         << reply.text() << (reply.completed ? "" : "(no final result code)\n")
                                         << "expected:\n"
                                         << expected;
}

}  // namespace q2686::integration
