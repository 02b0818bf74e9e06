/* The user settings of the AT port that AT&W saves (at_profile.c): the V.250 and serial ones
 * kept by at_v250.c, read and applied as one value. Echo and +CMEE live in the engine
 * (at_engine.c), the +WIND mask in wind.c, +CTZU in nitz.c. */
#ifndef ROM_AT_SETTINGS_H
#define ROM_AT_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "adl.h"

/* The S-parameters of the Wavecom guide and V.250 §6.3, in this order. */
#define AT_S_PARAMETER_COUNT 9u

struct at_v250_settings {
    u8 verbose;  /* ATV: 1 text result codes, 0 numeric */
    u8 quiet;    /* ATQ: 1 no result codes */
    u8 x;        /* ATX: result code selection, 0-4 */
    u8 dcd_mode; /* AT&C: 0 DCD always on, 1 DCD follows the carrier */
    u8 dtr_mode; /* AT&D: 0 DTR ignored, 1 DTR drop → command mode, 2 DTR drop → hang up */
    u8 s[AT_S_PARAMETER_COUNT];
    u32 ipr;                           /* AT+IPR: bit/s, 0 autobaud */
    u8 icf_format, icf_parity;         /* AT+ICF */
    u8 ifc_dce_by_dte, ifc_dte_by_dce; /* AT+IFC: 0 none, 2 RTS/CTS */
};

/* The factory values (AT&F). */
void at_v250_factory(struct at_v250_settings* settings);
void at_v250_get(struct at_v250_settings* settings);
/* Sets every value; false (nothing changed) if one is out of range (a profile from an older
 * firmware). The serial settings apply after the running line's final result code, or at once
 * at boot. */
bool at_v250_set(const struct at_v250_settings* settings);

/* at_engine.c */
void at_set_echo(bool on);
bool at_echo(void);
void at_set_cmee(u8 mode);
u8 at_cmee(void);

#endif
