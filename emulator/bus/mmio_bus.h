// MmioBus — routes accesses in the MMIO window to the device mapped at that page.
//
// Each device owns whole 4 KiB pages of the window (see docs/hardware.md). An access to a
// page with no device is a guest error: it is logged as an event, reads return 0, writes are
// ignored — firmware mistakes never stop the host.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/event_log.h"
#include "time/cycle_scheduler.h"

namespace q2686 {

class MmioDevice {
public:
    virtual ~MmioDevice() = default;
    virtual std::string_view name() const = 0;
    // `now` is the exact cycle of the accessing instruction. `size` is 1, 2 or 4 bytes.
    virtual std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) = 0;
    virtual void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) = 0;
};

class MmioBus {
public:
    static constexpr std::uint32_t kPageSize = 0x1000;

    MmioBus(std::uint32_t base, std::uint32_t size, EventLog& events);

    // Maps `device` at window offset `offset` (page aligned) for `size` bytes.
    void attach(std::uint32_t offset, std::uint32_t size, MmioDevice& device);

    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now);
    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now);

    // Every access becomes an EventKind::Mmio event ("uart1 +0x004 read32 -> 0x2").
    void set_trace(bool on) { trace_ = on; }

    std::uint32_t base() const { return base_; }
    std::uint32_t size() const { return size_; }

private:
    struct Mapping {
        std::uint32_t offset;
        std::uint32_t size;
        MmioDevice* device;
    };
    const Mapping* find(std::uint32_t offset) const;

    std::uint32_t base_;
    std::uint32_t size_;
    EventLog& events_;
    std::vector<Mapping> mappings_;
    bool trace_ = false;
};

}  // namespace q2686
