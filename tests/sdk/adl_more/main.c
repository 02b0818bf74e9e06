/* adl_more — AT commands that call the rest of the public ADL API, for the tests
 * sdk_adl_services_not_emulated and sdk_adl_root_text_halt (tests/CMakeLists.txt). Written
 * against adl_global.h only, with the task table. Each service command calls every function of
 * the service once, in the order of its header, and answers "+<CMD>: <result>,<result>,...". */
#include "adl_global.h"

static void respond(adl_atCmdPreParser_t* paras, const ascii* text) {
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), text);
}
static void ok(adl_atCmdPreParser_t* paras) {
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_OK);
}

/* The results of one command, "\r\n+NAME: r1,r2,...\r\n". */
static ascii results[256];
static void results_start(const ascii* name) { wm_sprintf(results, "\r\n+%s: ", name); }
static void result(s32 value) {
    const u32 length = wm_strlen(results);
    wm_sprintf(results + length, "%s%ld", results[length - 1] == ' ' ? "" : ",", (long)value);
}
static void results_send(adl_atCmdPreParser_t* paras) {
    wm_strcat(results, "\r\n");
    respond(paras, results);
    ok(paras);
}

/* ---- AT+GPIO ---- */
static void gpio_event(s32 handle, adl_ioEvent_e event, u32 size, void* param) {
    (void)handle;
    (void)event;
    (void)size;
    (void)param;
}
static void gpio_handler(adl_atCmdPreParser_t* paras) {
    adl_ioDefs_t config[2] = {ADL_IO_GPIO | 1 | ADL_IO_DIR_OUT | ADL_IO_LEV_LOW, ADL_IO_GPIO | 2 | ADL_IO_DIR_IN};
    adl_ioDefs_t one = ADL_IO_GPIO | 1;
    adl_ioDefs_t* list = NULL;
    adl_ioCap_t counts;
    u32 count = 0;
    results_start("GPIO");
    const s32 events = adl_ioEventSubscribe(gpio_event);
    result(events);
    result(adl_ioEventUnsubscribe(events));
    const s32 handle = adl_ioSubscribe(2, config, ADL_TMR_TYPE_100MS, 1, events);
    result(handle);
    result(adl_ioUnsubscribe(handle));
    result(adl_ioSetDirection(handle, 1, &one));
    result(adl_ioGetCapabilitiesList(&count, &list, &counts));
    result(adl_ioRead(handle, 2, config));
    result(adl_ioReadSingle(handle, &one));
    result(adl_ioWrite(handle, 1, &one));
    result(adl_ioWriteSingle(handle, &one, TRUE));
    /* The documented bit fields. */
    result((ADL_IO_GPIO | 5 | ADL_IO_DIR_IN) & ADL_IO_NUM_MSK);
    result(ADL_IO_LEV_HIGH == 0x10000);
    results_send(paras);
}

/* ---- AT+BUS ---- */
static void bus_handler(adl_atCmdPreParser_t* paras) {
    const adl_busI2CSettings_t i2c = {0xA0 >> 1, ADL_BUS_I2C_CLK_STD, ADL_BUS_I2C_ADDR_7_BITS, ADL_BUS_I2C_MASTER_MODE};
    const adl_busSPISettings_t spi = {1,
                                ADL_BUS_SPI_CLK_MODE_0,
                                ADL_BUS_SPI_ADDR_CS_GPIO,
                                ADL_BUS_SPI_CS_POL_LOW,
                                ADL_BUS_SPI_MSB_FIRST,
                                ADL_IO_GPIO | 31,
                                ADL_BUS_SPI_LOAD_UNUSED,
                                ADL_BUS_SPI_DATA_UNIDIR,
                                ADL_BUS_SPI_MASTER_MODE,
                                ADL_BUS_SPI_BUSY_UNUSED};
    adl_busAccess_t access = {0, 0, 0, 0, {0, 0}};
    u32 size = 8;
    u8 data[4] = {1, 2, 3, 4};
    results_start("BUS");
    const s32 handle = adl_busSubscribe(ADL_BUS_I2C, 1, &i2c);
    result(handle);
    result(adl_busUnsubscribe(handle));
    result(adl_busIOCtl(handle, ADL_BUS_CMD_SET_ADD_SIZE, &size));
    result(adl_busRead(handle, &access, sizeof data, data));
    result(adl_busWrite(handle, &access, sizeof data, data));
    result(adl_busReadExt(handle, &access, sizeof data, data, NULL));
    result(adl_busWriteExt(handle, &access, sizeof data, data, NULL));
    result(adl_busDirectRead(handle, 0x50, sizeof data, data));
    result(adl_busDirectWrite(handle, 0x50, sizeof data, data));
    result(adl_busSubscribe(ADL_BUS_ID_SPI, 1, &spi)); /* a second call: no second event */
    results_send(paras);
}

/* ---- AT+CALL ---- */
static s8 call_event(u16 event, u32 call_id) {
    (void)event;
    (void)call_id;
    return ADL_CALL_FORWARD;
}
static void call_handler(adl_atCmdPreParser_t* paras) {
    results_start("CALL");
    result(adl_callSubscribe(call_event));
    result(adl_callUnsubscribe(call_event));
    result(adl_callSetup("+33612345678", ADL_CALL_MODE_VOICE));
    result(adl_callSetupExt("+33612345678", ADL_CALL_MODE_DATA, ADL_PORT_UART1));
    result(adl_callHangup());
    result(adl_callHangupExt(ADL_PORT_UART1));
    result(adl_callAnswer());
    result(adl_callAnswerExt(ADL_PORT_UART1));
    results_send(paras);
}

/* ---- AT+FCM ---- */
static bool fcm_control(adl_fcmEvent_e event) {
    (void)event;
    return TRUE;
}
static bool fcm_data(u16 size, u8* data) {
    (void)size;
    (void)data;
    return TRUE;
}
static void fcm_handler(adl_atCmdPreParser_t* paras) {
    static u8 payload[4] = {'d', 'a', 't', 'a'};
    adl_fcmDataBlock_t* block = adl_memGet(sizeof(adl_fcmDataBlock_t) + sizeof payload);
    block->DataLength = sizeof payload;
    wm_memcpy(block->Data, payload, sizeof payload);
    results_start("FCM");
    const s8 handle = adl_fcmSubscribe(ADL_FCM_FLOW_V24_UART1, fcm_control, fcm_data);
    result(handle);
    result(adl_fcmUnsubscribe((u8)handle));
    result(adl_fcmReleaseCredits((u8)handle, 1));
    result(adl_fcmSwitchV24State((u8)handle, ADL_FCM_V24_STATE_DATA));
    result(adl_fcmSendData((u8)handle, payload, sizeof payload));
    result(adl_fcmSendDataExt((u8)handle, block));
    result(adl_fcmGetStatus((u8)handle, ADL_FCM_WAY_TO_EMBEDDED));
    result(adl_fcmIsAvailable(ADL_FCM_FLOW_GPRS));
    result(ADL_FCM_RET_ERR_WAIT_RESUME);
    adl_memRelease(block);
    results_send(paras);
}

/* ---- AT+AUDIO ---- */
static void audio_event(s32 handle, adl_audioEvents_e event) {
    (void)handle;
    (void)event;
}
static void audio_handler(adl_atCmdPreParser_t* paras) {
    static u16 melody[] = {ADL_AUDIO_NOTE_DEF(ADL_AUDIO_A, 3, ADL_AUDIO_DOTTED_QUARTER),
                           ADL_AUDIO_NOTE_DEF(ADL_AUDIO_NO_SOUND, 0, ADL_AUDIO_QUARTER), 0};
    s32 size = 0;
    results_start("AUDIO");
    const s32 handle = adl_audioSubscribe(ADL_AUDIO_SPEAKER, audio_event, ADL_AUDIO_RESOURCE_OPTION_FORBID_PREEMPTION);
    result(handle);
    result(adl_audioUnsubscribe(handle));
    result(adl_audioTonePlay(handle, 300, -10, 0, 0, 50));
    result(adl_audioDTMFPlay(handle, '5', -10, 50));
    result(adl_audioMelodyPlay(handle, melody, 120, 1, -10));
    result(adl_audioTonePlayExt(handle, 300, -1000, 0, 0, 60));
    result(adl_audioDTMFPlayExt(handle, '#', -1000, 60));
    result(adl_audioMelodyPlayExt(handle, melody, 120, 1, -1000));
    result(adl_audioStreamPlay(handle, ADL_AUDIO_PCM_MONO_8K_16B, 0, -1, melody));
    result(adl_audioStreamListen(handle, ADL_AUDIO_DTMF, 0, -1, melody));
    result(adl_audioStop(handle));
    result(adl_audioSetOption(handle, ADL_AUDIO_AMR_MIXED_VOICE, FALSE));
    result(adl_audioGetOption(handle, ADL_AUDIO_PCM_8K_16B_MONO_BUFFER_SIZE, &size));
    result(melody[0]); /* ADL_AUDIO_NOTE_DEF: (10 + 36) << 8 | 6 */
    results_send(paras);
}

/* ---- AT+ADC ---- */
static void adc_handler(adl_atCmdPreParser_t* paras) {
    s32 millivolts = -1;
    results_start("ADC");
    result(adl_adcAnalogRead(3, &millivolts));
    result(millivolts); /* untouched */
    results_send(paras);
}

/* ---- AT+SEM ---- */
static void sem_handler(adl_atCmdPreParser_t* paras) {
    results_start("SEM");
    const s32 handle = adl_semSubscribe(1);
    result(handle);
    result(adl_semConsume(handle));
    result(adl_semConsumeDelay(handle, 10));
    result(adl_semProduce(handle));
    result(adl_semUnsubscribe(handle));
    result(adl_semIsConsumed(handle));
    results_send(paras);
}

/* ---- AT+BT: reads the back-traces adl_errHalt left: "+BT: <start>,<state>,<size>,<rc>,<text>,
 * <rc of the next>,<state after>"; AT+BTERASE forgets them ---- */
static void bt_handler(adl_atCmdPreParser_t* paras) {
    ascii text[200];
    u8 buffer[160];
    const s8 analysis = adl_errStartBacktraceAnalysis();
    const s32 again = adl_errStartBacktraceAnalysis();
    const s32 state = adl_errGetAnalysisState();
    const s32 size = adl_errRetrieveNextBacktrace((u8)analysis, NULL, 0);
    s32 rc = size, next = size;
    wm_strcpy((ascii*)buffer, "none");
    if (size > 0) {
        const s32 small = adl_errRetrieveNextBacktrace((u8)analysis, buffer, (u16)(size - 1));
        rc = adl_errRetrieveNextBacktrace((u8)analysis, buffer, sizeof buffer);
        next = adl_errRetrieveNextBacktrace((u8)analysis, buffer + 100, 50);
        if (small != ADL_RET_ERR_PARAM) rc = -100;
    }
    wm_sprintf(text, "\r\n+BT: %d,%ld,%ld,%ld,%ld,%s,%ld,%d,%ld\r\n", analysis, (long)again, (long)state, (long)size, (long)rc,
               (const ascii*)buffer, (long)next, (int)adl_errGetAnalysisState(),
               (long)adl_errRetrieveNextBacktrace((u8)analysis, buffer, sizeof buffer));
    respond(paras, text);
    ok(paras);
}
static void bterase_handler(adl_atCmdPreParser_t* paras) {
    results_start("BTERASE");
    result(adl_errEraseAllBacktraces());
    result(adl_errEraseAllBacktraces());
    results_send(paras);
}

/* ---- AT+AD ---- */
static void ad_event(adl_adEvent_e event, u32 progress) {
    (void)event;
    (void)progress;
}
static void ad_handler(adl_atCmdPreParser_t* paras) {
    static u8 data[4] = {1, 2, 3, 4};
    adl_adInfo_t info;
    adl_adState_t state;
    wm_lst_t cells = NULL;
    results_start("AD");
    const s32 events = adl_adEventSubscribe(ad_event);
    result(events);
    result(adl_adEventUnsubscribe(events));
    const s32 cell = adl_adSubscribe(0x1234, ADL_AD_SIZE_UNDEF);
    result(cell);
    result(adl_adUnsubscribe(cell));
    result(adl_adWrite(cell, sizeof data, data));
    result(adl_adInfo(cell, &info));
    result(adl_adFinalise(cell));
    result(adl_adDelete(cell));
    result(adl_adInstall(cell));
    result(adl_adRecompact(events));
    result(adl_adFormat(events));
    result(adl_adGetState(&state));
    result(adl_adGetCellList(&cells));
    result(adl_adGetInstallResult());
    results_send(paras);
}

/* ---- AT+CTX: one context; suspending or sleeping is not emulated ---- */
static void ctx_handler(adl_atCmdPreParser_t* paras) {
    results_start("CTX");
    result(adl_ctxGetID());
    result(adl_ctxGetTaskID());
    result(adl_ctxGetTasksCount());
    result(adl_ctxSuspend(1));
    result(adl_ctxResume(1));
    result(adl_ctxSleep(10));
    results_send(paras);
}

/* ---- AT+MSG ---- */
static void msg_received(u32 id, adl_ctxID_e source, u32 length, void* data) {
    (void)id;
    (void)source;
    (void)length;
    (void)data;
}
static void msg_handler(adl_atCmdPreParser_t* paras) {
    adl_msgFilter_t filter = {0, 0, ADL_MSG_ID_COMP_GREATER, ADL_CTX_HIGH_LEVEL_IRQ_HANDLER};
    results_start("MSG");
    const s32 handle = adl_msgSubscribe(&filter, msg_received);
    result(handle);
    result(adl_msgUnsubscribe(handle));
    result(adl_msgSend(adl_ctxGetID(), 1, 0, NULL));
    results_send(paras);
}

/* ---- AT+IRQ ---- */
static bool irq_handler(adl_irqID_e source, adl_irqNotificationLevel_e level, adl_irqEventData_t* data) {
    (void)source;
    (void)level;
    (void)data;
    return TRUE;
}
static void irq_command(adl_atCmdPreParser_t* paras) {
    adl_extintConfig_t config = {ADL_EXTINT_SENSITIVITY_RISING_EDGE, ADL_EXTINT_FILTER_BYPASS_MODE, 0, 0, NULL};
    adl_extintCapabilities_t capabilities;
    adl_extintInfo_t info;
    results_start("IRQ");
    const s32 irq = adl_irqSubscribe(irq_handler, ADL_IRQ_NOTIFY_LOW_LEVEL, ADL_IRQ_PRIORITY_HIGH_LEVEL,
                                     ADL_IRQ_OPTION_AUTO_READ);
    result(irq);
    result(adl_irqUnsubscribe(irq));
    result(adl_extintGetCapabilities(&capabilities));
    const s32 pin = adl_extintSubscribe(1, irq, irq, &config);
    result(pin);
    result(adl_extintUnsubscribe(pin));
    result(adl_extintConfig(pin, &config));
    result(adl_extintRead(pin, &info));
    results_send(paras);
}

/* ---- AT+PORT ---- */
static void port_event(adl_portEvent_e event, adl_port_e port, u8 state) {
    (void)event;
    (void)port;
    (void)state;
}
static void port_handler(adl_atCmdPreParser_t* paras) {
    results_start("PORT");
    result(adl_portIsAvailable(ADL_PORT_UART1));
    result(adl_portIsAvailable(ADL_PORT_OPEN_AT_VIRTUAL_BASE));
    result(adl_portIsAvailable(ADL_PORT_GPRS_BASE));
    result(adl_portIsAvailable(ADL_PORT_UART2));
    result(adl_portIsAvailable(ADL_PORT_USB));
    const s8 handle = adl_portSubscribe(port_event);
    result(handle);
    result(adl_portUnsubscribe((u8)handle));
    result(adl_portGetSignalState(ADL_PORT_UART1, ADL_PORT_SIGNAL_DTR));
    result(adl_portStartSignalPolling((u8)handle, ADL_PORT_UART1, ADL_PORT_SIGNAL_RTS, ADL_TMR_TYPE_100MS, 1));
    result(adl_portStopSignalPolling((u8)handle, ADL_PORT_UART1, ADL_PORT_SIGNAL_RTS));
    result(ADL_PORT_GET_PHYSICAL_BASE(ADL_PORT_UART2_VIRTUAL_BASE + 1));
    results_send(paras);
}

/* ---- the application watchdog: AT+WD=0 (errors), AT+WD=1 (2 s, re-armed every second),
 * AT+WD=2 (no more re-arming: the modem resets) ---- */
static adl_tmr_t* rearm_timer;
static void rearm(u8 id, void* context) {
    (void)id;
    (void)context;
    adl_wdRearmAppWd();
}
static void wd_handler(adl_atCmdPreParser_t* paras) {
    results_start("WD");
    switch (wm_atoi(ADL_GET_PARAM(paras, 0))) {
        case 0:
            result(adl_wdActiveAppWd(0));
            result(adl_wdDeActiveAppWd());
            result(adl_wdActiveAppWd(ADL_TMR_S_TO_TICK(2)));
            result(adl_wdDeActiveAppWd());
            break;
        case 1:
            result(adl_wdActiveAppWd(ADL_TMR_S_TO_TICK(2)));
            rearm_timer = adl_tmrSubscribe(TRUE, 10, ADL_TMR_TYPE_100MS, rearm);
            result(rearm_timer != NULL);
            break;
        default: result(adl_tmrUnSubscribe(rearm_timer, rearm, ADL_TMR_TYPE_100MS) >= 0); break;
    }
    results_send(paras);
}

/* ---- AT+REG ---- */
static void reg_handler(adl_atCmdPreParser_t* paras) {
    s32 value = 0;
    u8 data[8];
    results_start("REG");
    result(adl_regGetHWInteger("spi_01_Master_MaxFreqClock", &value));
    result(adl_regGetHWDataLength("gpio_capabilities"));
    result(adl_regGetHWData("gpio_capabilities", data));
    results_send(paras);
}

/* ---- AT+FLH: the flash service's counts (adl_flhGetIDCount, adl_flhGetUsedSize) ---- */
static void flh_handler(adl_atCmdPreParser_t* paras) {
    static const u8 five[5] = {1, 2, 3, 4, 5}, three[3] = {6, 7, 8};
    results_start("FLH");
    const s32 free_ids = adl_flhGetIDCount(NULL);
    result(adl_flhSubscribe("more", 10));
    result(free_ids - adl_flhGetIDCount(NULL));
    result(adl_flhGetIDCount("more"));
    result(adl_flhGetIDCount("none"));
    result(adl_flhErase("more", ADL_FLH_ALL_IDS));
    result(adl_flhWrite("more", 2, sizeof five, five));
    result(adl_flhWrite("more", 7, sizeof three, three));
    result(adl_flhGetUsedSize("more", 0, ADL_FLH_ALL_IDS));
    result(adl_flhGetUsedSize("more", 3, 9));
    result(adl_flhGetUsedSize("more", 0, 10));
    result(adl_flhGetUsedSize("none", 0, 1));
    result(adl_flhGetUsedSize(NULL, 0, 0));
    results_send(paras);
}

/* ---- ADL_CMD_TYPE_ROOT: "AT+MY" takes every AT+MY... command AT+MYEXACT does not accept ---- */
static void root_handler(adl_atCmdPreParser_t* paras) {
    ascii text[96];
    wm_sprintf(text, "\r\n+MY: root %s,%u,%u,%s\r\n", paras->StrData, (unsigned)paras->Type, (unsigned)paras->NbPara,
               ADL_GET_PARAM(paras, 0) ? "param" : "no param");
    respond(paras, text);
    ok(paras);
}
static void exact_handler(adl_atCmdPreParser_t* paras) {
    respond(paras, "\r\n+MYEXACT: exact\r\n");
    ok(paras);
}

/* ---- AT+TEXT: adl_atCmdSendText with nothing waiting for text ---- */
static void text_handler(adl_atCmdPreParser_t* paras) {
    results_start("TEXT");
    result(adl_atCmdSendText(ADL_PORT_UART1, "hello"));
    result(adl_atCmdSendText(ADL_PORT_UART1, NULL));
    results_send(paras);
}

/* ---- the error service: AT+ERRSUB, AT+HALT=<accept>, AT+INIT ---- */
static bool accept_reset;
static bool error_handler(u16 id, ascii* text) {
    TRACE((1, "adl_more: error handler %u \"%s\", %s", (unsigned)id, text, accept_reset ? "accepts" : "refuses"));
    return accept_reset;
}
static bool other_error_handler(u16 id, ascii* text) {
    (void)id;
    (void)text;
    return TRUE;
}
static void errsub_handler(adl_atCmdPreParser_t* paras) {
    results_start("ERRSUB");
    result(adl_errSubscribe(NULL));
    result(adl_errUnsubscribe(error_handler));
    result(adl_errSubscribe(error_handler));
    result(adl_errSubscribe(other_error_handler));
    result(adl_errUnsubscribe(other_error_handler));
    results_send(paras);
}
/* AT+HALT=0: the error handler refuses the reset, adl_errHalt returns. AT+HALT=1: answers OK,
 * then the error happens in a timer handler (as errors do, outside any command) and the modem
 * resets. */
static void halt_later(u8 id, void* context) {
    (void)id;
    (void)context;
    adl_errHalt(ADL_ERR_LEVEL_APP + 2, "fatal application error");
    TRACE((1, "adl_more: adl_errHalt returned")); /* never reached */
}
static void halt_handler(adl_atCmdPreParser_t* paras) {
    accept_reset = wm_atoi(ADL_GET_PARAM(paras, 0)) != 0;
    if (accept_reset) {
        adl_tmrSubscribe(FALSE, 1, ADL_TMR_TYPE_TICK, halt_later);
    } else {
        adl_errHalt(ADL_ERR_LEVEL_APP + 1, "application error");
        respond(paras, "\r\n+HALT: returned\r\n");
    }
    ok(paras);
}
static void init_handler(adl_atCmdPreParser_t* paras) {
    ascii text[32];
    wm_sprintf(text, "\r\n+INIT: %d\r\n", (int)adl_InitGetType());
    respond(paras, text);
    ok(paras);
}

/* Every command of this application must be there: a refused subscription says so. */
static void subscribe(const ascii* command, adl_atCmdHandler_t handler, u16 options) {
    const s16 rc = adl_atCmdSubscribe(command, handler, options);
    if (rc != OK) TRACE((1, "adl_more: subscription of %s refused: %d", command, rc));
}

static void main_task(void) {
    TRACE((1, "adl_more: started, init type %d", (int)adl_InitGetType()));
    subscribe("AT+GPIO", gpio_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+BUS", bus_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+CALL", call_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+FCM", fcm_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+AUDIO", audio_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+ADC", adc_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+SEM", sem_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+BT", bt_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+BTERASE", bterase_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+AD", ad_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+MY", root_handler, ADL_CMD_TYPE_ROOT);
    subscribe("AT+MYEXACT", exact_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT-", root_handler, ADL_CMD_TYPE_ROOT);
    subscribe("AT+TEXT", text_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+ERRSUB", errsub_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+HALT", halt_handler, ADL_CMD_TYPE_PARA | 0x11);
    subscribe("AT+INIT", init_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+FLH", flh_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+REG", reg_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+CTX", ctx_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+MSG", msg_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+IRQ", irq_command, ADL_CMD_TYPE_ACT);
    subscribe("AT+PORT", port_handler, ADL_CMD_TYPE_ACT);
    subscribe("AT+WD", wd_handler, ADL_CMD_TYPE_PARA | 0x11);
}

/* A second task, so that adl_ctxGetTasksCount() has two to count. */
static void second_task(void) {
    TRACE((1, "adl_more: second task"));
}

const adl_InitTasks_t adl_InitTasks[] = {
    {main_task, 4 * 1024, "main", 2},
    {second_task, 1024, "second", 1},
    {0, 0, 0, 0},
};
