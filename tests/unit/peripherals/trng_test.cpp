// Trng (TRNG): the READY protocol, its timing, and the deterministic SplitMix64 stream.
#include "peripherals/trng.h"

#include <gtest/gtest.h>

#include "peripheral_test_support.h"

using namespace q2686;

namespace {

struct TrngBench {
    explicit TrngBench(std::uint64_t seed = kDefaultEntropySeed) : trng(log, ClockRate{}, seed) {}
    std::uint32_t rd(std::uint32_t offset, Cycles now) { return trng.read(offset, 4, now); }

    EventLog log;
    test::EventCapture events{log};
    Trng trng;
};

}  // namespace

// Vigna's splitmix64.c from state 0: e220a8397b1dcdaf 6e789e6aa1b965f4 — low half first.
TEST(SplitMix64Words, MatchesTheReferenceOutputsLowHalfFirst) {
    SplitMix64Words words(0);
    EXPECT_EQ(words.next(), 0x7B1DCDAFu);
    EXPECT_EQ(words.next(), 0xE220A839u);
    EXPECT_EQ(words.next(), 0xA1B965F4u);
    EXPECT_EQ(words.next(), 0x6E789E6Au);
    EXPECT_EQ(words.position(), 4u);
}

TEST(Trng, WordIsReadyOneMicrosecondAfterEnable) {
    TrngBench b;
    EXPECT_EQ(b.trng.word_cycles(), 104u);  // 1 us at 104 MHz
    b.trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 1000);
    EXPECT_EQ(b.rd(TRNG_STATUS, 1103), 0u);
    EXPECT_EQ(b.rd(TRNG_STATUS, 1104), TRNG_STATUS_READY);
}

TEST(Trng, ReadingDataClearsReadyUntilTheNextWordIsMade) {
    TrngBench b;
    b.trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 0);
    SplitMix64Words expected(kDefaultEntropySeed);
    EXPECT_EQ(b.rd(TRNG_DATA, 200), expected.next());
    EXPECT_EQ(b.rd(TRNG_STATUS, 201), 0u);
    EXPECT_EQ(b.rd(TRNG_STATUS, 304), TRNG_STATUS_READY);
    EXPECT_EQ(b.rd(TRNG_DATA, 304), expected.next());
    EXPECT_EQ(b.rd(TRNG_COUNT, 305), 2u);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 0u);
}

TEST(Trng, ReadBeforeReadyReturnsZeroWithoutConsumingAWord) {
    TrngBench b;
    b.trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 0);
    EXPECT_EQ(b.rd(TRNG_DATA, 10), 0u);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);
    EXPECT_EQ(b.rd(TRNG_COUNT, 11), 0u);
    EXPECT_EQ(b.rd(TRNG_DATA, 104), SplitMix64Words(kDefaultEntropySeed).next());
}

TEST(Trng, ReadWhileDisabledIsAGuestError) {
    TrngBench b;
    EXPECT_EQ(b.rd(TRNG_DATA, 5000), 0u);
    ASSERT_EQ(b.events.count(EventKind::GuestError), 1u);
    EXPECT_NE(b.events.last(EventKind::GuestError)->text.find("disabled"), std::string::npos);
}

TEST(Trng, SameSeedGivesTheSameWordsAndAnotherSeedOthers) {
    TrngBench a(42), same(42), other(43);
    for (TrngBench* b : {&a, &same, &other}) b->trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 0);
    for (Cycles t = 1000; t < 5000; t += 1000) {
        const std::uint32_t word = a.rd(TRNG_DATA, t);
        EXPECT_EQ(same.rd(TRNG_DATA, t), word);
        EXPECT_NE(other.rd(TRNG_DATA, t), word);
    }
}

TEST(Trng, ResetDisablesButKeepsTheStreamPosition) {
    TrngBench b;
    SplitMix64Words expected(kDefaultEntropySeed);
    b.trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 0);
    EXPECT_EQ(b.rd(TRNG_DATA, 1000), expected.next());
    b.trng.reset();
    EXPECT_EQ(b.rd(TRNG_CTRL, 2000), 0u);
    EXPECT_FALSE(b.trng.ready(5000));
    b.trng.write(TRNG_CTRL, 4, TRNG_CTRL_ENABLE, 3000);
    EXPECT_EQ(b.rd(TRNG_DATA, 4000), expected.next());  // the next word, not the first again
}

TEST(Trng, DataIsReadOnly) {
    TrngBench b;
    b.trng.write(TRNG_DATA, 4, 1, 0);
    EXPECT_EQ(b.events.count(EventKind::GuestError), 1u);
}
