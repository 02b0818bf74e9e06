/* pktif_netif.h — lwIP network interface over the PKTIF packet interface (q2686_hw.h "PKTIF"):
 * raw IPv4 packets to and from the GPRS link, no link header, no ARP.
 *
 * Use: netif_add(&netif, ..., pktif_netif_init, ip4_input) once; pktif_start() when a PDP context
 * is active, pktif_stop() when it is gone; pktif_poll() from the event loop. The interrupt
 * handler only latches PKT_EVENT; everything that touches lwIP happens in pktif_poll(). */
#ifndef Q2686_PKTIF_NETIF_H
#define Q2686_PKTIF_NETIF_H

#include <stdbool.h>
#include <stdint.h>

#include "lwip/err.h"
#include "lwip/netif.h"

#define PKTIF_RX_SLOTS 8u      /* RX descriptors, each with its own buffer (7 posted at a time) */
#define PKTIF_RX_BUFFER 1536u  /* > PKT_MTU_BYTES, a multiple of 32 */
#define PKTIF_TX_SLOTS 4u      /* TX descriptors and buffers (3 in flight at a time) */
#define PKTIF_TX_BUFFER 1536u

/* netif_add() init callback: name "gp", MTU from PKT_MTU, output = the TX path, link down. */
err_t pktif_netif_init(struct netif* netif);

/* Called when PKT_STATUS.LINK_UP changes while started: from pktif_poll(), and from
 * pktif_start() if the link is already up. Never from pktif_stop(). */
typedef void (*pktif_link_handler_t)(bool up);
void pktif_set_link_handler(pktif_link_handler_t handler);

/* Programs the rings, posts the RX buffers, enables the device and its interrupt; the netif's
 * link state follows PKT_STATUS.LINK_UP from here on. pktif_stop() disables the device (which
 * resets its ring indices), drops what was latched and marks the link down. */
void pktif_start(void);
void pktif_stop(void);
bool pktif_started(void);
bool pktif_link_up(void); /* PKT_STATUS.LINK_UP, read now */

/* Event-loop work: TX completions, received packets → netif->input, link changes. True if
 * anything was latched. pktif_has_work() is safe with interrupts masked. */
bool pktif_poll(void);
bool pktif_has_work(void);

struct pktif_stats {
    uint32_t rx_packets;   /* delivered to lwIP */
    uint32_t rx_no_pbuf;   /* dropped here: lwIP's PBUF_POOL was empty */
    uint32_t rx_bad;       /* descriptors with an impossible length */
    uint32_t tx_packets;   /* handed to the device */
    uint32_t tx_errors;    /* completed with PKT_DESC_ERR (bad length, link down) */
    uint32_t tx_ring_full; /* output refused with ERR_MEM */
    uint32_t tx_link_down; /* output refused: not started or link down */
};
const struct pktif_stats* pktif_get_stats(void);

#endif /* Q2686_PKTIF_NETIF_H */
