/* wip.h — the WIP IP connectivity API of Open AT ("WIP lib"), on lwIP over the GPRS link.
 *
 * Sources for names, signatures and semantics: Sierra Wireless/Wavecom "Open AT IP
 * Connectivity Development Guide (WIPlib)" as quoted in public Open AT samples (wip_bearerOpen
 * with "GPRS", wip_bearerSetOpts(... WIP_BOPT_END), `void handler(wip_bearer_t, s8 event, void*)`,
 * wip_bearerStart returning WIP_BERR_OK_INPROGRESS, WIP_BOPT_ERROR for the failure reason,
 * wip_TCPClientCreateOpts(host, port, handler, ctx, WIP_COPT_..., WIP_COPT_END), ev->kind,
 * ev->channel, ev->content.error.errnum, ev->content.read.readable, wip_read/wip_write/
 * wip_close, wip_hasType(ch, WIP_CTYPE_SSL)). Numeric values are ours unless a header comment
 * says otherwise: applications must use the names.
 *
 * Threading model (as on Open AT): everything runs in the ROM's event loop. Handlers are called
 * from the loop, never from inside a WIP or lwIP call made by the application — an event a call
 * causes (e.g. a write that fills the window) is queued and delivered on a later pass.
 *
 * Use:
 *   wip_netInit();                                     start the IP stack (lwIP)
 *   wip_bearerOpen(&br, "GPRS", bearer_handler, ctx);  the GPRS bearer: PDP context + PKTIF link
 *   wip_bearerSetOpts(br, WIP_BOPT_GPRS_APN, "internet", WIP_BOPT_END);
 *   wip_bearerStart(br);                               → WIP_BEV_IP_CONNECTED (or CONN_FAILED)
 *   ch = wip_TCPClientCreateOpts("host", 80, handler, ctx, WIP_COPT_END);
 *                                                      → WIP_CEV_OPEN, WIP_CEV_WRITE, WIP_CEV_READ...
 * A network loss (PDP context deactivated by the network, link down) ends every channel on the
 * bearer with WIP_CEV_ERROR / WIP_CERR_NETWORK_UNREACHABLE, then the bearer with
 * WIP_BEV_IP_DISCONNECTED. docs/network.md, "The WIP API", describes the whole layer. */
#ifndef Q2686_WIP_H
#define Q2686_WIP_H

#include <stdbool.h>

#include "adl_global.h"

/* IPv4 address in network byte order (the first octet in the lowest byte). */
typedef u32 wip_in_addr_t;

#include "wip_bearer.h"
#include "wip_channel.h"

/* ---- the stack ----------------------------------------------------------------------------- */
#define WIP_NET_OPT_END 0 /* wip_netInitOpts: no options are supported yet */

/* Starts the IP stack: lwIP (initialised once per boot), the GPRS netif (down until a bearer
 * connects), and the stack's place in the event loop. 0, or -1: already started, an option
 * given (none is supported), or no room in the event loop. */
s8 wip_netInit(void);
s8 wip_netInitOpts(int option, ...);
/* Stops it: every channel is closed (no events) and the bearer closed. 0, or -1 if not
 * started. lwIP itself stays initialised; wip_netInit() starts it again. */
s8 wip_netExit(void);
bool wip_netIsStarted(void); /* q2686emu extension */

/* ---- addresses ------------------------------------------------------------------------------ */
bool wip_inet_aton(const ascii* text, wip_in_addr_t* address); /* "10.64.1.2" */
bool wip_inet_ntoa(wip_in_addr_t address, ascii* buffer, u16 size);

/* ---- traces --------------------------------------------------------------------------------- */
/* A printf-style line on the modem's debug console, as "wip: <text>" (a "firmware-log" event;
 * `q2686emu at --events` shows it). */
void wip_debug(const ascii* format, ...) __attribute__((format(printf, 1, 2)));

#endif /* Q2686_WIP_H */
