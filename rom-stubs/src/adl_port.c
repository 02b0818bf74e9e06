/* adl_portIsAvailable (adl_port.h): the ports the emulated modem has. UART1 is the AT port and
 * the Open AT virtual port runs adl_atCmdCreate's commands; the ADL User Guide has the GSM and
 * GPRS data ports always available. UART2, USB, 27.010 logical and Bluetooth ports do not exist
 * here. */
#include "adl.h"

bool adl_portIsAvailable(adl_port_e Port) {
    switch (Port) {
        case ADL_PORT_UART1:
        case ADL_PORT_OPEN_AT_VIRTUAL_BASE:
        case ADL_PORT_GSM_BASE:
        case ADL_PORT_GPRS_BASE: return TRUE;
        default: return FALSE;
    }
}
