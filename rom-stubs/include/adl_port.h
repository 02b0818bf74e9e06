/* adl_port.h — the ADL AT/FCM port service, included by adl_global.h. Written for q2686emu
 * from the public ADL documentation; not copied from a vendor header. The values are ours
 * (docs/sdk.md).
 *
 * adl_portIsAvailable answers for the emulated modem: UART1 and the Open AT virtual port are
 * open, the GSM and GPRS data ports always count as available (as documented), the others do
 * not exist. The port events and the serial signals (RTS, DTR) are not emulated: those calls
 * answer ADL_RET_ERR_NOT_SUPPORTED (adl_portUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED) and log
 * "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_PORT_H
#define ADL_PORT_H

typedef enum {
    ADL_PORT_EVENT_OPENED,
    ADL_PORT_EVENT_CLOSED,
    ADL_PORT_EVENT_RTS_STATE_CHANGE,
    ADL_PORT_EVENT_DTR_STATE_CHANGE
} adl_portEvent_e;
#define ADL_PORT_EVENT_CTS_STATE_CHANGE ADL_PORT_EVENT_RTS_STATE_CHANGE
#define ADL_PORT_EVENT_DSR_STATE_CHANGE ADL_PORT_EVENT_DTR_STATE_CHANGE

typedef enum {
    ADL_PORT_SIGNAL_RTS,
    ADL_PORT_SIGNAL_DTR,
    ADL_PORT_SIGNAL_LAST
} adl_portSignal_e;
#define ADL_PORT_SIGNAL_CTS ADL_PORT_SIGNAL_RTS
#define ADL_PORT_SIGNAL_DSR ADL_PORT_SIGNAL_DTR

/* The physical port a 27.010 logical port is on (ADL_PORT_UART1_VIRTUAL_BASE + n → UART1). */
#define ADL_PORT_GET_PHYSICAL_BASE(_port) ((((_port) & 0xF0) != 0) ? ((_port) >> 4) : (_port))

/* `State`: the signal's new state, for the *_STATE_CHANGE events. */
typedef void (*adl_portHdlr_f)(adl_portEvent_e Event, adl_port_e Port, u8 State);

s8 adl_portSubscribe(adl_portHdlr_f PortHandler);
s8 adl_portUnsubscribe(u8 Handle);
bool adl_portIsAvailable(adl_port_e Port);
s8 adl_portGetSignalState(adl_port_e Port, adl_portSignal_e Signal);
s8 adl_portStartSignalPolling(u8 Handle, adl_port_e Port, adl_portSignal_e Signal, u8 PollingTimerType,
                              u32 PollingTimerValue);
s8 adl_portStopSignalPolling(u8 Handle, adl_port_e Port, adl_portSignal_e Signal);

#endif /* ADL_PORT_H */
