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
    : regs_("trng", kTrngRegisters, events), stream_(seed), word_cycles_(clock.from_ns(TRNG_WORD_NS)) {}

void Trng::reset() {
    enabled_ = false;
    ready_at_ = 0;
}

std::uint32_t Trng::read(std::uint32_t offset, unsigned size, Cycles now) {
    const RegisterSpec* reg = regs_.decode_read(offset, size, now);
    if (!reg) return 0;
    switch (reg->offset) {
        case TRNG_CTRL: return enabled_ ? TRNG_CTRL_ENABLE : 0;
        case TRNG_STATUS: return ready(now) ? TRNG_STATUS_READY : 0;
        case TRNG_COUNT: return static_cast<std::uint32_t>(stream_.position());
        case TRNG_DATA:
            if (!enabled_) {
                regs_.guest_error(now, "read of TRNG_DATA while disabled returns 0");
                return 0;
            }
            if (now < ready_at_) {
                regs_.guest_error(now, fmt::format("read of TRNG_DATA {} cycles before READY returns 0",
                                                   ready_at_ - now));
                return 0;
            }
            ready_at_ = now + word_cycles_;
            return stream_.next();
    }
    return 0;
}

void Trng::write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) {
    const RegisterSpec* reg = regs_.decode_write(offset, size, value, now);
    if (!reg || reg->offset != TRNG_CTRL) return;
    const bool enable = regs_.writable_bits(*reg, value, now) != 0;
    if (enable && !enabled_) ready_at_ = now + word_cycles_;
    enabled_ = enable;
}

}  // namespace q2686
