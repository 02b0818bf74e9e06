/* Driver for the BASEBAND device (q2686_hw.h, docs/hardware.md): the network as the radio
 * sees it. The IRQ handler only latches BB_EVENT (W1C) into `pending`; the AT layer
 * (at_network.c) takes the events from the main loop, so unsolicited codes never interleave
 * with a response being written. */
#include "hw.h"

static volatile uint32_t pending;

static void baseband_irq(void) {
    const uint32_t events = reg_read(Q2686_BASEBAND_BASE, BB_EVENT);
    reg_write(Q2686_BASEBAND_BASE, BB_EVENT, events);
    pending |= events;
}

void baseband_init(void) {
    /* What happened before the ROM listened (the radio started searching at power-on) is read
     * as the current state, not replayed as events. */
    reg_write(Q2686_BASEBAND_BASE, BB_EVENT, BB_EVENT_ALL);
    pending = 0;
    reg_write(Q2686_BASEBAND_BASE, BB_IRQ_EN, BB_EVENT_ALL);
    irq_attach(Q2686_IRQ_BASEBAND, baseband_irq);
}

bool baseband_has_events(void) { return pending != 0; }

uint32_t baseband_take_events(void) {
    const uint32_t saved = irq_save();
    const uint32_t events = pending;
    pending = 0;
    irq_restore(saved);
    return events;
}

unsigned baseband_registration(void) { return reg_read(Q2686_BASEBAND_BASE, BB_REG); }

void baseband_read_string(uint32_t first, unsigned words, char* out) {
    for (unsigned i = 0; i < words; ++i) {
        const uint32_t word = reg_read(Q2686_BASEBAND_BASE, first + 4u * i);
        for (unsigned b = 0; b < 4; ++b) out[4 * i + b] = (char)(word >> (8 * b));
    }
    out[4 * words - 1] = 0;
}

void baseband_set_apn(const char* apn) {
    unsigned i = 0;
    for (unsigned w = 0; w < BB_APN_WORDS; ++w) {
        uint32_t word = 0;
        for (unsigned b = 0; b < 4; ++b) {
            const char c = apn[i];
            if (c) ++i;
            word |= (uint32_t)(unsigned char)c << (8 * b);
        }
        reg_write(Q2686_BASEBAND_BASE, BB_APN(w), word);
    }
}

void baseband_command(uint32_t code, unsigned cid) {
    reg_write(Q2686_BASEBAND_BASE, BB_CMD, code | ((uint32_t)cid << BB_CMD_CID_SHIFT));
}

uint32_t baseband_pdp_ip(unsigned cid) {
    reg_write(Q2686_BASEBAND_BASE, BB_PDP_SELECT, cid);
    return reg_read(Q2686_BASEBAND_BASE, BB_PDP_IP);
}
