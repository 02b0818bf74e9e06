// Peripheral — the MMIO flow every device with a register table and lazily computed state
// shares, written once:
//
//   read:   decode against the table (RegisterDecoder) -> catch_up(now) -> on_read(reg, now)
//   write:  decode against the table -> catch_up(now) -> [ignores_write(now): stop] ->
//           keep the register's writable bits (a guest error for any other) ->
//           on_write(reg, value, now) -> reschedule() -> update_irq()
//
// `Device` derives from Peripheral<Device, State> (CRTP: no virtual calls on the MMIO path) and
// declares `friend Peripheral;`. It implements on_read() and on_write(), and any of the hooks it
// needs — catch_up() (bring lazily computed state, counters and expiries, up to `now`),
// ignores_write() (a write the device drops whole, before its bits are checked),
// reschedule() (schedule the next expiry) and update_irq() (recompute the interrupt line);
// the ones it does not declare do nothing. A read changes no timing by itself, so the base
// neither reschedules nor recomputes the line after one: a handler whose read has a side effect
// (popping a FIFO) does what it needs.
//
// `State` is the device's architectural state as a plain value — registers, counters, FIFOs,
// the cycle anchors of lazily computed values; no events, no host queues, no pointers — so
// that a snapshot of a device is a copy of state(). The TimedEvents, IRQ lines, host sinks and
// references to the scheduler stay in the device.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "bus/mmio_bus.h"
#include "peripherals/register_map.h"

namespace q2686 {

template <class Device, class State>
class Peripheral : public MmioDevice {
public:
    static_assert(std::is_trivially_copyable_v<State>, "device state must be a plain value (a snapshot is a copy)");

    std::string_view name() const override { return name_; }

    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) final {
        const RegisterSpec* reg = regs_.decode_read(offset, size, now);
        if (!reg) return 0;
        device().catch_up(now);
        return device().on_read(*reg, now);
    }

    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) final {
        const RegisterSpec* reg = regs_.decode_write(offset, size, value, now);
        if (!reg) return;
        Device& d = device();
        d.catch_up(now);
        if (d.ignores_write(now)) return;
        d.on_write(*reg, regs_.writable_bits(*reg, value, now), now);
        d.reschedule();
        d.update_irq();
    }

    const State& state() const { return state_; }

protected:
    Peripheral(std::string name, std::span<const RegisterSpec> registers, EventLog& events,
               std::span<const std::uint32_t> byte_accessible = {})
        : name_(std::move(name)), regs_(name_, registers, events, byte_accessible) {}
    Peripheral(const Peripheral&) = delete;
    Peripheral& operator=(const Peripheral&) = delete;
    ~Peripheral() override = default;

    // The hooks a device leaves out.
    void catch_up(Cycles) {}
    bool ignores_write(Cycles) const { return false; }
    void reschedule() {}
    void update_irq() {}

    std::string name_;  // before regs_, which refers to it
    RegisterDecoder regs_;
    State state_{};

private:
    Device& device() { return static_cast<Device&>(*this); }
};

}  // namespace q2686
