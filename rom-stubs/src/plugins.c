/* Hooks for plug-in drivers and libraries linked into an application (firmware/wip: the PKTIF
 * netif and the IP stack): an interrupt line of their own, a critical section, and work run
 * from the event loop. q2686emu extensions to ADL (adl.h, "plug-ins"): Open AT exposes its
 * interrupt sources through adl_irqSubscribe() and keeps its loop to itself; our plug-ins are
 * drivers for devices the ROM does not know, so they need the raw line and a place in the loop. */
#include <stddef.h>

#include "adl.h"
#include "hw.h"

#define MAX_POLLERS 4u

struct poller {
    adl_pollHandler_t poll;
    adl_pollHasWork_t has_work;
};

static struct poller pollers[MAX_POLLERS];
static unsigned poller_count;

s8 adl_irqSubscribeLine(u8 line, adl_irqLineHandler_t handler) {
    if (line >= Q2686_IRQ_COUNT || !handler) return -1;
    irq_attach(line, handler);
    return 0;
}

u32 adl_irqLock(void) { return irq_save(); }
void adl_irqUnlock(u32 state) { irq_restore(state); }

s8 adl_pollSubscribe(adl_pollHandler_t poll, adl_pollHasWork_t has_work) {
    if (!poll || !has_work) return -1;
    for (unsigned i = 0; i < poller_count; ++i)
        if (pollers[i].poll == poll) return -1; /* already subscribed */
    if (poller_count == MAX_POLLERS) return -1;
    pollers[poller_count].poll = poll;
    pollers[poller_count].has_work = has_work;
    ++poller_count;
    return 0;
}

void plugins_init(void) { poller_count = 0; }

bool plugins_poll(void) {
    bool worked = false;
    for (unsigned i = 0; i < poller_count; ++i) worked |= pollers[i].poll();
    return worked;
}

bool plugins_have_work(void) {
    for (unsigned i = 0; i < poller_count; ++i)
        if (pollers[i].has_work()) return true;
    return false;
}
