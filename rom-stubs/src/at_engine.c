/* AT command engine (ITU-T V.250 command line, Wavecom conventions).
 *
 * Line assembly: characters before "AT"/"at" are discarded; the line ends with CR (S3);
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
 * Responses are "\r\n<text>\r\n" (ATV1 format). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "hw.h"

#define AT_LINE_MAX 256u
#define MAX_SUBSCRIPTIONS 48u
#define MAX_NAME 16u

struct subscription {
    char name[MAX_NAME + 1];
    adl_atCmdHandler_t handler;
    u16 options;
    void* context;
};

static struct subscription subscriptions[MAX_SUBSCRIPTIONS];
static unsigned subscription_count;

/* Line assembly. */
enum line_state { WAIT_A, WAIT_T, IN_LINE };
static enum line_state state;
static char line[AT_LINE_MAX + 1];
static unsigned line_length;
static bool line_overflow;
static char last_line[AT_LINE_MAX + 1];

/* Execution of the current line. */
static char exec_line[AT_LINE_MAX + 1];
static unsigned exec_pos;
static bool executing;          /* a line is being executed */
static bool waiting_final;      /* a handler owes its final response */
static bool command_failed;
static char failure_text[48];

/* Echo (ATE). */
static bool echo_enabled = true;
static unsigned echo_column;    /* characters echoed since the last CR or response: what BS may erase */
static bool after_cr;           /* the previous character received was a CR */

/* Settings (AT+CMEE). */
static u8 cmee_mode = 0;

void at_set_echo(bool on) { echo_enabled = on; }
void at_set_cmee(u8 mode) { cmee_mode = mode; }
u8 at_cmee(void) { return cmee_mode; }

static void send_line(const char* text) {
    echo_column = 0;
    at_uart_write("\r\n", 2);
    at_uart_write_str(text);
    at_uart_write("\r\n", 2);
}

/* ---- subscriptions ------------------------------------------------------------------------ */
static bool name_equals(const char* a, const char* b, unsigned b_length) {
    unsigned i = 0;
    for (; i < b_length; ++i)
        if (!a[i] || toupper((unsigned char)a[i]) != toupper((unsigned char)b[i])) return false;
    return a[i] == 0;
}

s8 adl_atCmdSubscribeCtx(const char* command, adl_atCmdHandler_t handler, u16 options, void* context) {
    if (!command || !handler || strlen(command) > MAX_NAME) return -1;
    for (unsigned i = 0; i < subscription_count; ++i) {
        if (name_equals(subscriptions[i].name, command, (unsigned)strlen(command))) {
            subscriptions[i].handler = handler;  /* re-subscription replaces */
            subscriptions[i].options = options;
            subscriptions[i].context = context;
            return 0;
        }
    }
    if (subscription_count == MAX_SUBSCRIPTIONS) return -1;
    struct subscription* s = &subscriptions[subscription_count++];
    strcpy(s->name, command);
    s->handler = handler;
    s->options = options;
    s->context = context;
    return 0;
}

s8 adl_atCmdSubscribe(const char* command, adl_atCmdHandler_t handler, u16 options) {
    return adl_atCmdSubscribeCtx(command, handler, options, NULL);
}

static const struct subscription* find_subscription(const char* name, unsigned length) {
    for (unsigned i = 0; i < subscription_count; ++i)
        if (name_equals(subscriptions[i].name, name, length)) return &subscriptions[i];
    return NULL;
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

static void finish_command(bool ok, const char* error_text) {
    if (!waiting_final) return;  /* a second final response for one command: ignored */
    waiting_final = false;
    if (!ok) {
        command_failed = true;
        strncpy(failure_text, error_text, sizeof failure_text - 1);
        failure_text[sizeof failure_text - 1] = 0;
    }
}

void adl_atSendResponse(u16 type, const char* text) {
    (void)type;
    send_line(text);
}

void adl_atSendStdResponse(u16 type, adl_strID_e id) {
    (void)type;
    finish_command(id == ADL_STR_OK, "ERROR");
}

void adl_atSendCmeError(u16 code) {
    char text[48];
    if (cmee_mode == 0)
        strcpy(text, "ERROR");
    else if (cmee_mode == 1)
        snprintf(text, sizeof text, "+CME ERROR: %u", (unsigned)code);
    else
        snprintf(text, sizeof text, "+CME ERROR: %s", adl_cmeText(code));
    finish_command(false, text);
}

/* ---- parsing and running one command ------------------------------------------------------ */
static bool is_name_char(char c) {
    return isalnum((unsigned char)c) || c == '!' || c == '%' || c == '-' || c == '.' || c == '/' || c == ':' ||
           c == '_' || c == '&' || c == '+' || c == '*' || c == '#' || c == '$';
}

/* Splits `p1,"p 2",,p4` (in place) into parameters; false on a syntax error (an unterminated
 * string, text after a closing quote, a quote inside a bare value, too many parameters). */
static bool parse_parameters(char* text, adl_atCmdPreParser_t* p) {
    p->NbPara = 0;
    if (!*text) return true;
    char* cursor = text;
    for (;;) {
        if (p->NbPara == ADL_AT_MAX_PARAMS) return false;
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
        p->ParaQuoted[p->NbPara] = quoted;
        p->ParaList[p->NbPara++] = value;
        if (!separator) return true;
        ++cursor;  /* past the ',' */
    }
}

static char command_text[AT_LINE_MAX + 1];
static char parameter_text[AT_LINE_MAX + 1];
static adl_atCmdPreParser_t request;

/* Dispatches an extended command "+NAME[=?|?|=params]" to its subscription. */
static void run_extended(const char* text, unsigned length) {
    memcpy(command_text, text, length);
    command_text[length] = 0;
    unsigned name_length = 1;
    while (name_length < length && is_name_char(text[name_length]) && text[name_length] != '+') ++name_length;
    const struct subscription* s = find_subscription(text, name_length);
    memset(&request, 0, sizeof request);
    request.StrData = command_text;
    request.StrLength = (u16)length;
    const char* rest = text + name_length;
    const unsigned rest_length = length - name_length;
    bool syntax_ok = true;
    if (rest_length == 0) {
        request.Type = ADL_CMD_TYPE_ACT;
    } else if (rest_length == 1 && rest[0] == '?') {
        request.Type = ADL_CMD_TYPE_READ;
    } else if (rest_length == 2 && rest[0] == '=' && rest[1] == '?') {
        request.Type = ADL_CMD_TYPE_TEST;
    } else if (rest[0] == '=') {
        request.Type = ADL_CMD_TYPE_PARA;
        memcpy(parameter_text, rest + 1, rest_length - 1);
        parameter_text[rest_length - 1] = 0;
        syntax_ok = parse_parameters(parameter_text, &request);
    } else {
        syntax_ok = false;
    }
    waiting_final = true;
    if (!s || !syntax_ok || !(s->options & request.Type)) {
        finish_command(false, "ERROR");
        return;
    }
    request.Contxt = s->context;
    s->handler(&request);
}

/* Basic commands: E[n], I[n], Z[n], &F[n]. */
static unsigned run_basic(const char* text) {
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
    int value = -1;
    while (isdigit((unsigned char)text[used])) {
        value = (value < 0 ? 0 : value * 10) + (text[used] - '0');
        ++used;
        if (value > 255) break;
    }
    /* Dispatched like "E" with its digits as the parameter, through the same table. */
    const struct subscription* s = find_subscription(name, (unsigned)strlen(name));
    memset(&request, 0, sizeof request);
    strcpy(command_text, name);
    request.StrData = command_text;
    request.StrLength = (u16)strlen(command_text);
    static char digits[8];
    waiting_final = true;
    if (!s) {
        finish_command(false, "ERROR");
        return used;
    }
    request.Contxt = s->context;
    if (value >= 0) {
        snprintf(digits, sizeof digits, "%d", value);
        request.Type = ADL_CMD_TYPE_PARA;
        request.NbPara = 1;
        request.ParaList[0] = digits;
    } else {
        request.Type = ADL_CMD_TYPE_ACT;
    }
    if (!(s->options & request.Type)) {
        finish_command(false, "ERROR");
        return used;
    }
    s->handler(&request);
    return used;
}

/* Runs the next command of exec_line; returns false when the line is exhausted. */
static bool run_next_command(void) {
    while (exec_line[exec_pos] == ' ' || exec_line[exec_pos] == ';') ++exec_pos;
    const char* text = exec_line + exec_pos;
    if (!*text) return false;
    if (*text == '+' || *text == '*' || *text == '#' || *text == '$') {
        /* Extended command: up to the next ';' outside quotes. */
        unsigned length = 0;
        bool in_quotes = false;
        while (text[length] && (in_quotes || text[length] != ';')) {
            if (text[length] == '"') in_quotes = !in_quotes;
            ++length;
        }
        exec_pos += length;
        /* V.250 §5.2.1: spaces are ignored — "AT+CGMI ;+CGMM" is "AT+CGMI;+CGMM". */
        while (length > 0 && text[length - 1] == ' ') --length;
        run_extended(text, length);
    } else if (isalpha((unsigned char)*text) || *text == '&') {
        exec_pos += run_basic(text);
    } else {
        waiting_final = true;
        finish_command(false, "ERROR");
        exec_pos += 1;
    }
    return true;
}

/* After a line's final result code: the software reset an AT+CFUN=1 on it asked for. Also when
 * a later command on the line failed — the +CFUN=1 ran; leaving its reset pending made it fire
 * after the final result of some later, unrelated line (found by `q2686emu fuzz-at`). */
static void reset_if_requested(void) {
    if (!rom_reset_requested()) return;
    at_uart_flush();
    reg_write(Q2686_SYSCTL_BASE, SYSCTL_RESET, SYSCTL_KEY_RESET);
}

/* Drives the line until it ends or a handler answers later. */
static void continue_line(void) {
    while (executing && !waiting_final) {
        if (command_failed) {
            send_line(failure_text);
            executing = false;
            reset_if_requested();
        } else if (!run_next_command()) {
            send_line("OK");
            executing = false;
            reset_if_requested();
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

static void start_line(const char* text) {
    copy_without_spaces(exec_line, text);
    exec_pos = 0;
    executing = true;
    command_failed = false;
    waiting_final = false;
    continue_line();
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
                start_line(last_line);
            } else if (c != 'A' && c != 'a') {
                state = WAIT_A;
            }
            break;
        case IN_LINE:
            if (c == '\r') {
                state = WAIT_A;
                line[line_length] = 0;
                if (line_overflow) {
                    send_line("ERROR");
                } else {
                    strcpy(last_line, line);
                    start_line(line);
                }
            } else if (c == '\b' || c == 0x7F) {
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
    executing = false;
    waiting_final = false;
}

bool at_engine_has_work(void) {
    return (executing && !waiting_final) || (!executing && at_uart_has_input());
}

bool at_engine_poll(void) {
    bool worked = false;
    if (executing) {
        if (waiting_final) return false;  /* input stays queued until the final response */
        continue_line();
        worked = true;
    }
    uint8_t byte;
    while (!executing && at_uart_read(&byte)) {
        take_character((char)byte);
        worked = true;
    }
    return worked;
}
