// IrqLine — a device's wire to one input of the interrupt controller.
//
// A plain value (controller pointer + line number) that devices hold and drive from their
// update_irq(): set(level) with the line's current level after every state change. The
// controller ignores repeated levels, so devices need not remember what they drove last.
// A default-constructed IrqLine is unconnected and set() does nothing (handy in tests).
#pragma once

namespace q2686 {

class InterruptController;

struct IrqLine {
    InterruptController* intc = nullptr;
    unsigned line = 0;

    void set(bool level) const;  // defined in interrupt_controller.cpp
};

}  // namespace q2686
