// Trng — TRNG: random words from "the radio's noise source" (page 0x8000_B000, no IRQ line).
// hw/include/q2686_hw.h is the datasheet; docs/hardware.md "TRNG" describes it in prose.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "TRNG" shows them).
//
// Timing: READY rises TRNG_WORD_NS (1 µs) of virtual time after ENABLE is set and after each
// TRNG_DATA read — the order of real parts (STM32F4's RNG: a word every 40 periods of its
// 48 MHz clock, 0.83 µs). It is computed from the access's cycle; nothing is scheduled.
// Reading TRNG_DATA while not READY, or while disabled, returns 0, does not consume a word and
// is a guest error: a firmware that skips the READY poll is caught, not silently given zeros.
//
// The "noise" is NOT random: word n of the stream is half of SplitMix64 output n / 2 (low half
// first), seeded with ModemConfig::entropy_seed. SplitMix64 (Steele, Lea, Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014; constants as in Vigna's reference
// splitmix64.c) is exactly specified, so the same seed gives the same words on every host: a
// run — and every key the firmware derives from it — is reproducible. An emulator needs that;
// nothing protected by these keys is secret.
//
// The stream position is the world's, not a register: reset() and power cycles clear CTRL but
// keep the position, so each boot of one run reads new words, and two runs with one seed read
// the same ones.
//
// Events (EventKind::Mmio trace only; guest errors as above).
//
// Known inaccuracies: no health tests, no failure modes (a real TRNG can report a stuck
// source); no interrupt.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kTrngRegisters = Q2686_REGISTER_TABLE(Q2686_TRNG_REGISTERS);

inline constexpr std::uint64_t kDefaultEntropySeed = 0x2686'0000'5EED'0001ull;

// SplitMix64 as a stream of 32-bit words (see above).
class SplitMix64Words {
public:
    SplitMix64Words() = default;
    explicit SplitMix64Words(std::uint64_t seed) : state_(seed) {}
    std::uint32_t next();
    std::uint64_t position() const { return position_; }  // words returned so far

private:
    std::uint64_t state_ = kDefaultEntropySeed;
    std::uint64_t pending_ = 0;  // high half of the last 64-bit output
    std::uint64_t position_ = 0;
};

struct TrngState {
    SplitMix64Words stream;  // its position is not reset by reset()
    bool enabled = false;
    Cycles ready_at = 0;  // the cycle READY is (or was) set
};

class Trng final : public Peripheral<Trng, TrngState> {
public:
    Trng(EventLog& events, ClockRate clock, std::uint64_t seed = kDefaultEntropySeed);

    void reset();  // CTRL to 0; the stream position is kept
    bool ready(Cycles now) const { return state_.enabled && now >= state_.ready_at; }
    std::uint64_t words_delivered() const { return state_.stream.position(); }
    Cycles word_cycles() const { return word_cycles_; }

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);

    Cycles word_cycles_;
};

}  // namespace q2686
