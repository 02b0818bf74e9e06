// Uart — UART1 (AT command port) / UART2 (trace port): 8N1 serial with 16-byte RX/TX FIFOs and
// character timing in virtual time.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "UART1, UART2" shows them).
//
// Timing: one character is 10 bits (start, 8 data, stop) = 10 * clock_hz / baud cycles. The
// characters of a back-to-back stream complete at anchor + ceil(k * 10 * clock_hz / baud), k =
// 1, 2, ... from the cycle the stream started, so a long transfer never drifts (at 104 MHz and
// 115200 baud: 9028, 18056, ... the 1000th at 9027778).
//   RX: host_send() queues bytes on the host's TX line; each arrives in the RX FIFO when its
//   character time completes. If the FIFO is full then, the byte is lost and STATUS.OVERRUN set.
//   TX: the shifter takes the next byte from the TX FIFO (a write to an idle UART starts at
//   once, so the FIFO holds 16 bytes plus the one being sent) and hands each completed
//   character to the host sink with its completion cycle.
// Host bytes start no earlier than the scheduler's now() when host_send() is called.
//
// Flow control (RTS/CTS, AT+IFC): CTRL.CTS is the modem's clear-to-send output, driven by the
// firmware (the ROM drops it when its receive buffer nears full). A host that honours CTS
// (set_host_honours_cts) starts no character while CTS is 0 — the one already on the wire
// completes — and resumes at the cycle the firmware raises CTS again. A host that ignores it
// (the default, as before flow control existed) keeps sending and overruns what it overruns.
//
// IRQ line: (RX_IRQ_EN & RX_READY) | (TX_IRQ_EN & TX_READY).
//
// Events (EventKind::Uart): RX overrun (once per OVERRUN episode), baud changes. Traffic itself
// is observed through the host sink, not the event stream.
//
// Known inaccuracies:
//   - the host follows the UART's baud rate (no framing errors on a mismatch); a baud change
//     applies from the character after the one on the wire.
//   - no RX timeout interrupt, no FIFO thresholds, no break; frames are always timed as 8N1
//     (10 bits), whatever character format the firmware reports (AT+ICF).
//   - flow control covers the host's sending only (CTS); the host is always ready to receive
//     (its RTS is never dropped).
//   - reset() drops the TX character on the wire; bytes the host is sending keep arriving.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kUartRegisters = Q2686_REGISTER_TABLE(Q2686_UART_REGISTERS);

struct ByteFifo {
    std::array<std::uint8_t, UART_FIFO_DEPTH> bytes{};
    unsigned head = 0;
    unsigned count = 0;

    bool empty() const { return count == 0; }
    bool full() const { return count == UART_FIFO_DEPTH; }
    void push(std::uint8_t b) { bytes[(head + count++) % UART_FIFO_DEPTH] = b; }
    std::uint8_t pop() {
        const std::uint8_t b = bytes[head];
        head = (head + 1) % UART_FIFO_DEPTH;
        --count;
        return b;
    }
};

// One direction of the serial line: the character on the wire and its stream's time anchor.
struct SerialLine {
    bool busy = false;
    std::uint8_t byte = 0;      // TX: the character being sent
    Cycles done = 0;            // cycle the character on the wire completes
    Cycles anchor = 0;          // start of the back-to-back stream (or of the last baud change)
    std::uint64_t started = 0;  // characters started since `anchor`
    Cycles idle_since = 0;      // completion of the last character
};

struct UartState {
    std::uint32_t ctrl = 0;
    std::uint32_t baud = 115'200;
    bool overrun = false;
    ByteFifo rx, tx;
    SerialLine rx_line, tx_line;  // rx_line: the host's character on the wire (Uart::host_queue_'s front)
    std::uint64_t rx_lost = 0;    // bytes lost to overruns since reset
};

class Uart final : public Peripheral<Uart, UartState> {
public:
    using HostSink = std::function<void(std::uint8_t byte, Cycles when)>;
    static constexpr std::uint32_t kMinBaud = 300;
    static constexpr std::uint32_t kMaxBaud = 4'000'000;

    Uart(std::string name, CycleScheduler& scheduler, EventLog& events, ClockRate clock, IrqLine irq,
         HostSink sink = {});
    ~Uart() override;

    // Host side.
    void set_host_sink(HostSink sink) { sink_ = std::move(sink); }
    void host_send(std::span<const std::uint8_t> bytes);
    void host_send(std::string_view text);
    std::size_t host_pending() const { return host_queue_.size(); }
    std::uint64_t rx_lost() const { return state_.rx_lost; }
    std::uint32_t baud() const { return state_.baud; }
    // Does the host wait for CTS before each character? (A host-side setting, not the device's.)
    void set_host_honours_cts(bool honours);
    bool host_honours_cts() const { return honours_cts_; }
    bool cts() const { return (state_.ctrl & UART_CTRL_CTS) != 0; }

    void reset();  // power-on registers, FIFOs emptied
    // Forget what the host queued and the character on the RX wire (the modem lost power).
    void discard_host_input();

    // What the host sent and the RX line has not delivered yet, front on the wire. Host input
    // of any length, so it is kept beside the device's state, not in it.
    const std::deque<std::uint8_t>& host_queue() const { return host_queue_; }

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_line_event(Cycles late);
    Cycles character_end(std::uint64_t k) const;  // cycles from a stream's anchor to its k-th end
    void start_character(SerialLine& line, Cycles earliest);
    bool host_may_send() const { return !honours_cts_ || cts(); }
    void start_host_character(Cycles earliest);  // the next queued byte, if CTS allows
    void catch_up_rx(Cycles now);
    void catch_up_tx(Cycles now);
    void catch_up(Cycles now);
    void set_baud(std::uint32_t baud, Cycles now);
    void reschedule();
    std::uint32_t status() const;
    void update_irq();

    std::string rx_event_name_, tx_event_name_;
    CycleScheduler& scheduler_;
    ClockRate clock_;
    IrqLine irq_;
    HostSink sink_;
    std::deque<std::uint8_t> host_queue_;
    bool honours_cts_ = false;
    TimedEvent rx_event_, tx_event_;
};

}  // namespace q2686
