#include "peripherals/debug_console.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"

using namespace q2686;

namespace {
void put(DebugConsole& console, std::string_view text, Cycles at, unsigned size = 4) {
    for (const char c : text) console.write(DEBUG_PUTC, size, static_cast<std::uint8_t>(c), at++);
}
}  // namespace

TEST(DebugConsole, DebugConsoleEmitsOneEventPerLine) {
    EventLog log;
    test::EventCapture events(log);
    std::vector<std::pair<std::string, Cycles>> lines;
    DebugConsole console(log, [&](std::string_view line, Cycles when) { lines.emplace_back(line, when); });
    put(console, "boot ok\r\n", 100);
    put(console, "second", 200, 1);  // strb
    EXPECT_EQ(console.pending_line(), "second");
    EXPECT_EQ(events.texts(EventKind::FirmwareLog), (std::vector<std::string>{"boot ok"}));
    put(console, "\n", 300);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], (std::pair<std::string, Cycles>{"boot ok", 108}));  // the cycle of the '\n'
    EXPECT_EQ(lines[1].first, "second");
    const Event* last = events.last(EventKind::FirmwareLog);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last->source, "debug");
    EXPECT_EQ(last->when, 300u);
    EXPECT_EQ(to_string(EventKind::FirmwareLog), std::string("firmware-log"));
}

TEST(DebugConsole, DebugConsoleFlushEmitsThePartialLine) {
    EventLog log;
    test::EventCapture events(log);
    DebugConsole console(log);
    put(console, "no newline", 0);
    console.flush(50);
    console.flush(60);  // nothing left
    EXPECT_EQ(events.texts(EventKind::FirmwareLog), (std::vector<std::string>{"no newline"}));
}

TEST(DebugConsole, DebugConsoleSplitsOverlongLines) {
    EventLog log;
    test::EventCapture events(log);
    DebugConsole console(log);
    put(console, std::string(DebugConsole::kMaxLine + 5, 'x') + "\n", 0);
    const auto texts = events.texts(EventKind::FirmwareLog);
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_EQ(texts[0].size(), DebugConsole::kMaxLine);
    EXPECT_EQ(texts[1], "xxxxx");
}

TEST(DebugConsole, DebugConsoleMistakesAreGuestErrors) {
    EventLog log;
    test::EventCapture events(log);
    DebugConsole console(log);
    EXPECT_EQ(console.read(DEBUG_PUTC, 4, 0), 0u);  // write-only
    console.write(DEBUG_PUTC, 4, 0x141, 0);         // not a character
    console.write(0x04, 4, 'a', 0);                 // unknown
    EXPECT_EQ(events.count(EventKind::GuestError), 3u);
    EXPECT_EQ(console.pending_line(), "");
}
