#include "peripherals/uart.h"

#include <algorithm>

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kUartRegisters));

namespace {
constexpr std::uint32_t kBitsPerCharacter = 10;  // 8N1: start + 8 data + stop
constexpr std::array<std::uint32_t, 1> kByteAccessible = {UART_DATA};
}  // namespace

Uart::Uart(std::string name, CycleScheduler& scheduler, EventLog& events, ClockRate clock, IrqLine irq, HostSink sink)
    : Peripheral(std::move(name), kUartRegisters, events, kByteAccessible),
      rx_event_name_(name_ + "-rx"),
      tx_event_name_(name_ + "-tx"),
      scheduler_(scheduler),
      clock_(clock),
      irq_(irq),
      sink_(std::move(sink)) {
    rx_event_.bind<&Uart::on_line_event>(this, rx_event_name_.c_str());
    tx_event_.bind<&Uart::on_line_event>(this, tx_event_name_.c_str());
    reset();
}

Uart::~Uart() {
    scheduler_.cancel(rx_event_);
    scheduler_.cancel(tx_event_);
}

void Uart::reset() {
    const Cycles now = scheduler_.now();
    state_.ctrl = reset_value(kUartRegisters, UART_CTRL);
    state_.overrun = false;
    state_.rx_lost = 0;
    state_.rx = {};
    state_.tx = {};
    state_.tx_line = {};
    set_baud(reset_value(kUartRegisters, UART_BAUD), now);
    reschedule();
    update_irq();
}

void Uart::discard_host_input() {
    host_queue_.clear();
    state_.rx_line = {};
    reschedule();
}

Cycles Uart::character_end(std::uint64_t k) const {
    const unsigned __int128 bits = static_cast<unsigned __int128>(k) * kBitsPerCharacter * clock_.hz;
    return static_cast<Cycles>((bits + state_.baud - 1) / state_.baud);
}

void Uart::start_character(SerialLine& line, Cycles earliest) {
    if (!line.busy) {  // a new stream
        line.anchor = std::max(earliest, line.idle_since);
        line.started = 0;
    }
    line.done = line.anchor + character_end(++line.started);
    line.busy = true;
}

void Uart::catch_up_rx(Cycles now) {
    SerialLine& line = state_.rx_line;
    while (line.busy && line.done <= now) {
        const std::uint8_t byte = host_queue_.front();
        host_queue_.pop_front();
        line.idle_since = line.done;
        if (!state_.rx.full()) {
            state_.rx.push(byte);
        } else {
            ++state_.rx_lost;
            if (!state_.overrun)
                regs_.event(line.done, EventKind::Uart, fmt::format("RX overrun: {:#04x} lost, RX FIFO full", byte));
            state_.overrun = true;
        }
        if (!host_queue_.empty() && host_may_send())
            start_character(line, line.done);  // still busy: the next character of the stream
        else
            line.busy = false;  // the queue is empty, or the host waits for CTS
    }
}

void Uart::start_host_character(Cycles earliest) {
    SerialLine& line = state_.rx_line;
    if (line.busy || host_queue_.empty() || !host_may_send()) return;
    start_character(line, earliest);  // a new stream
}

void Uart::set_host_honours_cts(bool honours) {
    honours_cts_ = honours;
    start_host_character(scheduler_.now());
    reschedule();
}

void Uart::catch_up_tx(Cycles now) {
    SerialLine& line = state_.tx_line;
    while (line.busy && line.done <= now) {
        const std::uint8_t byte = line.byte;
        const Cycles when = line.done;
        line.idle_since = when;
        if (state_.tx.empty()) {
            line.busy = false;
        } else {
            line.byte = state_.tx.pop();
            start_character(line, when);
        }
        if (sink_) sink_(byte, when);
    }
}

void Uart::catch_up(Cycles now) {
    catch_up_rx(now);
    catch_up_tx(now);
    reschedule();
    update_irq();
}

void Uart::on_line_event(Cycles late) {
    catch_up(scheduler_.now() - late);
}

void Uart::reschedule() {
    for (auto [line, event] : {std::pair{&state_.rx_line, &rx_event_}, std::pair{&state_.tx_line, &tx_event_}}) {
        if (line->busy)
            scheduler_.schedule_at(*event, line->done);
        else
            scheduler_.cancel(*event);
    }
}

void Uart::set_baud(std::uint32_t baud, Cycles now) {
    if (baud == state_.baud) return;
    regs_.event(now, EventKind::Uart, fmt::format("baud {} -> {}", state_.baud, baud));
    state_.baud = baud;
    // The character on the wire keeps its time; the next one starts the new rate's stream.
    for (SerialLine* line : {&state_.rx_line, &state_.tx_line})
        if (line->busy) {
            line->anchor = line->done;
            line->started = 0;
        }
}

void Uart::host_send(std::span<const std::uint8_t> bytes) {
    const Cycles now = scheduler_.now();
    catch_up_rx(now);  // a stream that ended before now is over: these bytes start a new one
    host_queue_.insert(host_queue_.end(), bytes.begin(), bytes.end());
    start_host_character(now);
    reschedule();
    update_irq();
}

void Uart::host_send(std::string_view text) {
    host_send(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::uint32_t Uart::status() const {
    std::uint32_t s = 0;
    if (!state_.rx.empty()) s |= UART_STATUS_RX_READY;
    if (!state_.tx.full()) s |= UART_STATUS_TX_READY;
    if (state_.tx.empty() && !state_.tx_line.busy) s |= UART_STATUS_TX_IDLE;
    if (state_.overrun) s |= UART_STATUS_OVERRUN;
    return s | state_.rx.count << UART_STATUS_RX_LEVEL_SHIFT | state_.tx.count << UART_STATUS_TX_LEVEL_SHIFT;
}

void Uart::update_irq() {
    const std::uint32_t s = status();
    irq_.set(((state_.ctrl & UART_CTRL_RX_IRQ_EN) && (s & UART_STATUS_RX_READY)) ||
             ((state_.ctrl & UART_CTRL_TX_IRQ_EN) && (s & UART_STATUS_TX_READY)));
}

std::uint32_t Uart::on_read(const RegisterSpec& reg, Cycles) {
    switch (reg.offset) {
        case UART_DATA: {
            const std::uint8_t byte = state_.rx.empty() ? 0 : state_.rx.pop();
            update_irq();
            return byte;
        }
        case UART_STATUS: return status();
        case UART_CTRL: return state_.ctrl;
        case UART_BAUD: return state_.baud;
        case UART_CLEAR: return status() & UART_STATUS_OVERRUN;
    }
    return 0;
}

// `value` holds only the register's writable bits (UART_DATA: the byte).
void Uart::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case UART_DATA: {
            const auto byte = static_cast<std::uint8_t>(value);
            if (!state_.tx_line.busy) {
                state_.tx_line.byte = byte;
                start_character(state_.tx_line, now);
            } else if (state_.tx.full()) {
                regs_.guest_error(now, fmt::format("UART_DATA write of {:#04x} with the TX FIFO full: dropped", byte));
            } else {
                state_.tx.push(byte);
            }
            break;
        }
        case UART_CTRL: {
            const bool raised = (value & UART_CTRL_CTS) && !cts();
            state_.ctrl = value;
            if (raised) start_host_character(now);  // a host waiting for CTS sends again
            break;
        }
        case UART_BAUD:
            if (value < kMinBaud || value > kMaxBaud)
                regs_.guest_error(now,
                                  fmt::format("UART_BAUD {} is outside {}..{}: ignored", value, kMinBaud, kMaxBaud));
            else
                set_baud(value, now);
            break;
        case UART_CLEAR:
            if (value) state_.overrun = false;
            break;
    }
}

}  // namespace q2686
