/* wip_bearer.c — the "GPRS" bearer (wip_bearer.h): a PDP context through the ADL GPRS service
 * (adl.h) and the PKTIF netif (pktif_netif.h) carrying its packets.
 *
 * Start: adl_gprsSetup + adl_gprsAct (or reuse the context if AT+CGACT already activated it)
 * → ADL_GPRS_EVENT_ACTIVATE_OK → the context's address and DNS servers go to the netif and
 * lwIP's DNS client, the PKTIF device is started → PKT_STATUS.LINK_UP (at once or within
 * LINK_TIMEOUT_MS) → WIP_BEV_IP_CONNECTED.
 * Loss: the network deactivating the context, a detach (NW_/ME_ events) or the PKTIF link
 * going down ends the channels on the bearer (WIP_CERR_NETWORK_UNREACHABLE), takes the netif
 * down and sends WIP_BEV_IP_DISCONNECTED. Events are queued and delivered by wip_net.c's loop
 * hook after the channels' own. */
#include <string.h>

#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "pktif_netif.h"
#include "wip_bearer_state.h"
#include "wip_internal.h"

#define LINK_TIMEOUT_MS 10000u

struct wip_bearer_s wip_gprs; /* the one bearer */
static bool subscribed;
static u8 orphan_cid; /* closed while activating: deactivate that context when it comes up */


static void post(s8 event) {
    if (wip_gprs.event_count < WIP_BEARER_MAX_EVENTS) wip_gprs.events[wip_gprs.event_count++] = event;
}

/* ---- the netif ------------------------------------------------------------------------------ */
static void set_dns(u8 index, u32 host_order) {
    ip_addr_t server;
    ip_addr_set_ip4_u32_val(server, lwip_htonl(host_order));
    dns_setserver(index, host_order ? &server : NULL);
}

static void netif_connect(void) {
    struct netif* netif = wip_gprs_netif();
    ip4_addr_t address, netmask, gateway;
    ip4_addr_set_u32(&address, lwip_htonl(wip_gprs.info.LocalIP));
    ip4_addr_set_u32(&netmask, PP_HTONL(0xFFFFFFFFul)); /* point to point: everything via the link */
    ip4_addr_set_zero(&gateway);
    netif_set_addr(netif, &address, &netmask, &gateway);
    set_dns(0, wip_gprs.info.DNS1);
    set_dns(1, wip_gprs.info.DNS2);
    netif_set_default(netif);
    netif_set_up(netif);
    pktif_start(); /* may report the link up at once (wip_bearer_link_changed) */
}

/* Channels first (they compare their local address with the netif's), then the link. */
static void netif_disconnect(s32 errnum) {
    struct netif* netif = wip_gprs_netif();
    wip_channels_bearer_down(errnum);
    pktif_stop();
    netif_set_down(netif);
    netif_set_addr(netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4);
    set_dns(0, 0); /* lookups fail at once instead of timing out on a dead link */
    set_dns(1, 0);
    memset(&wip_gprs.info, 0, sizeof wip_gprs.info);
}

static void cancel_link_timer(void);

/* ---- state changes -------------------------------------------------------------------------- */
static void connected(void) {
    cancel_link_timer();
    wip_gprs.waiting_link = false;
    wip_gprs.state = WIP_BEARER_CONNECTED;
    wip_gprs.error = 0;
    post(WIP_BEV_IP_CONNECTED);
}

static void start_failed(s8 error) {
    cancel_link_timer();
    wip_gprs.waiting_link = false;
    wip_gprs.state = WIP_BEARER_STOPPED;
    wip_gprs.error = error;
    post(WIP_BEV_CONN_FAILED);
}

/* Deactivates our context if it is active; stopping until the network confirms. */
static void deactivate(void) {
    if (adl_gprsIsActive(wip_gprs.cid) && adl_gprsDeact(wip_gprs.cid) == ADL_RET_OK) {
        wip_gprs.state = WIP_BEARER_STOPPING;
    } else {
        wip_gprs.state = WIP_BEARER_STOPPED;
        post(WIP_BEV_STOPPED);
    }
}

static void on_link_timeout(u8 id, void* context) {
    (void)id;
    (void)context;
    wip_gprs.link_timer = NULL;
    if (!wip_gprs.open || wip_gprs.state != WIP_BEARER_STARTING || !wip_gprs.waiting_link) return;
    netif_disconnect(WIP_CERR_NETWORK_UNREACHABLE);
    if (adl_gprsIsActive(wip_gprs.cid)) adl_gprsDeact(wip_gprs.cid); /* best effort: we are giving up */
    start_failed(WIP_BERR_DEV);
}

static void cancel_link_timer(void) {
    if (wip_gprs.link_timer) adl_tmrUnSubscribe(wip_gprs.link_timer, on_link_timeout, ADL_TMR_TYPE_MS);
    wip_gprs.link_timer = NULL;
}

static void activated(void) {
    if (wip_gprs.stop_requested) {
        wip_gprs.stop_requested = false;
        return deactivate();
    }
    if (adl_gprsGetCidInformations(wip_gprs.cid, &wip_gprs.info) != ADL_RET_OK) return start_failed(WIP_BERR_GPRS_FAILED);
    wip_gprs.waiting_link = true;
    netif_connect();
    if (wip_gprs.state == WIP_BEARER_STARTING && wip_gprs.waiting_link)
        wip_gprs.link_timer = adl_tmrSubscribeExt(ADL_TMR_CYCLIC_OPT_NONE, LINK_TIMEOUT_MS, ADL_TMR_TYPE_MS, on_link_timeout, NULL, false);
}

/* The context or the link is gone without wip_bearerStop. */
static void lost(void) {
    if (wip_gprs.state == WIP_BEARER_CONNECTED) {
        netif_disconnect(WIP_CERR_NETWORK_UNREACHABLE);
        wip_gprs.state = WIP_BEARER_STOPPED;
        post(WIP_BEV_IP_DISCONNECTED);
    } else if (wip_gprs.state == WIP_BEARER_STARTING && wip_gprs.waiting_link) {
        netif_disconnect(WIP_CERR_NETWORK_UNREACHABLE);
        start_failed(WIP_BERR_GPRS_FAILED);
    }
    /* Starting during the activation: its ACTIVATE_KO follows. Stopping: its DEACTIVATE_* does. */
}

void wip_bearer_link_changed(bool up) {
    if (!wip_gprs.open) return;
    if (up && wip_gprs.state == WIP_BEARER_STARTING && wip_gprs.waiting_link) return connected();
    if (!up && wip_gprs.state == WIP_BEARER_CONNECTED) {
        lost();
        if (adl_gprsIsActive(wip_gprs.cid)) adl_gprsDeact(wip_gprs.cid); /* no link: the context is useless */
    }
}

static s8 on_gprs_event(u16 event, u8 cid) {
    if (orphan_cid && cid == orphan_cid && (event == ADL_GPRS_EVENT_ACTIVATE_OK || event == ADL_GPRS_EVENT_ACTIVATE_KO)) {
        if (event == ADL_GPRS_EVENT_ACTIVATE_OK) adl_gprsDeact(cid);
        orphan_cid = 0;
        return ADL_GPRS_FORWARD;
    }
    if (!wip_gprs.open) return ADL_GPRS_FORWARD;
    const bool ours = cid == wip_gprs.cid;
    const bool activating = wip_gprs.state == WIP_BEARER_STARTING && !wip_gprs.waiting_link;
    switch (event) {
        case ADL_GPRS_EVENT_ACTIVATE_OK:
            if (ours && activating) activated();
            break;
        case ADL_GPRS_EVENT_ACTIVATE_KO:
            if (!ours || !activating) break;
            if (wip_gprs.stop_requested) {
                wip_gprs.stop_requested = false;
                wip_gprs.state = WIP_BEARER_STOPPED;
                post(WIP_BEV_STOPPED);
            } else {
                start_failed(WIP_BERR_GPRS_FAILED);
            }
            break;
        case ADL_GPRS_EVENT_DEACTIVATE_OK:
        case ADL_GPRS_EVENT_DEACTIVATE_KO:
            if (!ours) break;
            if (wip_gprs.state == WIP_BEARER_STOPPING) {
                wip_gprs.state = WIP_BEARER_STOPPED;
                post(WIP_BEV_STOPPED);
            } else {
                lost(); /* someone else (AT+CGACT=0) deactivated it */
            }
            break;
        case ADL_GPRS_EVENT_NW_CONTEXT_DEACT:
        case ADL_GPRS_EVENT_ME_CONTEXT_DEACT:
            if (ours) lost();
            break;
        case ADL_GPRS_EVENT_NW_DETACH:
        case ADL_GPRS_EVENT_ME_DETACH: lost(); break;
        default: break;
    }
    return ADL_GPRS_FORWARD;
}

/* ---- delivery ------------------------------------------------------------------------------- */
bool wip_bearer_has_events(void) { return wip_gprs.open && wip_gprs.event_count > 0; }

bool wip_bearer_deliver(void) {
    if (!wip_bearer_has_events()) return false;
    while (wip_gprs.open && wip_gprs.event_count > 0) {
        const s8 event = wip_gprs.events[0];
        memmove(wip_gprs.events, wip_gprs.events + 1, --wip_gprs.event_count);
        wip_gprs.handler(&wip_gprs, event, wip_gprs.context); /* may close, stop or restart the bearer */
    }
    return true;
}

/* ---- the API --------------------------------------------------------------------------------- */
s8 wip_bearerOpen(wip_bearer_t* bearer, const ascii* name, wip_bearerHandler_f handler, void* context) {
    if (!bearer || !name || !handler) return WIP_BERR_PARAM;
    if (strcmp(name, "GPRS") != 0) return WIP_BERR_NO_DEV;
    if (!wip_netIsStarted()) return WIP_BERR_NO_IF;
    if (wip_gprs.open) return WIP_BERR_ALREADY;
    memset(&wip_gprs, 0, sizeof wip_gprs);
    wip_gprs.open = true;
    wip_gprs.state = WIP_BEARER_STOPPED;
    wip_gprs.handler = handler;
    wip_gprs.context = context;
    wip_gprs.cid = 1;
    if (!subscribed) subscribed = adl_gprsSubscribe(on_gprs_event) == ADL_RET_OK;
    pktif_set_link_handler(wip_bearer_link_changed);
    *bearer = &wip_gprs;
    return 0;
}

s8 wip_bearerClose(wip_bearer_t bearer) {
    if (!wip_bearer_valid(bearer)) return WIP_BERR_BAD_HDL;
    cancel_link_timer();
    if (wip_gprs.state == WIP_BEARER_CONNECTED || (wip_gprs.state == WIP_BEARER_STARTING && wip_gprs.waiting_link)) netif_disconnect(WIP_CERR_ABORTED);
    if (wip_gprs.state == WIP_BEARER_STARTING && !wip_gprs.waiting_link) orphan_cid = wip_gprs.cid;
    else if (wip_gprs.state != WIP_BEARER_STOPPED && adl_gprsIsActive(wip_gprs.cid)) adl_gprsDeact(wip_gprs.cid);
    wip_gprs.open = false;
    wip_gprs.state = WIP_BEARER_STOPPED;
    wip_gprs.event_count = 0;
    return 0;
}

void wip_bearer_shutdown(void) {
    if (wip_gprs.open) wip_bearerClose(&wip_gprs);
}

s8 wip_bearerStart(wip_bearer_t bearer) {
    if (!wip_bearer_valid(bearer)) return WIP_BERR_BAD_HDL;
    if (!wip_netIsStarted()) return WIP_BERR_NO_IF;
    if (wip_gprs.state != WIP_BEARER_STOPPED) return WIP_BERR_BAD_STATE;
    wip_gprs.error = 0;
    wip_gprs.stop_requested = false;
    wip_gprs.waiting_link = false;
    if (adl_gprsIsActive(wip_gprs.cid)) { /* activated by AT+CGACT already: use it */
        wip_gprs.state = WIP_BEARER_STARTING;
        activated();
        return WIP_BERR_OK_INPROGRESS;
    }
    const adl_gprsSetupParams_t params = {wip_gprs.apn, wip_gprs.login, wip_gprs.password, NULL, false, false};
    if (adl_gprsSetup(wip_gprs.cid, params) != ADL_RET_OK || adl_gprsAct(wip_gprs.cid) != ADL_RET_OK) {
        wip_gprs.error = WIP_BERR_GPRS_FAILED;
        return WIP_BERR_GPRS_FAILED;
    }
    wip_gprs.state = WIP_BEARER_STARTING;
    return WIP_BERR_OK_INPROGRESS;
}

s8 wip_bearerStop(wip_bearer_t bearer) {
    if (!wip_bearer_valid(bearer)) return WIP_BERR_BAD_HDL;
    switch (wip_gprs.state) {
        case WIP_BEARER_STOPPED: return 0;
        case WIP_BEARER_STOPPING: return WIP_BERR_OK_INPROGRESS;
        case WIP_BEARER_STARTING:
            if (!wip_gprs.waiting_link) {
                wip_gprs.stop_requested = true;
                return WIP_BERR_OK_INPROGRESS;
            }
            cancel_link_timer();
            wip_gprs.waiting_link = false;
            netif_disconnect(WIP_CERR_ABORTED);
            deactivate();
            return WIP_BERR_OK_INPROGRESS;
        case WIP_BEARER_CONNECTED:
            netif_disconnect(WIP_CERR_ABORTED);
            post(WIP_BEV_IP_DISCONNECTED);
            deactivate();
            return WIP_BERR_OK_INPROGRESS;
    }
    return WIP_BERR_BAD_STATE;
}
