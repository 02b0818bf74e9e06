/* tls-client — the forum thread's Open AT application ("SSL connection with trusted authority
 * certificate"), as its code fragments show it, on the public ADL / WIP / Security API only:
 *
 *   SIM full init → GPRS bearer → wip_SSLInitOpts(WIP_COPT_CERT_AUTHORITY, ..., WIP_COPT_VERIFY,
 *   WIP_SSL_ALWAYS) → wip_SSLClientCreateOpts → the event handler, where errnum 1 is
 *   "Bad certificate".
 *
 * The trusted CA is the PEM in flash object TLS:0 (a scenario's built-in server puts its CA
 * there; docs/flash-objects.md). AT commands:
 *   AT+TLSAPP="<host>"[,<port>]   an HTTPS GET / to host:port (443); the results come as
 *                                  unsolicited responses:
 *     +TLSAPP: BEARER UP                      the GPRS bearer is connected
 *     +TLSAPP: OPEN                           WIP_CEV_OPEN: the TLS session is up
 *     +TLSAPP: HTTP/1.1 200 OK                the first line of the answer
 *     +TLSAPP: ERROR 1 Bad certificate        WIP_CEV_ERROR with errnum 1
 *     +TLSAPP: WHY not-yet-valid              (with q2686emu's wip_SSLGetLastError)
 *     +TLSAPP: ERROR <errnum>                 any other failure
 *     +TLSAPP: CLOSED
 *   AT+TLSAPP?                     "+TLSAPP: <bearer up 0/1>,<SIM state>" */
#include "adl_global.h"
#include "wip.h"
#ifdef __Security_PLUGIN_VERSION__
#include "wip_ssl.h"
#endif

#define GPRS_APN "internet"
#define GPRS_LOGIN ""
#define GPRS_PASSWORD ""
#define GPRS_PINCODE "0000"

static wip_bearer_t bearer;
static bool bearer_up;
static wip_channel_t channel;
static ascii host[64];
static u16 port = 443;
static u32 sent;
static bool got_status;
static ascii request[160];

static void report(const ascii* text) {
    ascii line[160];
    wm_sprintf(line, "\r\n+TLSAPP: %s\r\n", text);
    adl_atSendResponse(ADL_AT_UNS, line);
}

/* The CA certificate from flash object TLS:0, NUL-terminated (adl_memGet), or NULL. */
static ascii* load_ca(void) {
    const s32 size = adl_flhExist("TLS", 0);
    if (size <= 0) return NULL;
    ascii* pem = adl_memGet((u32)size + 1);
    if (!pem) return NULL;
    if (adl_flhRead("TLS", 0, (u16)size, (u8*)pem) != OK) {
        adl_memRelease(pem);
        return NULL;
    }
    pem[size] = 0;
    return pem;
}

/* ---- the TLS channel ---------------------------------------------------------------------- */
static void eventHandler(wip_event_t* evt, void* ctx) {
    ascii text[96];
    wip_debug("tls-client: event %d on %s", (int)evt->kind, ctx ? (const ascii*)ctx : "?");
    switch (evt->kind) {
        case WIP_CEV_OPEN: /* 2 */
            report("OPEN");
            break;
        case WIP_CEV_WRITE: {
            const u32 length = wm_strlen(request);
            if (sent < length) {
                const int n = wip_write(evt->channel, request + sent, length - sent);
                if (n > 0) sent += (u32)n;
            }
            break;
        }
        case WIP_CEV_READ: {
            ascii buffer[128];
            int n;
            while ((n = wip_read(evt->channel, buffer, sizeof buffer - 1)) > 0) {
                buffer[n] = 0;
                if (!got_status) {
                    ascii* end = wm_strstr(buffer, "\r\n");
                    if (end) *end = 0;
                    got_status = TRUE;
                    report(buffer);
                }
            }
            break;
        }
        case WIP_CEV_PEER_CLOSE:
            report("CLOSED");
            wip_close(evt->channel);
            channel = NULL;
            break;
        case WIP_CEV_ERROR: /* 1 */
            if ((int)evt->content.error.errnum == 1) {
                report("ERROR 1 Bad certificate"); /* certificate error */
#ifdef __Security_PLUGIN_VERSION__
                wip_sslError_t why; /* ours: the exact reason (wip_ssl.h) */
                if (wip_SSLGetLastError(evt->channel, &why) == 0) {
                    wm_sprintf(text, "WHY %s", wip_SSLCauseName(why.cause));
                    report(text);
                }
#endif
            } else {
                wm_sprintf(text, "ERROR %ld", (long)evt->content.error.errnum); /* other errors */
                report(text);
            }
            wip_close(evt->channel);
            channel = NULL;
            break;
        default: break;
    }
}

static void connect(void) {
    ascii* ca = load_ca();
    if (!ca) {
        report("ERROR no CA in flash object TLS:0");
        return;
    }
    const s32 ret = wip_SSLInitOpts(WIP_COPT_CERT_AUTHORITY, ca, WIP_COPT_VERIFY, WIP_SSL_ALWAYS, WIP_COPT_END);
    adl_memRelease(ca);
    if (ret != 0) {
        ascii text[48];
        wm_sprintf(text, "ERROR init %ld", (long)ret);
        report(text);
        return;
    }
    sent = 0;
    got_status = FALSE;
    wm_sprintf(request, "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", host);
    channel = wip_SSLClientCreateOpts(host, port, eventHandler, NULL, WIP_COPT_END);
    if (!channel)
        report("ERROR cannot create the channel");
    else
        wip_setCtx(channel, host); /* the handler's context from now on */
}

/* ---- the GPRS bearer, opened on the SIM's full init ---------------------------------------- */
static void bearer_handler(wip_bearer_t b, s8 event, void* ctx) {
    (void)b;
    (void)ctx;
    if (event == WIP_BEV_IP_CONNECTED) {
        bearer_up = TRUE;
        report("BEARER UP");
        if (host[0]) connect();
    } else if (event == WIP_BEV_CONN_FAILED || event == WIP_BEV_IP_DISCONNECTED) {
        bearer_up = FALSE;
        report("BEARER DOWN");
    }
}

static void open_bearer(void) {
    s8 ret = wip_bearerOpen(&bearer, "GPRS", bearer_handler, NULL);
    TRACE((1, "wip_bearerOpen: %d", ret));
    ret = wip_bearerSetOpts(bearer, WIP_BOPT_GPRS_APN, GPRS_APN, WIP_BOPT_LOGIN, GPRS_LOGIN, WIP_BOPT_PASSWORD,
                            GPRS_PASSWORD, WIP_BOPT_END);
    TRACE((1, "wip_bearerSetOpts: %d", ret));
    ret = wip_bearerStart(bearer);
    TRACE((1, "wip_bearerStart: %d", ret));
}

/* Registered yet? As the Open AT samples do: AT+CREG? until <stat> is 1 (home) or 5 (roaming),
 * then the bearer. */
static void poll_creg(u8 id, void* context);
static bool creg_handler(adl_atResponse_t* rsp) {
    ascii stat[8];
    if (rsp->RspID != ADL_STR_CREG) return FALSE;
    if (wm_strGetParameterString(stat, rsp->StrData, 2) && (wm_atoi(stat) == 1 || wm_atoi(stat) == 5)) {
        TRACE((1, "tls-client: registered (%s)", stat));
        open_bearer();
    } else {
        adl_tmrSubscribe(FALSE, 10, ADL_TMR_TYPE_100MS, poll_creg);
    }
    return FALSE;
}

static void poll_creg(u8 id, void* context) {
    (void)id;
    (void)context;
    adl_atCmdCreate("AT+CREG?", FALSE, creg_handler, ADL_STR_CREG, NULL);
}

static void sim_handler(u8 event) {
    TRACE((1, "tls-client: SIM event %d", event));
    if (event == ADL_SIM_EVENT_FULL_INIT) poll_creg(0, NULL);
}

/* ---- AT+TLSAPP ------------------------------------------------------------------------------ */
static void tlsapp_handler(adl_atCmdPreParser_t* paras) {
    const u16 rsp = ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP);
    if (paras->Type == ADL_CMD_TYPE_READ) {
        ascii text[48];
        wm_sprintf(text, "\r\n+TLSAPP: %d,%d\r\n", bearer_up, (int)adl_simGetState());
        adl_atSendResponse(rsp, text);
        adl_atSendStdResponse(rsp, ADL_STR_OK);
        return;
    }
    const ascii* name = ADL_GET_PARAM(paras, 0);
    const ascii* port_text = ADL_GET_PARAM(paras, 1);
    if (!name || wm_strlen(name) >= sizeof host || (port_text && !wm_isnumstring(port_text)) || channel) {
        adl_atSendStdResponseExt(rsp, ADL_STR_CME_ERROR, 3);
        return;
    }
    wm_strcpy(host, name);
    port = port_text ? (u16)wm_atoi(port_text) : 443;
    adl_atSendStdResponse(rsp, ADL_STR_OK);
    if (bearer_up) connect(); /* else when the bearer comes up */
}

static void main_task(void) {
    adl_flhSubscribe("TLS", 3);
    wip_netInit();
    adl_simSubscribe(sim_handler, GPRS_PINCODE);
    adl_atCmdSubscribe("AT+TLSAPP", tlsapp_handler, ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA | 0x21);
}

const adl_InitTasks_t adl_InitTasks[] = {
    {main_task, 8 * 1024, "tls-client", 1},
    {0, 0, 0, 0},
};
