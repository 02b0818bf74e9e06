/* +WIND — Wavecom's general indications (AT Commands Interface Guide, "General Indications
 * +WIND"; docs/at-commands.md "+WIND"): one mask, <IndLevel>, with one bit per indication flow;
 * an indication is sent only while its bit is set. The bits and the events they gate:
 *
 *   bit  value  event(s)  meaning
 *    0       1  0, 1      SIM removed / inserted (and SIM presence after a reset)
 *    1       2  2         calling party alerting              (no calls: never sent)
 *    2       4  3         AT commands accepted, emergency calls only
 *    3       8  4         ready for every AT command
 *    4      16  5         a call was created                  (never sent)
 *    5      32  6         a call was released                 (never sent)
 *    6      64  7         network service available
 *    7     128  8         network lost
 *    8     256  9         audio on                            (never sent)
 *    9     512  10        SIM phonebooks reloaded             (never sent)
 *   10    1024  11        SIM phonebook checksums             (never sent)
 *   11    2048  12        external interruption               (never sent)
 *   12    4096  13, 14    SIM rack closed / opened            (never sent)
 *   13    8192  15        NITZ: the network's time and zone (nitz.c)
 *   14   16384  16        SMS and SMS CB services ready       (never sent)
 *
 * <IndLevel> is 0..32767. The guide's factory value is 0; this modem leaves the factory with
 * WIND_FACTORY_MASK (bits 2 and 3) so that "+WIND: 3" and "+WIND: 4", the start-up codes hosts
 * and q2686emu's own tools wait for, come out unless a host turns them off (docs).
 *
 * The mask lives in RAM: every start (power-on or reset) begins with the factory value. The
 * AT&W profile saves it and restores it at start-up, before the start-up indications, through
 * wind_mask() / wind_set_mask(). */
#ifndef ROM_WIND_H
#define ROM_WIND_H

#include <stdbool.h>
#include <stdint.h>

#define WIND_MASK_MAX 32767u   /* bits 0..14 */
#define WIND_FACTORY_MASK 12u  /* bits 2 and 3: "+WIND: 3" and "+WIND: 4" */

#define WIND_BIT_SIM 1u            /* events 0, 1 */
#define WIND_BIT_AT_READY 4u       /* event 3 */
#define WIND_BIT_READY 8u          /* event 4 */
#define WIND_BIT_NETWORK_UP 64u    /* event 7 */
#define WIND_BIT_NETWORK_LOST 128u /* event 8 */
#define WIND_BIT_NITZ 8192u        /* event 15 */

void wind_init(void);                /* factory mask; subscribes AT+WIND */
uint32_t wind_mask(void);            /* the active <IndLevel> */
bool wind_set_mask(uint32_t mask);   /* false (nothing changed) when above WIND_MASK_MAX */
bool wind_enabled(unsigned event);   /* the bit of +WIND event `event` is set */
void wind_indicate(unsigned event);  /* "+WIND: <event>" when its bit is set */

#endif
