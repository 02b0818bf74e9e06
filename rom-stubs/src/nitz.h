/* Network time (NITZ): what the ROM does with the network's MM INFORMATION (BASEBAND
 * BB_EVENT.NITZ, BB_NITZ_*; docs/network.md "Network time (NITZ)").
 *
 *   - "+WIND: 15[,1,"<full name>"][,2,"<short name>"],3,"<zone>",4,"<yy/MM/dd,hh:mm:ss±zz>",6,"<dst>""
 *     when the +WIND mask has bit 13 (8192) — the fields and indexes of the Wavecom guide's
 *     event 15; <zone> quarter hours "+08", field 4 the universal time with the local zone;
 *   - with AT+CTZU=1 (3GPP TS 27.007 §8.40, automatic time zone update) the RTC is set from it:
 *     local time (UTC + zone) and zone, as AT+CCLK would. AT+CTZU=0, the default, only reports.
 *
 * CTZU lives in RAM (0 at every start); the AT&W profile saves and restores it through
 * ctzu_mode() / ctzu_set_mode(). */
#ifndef ROM_NITZ_H
#define ROM_NITZ_H

#include <stdbool.h>
#include <stdint.h>

#define CTZU_FACTORY_MODE 0 /* 27.007 §8.40: automatic time zone update disabled */

void nitz_init(void);                  /* CTZU_FACTORY_MODE; subscribes AT+CTZU */
void nitz_on_events(uint32_t events);  /* BB_EVENT bits from network_poll */
int ctzu_mode(void);                   /* 0 or 1 */
bool ctzu_set_mode(int mode);          /* false (nothing changed) unless 0 or 1 */

#endif
