/* TCP client sockets on the AT port, after Wavecom's WIPsoft (docs/at-commands.md, "TCP/IP
 * (WIP)"), on WIP channels (firmware/wip):
 *
 *   AT+WIPCREATE=2,<idx>,"<host>",<port>   → OK, then +WIPREADY: 2,<idx> once connected
 *   AT+WIPSEND=2,<idx>,"<text>"[,<repeat>] → OK once queued (ours: WIPsoft sends data in a data
 *                                            mode that needs a UART mode switch)
 *   AT+WIPCLOSE=2,<idx>                    → OK
 *   +WIPDATA: 2,<idx>,<len>,"<text>"       received data, per read of up to READ_CHUNK bytes (ours)
 *   +WIPPEERCLOSE: 2,<idx>                 the peer closed; the socket is released
 *   +WIPERR: 2,<idx>,<errnum>,"<text>"     the socket failed (WIP_CERR_*); released (ours)
 *
 * Sending: the text (with \hh escapes decoded) repeated <repeat> times is one job per socket.
 * As much as wip_write takes goes at once; the rest follows on each WIP_CEV_WRITE. A second
 * AT+WIPSEND while a job is unfinished answers +CME ERROR: 831. */
#include <stdio.h>
#include <string.h>

#include "q2686_at_util.h"
#include "wip_at.h"

#define TEXT_MAX 240u       /* decoded bytes of one AT+WIPSEND (the AT line is 256 characters) */
#define REPEAT_MAX 100000L
#define READ_CHUNK 100u     /* bytes per +WIPDATA line: at most 300 characters of text */
#define STAGING 512u        /* bytes handed to wip_write per call while sending a job */

struct at_socket {
    wip_channel_t channel; /* NULL: index free */
    bool ready;            /* +WIPREADY sent */
    u8 text[TEXT_MAX];     /* the job: text[0..length) repeated up to `total` bytes */
    u16 length;
    u32 total;
    u32 sent;
};

static struct at_socket sockets[WIPAT_MAX_SOCKETS + 1]; /* index = <idx> */

static unsigned index_of(const struct at_socket* s) { return (unsigned)(s - sockets); }

static void unsolicited(const char* text) { adl_atSendLine(ADL_AT_UNS, text); }

static void release(struct at_socket* s) {
    if (s->channel) wip_close(s->channel);
    memset(s, 0, sizeof *s);
}

void at_wip_sockets_forget(void) { memset(sockets, 0, sizeof sockets); }

/* ---- data ------------------------------------------------------------------------------------ */
static void pump(struct at_socket* s) {
    static u8 staging[STAGING];
    while (s->sent < s->total) {
        u32 chunk = s->total - s->sent;
        if (chunk > STAGING) chunk = STAGING;
        for (u32 i = 0; i < chunk; ++i) staging[i] = s->text[(s->sent + i) % s->length];
        const s32 written = wip_write(s->channel, staging, chunk);
        if (written < 0) { /* the channel failed: WIP_CEV_ERROR reports it */
            s->total = s->sent = 0;
            return;
        }
        s->sent += (u32)written;
        if ((u32)written < chunk) return; /* WIP_CEV_WRITE continues */
    }
    s->total = s->sent = 0;
}

static void report_received(struct at_socket* s) {
    u8 data[READ_CHUNK];
    char text[3 * READ_CHUNK + 1];
    char line[3 * READ_CHUNK + 40];
    for (;;) {
        const s32 n = wip_read(s->channel, data, sizeof data);
        if (n <= 0) return;
        wip_text_escape(data, (unsigned)n, text, sizeof text);
        snprintf(line, sizeof line, "+WIPDATA: %u,%u,%ld,\"%s\"", WIPAT_TCP_CLIENT, index_of(s), (long)n, text);
        unsolicited(line);
        if ((u32)n < sizeof data) return;
    }
}

static void on_socket_event(wip_event_t* event, void* context) {
    struct at_socket* s = context;
    char line[96];
    if (s->channel != event->channel) return; /* a stale event for a released index */
    switch (event->kind) {
        case WIP_CEV_OPEN:
            s->ready = true;
            snprintf(line, sizeof line, "+WIPREADY: %u,%u", WIPAT_TCP_CLIENT, index_of(s));
            unsolicited(line);
            break;
        case WIP_CEV_READ: report_received(s); break;
        case WIP_CEV_WRITE: pump(s); break;
        case WIP_CEV_PEER_CLOSE:
            report_received(s);
            snprintf(line, sizeof line, "+WIPPEERCLOSE: %u,%u", WIPAT_TCP_CLIENT, index_of(s));
            unsolicited(line);
            release(s);
            break;
        case WIP_CEV_ERROR: {
            report_received(s);
            const s32 errnum = event->content.error.errnum;
            snprintf(line, sizeof line, "+WIPERR: %u,%u,%ld,\"%s\"", WIPAT_TCP_CLIENT, index_of(s), (long)errnum,
                     wip_strerror(errnum));
            unsolicited(line);
            release(s);
            break;
        }
        default: break;
    }
}

/* ---- commands ------------------------------------------------------------------------------- */
/* <mode>,<idx> common to the three commands: the socket, or NULL after answering. */
static struct at_socket* socket_param(adl_atCmdPreParser_t* p, unsigned min_params) {
    long mode = 0, index = 0;
    if (p->NbPara < min_params || !at_integer_param(p, 0, 1, 7, &mode) ||
        !at_integer_param(p, 1, 1, WIPAT_MAX_SOCKETS, &index)) {
        at_not_allowed();
        return NULL;
    }
    if (mode != (long)WIPAT_TCP_CLIENT) { /* UDP, TCP server, FTP, HTTP, SMTP, POP3 */
        adl_atSendCmeError(ADL_CME_OPERATION_NOT_SUPPORTED);
        return NULL;
    }
    if (!at_wip_stack_started()) {
        adl_atSendCmeError(WIPAT_ERR_STACK_STATE);
        return NULL;
    }
    return &sockets[index];
}

static void cmd_wipcreate(adl_atCmdPreParser_t* p) {
    long port = 0;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+WIPCREATE: (2),(1-8),,(1-65535)");
        return at_ok();
    }
    struct at_socket* s = socket_param(p, 2);
    if (!s) return;
    const char* host = p->NbPara == 4 ? at_param(p, 2) : "";
    if (!host[0] || strlen(host) > 127 || !at_integer_param(p, 3, 1, 65535, &port)) return at_not_allowed();
    if (s->channel) return adl_atSendCmeError(WIPAT_ERR_ALREADY_ACTIVE);
    memset(s, 0, sizeof *s);
    s->channel = wip_TCPClientCreateOpts(host, (u16)port, on_socket_event, s, WIP_COPT_END);
    if (!s->channel) return adl_atSendCmeError(WIPAT_ERR_CREATE_FAILED);
    at_ok();
}

static void cmd_wipsend(adl_atCmdPreParser_t* p) {
    long repeat = 1;
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+WIPSEND: (2),(1-8),,(1-100000)");
        return at_ok();
    }
    struct at_socket* s = socket_param(p, 3);
    if (!s) return;
    u8 text[TEXT_MAX];
    const int length = wip_text_unescape(at_param(p, 2), text, sizeof text);
    if (p->NbPara > 4 || length <= 0 || (p->NbPara == 4 && !at_integer_param(p, 3, 1, REPEAT_MAX, &repeat)))
        return at_not_allowed();
    if (!s->channel || !s->ready || s->total != 0 || wip_getState(s->channel) != WIP_CSTATE_READY)
        return adl_atSendCmeError(WIPAT_ERR_BAD_STATE);
    memcpy(s->text, text, (size_t)length);
    s->length = (u16)length;
    s->total = (u32)length * (u32)repeat;
    s->sent = 0;
    pump(s);
    at_ok();
}

static void cmd_wipclose(adl_atCmdPreParser_t* p) {
    if (p->Type == ADL_CMD_TYPE_TEST) {
        at_respond("+WIPCLOSE: (2),(1-8)");
        return at_ok();
    }
    struct at_socket* s = socket_param(p, 2);
    if (!s) return;
    if (p->NbPara != 2) return at_not_allowed();
    if (!s->channel) return adl_atSendCmeError(WIPAT_ERR_BAD_STATE);
    release(s);
    at_ok();
}

void at_wip_socket_init(void) {
    at_wip_sockets_forget();
    adl_atCmdSubscribe("+WIPCREATE", cmd_wipcreate, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+WIPSEND", cmd_wipsend, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+WIPCLOSE", cmd_wipclose, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_PARA);
}
