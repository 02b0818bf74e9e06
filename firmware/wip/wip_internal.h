/* wip_internal.h — how the WIP modules reach each other (not for applications).
 *   wip_net.c      the stack: lwIP start, the event-loop hook, lwIP's timers, event delivery
 *   wip_channel.c  channel handles, the generic calls, per-channel event queues
 *   wip_bearer.c   the GPRS bearer: ADL GPRS service + PKTIF netif
 *   wip_options.c  the channel options' set form (one parser for every call)
 *   wip_tcp_client.c  the TCP client channel on lwIP's raw API
 *   wip_tcp_server.c  the TCP server channel: listens, hands connections to wip_tcp_adopt
 *   wip_udp.c      the UDP channel */
#ifndef Q2686_WIP_INTERNAL_H
#define Q2686_WIP_INTERNAL_H

#include "lwip/netif.h"
#include "q2686_ext.h"
#include "wip.h"

/* wip_net.c */
struct netif* wip_gprs_netif(void); /* the PKTIF netif ("gp"), added by wip_netInit */

/* wip_channel.c */
bool wip_channels_deliver(void);                /* delivers pending events; true if any */
bool wip_channels_have_events(void);
void wip_channels_bearer_down(s32 errnum);      /* every channel's ops->bearer_down */
void wip_channels_release_all(void);            /* wip_netExit: close everything, no events */

/* wip_tcp_client.c: a connection a TCP server accepted, as a TCP client channel (READY, with
 * WIP_CEV_OPEN and WIP_CEV_WRITE queued). NULL when no channel is free. */
struct tcp_pcb;
struct wip_copts;
wip_channel_t wip_tcp_adopt(struct tcp_pcb* pcb, wip_eventHandler_f handler, void* context,
                            const struct wip_copts* options);

/* wip_bearer.c */
bool wip_bearer_deliver(void);
bool wip_bearer_has_events(void);
void wip_bearer_shutdown(void);                 /* wip_netExit: close the bearer, no events */
void wip_bearer_link_changed(bool up);          /* from the PKTIF driver */

#endif /* Q2686_WIP_INTERNAL_H */
