/* AT command engine (ITU-T V.250 command line, Wavecom conventions) and the ADL AT services
 * (adl_global.h: adl_atCmdSubscribe, adl_atSendResponse, adl_atSendStdResponse, adl_atCmdCreate).
 *
 * Two ports run command lines: UART1 (the external AT port) and the Open AT virtual port, where
 * the commands an application sends with adl_atCmdCreate/adl_atCmdSend run one after the other.
 * Each has its own line state, so an application command handler waiting for its final response
 * may itself send AT+CCLK? and answer from the response handler.
 *
 * Line assembly (UART1): characters before "AT"/"at" are discarded; the line ends with CR (S3);
 * backspace (S5, 0x08) or DEL (0x7F) deletes the previous character; LF is ignored; "A/"
 * repeats the last line at once. With echo on (ATE1, the default) received characters are
 * echoed as a terminal needs them: a deleting backspace or DEL as BS SP BS (the character
 * disappears from the screen), an LF right after a CR not at all (a client ending lines with
 * CR LF would otherwise see an empty line after every answer), anything else as it came.
 * A line longer than AT_LINE_MAX characters is refused with ERROR when its CR arrives.
 *
 * Execution: a line holds several commands — basic ones (E1, I, Z) back to back, extended ones
 * (+CCLK?) separated by ';'. They run in order; the first failure ends the line with its
 * error, otherwise the line ends with one OK. Handlers may answer later (from a timer, a
 * network event): input stays buffered until the running command has its final response.
 * Responses on UART1 follow V.250 §5.7.1 and ATV/ATQ (at_v250.c): with ATV1 (the default)
 * "<S3><S4>text<S3><S4>" — "\r\n<text>\r\n" — for information text and result codes alike;
 * with ATV0 information text is "text<S3><S4>" and a result code its number and <S3> ("0\r" for
 * OK, "4\r" for ERROR; +CME ERROR: <err> keeps its text); ATQ1 sends no final result codes.
 * The Open AT port always gets the ATV1 form (applications parse it); adl_atSendResponse
 * sends its text as given. S3 also ends an input line and S5 is the backspace character.
 *
 * The basic commands S and D take more than digits: "S<n>?", "S<n>=<value>" (V.250 §6.3.1;
 * dispatched to the "S" subscription as a read with one parameter or a set with two), and
 * "D<dial string>", which takes the rest of the line (V.250 §6.3.1.1). */
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "hw.h"

#define AT_LINE_MAX 256u
#define MAX_SUBSCRIPTIONS 128u /* the modem's own commands (about 50) and at least 64 of the application's */
#define MAX_NAME 16u
#define AT_MAX_PARAMS 24u
#define QUEUE_MAX 8u
#define PREFIX_MAX 8u
#define PREFIX_LENGTH 16u

struct subscription {
    char name[MAX_NAME + 1]; /* without the "AT": "+CCLK", "I", "&F" */
    adl_atCmdHandler_t handler;
    u16 options;
    void* context;
};

static struct subscription subscriptions[MAX_SUBSCRIPTIONS];
static unsigned subscription_count;
static unsigned rom_subscriptions; /* the first ones: the modem's own (at_engine_rom_ready) */

void at_engine_rom_ready(void) { rom_subscriptions = subscription_count; }

/* A command line the application queued with adl_atCmdCreate/adl_atCmdSend. */
struct app_command {
    char line[AT_LINE_MAX + 1]; /* after "AT" */
    bool forward;               /* unsubscribed responses go to UART1 */
    adl_atRspHandler_t handler;
    char prefixes[PREFIX_MAX][PREFIX_LENGTH + 1];
    unsigned prefix_count;
    void* context;
};

/* One port's command-line execution. */
struct port {
    u8 id;                      /* ADL_PORT_UART1 or ADL_PORT_OPEN_AT_VIRTUAL_BASE */
    char exec_line[AT_LINE_MAX + 1];
    unsigned exec_pos;
    bool executing;             /* a line is being executed */
    bool waiting_final;         /* a handler owes its final response */
    bool command_failed;
    char failure_text[48];
    unsigned dispatch_serial;   /* when its last command was dispatched */
    /* The command being run: what its handler was given. */
    u32 request_storage[(sizeof(adl_atCmdPreParser_t) + AT_LINE_MAX + 8) / 4 + 1];
    char parameter_text[AT_LINE_MAX + 1];
    void* parameter_items[AT_MAX_PARAMS];
    struct wm_lst_s parameters;
    u32 quoted_mask;
    /* The Open AT port: the application's command being run. */
    struct app_command command;
};

static struct port uart_port; /* in .bss: at_engine_init sets them up */
static struct port app_port;
static struct port* dispatching; /* the port whose handler is running right now */
static unsigned dispatch_counter;
static bool in_response_handler;

/* adl_atUnSoSubscribe */
#define UNSO_MAX 8u
struct unso_subscription {
    char prefix[PREFIX_LENGTH + 1];
    adl_atUnSoHandler_t handler;
};
static struct unso_subscription unso[UNSO_MAX];
static bool in_unso_handler;

static struct app_command queue[QUEUE_MAX];
static unsigned queue_head, queue_count;

/* Line assembly (UART1). */
enum line_state { WAIT_A, WAIT_T, IN_LINE };
static enum line_state state;
static char line[AT_LINE_MAX + 1];
static unsigned line_length;
static bool line_overflow;
static char last_line[AT_LINE_MAX + 1];

/* Echo (ATE). */
static bool echo_enabled = true;
static unsigned echo_column;    /* characters echoed since the last CR or response: what BS may erase */
static bool after_cr;           /* the previous character received was a CR */

/* Settings (AT+CMEE). */
static u8 cmee_mode = 0;

void at_set_echo(bool on) { echo_enabled = on; }
bool at_echo(void) { return echo_enabled; }
void at_set_cmee(u8 mode) { cmee_mode = mode; }
u8 at_cmee(void) { return cmee_mode; }

static adl_atCmdPreParser_t* request_of(struct port* p) { return (adl_atCmdPreParser_t*)(void*)p->request_storage; }

/* ---- output ------------------------------------------------------------------------------- */
static bool prefix_matches(const char* prefix, const char* response) {
    if (prefix[0] == '*' && prefix[1] == 0) return true;
    while (*response == '\r' || *response == '\n') ++response;
    for (; *prefix; ++prefix, ++response)
        if (toupper((unsigned char)*prefix) != toupper((unsigned char)*response)) return false;
    return true;
}

/* A response of the application's command: to its handler if it subscribed to it, then to
 * UART1 if the handler returns TRUE; one nobody subscribed to goes to UART1 when the command
 * was created with rspflag TRUE (ours: UART1 stands for "the port", docs/sdk.md). */
static void deliver_to_application(const char* text, u8 type, bool terminal) {
    struct app_command* c = &app_port.command;
    bool subscribed = false;
    if (c->handler)
        for (unsigned i = 0; i < c->prefix_count && !subscribed; ++i) subscribed = prefix_matches(c->prefixes[i], text);
    bool forward = c->forward;
    if (subscribed) {
        static u32 storage[(sizeof(adl_atResponse_t) + 1024) / 4 + 1];
        adl_atResponse_t* r = (adl_atResponse_t*)(void*)storage;
        const size_t room = sizeof storage - sizeof(adl_atResponse_t) - 1;
        size_t length = strlen(text);
        if (length > room) length = room;
        memset(r, 0, sizeof *r);
        r->RspID = adl_strGetID(text);
        r->Dest = ADL_PORT_UART1;
        r->StrLength = (u16)length;
        r->Contxt = c->context;
        r->IsTerminal = terminal;
        r->Type = type;
        memcpy(r->StrData, text, length);
        r->StrData[length] = 0;
        in_response_handler = true;
        forward = c->handler(r);
        in_response_handler = false;
    }
    if (forward) at_uart_write_str(text);
}

/* Where a response without a port goes: UART1 from a response handler; the port whose command
 * handler is running; else the one waiting for its final response (the most recently
 * dispatched if both are). Asynchronous answers should name their port (ADL_AT_PORT_TYPE). */
static struct port* port_for(u16 type) {
    const u8 port = (u8)(type >> 8);
    if (port == ADL_PORT_OPEN_AT_VIRTUAL_BASE) return &app_port;
    if (port == ADL_PORT_UART1) return &uart_port;
    /* A response handler answers for the AT port: it cannot answer the command it is told about. */
    if (in_response_handler) return &uart_port;
    if (dispatching) return dispatching;
    if (app_port.waiting_final && uart_port.waiting_final)
        return app_port.dispatch_serial > uart_port.dispatch_serial ? &app_port : &uart_port;
    if (app_port.waiting_final) return &app_port;
    return &uart_port;
}

static void emit(struct port* p, const char* text, u8 type, bool terminal) {
    if (p == &app_port && !in_response_handler)
        deliver_to_application(text, type, terminal);
    else
        at_uart_write_str(text);
}

/* V.250 §5.7.1 numeric result codes (ATV0). */
static int numeric_code(const char* text) {
    static const struct {
        const char* text;
        int code;
    } codes[] = {{"OK", 0},    {"CONNECT", 1}, {"RING", 2},      {"NO CARRIER", 3},
                 {"ERROR", 4}, {"NO DIALTONE", 6}, {"BUSY", 7}, {"NO ANSWER", 8}};
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; ++i)
        if (strcmp(codes[i].text, text) == 0) return codes[i].code;
    return -1;
}

/* One line on UART1, framed as ATV/ATQ say: a final result code or a line of text. */
static void write_uart_line(const char* text, bool final) {
    const char s3 = (char)at_v250_register(3), s4 = (char)at_v250_register(4);
    echo_column = 0;
    if (final && at_v250_quiet()) return;
    if (at_v250_verbose()) {
        const char frame[2] = {s3, s4};
        at_uart_write(frame, 2);
        at_uart_write_str(text);
        at_uart_write(frame, 2);
    } else if (final) {
        const int code = numeric_code(text);
        char number[12];
        if (code >= 0) snprintf(number, sizeof number, "%d", code);
        at_uart_write_str(code >= 0 ? number : text);
        at_uart_write(&s3, 1);
    } else {
        const char frame[2] = {s3, s4};
        at_uart_write_str(text);
        at_uart_write(frame, 2);
    }
}

static void send_line_to(struct port* p, const char* text, u8 type, bool terminal) {
    if (p != &app_port || in_response_handler) {
        write_uart_line(text, terminal);
        return;
    }
    static char buffer[1024];
    snprintf(buffer, sizeof buffer, "\r\n%s\r\n", text);
    emit(p, buffer, type, terminal);
}

/* Does an application handler want to see this unsolicited response first? */
static bool unsolicited_wanted(const char* text) {
    if (in_unso_handler) return false;
    for (unsigned i = 0; i < UNSO_MAX; ++i)
        if (unso[i].handler && prefix_matches(unso[i].prefix, text)) return true;
    return false;
}

/* An unsolicited response: offered to the subscribed handlers first. */
static void send_unsolicited(const char* text) {
    bool forward = true;
    if (!in_unso_handler) {
        for (unsigned i = 0; i < UNSO_MAX; ++i) {
            if (!unso[i].handler || !prefix_matches(unso[i].prefix, text)) continue;
            static u32 storage[(sizeof(adl_atUnsolicited_t) + 1024) / 4 + 1];
            adl_atUnsolicited_t* u = (adl_atUnsolicited_t*)(void*)storage;
            size_t length = strlen(text);
            if (length > 1024) length = 1024;
            memset(u, 0, sizeof *u);
            u->RspID = adl_strGetID(text);
            u->Dest = ADL_PORT_UART1;
            u->StrLength = (u16)length;
            memcpy(u->StrData, text, length);
            u->StrData[length] = 0;
            in_unso_handler = true;
            forward &= unso[i].handler(u);
            in_unso_handler = false;
        }
    }
    if (forward) at_uart_write_str(text);
}

s16 adl_atUnSoSubscribe(const ascii* prefix, adl_atUnSoHandler_t handler) {
    if (!prefix || !*prefix || !handler || strlen(prefix) > PREFIX_LENGTH) return ADL_RET_ERR_PARAM;
    struct unso_subscription* free_slot = NULL;
    for (unsigned i = 0; i < UNSO_MAX; ++i) {
        if (unso[i].handler == handler && strcasecmp(unso[i].prefix, prefix) == 0) return ADL_RET_ERR_ALREADY_SUBSCRIBED;
        if (!unso[i].handler && !free_slot) free_slot = &unso[i];
    }
    if (!free_slot) return ADL_RET_ERR_NO_MORE_HANDLES;
    strcpy(free_slot->prefix, prefix);
    free_slot->handler = handler;
    return OK;
}

s16 adl_atUnSoUnSubscribe(const ascii* prefix, adl_atUnSoHandler_t handler) {
    if (!prefix) return ADL_RET_ERR_PARAM;
    for (unsigned i = 0; i < UNSO_MAX; ++i) {
        if (unso[i].handler == handler && strcasecmp(unso[i].prefix, prefix) == 0) {
            unso[i].handler = NULL;
            return OK;
        }
    }
    return ADL_RET_ERR_UNKNOWN_HDL;
}

/* A response without any CR or LF is sent as it is (Open AT does the same), but it glues to
 * whatever comes next on the line: the first few are reported on the debug console. */
static void check_line_ends(const char* text) {
    static unsigned reported;
    if (reported >= 8 || strchr(text, '\r') || strchr(text, '\n') || !*text) return;
    ++reported;
    adl_trcPrint(1, "adl_atSendResponse: \"%.40s\" has no CR/LF: the text is sent as it is (adl_global.h)", text);
}

s32 adl_atSendResponse(u16 type, const ascii* text) {
    if (!text) return ADL_RET_ERR_PARAM;
    check_line_ends(text);
    if ((type & 0xFFu) == ADL_AT_UNS)
        send_unsolicited(text);
    else
        emit(port_for(type), text, (u8)(type & 0xFFu), false);
    return OK;
}

s32 adl_atSendLine(u16 type, const ascii* text) {
    if (!text) return ADL_RET_ERR_PARAM;
    if ((type & 0xFFu) == ADL_AT_UNS && unsolicited_wanted(text)) {
        static char buffer[1024];
        snprintf(buffer, sizeof buffer, "\r\n%s\r\n", text);
        send_unsolicited(buffer);
    } else if ((type & 0xFFu) == ADL_AT_UNS) {
        write_uart_line(text, false);
    } else {
        send_line_to(port_for(type), text, (u8)(type & 0xFFu), false);
    }
    return OK;
}

/* ---- subscriptions ------------------------------------------------------------------------ */
static bool name_equals(const char* a, const char* b, unsigned b_length) {
    unsigned i = 0;
    for (; i < b_length; ++i)
        if (!a[i] || toupper((unsigned char)a[i]) != toupper((unsigned char)b[i])) return false;
    return a[i] == 0;
}

/* "AT+CCLK" → "+CCLK" (the ROM's own subscriptions come without the prefix). */
static const char* without_at(const char* command) {
    if ((command[0] == 'A' || command[0] == 'a') && (command[1] == 'T' || command[1] == 't') && command[2])
        return command + 2;
    return command;
}

s16 adl_atCmdSubscribeExt(const ascii* command, adl_atCmdHandler_t handler, u16 options, void* context) {
    if (!command || !handler) return ADL_RET_ERR_PARAM;
    command = without_at(command);
    const size_t length = strlen(command);
    if (length == 0 || length > MAX_NAME) return ADL_RET_ERR_PARAM;
    if (!(options & (ADL_CMD_TYPE_PARA | ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_ROOT)))
        return ADL_RET_ERR_PARAM;
    for (unsigned i = 0; i < subscription_count; ++i) {
        if (name_equals(subscriptions[i].name, command, (unsigned)length)) {
            if (i < rom_subscriptions)
                adl_trcPrint(1, "adl_atCmdSubscribe: AT%s is one of the modem's own commands: the application's "
                                "handler replaces it",
                             subscriptions[i].name);
            subscriptions[i].handler = handler; /* the last subscription wins */
            subscriptions[i].options = options;
            subscriptions[i].context = context;
            return OK;
        }
    }
    if (subscription_count == MAX_SUBSCRIPTIONS) return ADL_RET_ERR_NO_MORE_HANDLES;
    struct subscription* s = &subscriptions[subscription_count++];
    strcpy(s->name, command);
    s->handler = handler;
    s->options = options;
    s->context = context;
    return OK;
}

s16 adl_atCmdSubscribe(const ascii* command, adl_atCmdHandler_t handler, u16 options) {
    return adl_atCmdSubscribeExt(command, handler, options, NULL);
}

s16 adl_atCmdSubscribeCtx(const ascii* command, adl_atCmdHandler_t handler, u16 options, void* context) {
    return adl_atCmdSubscribeExt(command, handler, options, context);
}

s16 adl_atCmdUnSubscribe(const ascii* command, adl_atCmdHandler_t handler) {
    if (!command) return ADL_RET_ERR_PARAM;
    command = without_at(command);
    for (unsigned i = 0; i < subscription_count; ++i) {
        if (name_equals(subscriptions[i].name, command, (unsigned)strlen(command))) {
            if (subscriptions[i].handler != handler) return ADL_RET_ERR_UNKNOWN_HDL;
            subscriptions[i] = subscriptions[--subscription_count];
            return OK;
        }
    }
    return ADL_RET_ERR_UNKNOWN_HDL;
}

static const struct subscription* find_subscription(const char* name, unsigned length) {
    for (unsigned i = 0; i < subscription_count; ++i)
        if (name_equals(subscriptions[i].name, name, length)) return &subscriptions[i];
    return NULL;
}

/* ADL_CMD_TYPE_ROOT: the longest root subscription that `text` starts with ("+MY" for
 * "+MYCMD=1"), ignoring case; NULL if none. */
static const struct subscription* find_root_subscription(const char* text, unsigned length) {
    const struct subscription* best = NULL;
    unsigned best_length = 0;
    for (unsigned i = 0; i < subscription_count; ++i) {
        const struct subscription* s = &subscriptions[i];
        if (!(s->options & ADL_CMD_TYPE_ROOT)) continue;
        const unsigned name_length = (unsigned)strlen(s->name);
        if (name_length > length || name_length <= best_length) continue;
        unsigned j = 0;
        while (j < name_length && toupper((unsigned char)s->name[j]) == toupper((unsigned char)text[j])) ++j;
        if (j == name_length) {
            best = s;
            best_length = name_length;
        }
    }
    return best;
}

/* ---- final responses ---------------------------------------------------------------------- */
const char* adl_cmeText(u16 code) {
    switch (code) {
        case 3: return "operation not allowed";
        case 4: return "operation not supported";
        case 25: return "invalid characters in text string";
        case 30: return "no network service";
        case 107: return "GPRS services not allowed";
        case 132: return "service option not supported";
        case 133: return "requested service option not subscribed";
        case 134: return "service option temporarily out of order";
        case 148: return "unspecified GPRS error";
        case 149: return "PDP authentication failure";
        default: return "unknown";
    }
}

static void finish_command(struct port* p, bool ok, const char* error_text) {
    if (!p->waiting_final) return;  /* a second final response for one command: ignored */
    p->waiting_final = false;
    if (!ok) {
        p->command_failed = true;
        strncpy(p->failure_text, error_text, sizeof p->failure_text - 1);
        p->failure_text[sizeof p->failure_text - 1] = 0;
    }
}

static const char* const standard_texts[ADL_STR_LAST] = {
    [ADL_STR_OK] = "OK", [ADL_STR_BUSY] = "BUSY", [ADL_STR_NO_ANSWER] = "NO ANSWER",
    [ADL_STR_NO_CARRIER] = "NO CARRIER", [ADL_STR_CONNECT] = "CONNECT", [ADL_STR_ERROR] = "ERROR",
    [ADL_STR_CME_ERROR] = "+CME ERROR: ", [ADL_STR_CMS_ERROR] = "+CMS ERROR: ", [ADL_STR_CPIN] = "+CPIN: ",
    [ADL_STR_CPIN2] = "+CPIN2: ", [ADL_STR_RING] = "RING", [ADL_STR_WIND] = "+WIND: ", [ADL_STR_CRING] = "+CRING: ",
    [ADL_STR_CPINC] = "+CPINC: ", [ADL_STR_WSTR] = "+WSTR: ", [ADL_STR_CMEE] = "+CMEE: ", [ADL_STR_CREG] = "+CREG: ",
    [ADL_STR_CGREG] = "+CGREG: ", [ADL_STR_CRC] = "+CRC: ", [ADL_STR_CGEV] = "+CGEV: ", [ADL_STR_CGEREP] = "+CGEREP: ",
};

const ascii* adl_strGetResponse(adl_strID_e id) {
    return (unsigned)id < ADL_STR_LAST ? standard_texts[id] : NULL;
}

bool adl_strIsTerminalResponse(adl_strID_e id) { return id > ADL_STR_NO_STRING && id < ADL_STR_LAST_TERMINAL; }

adl_strID_e adl_strGetID(const ascii* response) {
    if (!response) return ADL_STR_NO_STRING;
    while (*response == '\r' || *response == '\n') ++response;
    for (unsigned id = ADL_STR_OK; id < ADL_STR_LAST; ++id) {
        const char* text = standard_texts[id];
        const size_t length = strlen(text);
        const bool prefix = text[length - 1] == ' ';
        if (prefix ? strncmp(response, text, length - 1) == 0
                   : strncmp(response, text, length) == 0 && (response[length] == 0 || response[length] == '\r'))
            return (adl_strID_e)id;
    }
    return ADL_STR_NO_STRING;
}

static void cme_error_text(char* text, size_t size, u32 code) {
    if (cmee_mode == 0)
        snprintf(text, size, "ERROR");
    else if (cmee_mode == 1)
        snprintf(text, size, "+CME ERROR: %lu", (unsigned long)code);
    else
        snprintf(text, size, "+CME ERROR: %s", adl_cmeText((u16)code));
}

static s32 std_response(u16 type, adl_strID_e id, bool has_arg, u32 arg) {
    const char* text = adl_strGetResponse(id);
    if (!text) return ADL_RET_ERR_PARAM;
    char line_text[48];
    if (id == ADL_STR_CME_ERROR)
        cme_error_text(line_text, sizeof line_text, arg);
    else if (has_arg)
        snprintf(line_text, sizeof line_text, "%s%lu", text, (unsigned long)arg);
    else
        snprintf(line_text, sizeof line_text, "%s", text);
    const u8 kind = (u8)(type & 0xFFu);
    if (kind == ADL_AT_UNS) return adl_atSendLine(type, line_text);
    struct port* p = port_for(type);
    if (kind == ADL_AT_RSP && adl_strIsTerminalResponse(id) && p->waiting_final) {
        finish_command(p, id == ADL_STR_OK, line_text);
        return OK;
    }
    send_line_to(p, line_text, kind, false);
    return OK;
}

s32 adl_atSendStdResponse(u16 type, adl_strID_e id) { return std_response(type, id, false, 0); }
s32 adl_atSendStdResponseExt(u16 type, adl_strID_e id, u32 arg) { return std_response(type, id, true, arg); }
void adl_atSendCmeError(u16 code) { std_response(ADL_AT_RSP, ADL_STR_CME_ERROR, true, code); }

/* ---- parsing and running one command ------------------------------------------------------ */
static bool is_name_char(char c) {
    return isalnum((unsigned char)c) || c == '!' || c == '%' || c == '-' || c == '.' || c == '/' || c == ':' ||
           c == '_' || c == '&' || c == '+' || c == '*' || c == '#' || c == '$';
}

static void add_parameter(struct port* p, adl_atCmdPreParser_t* r, char* value, bool quoted) {
    /* An empty parameter (",,") is absent: ADL_GET_PARAM gives NULL. */
    p->parameter_items[r->NbPara] = (quoted || *value) ? value : NULL;
    if (quoted) p->quoted_mask |= 1u << r->NbPara;
    ++r->NbPara;
    p->parameters.count = r->NbPara;
}

/* Splits `p1,"p 2",,p4` (in place) into parameters; false on a syntax error (an unterminated
 * string, text after a closing quote, a quote inside a bare value, too many parameters). */
static bool parse_parameters(struct port* p, char* text, adl_atCmdPreParser_t* r) {
    r->NbPara = 0;
    if (!*text) return true;
    char* cursor = text;
    for (;;) {
        if (r->NbPara == AT_MAX_PARAMS) return false;
        while (*cursor == ' ') ++cursor;
        char* value;
        char separator;
        const bool quoted = *cursor == '"';
        if (quoted) {
            value = ++cursor;
            while (*cursor && *cursor != '"') ++cursor;
            if (*cursor != '"') return false;
            *cursor++ = 0;
            while (*cursor == ' ') ++cursor;
            if (*cursor && *cursor != ',') return false;
            separator = *cursor;
        } else {
            value = cursor;
            while (*cursor && *cursor != ',') {
                if (*cursor == '"') return false;
                ++cursor;
            }
            separator = *cursor;
            char* end = cursor;
            while (end > value && end[-1] == ' ') --end;
            *end = 0;
        }
        add_parameter(p, r, value, quoted);
        if (!separator) return true;
        ++cursor;  /* past the ',' */
    }
}

bool adl_atParamIsQuoted(const adl_atCmdPreParser_t* params, u8 index) {
    const struct port* p = params == request_of(&app_port) ? &app_port : &uart_port;
    return index < params->NbPara && index < 32 && ((p->quoted_mask >> index) & 1u);
}

/* A fresh request for `text` (the command after "AT", `length` characters). */
static adl_atCmdPreParser_t* new_request(struct port* p, const char* text, unsigned length) {
    adl_atCmdPreParser_t* r = request_of(p);
    memset(r, 0, sizeof *r);
    p->quoted_mask = 0;
    p->parameters.count = 0;
    p->parameters.capacity = AT_MAX_PARAMS;
    p->parameters.items = p->parameter_items;
    r->ParaList = &p->parameters;
    r->Port = p->id;
    r->StrData[0] = 'A';
    r->StrData[1] = 'T';
    memcpy(r->StrData + 2, text, length);
    r->StrData[length + 2] = 0;
    r->StrLength = (u16)(length + 2);
    return r;
}

/* Does the parameter count fit the subscription's 0xXY (at most X, at least Y)? */
static bool count_accepted(u16 options, u8 count) {
    const unsigned max = (options >> 4) & 0xFu;
    const unsigned min = options & 0xFu;
    if ((options & 0xFFu) == 0) return true; /* ours: no counts given, any count */
    return count >= min && count <= max;
}

static void dispatch(struct port* p, const struct subscription* s, adl_atCmdPreParser_t* r) {
    r->Contxt = s->context;
    p->dispatch_serial = ++dispatch_counter;
    struct port* const outer = dispatching;
    dispatching = p;
    s->handler(r);
    dispatching = outer;
}

/* Dispatches an extended command "+NAME[=?|?|=params]" to its subscription. */
static void run_extended(struct port* p, const char* text, unsigned length) {
    unsigned name_length = 1;
    while (name_length < length && is_name_char(text[name_length]) && text[name_length] != '+') ++name_length;
    const struct subscription* s = find_subscription(text, name_length);
    adl_atCmdPreParser_t* r = new_request(p, text, length);
    const char* rest = text + name_length;
    const unsigned rest_length = length - name_length;
    bool syntax_ok = true;
    if (rest_length == 0) {
        r->Type = ADL_CMD_TYPE_ACT;
    } else if (rest_length == 1 && rest[0] == '?') {
        r->Type = ADL_CMD_TYPE_READ;
    } else if (rest_length == 2 && rest[0] == '=' && rest[1] == '?') {
        r->Type = ADL_CMD_TYPE_TEST;
    } else if (rest[0] == '=') {
        r->Type = ADL_CMD_TYPE_PARA;
        memcpy(p->parameter_text, rest + 1, rest_length - 1);
        p->parameter_text[rest_length - 1] = 0;
        syntax_ok = parse_parameters(p, p->parameter_text, r);
    } else {
        syntax_ok = false;
    }
    p->waiting_final = true;
    /* ADL User Guide, ADL_CMD_TYPE_ROOT: a root subscription gets every command starting with
     * its string, as received (StrData), unparsed (NbPara 0), when no subscription of the
     * command itself accepts it. */
    const struct subscription* root = find_root_subscription(text, length);
    if (root && (!s || !syntax_ok || !(s->options & r->Type))) {
        r->Type = ADL_CMD_TYPE_ROOT;
        r->NbPara = 0;
        p->parameters.count = 0;
        dispatch(p, root, r);
        return;
    }
    if (!s || !syntax_ok || !(s->options & r->Type) ||
        (r->Type == ADL_CMD_TYPE_PARA && !count_accepted(s->options, r->NbPara))) {
        finish_command(p, false, "ERROR");
        return;
    }
    dispatch(p, s, r);
}

/* Dispatches a basic command with its parameters already in the request. */
static void dispatch_basic(struct port* p, const char* name, adl_atCmdPreParser_t* r) {
    const struct subscription* s = find_subscription(name, (unsigned)strlen(name));
    p->waiting_final = true;
    if (!s || !(s->options & r->Type) || (r->Type == ADL_CMD_TYPE_PARA && !count_accepted(s->options, r->NbPara))) {
        finish_command(p, false, "ERROR");
        return;
    }
    dispatch(p, s, r);
}

/* "S<n>?" (a read, parameter <n>) or "S<n>=<value>" (a set, parameters <n> and <value>);
 * anything else after the S is a syntax error. */
static unsigned run_s_parameter(struct port* p, const char* text) {
    unsigned used = 1;
    unsigned digits = 0;
    while (isdigit((unsigned char)text[used]) && digits < 4) ++used, ++digits;
    const unsigned number_end = used;
    bool syntax_ok = digits > 0;
    u16 type = ADL_CMD_TYPE_READ;
    unsigned value_start = 0, value_end = 0;
    if (syntax_ok && text[used] == '?') {
        ++used;
    } else if (syntax_ok && text[used] == '=') {
        type = ADL_CMD_TYPE_PARA;
        value_start = ++used;
        while (isdigit((unsigned char)text[used]) && used - value_start < 4) ++used;
        value_end = used;
        syntax_ok = value_end > value_start;
    } else {
        syntax_ok = false;
    }
    adl_atCmdPreParser_t* r = new_request(p, text, used);
    if (!syntax_ok) {
        p->waiting_final = true;
        finish_command(p, false, "ERROR");
        return used;
    }
    r->Type = type;
    /* parameter_text: "<n>\0<value>\0" */
    memcpy(p->parameter_text, text + 1, number_end - 1);
    p->parameter_text[number_end - 1] = 0;
    add_parameter(p, r, p->parameter_text, false);
    if (type == ADL_CMD_TYPE_PARA) {
        char* value = p->parameter_text + number_end;
        memcpy(value, text + value_start, value_end - value_start);
        value[value_end - value_start] = 0;
        add_parameter(p, r, value, false);
    }
    dispatch_basic(p, "S", r);
    return used;
}

/* "D<dial string>": the rest of the line is the dial string (its one parameter). */
static unsigned run_dial(struct port* p, const char* text) {
    const unsigned length = (unsigned)strlen(text);
    adl_atCmdPreParser_t* r = new_request(p, text, length);
    if (length > 1) {
        memcpy(p->parameter_text, text + 1, length - 1);
        p->parameter_text[length - 1] = 0;
        r->Type = ADL_CMD_TYPE_PARA;
        add_parameter(p, r, p->parameter_text, false);
    } else {
        r->Type = ADL_CMD_TYPE_ACT;
    }
    dispatch_basic(p, "D", r);
    return length;
}

/* Basic commands: a letter or '&' and a letter, then an optional number: E[n], V[n], &C[n]... */
static unsigned run_basic(struct port* p, const char* text) {
    if (text[0] == 'S' || text[0] == 's') return run_s_parameter(p, text);
    if (text[0] == 'D' || text[0] == 'd') return run_dial(p, text);
    unsigned used = 0;
    char name[3] = {0, 0, 0};
    if (text[0] == '&') {
        name[0] = '&';
        name[1] = (char)toupper((unsigned char)text[1]);
        used = 2;
    } else {
        name[0] = (char)toupper((unsigned char)text[0]);
        used = 1;
    }
    const unsigned name_used = used;
    int value = -1;
    while (isdigit((unsigned char)text[used])) {
        value = (value < 0 ? 0 : value * 10) + (text[used] - '0');
        ++used;
        if (value > 255) break;
    }
    /* Dispatched like "E" with its digits as the parameter, through the same table. */
    const struct subscription* s = find_subscription(name, (unsigned)strlen(name));
    adl_atCmdPreParser_t* r = new_request(p, text, used);
    (void)name_used;
    p->waiting_final = true;
    if (!s) {
        finish_command(p, false, "ERROR");
        return used;
    }
    if (value >= 0) {
        snprintf(p->parameter_text, sizeof p->parameter_text, "%d", value);
        r->Type = ADL_CMD_TYPE_PARA;
        add_parameter(p, r, p->parameter_text, false);
    } else {
        r->Type = ADL_CMD_TYPE_ACT;
    }
    if (!(s->options & r->Type) || (r->Type == ADL_CMD_TYPE_PARA && !count_accepted(s->options, r->NbPara))) {
        finish_command(p, false, "ERROR");
        return used;
    }
    dispatch(p, s, r);
    return used;
}

/* Runs the next command of the port's line; returns false when the line is exhausted. */
static bool run_next_command(struct port* p) {
    while (p->exec_line[p->exec_pos] == ' ' || p->exec_line[p->exec_pos] == ';') ++p->exec_pos;
    const char* text = p->exec_line + p->exec_pos;
    if (!*text) return false;
    if (*text == '+' || *text == '*' || *text == '#' || *text == '$' ||
        (!isalpha((unsigned char)*text) && *text != '&' && find_root_subscription(text, (unsigned)strlen(text)))) {
        /* Extended command (or one a root subscription such as "AT-" takes): up to the next ';'
         * outside quotes. */
        unsigned length = 0;
        bool in_quotes = false;
        while (text[length] && (in_quotes || text[length] != ';')) {
            if (text[length] == '"') in_quotes = !in_quotes;
            ++length;
        }
        p->exec_pos += length;
        /* V.250 §5.2.1: spaces are ignored — "AT+CGMI ;+CGMM" is "AT+CGMI;+CGMM". */
        while (length > 0 && text[length - 1] == ' ') --length;
        run_extended(p, text, length);
    } else if (isalpha((unsigned char)*text) || *text == '&') {
        p->exec_pos += run_basic(p, text);
    } else {
        p->waiting_final = true;
        finish_command(p, false, "ERROR");
        p->exec_pos += 1;
    }
    return true;
}

/* After a line's final result code: the port settings a command on it changed (AT+IPR: the
 * OK still leaves at the old rate), then the software reset an AT+CFUN=1 asked for. Also when
 * a later command on the line failed — the +CFUN=1 ran; leaving its reset pending made it fire
 * after the final result of some later, unrelated line (found by `q2686emu fuzz-at`). */
static void reset_if_requested(void) {
    if (rom_power_off_requested()) { /* AT+CPOF: the same rule */
        at_uart_flush();
        reg_write(Q2686_SYSCTL_BASE, SYSCTL_POWER_OFF, SYSCTL_KEY_POWER_OFF);
    }
    if (!rom_reset_requested()) return;
    at_uart_flush();
    reg_write(Q2686_SYSCTL_BASE, SYSCTL_RESET, SYSCTL_KEY_RESET);
}

static void end_line(struct port* p, const char* final_text) {
    p->executing = false;
    send_line_to(p, final_text, ADL_AT_RSP, true);
    at_v250_line_ended();
    reset_if_requested();
}

/* Drives the line until it ends or a handler answers later. */
static void continue_line(struct port* p) {
    while (p->executing && !p->waiting_final) {
        if (p->command_failed) {
            end_line(p, p->failure_text);
        } else if (!run_next_command(p)) {
            end_line(p, "OK");
        }
    }
}

/* V.250 §5.2.1: spaces in a command line are ignored, except inside quoted strings. */
static void copy_without_spaces(char* out, const char* in) {
    bool in_quotes = false;
    for (; *in; ++in) {
        if (*in == '"') in_quotes = !in_quotes;
        if (*in != ' ' || in_quotes) *out++ = *in;
    }
    *out = 0;
}

static void start_line(struct port* p, const char* text) {
    copy_without_spaces(p->exec_line, text);
    p->exec_pos = 0;
    p->executing = true;
    p->command_failed = false;
    p->waiting_final = false;
    continue_line(p);
}

/* ---- commands sent by the application ------------------------------------------------------- */
static s8 queue_command(const ascii* atstr, bool forward, adl_atRspHandler_t handler, void* context, va_list prefixes) {
    if (!atstr || !(atstr[0] == 'A' || atstr[0] == 'a') || !(atstr[1] == 'T' || atstr[1] == 't'))
        return ADL_RET_ERR_PARAM;
    if (strlen(atstr + 2) > AT_LINE_MAX || queue_count == QUEUE_MAX) return ADL_RET_ERR_PARAM;
    struct app_command* c = &queue[(queue_head + queue_count) % QUEUE_MAX];
    memset(c, 0, sizeof *c);
    strcpy(c->line, atstr + 2);
    c->forward = forward;
    c->handler = handler;
    c->context = context;
    if (handler) {
        for (const char* prefix = va_arg(prefixes, const char*); prefix; prefix = va_arg(prefixes, const char*)) {
            if (c->prefix_count == PREFIX_MAX) break;
            char* out = c->prefixes[c->prefix_count];
            if ((uintptr_t)prefix < ADL_STR_LAST) {
                /* A standard response ID instead of a string (ADL_STR_CREG): its text, without
                 * the space after the ':'. No string lives that low: the vectors do. */
                const char* text = adl_strGetResponse((adl_strID_e)(uintptr_t)prefix);
                if (!text) continue;
                strncpy(out, text, PREFIX_LENGTH);
                out[PREFIX_LENGTH] = 0;
                const size_t length = strlen(out);
                if (length > 1 && out[length - 1] == ' ') out[length - 1] = 0;
            } else {
                strncpy(out, prefix, PREFIX_LENGTH);
                out[PREFIX_LENGTH] = 0;
            }
            ++c->prefix_count;
        }
    }
    ++queue_count;
    return OK;
}

s8 adl_atCmdCreate(const ascii* atstr, u16 rspflag, adl_atRspHandler_t rsphdl, ...) {
    va_list prefixes;
    va_start(prefixes, rsphdl);
    const s8 rc = queue_command(atstr, (rspflag & 0xFFu) != 0, rsphdl, NULL, prefixes);
    va_end(prefixes);
    return rc;
}

s8 adl_atCmdSend(const ascii* atstr, adl_atRspHandler_t rsphdl, ...) {
    va_list prefixes;
    va_start(prefixes, rsphdl);
    const s8 rc = queue_command(atstr, false, rsphdl, NULL, prefixes);
    va_end(prefixes);
    return rc;
}

s8 adl_atCmdSendExt(const ascii* atstr, adl_atPort_e port, u16 NI, void* context, adl_atRspHandler_t rsphdl, ...) {
    (void)NI;
    va_list prefixes;
    va_start(prefixes, rsphdl);
    const s8 rc = queue_command(atstr, port == ADL_PORT_UART1, rsphdl, context, prefixes);
    va_end(prefixes);
    return rc;
}

static bool start_application_command(void) {
    if (app_port.executing || queue_count == 0) return false;
    app_port.command = queue[queue_head];
    queue_head = (queue_head + 1) % QUEUE_MAX;
    --queue_count;
    start_line(&app_port, app_port.command.line);
    return true;
}

/* ---- input ------------------------------------------------------------------------------ */
static void echo(char c) {
    const bool cr_lf = after_cr && c == '\n';
    after_cr = c == '\r';
    if (!echo_enabled || cr_lf) return;
    if (c == '\b' || c == 0x7F) {
        /* Erase on the screen what was erased in the line; at the start of a line there is
         * nothing to erase, and a raw BS or DEL would only confuse the terminal. */
        if (echo_column > 0) {
            at_uart_write("\b \b", 3);
            --echo_column;
        }
        return;
    }
    at_uart_write(&c, 1);
    if (c == '\r' || c == '\n')
        echo_column = 0;
    else if ((unsigned char)c >= 0x20)
        ++echo_column;
}

static void take_character(char c) {
    echo(c);
    switch (state) {
        case WAIT_A:
            if (c == 'A' || c == 'a') state = WAIT_T;
            break;
        case WAIT_T:
            if (c == 'T' || c == 't') {
                state = IN_LINE;
                line_length = 0;
                line_overflow = false;
            } else if (c == '/') {
                state = WAIT_A;
                start_line(&uart_port, last_line);
            } else if (c != 'A' && c != 'a') {
                state = WAIT_A;
            }
            break;
        case IN_LINE:
            if (c == (char)at_v250_register(3)) {
                state = WAIT_A;
                line[line_length] = 0;
                if (line_overflow) {
                    write_uart_line("ERROR", true);
                } else {
                    strcpy(last_line, line);
                    start_line(&uart_port, line);
                }
            } else if (c == (char)at_v250_register(5) || c == 0x7F) {
                if (line_length > 0)
                    --line_length;
                else
                    state = WAIT_T;  /* deleted the T */
            } else if (c == '\n') {
                /* ignored */
            } else if (line_length < AT_LINE_MAX) {
                line[line_length++] = c;
            } else {
                line_overflow = true;
            }
            break;
    }
}

void at_engine_init(void) {
    state = WAIT_A;
    echo_column = 0;
    after_cr = false;
    line_length = 0;
    last_line[0] = 0;
    uart_port.id = ADL_PORT_UART1;
    app_port.id = ADL_PORT_OPEN_AT_VIRTUAL_BASE;
    uart_port.executing = uart_port.waiting_final = false;
    app_port.executing = app_port.waiting_final = false;
    queue_head = queue_count = 0;
    dispatching = NULL;
}

static bool port_runnable(const struct port* p) { return p->executing && !p->waiting_final; }

bool at_engine_has_work(void) {
    return port_runnable(&uart_port) || port_runnable(&app_port) || (!app_port.executing && queue_count) ||
           (!uart_port.executing && at_uart_has_input());
}

bool at_engine_poll(void) {
    bool worked = false;
    if (port_runnable(&app_port)) {
        continue_line(&app_port);
        worked = true;
    }
    worked |= start_application_command();
    if (uart_port.executing) {
        if (uart_port.waiting_final) return worked; /* input stays queued until the final response */
        continue_line(&uart_port);
        worked = true;
    }
    uint8_t byte;
    while (!uart_port.executing && at_uart_read(&byte)) {
        take_character((char)byte);
        worked = true;
    }
    return worked;
}
