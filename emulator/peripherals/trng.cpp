#include "peripherals/trng.h"

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kTrngRegisters));

std::uint32_t SplitMix64Words::next() {
    std::uint32_t word;
    if (position_ % 2 == 0) {
        // splitmix64.c (Vigna): one 64-bit output per step.
        state_ += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        word = static_cast<std::uint32_t>(z);
        pending_ = z >> 32;
    } else {
        word = static_cast<std::uint32_t>(pending_);
    }
    ++position_;
    return word;
}

Trng::Trng(EventLog& events, ClockRate clock, std::uint64_t seed)
    : Peripheral("trng", kTrngRegisters, events), word_cycles_(clock.from_ns(TRNG_WORD_NS)) {
    state_.stream = SplitMix64Words(seed);
}

void Trng::reset() {
    state_.enabled = false;
    state_.ready_at = 0;
}

std::uint32_t Trng::on_read(const RegisterSpec& reg, Cycles now) {
    switch (reg.offset) {
        case TRNG_CTRL: return state_.enabled ? TRNG_CTRL_ENABLE : 0;
        case TRNG_STATUS: return ready(now) ? TRNG_STATUS_READY : 0;
        case TRNG_COUNT: return static_cast<std::uint32_t>(state_.stream.position());
        case TRNG_DATA:
            if (!state_.enabled) {
                regs_.guest_error(now, "read of TRNG_DATA while disabled returns 0");
                return 0;
            }
            if (now < state_.ready_at) {
                regs_.guest_error(
                    now, fmt::format("read of TRNG_DATA {} cycles before READY returns 0", state_.ready_at - now));
                return 0;
            }
            state_.ready_at = now + word_cycles_;
            return state_.stream.next();
    }
    return 0;
}

// TRNG_CTRL is the only writable register; `value` holds only its ENABLE bit.
void Trng::on_write(const RegisterSpec&, std::uint32_t value, Cycles now) {
    const bool enable = value != 0;
    if (enable && !state_.enabled) state_.ready_at = now + word_cycles_;
    state_.enabled = enable;
}

}  // namespace q2686
