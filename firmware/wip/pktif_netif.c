/* pktif_netif.c — the PKTIF driver as an lwIP netif (pktif_netif.h). The register interface
 * and ring protocol are q2686_hw.h's ("PKTIF"); this file follows it word for word:
 *
 *  - Every descriptor slot owns one static buffer for life, so posting a slot is only writing
 *    its length word. Rings are 8-byte aligned arrays in RAM (.bss).
 *  - RX: PKTIF_RX_SLOTS - 1 buffers are posted (head == tail means empty, so one slot always
 *    stays unposted). A filled slot is copied into a PBUF_POOL chain, handed to netif->input
 *    and re-posted at once: copying keeps the ring full however long TCP holds the data
 *    (out-of-order queues, unread receive windows) — the device never waits on lwIP.
 *  - TX: netif->output copies the pbuf chain into the next free slot and rings the doorbell
 *    (PKT_TX_TAIL). Completed slots are reclaimed from PKT_TX_HEAD. A full ring refuses the
 *    packet with ERR_MEM (TCP keeps the segment and sends it again).
 *  - The IRQ handler reads and acknowledges PKT_EVENT (W1C) and ORs it into `latched`;
 *    pktif_poll() takes it under adl_irqLock from the event loop. lwIP is never entered from
 *    the interrupt (NO_SYS=1, lwipopts.h).
 * Memory ordering: the emulated ARM946E-S runs with its caches off (docs/hardware.md), so RAM is
 * what the device sees; a compiler barrier before every doorbell write keeps the descriptor and
 * buffer stores ahead of it. (Real silicon would need the data cache cleaned there.) */
#include "pktif_netif.h"

#include <string.h>

#include "adl.h"
#include "lwip/ip4.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "q2686_hw.h"

struct pktif_desc {
    volatile uint32_t address;
    volatile uint32_t word1; /* length (15:0) | PKT_DESC_DONE | PKT_DESC_ERR */
};

static struct pktif_desc rx_ring[PKTIF_RX_SLOTS] __attribute__((aligned(8)));
static struct pktif_desc tx_ring[PKTIF_TX_SLOTS] __attribute__((aligned(8)));
static uint8_t rx_buffers[PKTIF_RX_SLOTS][PKTIF_RX_BUFFER] __attribute__((aligned(32)));
static uint8_t tx_buffers[PKTIF_TX_SLOTS][PKTIF_TX_BUFFER] __attribute__((aligned(32)));

static unsigned rx_next;    /* next slot the device fills (our copy of RX_HEAD's progress) */
static unsigned rx_tail;    /* one past the last posted slot (what we wrote to PKT_RX_TAIL) */
static unsigned tx_tail;    /* next slot to fill */
static unsigned tx_reclaim; /* oldest slot not yet seen completed */

static volatile uint32_t latched; /* PKT_EVENT bits taken by the IRQ handler */
static bool started;
static bool irq_attached;
static struct netif* the_netif;
static pktif_link_handler_t link_handler;
static struct pktif_stats stats;

static inline uint32_t reg_read(uint32_t offset) { return *(volatile uint32_t*)(Q2686_PKTIF_BASE + offset); }
static inline void reg_write(uint32_t offset, uint32_t value) {
    *(volatile uint32_t*)(Q2686_PKTIF_BASE + offset) = value;
}
static inline void barrier(void) { __asm__ volatile("" ::: "memory"); }

static void pktif_irq(void) {
    const uint32_t events = reg_read(PKT_EVENT);
    reg_write(PKT_EVENT, events);
    latched |= events;
}

const struct pktif_stats* pktif_get_stats(void) { return &stats; }
void pktif_set_link_handler(pktif_link_handler_t handler) { link_handler = handler; }
bool pktif_started(void) { return started; }
bool pktif_link_up(void) { return (reg_read(PKT_STATUS) & PKT_STATUS_LINK_UP) != 0; }
bool pktif_has_work(void) { return latched != 0; }

/* ---- transmit -------------------------------------------------------------------------------- */
static void reclaim_tx(void) {
    const unsigned head = reg_read(PKT_TX_HEAD) % PKTIF_TX_SLOTS;
    while (tx_reclaim != head) {
        const uint32_t word1 = tx_ring[tx_reclaim].word1;
        if (word1 & PKT_DESC_ERR) {
            ++stats.tx_errors;
            LINK_STATS_INC(link.err);
        }
        tx_reclaim = (tx_reclaim + 1) % PKTIF_TX_SLOTS;
    }
}

static err_t pktif_output(struct netif* netif, struct pbuf* p, const ip4_addr_t* next_hop) {
    (void)next_hop; /* point to point: every packet goes to the link */
    if (!started || !netif_is_link_up(netif)) {
        ++stats.tx_link_down;
        LINK_STATS_INC(link.drop);
        return ERR_CONN;
    }
    if (p->tot_len < 20 || p->tot_len > netif->mtu || p->tot_len > PKTIF_TX_BUFFER) {
        LINK_STATS_INC(link.lenerr);
        return ERR_BUF;
    }
    reclaim_tx();
    const unsigned next = (tx_tail + 1) % PKTIF_TX_SLOTS;
    if (next == tx_reclaim) {
        ++stats.tx_ring_full;
        LINK_STATS_INC(link.memerr);
        return ERR_MEM;
    }
    const u16_t length = pbuf_copy_partial(p, tx_buffers[tx_tail], p->tot_len, 0);
    tx_ring[tx_tail].word1 = length; /* status bits 0: the device's to set */
    tx_tail = next;
    barrier();
    reg_write(PKT_TX_TAIL, tx_tail);
    ++stats.tx_packets;
    LINK_STATS_INC(link.xmit);
    return ERR_OK;
}

/* ---- receive --------------------------------------------------------------------------------- */
static void deliver(const uint8_t* data, unsigned length) {
    struct pbuf* p = pbuf_alloc(PBUF_RAW, (u16_t)length, PBUF_POOL);
    if (!p) {
        ++stats.rx_no_pbuf;
        LINK_STATS_INC(link.memerr);
        LINK_STATS_INC(link.drop);
        return;
    }
    pbuf_take(p, data, (u16_t)length);
    ++stats.rx_packets;
    LINK_STATS_INC(link.recv);
    if (the_netif->input(p, the_netif) != ERR_OK) pbuf_free(p);
}

static void receive(void) {
    const unsigned head = reg_read(PKT_RX_HEAD) % PKTIF_RX_SLOTS;
    if (rx_next == head) return;
    while (rx_next != head) {
        const uint32_t word1 = rx_ring[rx_next].word1;
        const unsigned length = word1 & PKT_DESC_LENGTH_MASK;
        if ((word1 & PKT_DESC_DONE) && length >= 20 && length <= PKTIF_RX_BUFFER) {
            deliver(rx_buffers[rx_next], length);
        } else {
            ++stats.rx_bad;
            LINK_STATS_INC(link.err);
        }
        rx_next = (rx_next + 1) % PKTIF_RX_SLOTS;
        /* Re-post one slot at our tail: the unposted slots are always [rx_tail, rx_next). */
        rx_ring[rx_tail].word1 = PKTIF_RX_BUFFER;
        rx_tail = (rx_tail + 1) % PKTIF_RX_SLOTS;
    }
    barrier();
    reg_write(PKT_RX_TAIL, rx_tail);
}

/* ---- link, start/stop ------------------------------------------------------------------------ */
/* The netif's link flag follows PKT_STATUS.LINK_UP while started. Only changes the device
 * reports are passed to the handler; pktif_stop() is the owner's own doing. */
static void update_link(bool notify) {
    const bool up = started && pktif_link_up();
    if (up == (netif_is_link_up(the_netif) != 0)) return;
    if (up)
        netif_set_link_up(the_netif);
    else
        netif_set_link_down(the_netif);
    if (notify && link_handler) link_handler(up);
}

void pktif_start(void) {
    reg_write(PKT_IRQ_EN, 0);
    reg_write(PKT_CTRL, 0); /* resets the four ring indices; BASE/COUNT may only change now */
    for (unsigned i = 0; i < PKTIF_RX_SLOTS; ++i) {
        rx_ring[i].address = (uint32_t)(uintptr_t)rx_buffers[i];
        rx_ring[i].word1 = PKTIF_RX_BUFFER;
    }
    for (unsigned i = 0; i < PKTIF_TX_SLOTS; ++i) {
        tx_ring[i].address = (uint32_t)(uintptr_t)tx_buffers[i];
        tx_ring[i].word1 = 0;
    }
    rx_next = 0;
    rx_tail = PKTIF_RX_SLOTS - 1;
    tx_tail = 0;
    tx_reclaim = 0;
    barrier();
    reg_write(PKT_TX_BASE, (uint32_t)(uintptr_t)tx_ring);
    reg_write(PKT_TX_COUNT, PKTIF_TX_SLOTS);
    reg_write(PKT_RX_BASE, (uint32_t)(uintptr_t)rx_ring);
    reg_write(PKT_RX_COUNT, PKTIF_RX_SLOTS);
    reg_write(PKT_EVENT, PKT_EVENT_ALL); /* what happened while stopped is read as state below */
    const uint32_t saved = adl_irqLock();
    latched = 0;
    adl_irqUnlock(saved);
    reg_write(PKT_CTRL, PKT_CTRL_ENABLE);
    reg_write(PKT_RX_TAIL, rx_tail); /* posted after ENABLE, whatever ENABLE does to the indices */
    reg_write(PKT_IRQ_EN, PKT_EVENT_ALL);
    started = true;
    update_link(true);
}

void pktif_stop(void) {
    reg_write(PKT_IRQ_EN, 0);
    reg_write(PKT_CTRL, 0);
    const uint32_t saved = adl_irqLock();
    latched = 0;
    adl_irqUnlock(saved);
    started = false;
    if (the_netif) update_link(false);
}

bool pktif_poll(void) {
    if (!latched) return false;
    const uint32_t saved = adl_irqLock();
    const uint32_t events = latched;
    latched = 0;
    adl_irqUnlock(saved);
    if (!started) return true;
    if (events & PKT_EVENT_TX_DONE) reclaim_tx();
    if (events & (PKT_EVENT_RX | PKT_EVENT_RX_DROP)) receive();
    if (events & PKT_EVENT_LINK) update_link(true);
    return true;
}

err_t pktif_netif_init(struct netif* netif) {
    the_netif = netif;
    netif->name[0] = 'g';
    netif->name[1] = 'p';
    netif->output = pktif_output;
    netif->linkoutput = NULL; /* no link layer: raw IP */
    const uint32_t mtu = reg_read(PKT_MTU);
    netif->mtu = (u16_t)(mtu >= 576 && mtu <= PKT_MTU_BYTES ? mtu : PKT_MTU_BYTES);
    netif->hwaddr_len = 0;
    netif->flags = 0; /* point to point: no NETIF_FLAG_BROADCAST/ETHARP; link down until started */
    memset(&stats, 0, sizeof stats);
    if (!irq_attached) {
        adl_irqSubscribeLine(Q2686_IRQ_PKTIF, pktif_irq);
        irq_attached = true;
    }
    reg_write(PKT_IRQ_EN, 0);
    return ERR_OK;
}
