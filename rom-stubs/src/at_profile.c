/* The user profile: AT&W saves it in flash, ATZ restores it, AT&F restores the factory values,
 * AT&V shows the active one (the Wavecom AT Commands Interface Guide, "Save configuration &W",
 * "Restore factory settings &F", "Default configuration Z", "Display configuration &V";
 * docs/at-commands.md "Saved settings").
 *
 * The profile is one flash object (handle AT_PROFILE_HANDLE, ID 0) in the ROM's flash-object
 * log (flash_store.c): an object is replaced by appending its new version, committed by one
 * word programmed last, so a power cut during AT&W leaves the old profile or the new one,
 * never a mixture. Flash keeps it with or without the backup battery. At every start
 * (power-on, reset) the saved profile is applied before "+WIND: 3" — serial settings (AT+IPR,
 * AT+IFC) included; ATZ and AT&F leave the serial settings as they are, so the host does not
 * lose the port in the middle of a session.
 *
 * What the profile holds: echo (E), V, Q, X, &C, &D, the S-parameters, +CMEE, the +WIND mask,
 * +IPR, +ICF, +IFC and +CTZU (the mask and +CTZU belong to wind.c and nitz.c). A
 * stored profile of another layout (an older firmware) or with a value out of range is
 * ignored: the modem starts with the factory values. */
#include <stdio.h>
#include <string.h>

#include "adl.h"
#include "at_settings.h"
#include "flash_store.h"
#include "hw.h"
#include "nitz.h"
#include "q2686_at_util.h"
#include "q2686_flash_objects.h"
#include "wind.h"

#define AT_PROFILE_HANDLE "AT_PROFILE" /* reserved for the ROM (docs/flash-objects.md) */
#define AT_PROFILE_ID 0u
#define PROFILE_MAGIC 0x31505441u /* "ATP1" */
#define PROFILE_LAYOUT 1u

/* The profile as it is stored: a fixed layout, so a change of it needs a new PROFILE_LAYOUT. */
struct profile {
    u32 magic;
    u16 layout;
    u16 size;
    u8 echo; /* ATE */
    u8 cmee; /* AT+CMEE */
    u8 ctzu; /* AT+CTZU (nitz.c) */
    u8 reserved;
    u32 wind; /* AT+WIND mask (wind.c) */
    struct at_v250_settings v250;
};

static void factory(struct profile* p) {
    memset(p, 0, sizeof *p);
    p->magic = PROFILE_MAGIC;
    p->layout = PROFILE_LAYOUT;
    p->size = sizeof *p;
    p->echo = 1;
    p->cmee = 0;
    p->ctzu = CTZU_FACTORY_MODE;
    p->wind = WIND_FACTORY_MASK;
    at_v250_factory(&p->v250);
}

static void active(struct profile* p) {
    factory(p);
    p->echo = at_echo() ? 1 : 0;
    p->cmee = at_cmee();
    p->ctzu = (u8)ctzu_mode();
    p->wind = wind_mask();
    at_v250_get(&p->v250);
}

/* The saved profile, or false when there is none or it cannot be used. */
static bool saved(struct profile* p) {
    const u8* data;
    u32 length;
    if (!fstore_find(AT_PROFILE_HANDLE, AT_PROFILE_ID, &data, &length) || length != sizeof *p) return false;
    memcpy(p, data, sizeof *p);
    return p->magic == PROFILE_MAGIC && p->layout == PROFILE_LAYOUT && p->size == sizeof *p && p->echo <= 1 &&
           p->cmee <= 2;
}

/* Makes `p` the active profile; with keep_port, AT+IPR/ICF/IFC stay as they are. False (nothing
 * changed) if a value is out of range. */
static bool apply(const struct profile* p, bool keep_port) {
    struct at_v250_settings v250 = p->v250;
    if (keep_port) {
        struct at_v250_settings now;
        at_v250_get(&now);
        v250.ipr = now.ipr;
        v250.icf_format = now.icf_format;
        v250.icf_parity = now.icf_parity;
        v250.ifc_dce_by_dte = now.ifc_dce_by_dte;
        v250.ifc_dte_by_dce = now.ifc_dte_by_dce;
    }
    if (p->ctzu > 1) return false;
    const u32 old_wind = wind_mask();
    if (!wind_set_mask(p->wind)) return false;
    if (!at_v250_set(&v250)) {
        wind_set_mask(old_wind);
        return false;
    }
    at_set_echo(p->echo != 0);
    at_set_cmee(p->cmee);
    ctzu_set_mode(p->ctzu);
    return true;
}

/* A profile command takes no value or 0: AT&W, AT&W0. */
static bool profile_zero(adl_atCmdPreParser_t* p) {
    long value = 0;
    return p->Type != ADL_CMD_TYPE_PARA || at_integer_param(p, 0, 0, 0, &value);
}

/* ---- AT&W: save the active profile ------------------------------------------------------------ */
static void cmd_save(adl_atCmdPreParser_t* p) {
    if (!profile_zero(p)) return at_error();
    struct profile profile;
    active(&profile);
    if (fstore_write(AT_PROFILE_HANDLE, AT_PROFILE_ID, FLASHOBJ_FLAG_DATA, (const uint8_t*)&profile, sizeof profile) !=
        FSTORE_OK)
        return at_not_allowed();
    at_ok();
}

/* ---- AT&F: factory values; ATZ: the saved profile (the factory values if none) -------------- */
static void cmd_factory(adl_atCmdPreParser_t* p) {
    if (!profile_zero(p)) return at_error();
    struct profile profile;
    factory(&profile);
    apply(&profile, true);
    at_ok();
}

static void cmd_restore(adl_atCmdPreParser_t* p) {
    if (!profile_zero(p)) return at_error();
    struct profile profile;
    if (!saved(&profile) || !apply(&profile, true)) {
        factory(&profile);
        apply(&profile, true);
    }
    at_ok();
}

/* ---- AT&V: the active profile, laid out as the Wavecom guide's AT&V (its first line and the
 * serial line as there; the others hold the rest of what this modem keeps) ---------------------- */
static void cmd_show(adl_atCmdPreParser_t* p) {
    if (!profile_zero(p)) return at_error();
    struct profile a;
    active(&a);
    char line[96];
    snprintf(line, sizeof line, "Q:%u V:%u S0:%03u S2:%03u S3:%03u S4:%03u S5:%03u", (unsigned)a.v250.quiet,
             (unsigned)a.v250.verbose, at_v250_register(0), at_v250_register(2), at_v250_register(3),
             at_v250_register(4), at_v250_register(5));
    at_respond(line);
    snprintf(line, sizeof line, "+CMEE:%u +WIND:%lu +CTZU:%u", (unsigned)a.cmee, (unsigned long)a.wind,
             (unsigned)a.ctzu);
    at_respond(line);
    snprintf(line, sizeof line, "E:%u X:%u &C:%u &D:%u", (unsigned)a.echo, (unsigned)a.v250.x,
             (unsigned)a.v250.dcd_mode, (unsigned)a.v250.dtr_mode);
    at_respond(line);
    snprintf(line, sizeof line, "+IPR:%lu +ICF:%u,%u +IFC:%u,%u", (unsigned long)a.v250.ipr,
             (unsigned)a.v250.icf_format, (unsigned)a.v250.icf_parity, (unsigned)a.v250.ifc_dce_by_dte,
             (unsigned)a.v250.ifc_dte_by_dce);
    at_respond(line);
    snprintf(line, sizeof line, "S6:%03u S7:%03u S8:%03u S10:%03u", at_v250_register(6), at_v250_register(7),
             at_v250_register(8), at_v250_register(10));
    at_respond(line);
    at_ok();
}

void at_profile_init(void) {
    const u16 basic = ADL_CMD_TYPE_ACT | ADL_CMD_TYPE_PARA;
    adl_atCmdSubscribe("&W", cmd_save, basic);
    adl_atCmdSubscribe("&F", cmd_factory, basic);
    adl_atCmdSubscribe("Z", cmd_restore, basic);
    adl_atCmdSubscribe("&V", cmd_show, basic);
    struct profile profile;
    if (saved(&profile) && apply(&profile, false)) at_v250_line_ended(); /* the saved rate, at once */
}
