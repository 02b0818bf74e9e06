/* wip_bearer_state.h — the GPRS bearer's state, shared by wip_bearer.c (life cycle, events)
 * and wip_bearer_opts.c (options). Not for applications. */
#ifndef Q2686_WIP_BEARER_STATE_H
#define Q2686_WIP_BEARER_STATE_H

#include "q2686_ext.h"
#include "wip.h"

#define WIP_BEARER_MAX_EVENTS 4u
#define WIP_BEARER_APN_MAX 63u        /* as the BASEBAND's APN window */
#define WIP_BEARER_CREDENTIAL_MAX 31u

enum wip_bearer_state { WIP_BEARER_STOPPED, WIP_BEARER_STARTING, WIP_BEARER_CONNECTED, WIP_BEARER_STOPPING };

struct wip_bearer_s {
    bool open;
    enum wip_bearer_state state;
    bool waiting_link;   /* STARTING with the context active: waiting for PKT_STATUS.LINK_UP */
    bool stop_requested; /* wip_bearerStop during the activation: deactivate once it ends */
    wip_bearerHandler_f handler;
    void* context;
    char apn[WIP_BEARER_APN_MAX + 1];
    char login[WIP_BEARER_CREDENTIAL_MAX + 1];
    char password[WIP_BEARER_CREDENTIAL_MAX + 1];
    u8 cid;
    s8 error;                /* WIP_BOPT_ERROR */
    adl_gprsInfosCid_t info; /* addresses while connected (0 otherwise), host order */
    s8 events[WIP_BEARER_MAX_EVENTS];
    u8 event_count;
    adl_tmr_t* link_timer;
};

extern struct wip_bearer_s wip_gprs;

static inline bool wip_bearer_valid(wip_bearer_t bearer) { return bearer == &wip_gprs && wip_gprs.open; }

#endif /* Q2686_WIP_BEARER_STATE_H */
