/* q2686_app.elf — the ROM with the WIP IP stack and Wavecom-style WIP AT commands:
 * +WIPCFG, +WIPBR (at_wip_bearer.c), +WIPCREATE, +WIPSEND, +WIPCLOSE (at_wip_socket.c), and a
 * TLS client on the Security plug-in API: +TLSCFG, +TLSGET, +TLSSESSION, +TLSERR
 * (at_tls_client.c). docs/at-commands.md "TCP/IP (WIP)" and "TLS client" document the
 * commands, docs/network.md the stack.
 * Everything else is the ROM's: this image answers every ROM command as q2686_rom.elf does. */
#include "adl_global.h"
#include "q2686_ext.h"
#include "tls_at.h"
#include "wip_at.h"

void adl_main(adl_InitType_e init_type) {
    at_wip_bearer_init();
    at_wip_socket_init();
    at_tls_client_init();
    /* The start reason (adl_InitGetType()): 0 power-on, 1 after a watchdog reset, 4 the RTC
     * alarm switched the modem on (AT+CALA after AT+CPOF). */
    adl_trcPrint(1, "q2686_app: WIP and TLS AT commands ready (init type %d)", (int)init_type);
}
