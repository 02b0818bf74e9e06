/* hello — an Open AT application for the emulated Q2686, written against the public ADL API
 * only (adl_global.h) and built outside the q2686emu tree (docs/sdk.md):
 *
 *   AT+HELLO=<name>[,<times>]  answers "+HELLO: Hello, <name>!" <times> times (1..5)
 *   AT+HELLO?                  "+HELLO: <seconds>,<init type>": the seconds counted by a cyclic
 *                              timer since the application started, and adl_InitGetType()
 *   AT+HELLO=?                 "+HELLO: (name),(1-5)"
 *   AT+NOW                     the clock twice: "+NOW: 2024-05-17 10:00:05 Fri" from
 *                              adl_rtcGetTime, then "+NOW: CCLK 24/05/17,10:00:05+08" from the
 *                              modem's own AT+CCLK?, which the application sends with
 *                              adl_atCmdCreate and reads in a response handler.
 *
 * Two tasks in the task table show the start order (the highest priority first); the trace
 * lines appear with `q2686emu at --events`. */
#include "adl_global.h"

static u32 seconds;
static const ascii* const week_days[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* ---- AT+HELLO ---------------------------------------------------------------------------- */
static void hello_handler(adl_atCmdPreParser_t* paras) {
    ascii text[80];
    switch (paras->Type) {
        case ADL_CMD_TYPE_TEST:
            adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), "\r\n+HELLO: (name),(1-5)\r\n");
            break;
        case ADL_CMD_TYPE_READ:
            wm_sprintf(text, "\r\n+HELLO: %lu,%d\r\n", (unsigned long)seconds, (int)adl_InitGetType());
            adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), text);
            break;
        case ADL_CMD_TYPE_PARA: {
            const ascii* name = ADL_GET_PARAM(paras, 0);
            const ascii* times_text = ADL_GET_PARAM(paras, 1);
            s32 times = 1;
            if (times_text) {
                if (!wm_isnumstring(times_text)) {
                    adl_atSendStdResponseExt(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_CME_ERROR, 3);
                    return;
                }
                times = wm_atoi(times_text);
            }
            if (!name || wm_strlen(name) > 32 || times < 1 || times > 5) {
                adl_atSendStdResponseExt(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_CME_ERROR, 3);
                return;
            }
            TRACE((1, "AT+HELLO for %s, %ld time(s)", name, (long)times));
            for (s32 i = 0; i < times; ++i) {
                wm_sprintf(text, "\r\n+HELLO: Hello, %s!\r\n", name);
                adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), text);
            }
            break;
        }
        default: break;
    }
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_OK);
}

/* ---- AT+NOW ------------------------------------------------------------------------------ */
static ascii cclk[32];

/* The responses of the AT+CCLK? this application sent: "+CCLK: ..." then the final "OK". */
static bool cclk_response_handler(adl_atResponse_t* paras) {
    ascii text[64];
    if (paras->RspID == ADL_STR_NO_STRING) {
        if (!wm_strGetParameterString(cclk, paras->StrData, 1)) cclk[0] = 0;
        return FALSE; /* keep it: the AT port sees our own +NOW line instead */
    }
    if (paras->IsTerminal) {
        if (paras->RspID == ADL_STR_OK) {
            wm_sprintf(text, "\r\n+NOW: CCLK %s\r\n", cclk);
            adl_atSendResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_RSP), text);
            adl_atSendStdResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_RSP), ADL_STR_OK);
        } else {
            adl_atSendStdResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_RSP), ADL_STR_ERROR);
        }
    }
    return FALSE;
}

static void now_handler(adl_atCmdPreParser_t* paras) {
    adl_rtcTime_t now;
    ascii text[64];
    if (adl_rtcGetTime(&now) != OK) {
        adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_ERROR);
        return;
    }
    wm_sprintf(text, "\r\n+NOW: %04u-%02u-%02u %02u:%02u:%02u %s\r\n", now.Year, now.Month, now.Day, now.Hour,
               now.Minute, now.Second, week_days[now.WeekDay % 7]);
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), text);
    /* The final response comes from the response handler, once the modem has answered. */
    if (adl_atCmdCreate("AT+CCLK?", FALSE, cclk_response_handler, "+CCLK:", "OK", "ERROR", "+CME ERROR:", NULL) != OK)
        adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_ERROR);
}

/* ---- the tasks ------------------------------------------------------------------------------ */
static void tick(u8 id, void* context) {
    (void)id;
    (void)context;
    ++seconds;
    if (seconds % 10 == 0) TRACE((2, "hello: %lu seconds", (unsigned long)seconds));
}

static void main_task(void) {
    TRACE((1, "hello: main task, init type %d", (int)adl_InitGetType()));
    adl_atCmdSubscribe("AT+HELLO", hello_handler, ADL_CMD_TYPE_TEST | ADL_CMD_TYPE_READ | ADL_CMD_TYPE_PARA | 0x21);
    adl_atCmdSubscribe("AT+NOW", now_handler, ADL_CMD_TYPE_ACT);
}

static void timer_task(void) {
    TRACE((1, "hello: timer task"));
    adl_tmrSubscribe(TRUE, 10, ADL_TMR_TYPE_100MS, tick); /* every second */
}

const adl_InitTasks_t adl_InitTasks[] = {
    {main_task, 3 * 1024, "hello", 2},
    {timer_task, 1024, "timer", 1},
    {0, 0, 0, 0},
};

const ascii adl_InitApplicationName[] = "hello";
const ascii adl_InitCompanyName[] = "q2686emu";
const ascii adl_InitApplicationVersion[] = "1.0";
