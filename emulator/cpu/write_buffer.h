// WriteBuffer — the ARM946E-S write buffer: a 16-entry FIFO between the core and the AHB,
// each entry an address or a data word (ARM DDI 0155A §6.5 "The write buffer").
//
// A buffered store of n consecutive words takes 1 address entry + n data entries and lets the
// core go on; the buffer drains in the background at the speed of the region written (the
// first word a non-sequential access, the rest sequential: (1 + wait_n) + (n - 1)(1 + wait_s)
// cycles). When the store does not fit, the core stalls until enough earlier stores have left.
// Reads that must see memory in order (a data-cache linefill, a noncachable bufferable read,
// an unbuffered write) wait for the buffer to drain first (DDI 0155A §6.5.1).
//
// Time is the caller's cycle count: each call says when it happens (never earlier than the
// previous call), and the buffer works out what has drained by then.
#pragma once

#include <cstdint>
#include <deque>

namespace q2686 {

inline constexpr std::uint32_t kWriteBufferEntries = 16;  // DDI 0155A §6.5

struct WriteBufferStats {
    std::uint64_t stores = 0;        // buffered bursts
    std::uint64_t full_stalls = 0;   // bursts that had to wait for room
    std::uint64_t stall_cycles = 0;  // cycles the core waited (full or drain)
};

class WriteBuffer {
public:
    // Buffers a store of `words` consecutive words at cycle `now`, to memory with wait states
    // (wait_n, wait_s). Returns the cycles the core stalls because the buffer is full.
    std::uint64_t push(std::uint64_t now, std::uint32_t words, unsigned wait_n, unsigned wait_s);
    // Cycles from `now` until every buffered store has reached memory (the core waits that
    // long before an access that must not overtake them); the buffer is then empty.
    std::uint64_t drain(std::uint64_t now);
    // Entries (address + data) still in the buffer at `now`.
    std::uint32_t occupancy(std::uint64_t now);
    void clear() {
        bursts_.clear();
        busy_until_ = 0;
    }

    const WriteBufferStats& stats() const { return stats_; }

private:
    struct Burst {
        std::uint64_t done;     // the cycle its last word reaches memory
        std::uint32_t entries;  // address + data words
    };
    void retire(std::uint64_t now);

    std::deque<Burst> bursts_;
    std::uint64_t busy_until_ = 0;  // when the bus finishes the last queued burst
    WriteBufferStats stats_;
};

}  // namespace q2686
