/* IRQ dispatch through the interrupt controller (INTC): one handler per line. */
#include "hw.h"

static irq_handler_t handlers[Q2686_IRQ_COUNT];

void irq_attach(unsigned line, irq_handler_t handler) {
    if (line >= Q2686_IRQ_COUNT) return;
    handlers[line] = handler;
    reg_write(Q2686_INTC_BASE, INTC_ENABLE_SET, 1u << line);
}

/* Called from the IRQ vector with IRQs masked. Serves every pending line, lowest first. */
void irq_dispatch(void) {
    for (;;) {
        const uint32_t line = reg_read(Q2686_INTC_BASE, INTC_SOURCE);
        if (line == INTC_NO_SOURCE || line >= Q2686_IRQ_COUNT) return;
        if (handlers[line]) {
            handlers[line]();
        } else {
            reg_write(Q2686_INTC_BASE, INTC_ENABLE_CLR, 1u << line);  /* nobody listens: mute it */
        }
    }
}
