#include "cpu/write_buffer.h"

#include <algorithm>

namespace q2686 {

void WriteBuffer::retire(std::uint64_t now) {
    while (!bursts_.empty() && bursts_.front().done <= now) bursts_.pop_front();
}

std::uint32_t WriteBuffer::occupancy(std::uint64_t now) {
    retire(now);
    std::uint32_t entries = 0;
    for (const Burst& b : bursts_) entries += b.entries;
    return entries;
}

std::uint64_t WriteBuffer::push(std::uint64_t now, std::uint32_t words, unsigned wait_n, unsigned wait_s) {
    if (words == 0) return 0;
    ++stats_.stores;
    // A burst longer than the FIFO (an STM of 16 registers) streams through it: it needs the
    // whole buffer free to start.
    const std::uint32_t entries = std::min(words + 1, kWriteBufferEntries);
    std::uint64_t when = now;
    std::uint32_t used = occupancy(now);
    while (used + entries > kWriteBufferEntries && !bursts_.empty()) {
        when = std::max(when, bursts_.front().done);
        used -= bursts_.front().entries;
        bursts_.pop_front();
    }
    const std::uint64_t stall = when - now;
    if (stall) {
        ++stats_.full_stalls;
        stats_.stall_cycles += stall;
    }
    const std::uint64_t start = std::max(when, busy_until_);
    busy_until_ = start + (1u + wait_n) + std::uint64_t{words - 1} * (1u + wait_s);
    bursts_.push_back({busy_until_, entries});
    return stall;
}

std::uint64_t WriteBuffer::drain(std::uint64_t now) {
    retire(now);
    const std::uint64_t wait = bursts_.empty() ? 0 : busy_until_ - now;
    bursts_.clear();
    stats_.stall_cycles += wait;
    return wait;
}

}  // namespace q2686
