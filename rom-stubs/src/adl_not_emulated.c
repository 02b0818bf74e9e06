/* Public ADL services the emulated modem does not have: declared in adl_global.h (and the
 * service headers it includes) so that an application using them builds and runs; each call
 * answers the documented error code — ADL_RET_ERR_NOT_SUPPORTED ("an option required by the
 * function is not enabled on the module"), ADL_RET_ERR_NOT_SUBSCRIBED for an unsubscription
 * (nothing can have been subscribed), FALSE for a yes/no question — and the first call of each
 * function says so on the debug console ("adl_xxx: not emulated"). docs/sdk.md lists them. */
#include "adl.h"

/* Every function here ignores its parameters by design: their names document the API. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

static void not_emulated(const char* function, bool* reported) {
    if (*reported) return;
    *reported = true;
    adl_trcPrint(1, "%s: not emulated", function);
}

#define NOT_EMULATED()                        \
    do {                                      \
        static bool reported;                 \
        not_emulated(__func__, &reported);    \
    } while (0)

s8 adl_smsSubscribe(adl_smsHdlr_f handler, adl_smsCtrlHdlr_f control, u8 mode) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsSubscribeExt(adl_smsHdlrExt_f handler, adl_smsCtrlHdlr_f control, u8 mode) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsSend(u8 handle, const ascii* tel, const ascii* text, u8 mode) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_smsUnsubscribe(u8 handle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

/* ---- GPIO (adl_gpio.h) ---- */

s32 adl_ioEventSubscribe(adl_ioHdlr_f GpioEventHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioEventUnsubscribe(s32 GpioEventHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_ioSubscribe(u32 GpioNb, adl_ioDefs_t* GpioConfig, u8 PollingTimerType, u32 PollingTime, s32 GpioEventHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioUnsubscribe(s32 GpioHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_ioSetDirection(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioDir) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioGetCapabilitiesList(u32* GpioNb, adl_ioDefs_t** GpioTab, adl_ioCap_t* GpioTypeNb) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioRead(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioRead) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioReadSingle(s32 GpioHandle, adl_ioDefs_t* Gpio) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioWrite(s32 GpioHandle, u32 GpioNb, adl_ioDefs_t* GpioWrite) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ioWriteSingle(s32 GpioHandle, adl_ioDefs_t* Gpio, bool State) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- buses (adl_bus.h) ---- */

s32 adl_busSubscribe(adl_busID_e BusId, u32 BusNumber, const void* Param) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busUnsubscribe(s32 Handle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_busIOCtl(s32 Handle, adl_busIoCtlCmd_e Cmd, void* pParam) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busRead(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, void* pData) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busWrite(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, const void* pData) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busReadExt(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, void* pData, void* Context) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busWriteExt(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, const void* pData, void* Context) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busDirectRead(s32 Handle, u32 ChipAddress, u32 DataLen, void* pData) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_busDirectWrite(s32 Handle, u32 ChipAddress, u32 DataLen, const void* pData) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- calls (adl_call.h) ---- */

s8 adl_callSubscribe(adl_callHdlr_f CallHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callUnsubscribe(adl_callHdlr_f CallHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s8 adl_callSetup(const ascii* PhoneNb, u8 Mode) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callSetupExt(const ascii* PhoneNb, u8 Mode, adl_port_e Port) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callHangup(void) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callHangupExt(adl_port_e Port) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callAnswer(void) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_callAnswerExt(adl_port_e Port) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- flow control manager (adl_fcm.h) ---- */

s8 adl_fcmSubscribe(adl_fcmFlow_e Flow, adl_fcmCtrlHdlr_f CtrlHandler, adl_fcmDataHdlr_f DataHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_fcmUnsubscribe(u8 Handle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s8 adl_fcmReleaseCredits(u8 Handle, u8 NbCredits) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_fcmSwitchV24State(u8 Handle, u8 V24State) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_fcmSendData(u8 Handle, u8* Data, u16 DataLen) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_fcmSendDataExt(u8 Handle, adl_fcmDataBlock_t* DataBlock) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_fcmGetStatus(u8 Handle, adl_fcmWay_e Way) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

bool adl_fcmIsAvailable(adl_fcmFlow_e Flow) {
    NOT_EMULATED();
    return FALSE;
}

/* ---- audio (adl_audio.h) ---- */

s32 adl_adcAnalogRead(u32 Channel, s32* Result) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioSubscribe(adl_audioResources_e audioResource, adl_audioEventHandler_f EventHandler, adl_audioResourceOption_e Options) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioUnsubscribe(s32 audioHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_audioTonePlay(s32 audioHandle, u16 Frequency1, s8 Gain1, u16 Frequency2, s8 Gain2, u32 Duration) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioDTMFPlay(s32 audioHandle, ascii DTMF, s8 Gain, u32 Duration) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioMelodyPlay(s32 audioHandle, u16* MelodySeq, u8 Tempo, u8 CycleNumber, s8 Gain) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioTonePlayExt(s32 audioHandle, u16 Frequency1, s16 Gain1, u16 Frequency2, s16 Gain2, u32 Duration) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioDTMFPlayExt(s32 audioHandle, ascii DTMF, s16 Gain, u32 Duration) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioMelodyPlayExt(s32 audioHandle, u16* MelodySeq, u8 Tempo, u8 CycleNumber, s16 Gain) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioStreamPlay(s32 audioHandle, adl_audioFormats_e audioFormat, s32 LowLevelIRQHandle,
                        s32 HighLevelIRQHandle, void* buffer) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioStreamListen(s32 audioHandle, adl_audioFormats_e audioFormat, s32 LowLevelIRQHandle,
                          s32 HighLevelIRQHandle, void* buffer) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioStop(s32 audioHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioSetOption(s32 audioHandle, adl_audioOptionTypes_e audioOption, s32 value) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_audioGetOption(s32 audioHandle, adl_audioOptionTypes_e audioOption, s32* value) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- semaphores (adl_sem.h) ---- */

s32 adl_semSubscribe(u16 SemCounter) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_semConsume(s32 SemHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_semConsumeDelay(s32 SemHandle, u32 Timeout) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_semProduce(s32 SemHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_semUnsubscribe(s32 SemHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

bool adl_semIsConsumed(s32 SemHandle) {
    NOT_EMULATED();
    return FALSE;
}

/* ---- application & data storage (adl_ad.h) ---- */

s32 adl_adEventSubscribe(adl_adEventHdlr_f Handler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adEventUnsubscribe(s32 EventHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_adSubscribe(u32 CellID, u32 Size) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adUnsubscribe(s32 CellHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_adWrite(s32 CellHandle, u32 Size, void* Data) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adInfo(s32 CellHandle, adl_adInfo_t* Info) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adFinalise(s32 CellHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adDelete(s32 CellHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adInstall(s32 CellHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adRecompact(s32 EventHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adFormat(s32 EventHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adGetState(adl_adState_t* State) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adGetCellList(wm_lst_t* CellList) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_adGetInstallResult(void) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- execution contexts (adl_ctx.h): a task cannot stop the one event loop ---- */

s32 adl_ctxSuspend(u8 TaskId) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ctxResume(u8 TaskId) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_ctxSleep(u32 Duration) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- messages (adl_msg.h) ---- */

s32 adl_msgSubscribe(adl_msgFilter_t* Filter, adl_msgHandler_f MsgHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_msgUnsubscribe(s32 MsgHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_msgSend(adl_ctxID_e DestinationCtx, u32 MsgIdentifier, u32 Length, void* Data) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- interrupts and external interrupt pins (adl_irq.h) ---- */

s32 adl_irqSubscribe(adl_irqHandler_f IrqHandler, adl_irqNotificationLevel_e NotificationLevel, adl_irqPriorityLevel_e PriorityLevel, u32 Options) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_irqUnsubscribe(s32 IrqHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_extintGetCapabilities(adl_extintCapabilities_t* Capabilities) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_extintSubscribe(u32 ExtIntID, s32 LowLevelIrqHandle, s32 HighLevelIrqHandle, adl_extintConfig_t* Settings) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_extintUnsubscribe(s32 ExtIntHandle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s32 adl_extintConfig(s32 ExtIntHandle, adl_extintConfig_t* Settings) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_extintRead(s32 ExtIntHandle, adl_extintInfo_t* Info) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- port events and signals (adl_port.h) ---- */

s8 adl_portSubscribe(adl_portHdlr_f PortHandler) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_portUnsubscribe(u8 Handle) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUBSCRIBED;
}

s8 adl_portGetSignalState(adl_port_e Port, adl_portSignal_e Signal) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_portStartSignalPolling(u8 Handle, adl_port_e Port, adl_portSignal_e Signal, u8 PollingTimerType, u32 PollingTimerValue) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s8 adl_portStopSignalPolling(u8 Handle, adl_port_e Port, adl_portSignal_e Signal) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

/* ---- the registry (adl_reg.h) ---- */

s32 adl_regGetHWInteger(const ascii* Name, s32* Value) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_regGetHWDataLength(const ascii* Name) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}

s32 adl_regGetHWData(const ascii* Name, void* Data) {
    NOT_EMULATED();
    return ADL_RET_ERR_NOT_SUPPORTED;
}
