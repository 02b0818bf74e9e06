#include "peripherals/interrupt_controller.h"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kIntcRegisters));

void IrqLine::set(bool level) const {
    if (intc) intc->set_line(line, level);
}

InterruptController::InterruptController(EventLog& events) : Peripheral("intc", kIntcRegisters, events) {
    reset();
}

void InterruptController::reset() {
    state_.enable = reset_value(kIntcRegisters, INTC_ENABLE);
    update_irq();
}

void InterruptController::set_line(unsigned line, bool level) {
    if (line >= Q2686_IRQ_COUNT) throw std::out_of_range(fmt::format("INTC has no line {}", line));
    const std::uint32_t bit = 1u << line;
    const std::uint32_t raw = level ? (state_.raw | bit) : (state_.raw & ~bit);
    if (raw == state_.raw) return;
    state_.raw = raw;
    update_irq();
}

void InterruptController::update_irq() {
    const bool output = pending() != 0;
    if (output == state_.output) return;
    state_.output = output;
    for (const auto& observer : observers_) observer(output);
}

std::uint32_t InterruptController::on_read(const RegisterSpec& reg, Cycles) {
    switch (reg.offset) {
        case INTC_RAW: return state_.raw;
        case INTC_ENABLE: return state_.enable;
        case INTC_PENDING: return pending();
        case INTC_SOURCE: return pending() ? static_cast<std::uint32_t>(std::countr_zero(pending())) : INTC_NO_SOURCE;
    }
    return 0;
}

// `lines` holds only the bits of existing lines (the registers' writable bits).
void InterruptController::on_write(const RegisterSpec& reg, std::uint32_t lines, Cycles) {
    switch (reg.offset) {
        case INTC_ENABLE: state_.enable = lines; break;
        case INTC_ENABLE_SET: state_.enable |= lines; break;
        case INTC_ENABLE_CLR: state_.enable &= ~lines; break;
    }
}

}  // namespace q2686
