/* wip_bearer.h — WIP bearers (included by wip.h). One bearer exists: "GPRS", a PDP context
 * activated through the ADL GPRS service (adl.h) with the PKTIF link (pktif_netif.h) as its
 * network interface. "UART1", "UART2" and "GSM" (PPP) are Open AT bearers we do not have.
 *
 * States: opened (stopped) → wip_bearerStart → starting (PDP activation, then waiting for
 * PKT_STATUS.LINK_UP) → connected → wip_bearerStop → stopping (deactivation) → stopped.
 * Events, from the event loop:
 *   WIP_BEV_IP_CONNECTED     the context is active and the link up: channels may be created
 *   WIP_BEV_CONN_FAILED      the start failed; WIP_BOPT_ERROR says why (WIP_BERR_GPRS_FAILED:
 *                            the network refused or there is no service; WIP_BERR_DEV: the
 *                            context came up but the packet link did not within 10 s)
 *   WIP_BEV_IP_DISCONNECTED  IP connectivity is gone: wip_bearerStop, or lost (the network
 *                            deactivated the context, a detach, the link went down); in the
 *                            second case the bearer is stopped when the event arrives
 *   WIP_BEV_STOPPED          wip_bearerStop has finished (the context is deactivated) */
#ifndef Q2686_WIP_BEARER_H
#define Q2686_WIP_BEARER_H

#include "adl_global.h"

typedef struct wip_bearer_s* wip_bearer_t;
typedef void (*wip_bearerHandler_f)(wip_bearer_t bearer, s8 event, void* context);

#define WIP_BEV_IP_CONNECTED 1
#define WIP_BEV_IP_DISCONNECTED 2
#define WIP_BEV_CONN_FAILED 3
#define WIP_BEV_STOPPED 4

/* Return codes and WIP_BOPT_ERROR values. */
#define WIP_BERR_OK_INPROGRESS 1  /* wip_bearerStart/Stop: the result comes as an event */
#define WIP_BERR_NO_DEV (-20)     /* no bearer of that name */
#define WIP_BERR_ALREADY (-21)    /* already opened */
#define WIP_BERR_NO_IF (-22)      /* the IP stack is not started (wip_netInit) */
#define WIP_BERR_NO_HDL (-23)     /* no free handle */
#define WIP_BERR_BAD_HDL (-24)    /* not an opened bearer */
#define WIP_BERR_OPTION (-25)     /* unknown option, or not settable */
#define WIP_BERR_PARAM (-26)      /* bad option value (string too long, cid outside 1..3) */
#define WIP_BERR_BAD_STATE (-27)  /* wip_bearerStart while not stopped */
#define WIP_BERR_DEV (-28)        /* the link layer failed (PKTIF link never came up) */
#define WIP_BERR_GPRS_FAILED (-29) /* PDP activation refused, no service, or another procedure running */

/* Options for wip_bearerSetOpts/GetOpts, as (option, value) pairs ending with WIP_BOPT_END.
 * Set: strings are `const ascii*`, integers `int`. Get: strings take `ascii* buffer, int size`
 * (truncated, always terminated), addresses `wip_in_addr_t*` (0 when not connected), the cid
 * `u8*`, the error `s8*`. */
#define WIP_BOPT_END 0
#define WIP_BOPT_LOGIN 1       /* ≤ 31 characters; kept, not sent (no authentication in the model) */
#define WIP_BOPT_PASSWORD 2    /* ≤ 31 characters; never returned by GetOpts ("" instead) */
#define WIP_BOPT_GPRS_APN 3    /* ≤ 63 characters */
#define WIP_BOPT_GPRS_CID 4    /* PDP context, 1..3 (default 1) */
#define WIP_BOPT_ERROR 5       /* get only: why the last start failed (WIP_BERR_*, 0 if none) */
#define WIP_BOPT_IP_ADDR 6     /* get only: our address */
#define WIP_BOPT_IP_DST_ADDR 7 /* get only: the peer's (0: point to point without one) */
#define WIP_BOPT_IP_DNS1 8     /* get only */
#define WIP_BOPT_IP_DNS2 9     /* get only */

/* wip_bearerOpen: 0, WIP_BERR_NO_DEV, WIP_BERR_ALREADY, WIP_BERR_NO_IF. */
s8 wip_bearerOpen(wip_bearer_t* bearer, const ascii* name, wip_bearerHandler_f handler, void* context);
/* Closes the bearer in any state: a connection is torn down (its channels end with
 * WIP_CEV_ERROR / WIP_CERR_ABORTED), the context deactivated, and no bearer event follows. */
s8 wip_bearerClose(wip_bearer_t bearer);
s8 wip_bearerSetOpts(wip_bearer_t bearer, int option, ...);
s8 wip_bearerGetOpts(wip_bearer_t bearer, int option, ...);
/* WIP_BERR_OK_INPROGRESS, WIP_BERR_BAD_HDL, WIP_BERR_BAD_STATE, WIP_BERR_NO_IF or
 * WIP_BERR_GPRS_FAILED (the ADL GPRS service refused: another network procedure is running). */
s8 wip_bearerStart(wip_bearer_t bearer);
/* WIP_BERR_OK_INPROGRESS (IP_DISCONNECTED if connected, then STOPPED), 0 if already stopped,
 * WIP_BERR_BAD_HDL. Channels on the bearer end with WIP_CEV_ERROR / WIP_CERR_ABORTED. */
s8 wip_bearerStop(wip_bearer_t bearer);

#endif /* Q2686_WIP_BEARER_H */
