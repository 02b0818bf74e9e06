/* adl_api — AT commands that expose what the ADL API does, for the test
 * sdk_adl_api_contract (tests/CMakeLists.txt). Written against adl_global.h only, with the
 * older single entry point adl_main + wm_apmCustomStackSize. */
#include "adl_global.h"
#include "wip.h"

const u16 wm_apmCustomStackSize = 4096;

static void respond(adl_atCmdPreParser_t* paras, const ascii* text) {
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), text);
}
static void ok(adl_atCmdPreParser_t* paras) {
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_OK);
}

/* AT+PCOUNT=a[,b[,c]]: "+PCOUNT: <NbPara>,<p0>,<p1>,<p2>" (NULL for an absent one);
 * AT+PCOUNT=?: "+PCOUNT: <StrData>". */
static void pcount_handler(adl_atCmdPreParser_t* paras) {
    ascii text[160];
    if (paras->Type == ADL_CMD_TYPE_TEST) {
        wm_sprintf(text, "\r\n+PCOUNT: %s,%u\r\n", paras->StrData, (unsigned)paras->StrLength);
    } else {
        const ascii* p[3];
        for (int i = 0; i < 3; ++i) p[i] = ADL_GET_PARAM(paras, i) ? ADL_GET_PARAM(paras, i) : "NULL";
        wm_sprintf(text, "\r\n+PCOUNT: %u,%s,%s,%s\r\n", (unsigned)paras->NbPara, p[0], p[1], p[2]);
    }
    respond(paras, text);
    ok(paras);
}

/* AT+WM: the wm_* helpers on fixed inputs. */
static void wm_handler(adl_atCmdPreParser_t* paras) {
    ascii text[160], hex[8], param[32], number[12];
    if (!wm_strGetParameterString(param, "\r\n+CCLK: \"24/05/17,10:00:00+08\",7\r\n", 2)) wm_strcpy(param, "none");
    wm_sprintf(text, "\r\n+WM: %ld,%lu,%s,%d,%d,%s,%s,%d\r\n", (long)wm_atoi("-42"), (unsigned long)wm_hexatoi("1aF", 3),
               wm_itohexa(hex, 0xBEEF, 6), wm_isnumstring("123"), wm_isnumstring("12a"), param,
               wm_itoa(-7, number), (int)wm_stricmp("Hello", "hELLO"));
    respond(paras, text);
    ok(paras);
}

/* AT+UNSUB: unsubscribes AT+WM (first with the wrong handler). */
static void unsub_handler(adl_atCmdPreParser_t* paras) {
    ascii text[48];
    const s16 wrong = adl_atCmdUnSubscribe("AT+WM", unsub_handler);
    const s16 right = adl_atCmdUnSubscribe("AT+WM", wm_handler);
    wm_sprintf(text, "\r\n+UNSUB: %d,%d\r\n", wrong, right);
    respond(paras, text);
    ok(paras);
}

/* AT+SENDALL: ATI through adl_atCmdSend with "*": every response reaches the handler. */
static u32 responses;
static bool sendall_response(adl_atResponse_t* r) {
    ++responses;
    if (r->IsTerminal) {
        ascii text[48];
        wm_sprintf(text, "\r\n+SENDALL: %lu,%d\r\n", (unsigned long)responses, (int)r->RspID);
        adl_atSendResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_RSP), text);
        adl_atSendStdResponse(ADL_AT_PORT_TYPE(ADL_PORT_UART1, ADL_AT_RSP), ADL_STR_OK);
    }
    return FALSE;
}
static void sendall_handler(adl_atCmdPreParser_t* paras) {
    (void)paras;
    responses = 0;
    if (adl_atCmdSend("ATI", sendall_response, "*", NULL) != OK) adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_ERROR);
}

/* AT+TMR: a 100-tick timer stopped at once (the ticks left), a 5 x 100 ms one that fires. */
static void fired(u8 id, void* context) {
    (void)id;
    (void)context;
    adl_atSendResponse(ADL_AT_UNS, "\r\n+TMR: fired\r\n");
}
static void tmr_handler(adl_atCmdPreParser_t* paras) {
    ascii text[64];
    adl_tmr_t* t = adl_tmrSubscribe(FALSE, 100, ADL_TMR_TYPE_TICK, fired);
    const s32 left = adl_tmrUnSubscribe(t, fired, ADL_TMR_TYPE_TICK);
    const s32 again = adl_tmrUnSubscribe(t, fired, ADL_TMR_TYPE_TICK);
    const bool zero = adl_tmrSubscribe(FALSE, 0, ADL_TMR_TYPE_100MS, fired) == NULL;
    adl_tmrSubscribe(FALSE, 5, ADL_TMR_TYPE_100MS, fired);
    wm_sprintf(text, "\r\n+TMR: %ld,%ld,%d\r\n", (long)left, (long)again, zero);
    respond(paras, text);
    ok(paras);
}

/* AT+MEM: adl_memGet, adl_memRelease sets the pointer to NULL. */
static void mem_handler(adl_atCmdPreParser_t* paras) {
    ascii text[48];
    u8* block = adl_memGet(100);
    const bool got = block != NULL;
    if (block) wm_memset(block, 0xA5, 100);
    const bool released = adl_memRelease(block);
    wm_sprintf(text, "\r\n+MEM: %d,%d,%d\r\n", got, released, block == NULL);
    respond(paras, text);
    ok(paras);
}

/* AT+RTC: the time stamp of the RTC, the round trip through adl_rtcConvertTime, the week day,
 * and adl_rtcDiffTime against one hour and a half second earlier. */
static void rtc_handler(adl_atCmdPreParser_t* paras) {
    ascii text[96];
    adl_rtcTime_t now, back;
    adl_rtcTimeStamp_t stamp, earlier, diff;
    adl_rtcGetTime(&now);
    now.SecondFracPart = 0;
    adl_rtcConvertTime(&now, &stamp, ADL_RTC_CONVERT_TO_TIMESTAMP);
    adl_rtcConvertTime(&back, &stamp, ADL_RTC_CONVERT_FROM_TIMESTAMP);
    earlier.TimeStamp = stamp.TimeStamp - 3601;
    earlier.SecondFracPart = 16384;
    const s32 way = adl_rtcDiffTime(&stamp, &earlier, &diff);
    wm_sprintf(text, "\r\n+RTC: %lu,%d,%u,%d,%lu,%lu,%lu\r\n", (unsigned long)stamp.TimeStamp,
               back.Year == now.Year && back.Month == now.Month && back.Day == now.Day && back.Hour == now.Hour &&
                   back.Minute == now.Minute && back.Second == now.Second,
               (unsigned)now.WeekDay, (int)way, (unsigned long)ADL_RTC_GET_TIMESTAMP_HOURS(diff),
               (unsigned long)ADL_RTC_GET_TIMESTAMP_SECONDS(diff), (unsigned long)ADL_RTC_GET_TIMESTAMP_MS(diff));
    respond(paras, text);
    ok(paras);
}

/* +WIND: seen through adl_atUnSoSubscribe; "+WIND: 4" is kept from the port. */
static u32 winds;
static ascii last_wind[32];
static bool wind_handler(adl_atUnsolicited_t* u) {
    ++winds;
    wm_strRemoveCRLF(last_wind, u->StrData, sizeof last_wind - 1);
    return wm_strstr(u->StrData, "+WIND: 4") == NULL;
}
/* AT+UNSO: "+UNSO: <count>,<RspID>,<last one>" */
static void unso_handler(adl_atCmdPreParser_t* paras) {
    ascii text[80];
    wm_sprintf(text, "\r\n+UNSO: %lu,%d,%s\r\n", (unsigned long)winds, (int)adl_strGetID(last_wind), last_wind);
    respond(paras, text);
    ok(paras);
}

/* AT+LST: a sorted wm_lst of numbers: "+LST: <count>,<first>,<last>,<index of 30>,<count after a delete>" */
static s16 compare_numbers(void* a, void* b) { return (s16)((s32)(intptr_t)a - (s32)(intptr_t)b); }
static void lst_handler(adl_atCmdPreParser_t* paras) {
    ascii text[64];
    wm_lstTable_t table = {compare_numbers, NULL};
    wm_lst_t list = wm_lstCreate(WM_LIST_SORTED, &table);
    static const int numbers[] = {40, 10, 30, 20};
    for (unsigned i = 0; i < 4; ++i) wm_lstAddItem(list, (void*)(intptr_t)numbers[i]);
    const u16 count = wm_lstGetCount(list);
    const int first = (int)(intptr_t)wm_lstGetItem(list, 0);
    const int last = (int)(intptr_t)wm_lstGetItem(list, (u16)(count - 1));
    const s16 found = wm_lstFindItem(list, (void*)(intptr_t)30);
    const s16 left = wm_lstDeleteItem(list, 0);
    wm_sprintf(text, "\r\n+LST: %u,%d,%d,%d,%d\r\n", count, first, last, found, left);
    wm_lstDestroy(list);
    static const u8 bytes[] = {0xDE, 0xAD, 0xBE, 0xEF};
    DUMP((1, bytes, sizeof bytes));
    respond(paras, text);
    ok(paras);
}

/* AT+SMS: a service that is declared but not emulated. */
static bool sms_in(ascii* tel, ascii* time, ascii* text) {
    (void)tel;
    (void)time;
    (void)text;
    return FALSE;
}
static void sms_control(u8 event, u16 nb) {
    (void)event;
    (void)nb;
}
static void sms_handler(adl_atCmdPreParser_t* paras) {
    ascii text[48];
    const s8 handle = adl_smsSubscribe(sms_in, sms_control, ADL_SMS_MODE_TEXT);
    const s8 again = adl_smsSubscribe(sms_in, sms_control, ADL_SMS_MODE_TEXT);
    wm_sprintf(text, "\r\n+SMS: %d,%d,%d\r\n", handle, again, adl_smsSend(0, "+3360000000", "hi", ADL_SMS_MODE_TEXT));
    respond(paras, text);
    ok(paras);
}

void adl_main(adl_InitType_e init_type) {
    TRACE((1, "adl_api: adl_main, init type %d", (int)init_type));
    wip_debug("adl_api: wip_debug %d, wip_setCtx(NULL) = %d", 42, wip_setCtx(NULL, NULL));
    adl_atCmdSubscribe("AT+PCOUNT", pcount_handler, ADL_CMD_TYPE_PARA | ADL_CMD_TYPE_TEST | 0x31);
    adl_atCmdSubscribe("at+wm", wm_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+UNSUB", unsub_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+SENDALL", sendall_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+TMR", tmr_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+MEM", mem_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+RTC", rtc_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+UNSO", unso_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+LST", lst_handler, ADL_CMD_TYPE_ACT);
    adl_atCmdSubscribe("AT+SMS", sms_handler, ADL_CMD_TYPE_ACT);
    adl_atUnSoSubscribe("+WIND:", wind_handler);
}
