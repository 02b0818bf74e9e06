/* The TLS client of q2686_app.elf: an HTTPS GET driven by AT commands (docs/at-commands.md,
 * "TLS client"), on the Security plug-in API (firmware/wip_ssl) in the shape of the public Open
 * AT HTTPS client it imitates (wip_SSLClientCreateOpts with the last session, the session taken
 * again at every WIP_CEV_OPEN):
 *
 *   IDLE ──AT+TLSGET──▶ OPENING ──WIP_CEV_OPEN──▶ SENDING ──request written──▶ RECEIVING
 *     ▲                    │                         │                           │
 *     └──── +TLSERR (WIP_CEV_ERROR) ◀─────────────────┴───────────────────────────┤
 *     └──── +TLSDONE (WIP_CEV_PEER_CLOSE: the server closed, the response is whole) ◀┘
 *
 *   AT+TLSCFG=<verify>[,<version>]   reads the credentials from flash, wip_SSLInitOpts
 *   AT+TLSGET="<host>",<port>,"<path>"  OK, then +TLSSTEP: "connecting" / "tcp open" /
 *                                    "handshake" / "certificate verified" / "established",...
 *                                    / "request sent"; +TLSHTTP: <status>,"<reason>","<protocol>";
 *                                    +TLSDONE — or +TLSERR, also after IDLE_TIMEOUT_S without any
 *                                    event (a server that never answers, or never closes)
 *   AT+TLSSESSION? / =0              the saved session / forget it
 *   AT+TLSERR?                       the last +TLSERR line again */
#include <stdio.h>
#include <string.h>

#include "q2686_at_util.h"
#include "tls_at.h"
#include "wip_at.h"

#define HOST_MAX 63u
#define PATH_MAX_LENGTH 127u
#define READ_CHUNK 256u
#define STATUS_LINE_MAX 96u
#define ERR_LINE_MAX 400u
/* A request with no event at all — no handshake step, no data, no close — for this long is
 * given up: a silent server would otherwise hold the one request slot for ever. Long enough
 * for a full handshake on a slow link (~1.5 s at 104 MHz, plus round trips at 300+ ms). */
#define IDLE_TIMEOUT_S 30u

static enum { IDLE, OPENING, SENDING, RECEIVING } state;
static wip_channel_t channel;
static wip_SSLSession_t last_session;
static int verify_level = WIP_SSL_ALWAYS;
static int tls_version = WIP_SSL_VERSION_ANY;
static bool configured;      /* wip_SSLInitOpts succeeded with the settings above */
static s32 load_result;      /* its last result */

static char request[HOST_MAX + PATH_MAX_LENGTH + 96];
static u32 request_length, send_offset;
static char status_line[STATUS_LINE_MAX + 1];
static u32 status_length;
static bool status_reported;
static int http_status;
static u32 received;
static char pending_urc[HOST_MAX + 48]; /* "+TLSSTEP: "connecting"", sent after the OK */
static char last_error[ERR_LINE_MAX];
static adl_tmr_t* idle_timer;
static const char* last_step = "connecting"; /* the last +TLSSTEP, for a timeout's detail */

static void unsolicited(const char* text) { adl_atSendLine(ADL_AT_UNS, text); }

static void flush_pending_urc(void) {
    if (!pending_urc[0]) return;
    unsolicited(pending_urc);
    pending_urc[0] = '\0';
}

static void on_pending_timer(u8 id, void* context) {
    (void)id;
    (void)context;
    flush_pending_urc();
}

static void on_idle_timeout(u8 id, void* context);

static void stop_idle_timer(void) {
    if (idle_timer) adl_tmrUnSubscribe(idle_timer, on_idle_timeout, ADL_TMR_TYPE_MS);
    idle_timer = NULL;
}

static void restart_idle_timer(void) {
    stop_idle_timer();
    idle_timer = adl_tmrSubscribe(false, IDLE_TIMEOUT_S * 1000u, ADL_TMR_TYPE_MS, on_idle_timeout);
}

static void finish(void) {
    stop_idle_timer();
    if (channel) wip_close(channel);
    channel = NULL;
    state = IDLE;
}

/* ---- reporting -------------------------------------------------------------------------------- */
static void report_error(wip_channel_t ch, s32 errnum) {
    wip_sslError_t e;
    char detail[ERR_LINE_MAX - 96];
    if (wip_SSLGetLastError(ch, &e) != 0) {
        memset(&e, 0, sizeof e);
        e.errnum = errnum;
        e.cause = WIP_SSL_CAUSE_NETWORK_ERROR;
    }
    tls_format_error_detail(&e, detail, sizeof detail);
    snprintf(last_error, sizeof last_error, "+TLSERR: %ld,\"%s\",%ld,\"%s\",\"%s\"", (long)e.errnum,
             wip_SSLErrorText(e.errnum), (long)e.library_error, wip_SSLCauseName(e.cause), detail);
    unsolicited(last_error);
}

static void report_established(wip_channel_t ch) {
    wip_sslInfo_t info;
    char line[160];
    if (wip_SSLGetInfo(ch, &info) != 0) return;
    snprintf(line, sizeof line, "+TLSSTEP: \"established\",\"%s\",\"%s\",%d,%lu,%lu", info.cipher, info.version,
             info.resumed ? 1 : 0, (unsigned long)info.handshake_ms, (unsigned long)info.handshake_cycles);
    unsolicited(line);
}

static void on_step(wip_channel_t ch, wip_sslStep_t step, void* context) {
    (void)ch;
    (void)context;
    static const char* const names[] = {
        [WIP_SSL_STEP_TCP_OPEN] = "tcp open",
        [WIP_SSL_STEP_HANDSHAKE] = "handshake",
        [WIP_SSL_STEP_CERT_VERIFIED] = "certificate verified",
        [WIP_SSL_STEP_CERT_NOT_VERIFIED] = "certificate not verified",
    };
    char line[64];
    flush_pending_urc();
    last_step = names[step];
    restart_idle_timer();
    snprintf(line, sizeof line, "+TLSSTEP: \"%s\"", names[step]);
    unsolicited(line);
}

/* WIP_CERR_TIMEOUT, as the TCP layer reports a peer that stopped answering; the cause says it
 * was the application that gave up, and after which step ("tcp open" → tcp%20open, the
 * escaping of the other details). */
static void on_idle_timeout(u8 id, void* context) {
    (void)id;
    (void)context;
    idle_timer = NULL;
    if (state == IDLE) return;
    char step[40];
    u32 at = 0;
    for (const char* c = state == RECEIVING ? "request sent" : last_step; *c && at + 4 < sizeof step; ++c) {
        if (*c == ' ') {
            memcpy(step + at, "%20", 3);
            at += 3;
        } else {
            step[at++] = *c;
        }
    }
    step[at] = '\0';
    flush_pending_urc();
    snprintf(last_error, sizeof last_error, "+TLSERR: %d,\"%s\",0,\"timeout\",\"idle=%us after=%s\"",
             WIP_CERR_TIMEOUT, wip_SSLErrorText(WIP_CERR_TIMEOUT), IDLE_TIMEOUT_S, step);
    unsolicited(last_error);
    finish();
}

/* "HTTP/1.1 200 OK" → +TLSHTTP: 200,"OK","HTTP/1.1" (a '"' becomes '\''). */
static int append_quoted(char* line, int at, int size, const char* from, const char* to) {
    line[at++] = '"';
    for (const char* c = from; c < to && *c && at < size - 3; ++c) line[at++] = *c == '"' ? '\'' : *c;
    line[at++] = '"';
    line[at] = '\0';
    return at;
}

static void report_status_line(void) {
    char line[STATUS_LINE_MAX + 48];
    const char* code = strchr(status_line, ' ');
    http_status = code ? (int)strtol(code + 1, NULL, 10) : 0;
    const char* reason = code ? strchr(code + 1, ' ') : NULL;
    const char* end = status_line + strlen(status_line);
    int at = snprintf(line, sizeof line, "+TLSHTTP: %d,", http_status);
    at = append_quoted(line, at, (int)sizeof line, reason ? reason + 1 : end, end);
    line[at++] = ',';
    append_quoted(line, at, (int)sizeof line, status_line, code ? code : end);
    unsolicited(line);
    status_reported = true;
}

static void take_response(const char* data, u32 length) {
    received += length;
    for (u32 i = 0; i < length && !status_reported; ++i) {
        if (data[i] == '\r') continue;
        if (data[i] == '\n' || status_length == STATUS_LINE_MAX) {
            status_line[status_length] = '\0';
            report_status_line();
        } else {
            status_line[status_length++] = data[i];
        }
    }
}

/* ---- the state machine -------------------------------------------------------------------------- */
static void send_request(void) {
    while (send_offset < request_length) {
        const s32 sent = wip_write(channel, request + send_offset, request_length - send_offset);
        if (sent <= 0) return; /* WIP_CEV_WRITE continues, or WIP_CEV_ERROR follows */
        send_offset += (u32)sent;
    }
    char line[48];
    state = RECEIVING;
    snprintf(line, sizeof line, "+TLSSTEP: \"request sent\",%lu", (unsigned long)request_length);
    unsolicited(line);
}

static void on_event(wip_event_t* event, void* context) {
    (void)context;
    if (event->channel != channel) return;
    flush_pending_urc();
    restart_idle_timer();
    switch (event->kind) {
        case WIP_CEV_OPEN:
            state = SENDING;
            send_offset = 0;
            if (wip_hasType(event->channel, WIP_CTYPE_SSL)) {
                if (last_session) wip_SSLReleaseSession(last_session);
                last_session = wip_SSLGetSession(event->channel);
            }
            report_established(event->channel);
            break;
        case WIP_CEV_WRITE:
            if (state == SENDING) send_request();
            break;
        case WIP_CEV_READ: {
            char buffer[READ_CHUNK];
            s32 n;
            do {
                n = wip_read(channel, buffer, sizeof buffer);
                if (n > 0) take_response(buffer, (u32)n);
            } while (n == (s32)sizeof buffer);
            break;
        }
        case WIP_CEV_PEER_CLOSE: {
            char line[48];
            snprintf(line, sizeof line, "+TLSDONE: %d,%lu", status_reported ? http_status : 0, (unsigned long)received);
            unsolicited(line);
            finish();
            break;
        }
        case WIP_CEV_ERROR:
            report_error(event->channel, event->content.error.errnum);
            finish();
            break;
        default: break;
    }
}

/* ---- commands ------------------------------------------------------------------------------------ */
static bool configure(void) {
    load_result = tls_credentials_apply(verify_level, tls_version);
    configured = load_result == 0;
    return configured;
}

static void cmd_tlscfg(adl_atCmdPreParser_t* p) {
    char line[96];
    long verify = 0, version = WIP_SSL_VERSION_ANY;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+TLSCFG: (0-2),(0,12,13)");
        return at_ok();
    }
    if (p->Type == ADL_CMD_TYPE_READ) {
        snprintf(line, sizeof line, "+TLSCFG: %d,%d,%ld,%ld,%ld,%ld", verify_level, tls_version,
                 (long)tls_credentials_size(TLS_ID_CA), (long)tls_credentials_size(TLS_ID_CLIENT_CERT),
                 (long)tls_credentials_size(TLS_ID_CLIENT_KEY), (long)load_result);
        at_respond(line);
        return at_ok();
    }
    if (p->NbPara > 2 || !at_integer_param(p, 0, WIP_SSL_NEVER, WIP_SSL_ALWAYS, &verify) ||
        (p->NbPara == 2 && !at_integer_param(p, 1, 0, 13, &version)) ||
        (version != WIP_SSL_VERSION_ANY && version != WIP_SSL_VERSION_1_2 && version != WIP_SSL_VERSION_1_3))
        return at_not_allowed();
    if (state != IDLE) return adl_atSendCmeError(WIPAT_ERR_BAD_STATE);
    verify_level = (int)verify;
    tls_version = (int)version;
    if (!configure()) return at_not_allowed(); /* the flash objects hold something wolfSSL refuses */
    at_ok();
}

static bool valid_path(const char* path) {
    if (path[0] != '/' || strlen(path) > PATH_MAX_LENGTH) return false;
    for (const char* c = path; *c; ++c)
        if (*c <= ' ' || *c > '~') return false;
    return true;
}

static void cmd_tlsget(adl_atCmdPreParser_t* p) {
    long port = 0;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+TLSGET: ,(1-65535),");
        return at_ok();
    }
    if (p->NbPara != 3 || !at_param_quoted(p, 0) || !at_param_quoted(p, 2) || !at_param(p, 0)[0] ||
        strlen(at_param(p, 0)) > HOST_MAX || !at_integer_param(p, 1, 1, 65535, &port) || !valid_path(at_param(p, 2)))
        return at_not_allowed();
    if (!at_wip_stack_started()) return adl_atSendCmeError(WIPAT_ERR_STACK_STATE);
    if (state != IDLE) return adl_atSendCmeError(WIPAT_ERR_BAD_STATE);
    if (!configured && !configure()) return at_not_allowed();

    const char* host = at_param(p, 0);
    const char* path = at_param(p, 2);
    if (port == 443) /* the default port is left out of Host (RFC 9110 §7.2) */
        request_length = (u32)snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host);
    else
        request_length =
            (u32)snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s:%ld\r\n", path, host, port);
    request_length += (u32)snprintf(request + request_length, sizeof request - request_length,
                                    "User-Agent: q2686emu\r\nConnection: close\r\n\r\n");
    status_length = 0;
    status_reported = false;
    http_status = 0;
    received = 0;
    if (last_session)
        channel = wip_SSLClientCreateOpts(host, (u16)port, on_event, NULL, WIP_COPT_SESSION, last_session,
                                          WIP_COPT_SSL_STEP_HANDLER, on_step, WIP_COPT_END);
    else
        channel = wip_SSLClientCreateOpts(host, (u16)port, on_event, NULL, WIP_COPT_SSL_STEP_HANDLER, on_step,
                                          WIP_COPT_END);
    if (!channel) return adl_atSendCmeError(WIPAT_ERR_CREATE_FAILED);
    state = OPENING;
    last_step = "connecting";
    restart_idle_timer();
    snprintf(pending_urc, sizeof pending_urc, "+TLSSTEP: \"connecting\",\"%s\",%ld", host, port);
    adl_tmrSubscribe(false, 1, ADL_TMR_TYPE_MS, on_pending_timer);
    at_ok();
}

static void cmd_tlssession(adl_atCmdPreParser_t* p) {
    char line[HOST_MAX + 24];
    long value = 0;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+TLSSESSION: (0)");
        return at_ok();
    }
    if (p->Type == ADL_CMD_TYPE_READ) {
        if (last_session)
            snprintf(line, sizeof line, "+TLSSESSION: 1,\"%s\"", wip_SSLSessionHost(last_session));
        else
            snprintf(line, sizeof line, "+TLSSESSION: 0");
        at_respond(line);
        return at_ok();
    }
    if (p->NbPara != 1 || !at_integer_param(p, 0, 0, 0, &value)) return at_not_allowed();
    if (last_session) wip_SSLReleaseSession(last_session);
    last_session = NULL;
    at_ok();
}

static void cmd_tlserr(adl_atCmdPreParser_t* p) {
    (void)p;
    if (last_error[0]) at_respond(last_error);
    at_ok();
}

void at_tls_client_forget(void) {
    stop_idle_timer();
    channel = NULL; /* wip_netExit released it, without events */
    state = IDLE;
}

void at_tls_client_init(void) {
    tls_credentials_init();
    adl_atCmdSubscribe("+TLSCFG", cmd_tlscfg, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+TLSGET", cmd_tlsget, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+TLSSESSION", cmd_tlssession, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+TLSERR", cmd_tlserr, ADL_CMD_TYPE_READ);
}
