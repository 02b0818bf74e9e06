/* flash_objects_at.elf — the ADL flash-object service and the TRNG driven from AT commands, for
 * tests/integration/flash_objects_test.cpp (docs/flash-objects.md). Each command calls one ADL
 * function and reports its return code as ADL returns it, then OK:
 *
 *   AT+FLHSUB="<handle>",<ids>           +FLHSUB: <rc>           adl_flhSubscribe
 *   AT+FLHEXIST="<handle>",<id>          +FLHEXIST: <rc>         adl_flhExist (size, 0, or a code)
 *   AT+FLHWRITE="<handle>",<id>,"<text>" +FLHWRITE: <rc>         adl_flhWrite of the text
 *   AT+FLHWRITE="<handle>",<id>,<len>,<seed>                     ... of <len> pattern bytes:
 *                                                                byte i = seed * 31 + i * 7 + i / 256
 *   AT+FLHREAD="<handle>",<id>           +FLHREAD: <rc>,<len>,<crc32>   the whole object
 *                                        +FLHDATA: <hex of the first 32 bytes>
 *   AT+FLHERASE="<handle>",<id>          +FLHERASE: <rc>         adl_flhErase (65535: all IDs)
 *   AT+FLHFREE?                          +FLHFREE: <bytes>       adl_flhGetFreeMem
 *   AT+TRNG=<n>                          +TRNG: <w1>,<w2>,...    n (1..8) adl_trngRead words, hex
 *
 * <crc32> is CRC-32/IEEE in 8 hex digits (zlib's crc32()); a syntax error answers ERROR. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adl.h"
#include "q2686_flash_objects.h"

static const char* at_param(const adl_atCmdPreParser_t* p, unsigned index) {
    const char* value = index < p->NbPara ? ADL_GET_PARAM(p, index) : NULL;
    return value ? value : "";
}
static bool at_param_quoted(const adl_atCmdPreParser_t* p, unsigned index) { return adl_atParamIsQuoted(p, (u8)index); }

static void respond(const char* format, ...) __attribute__((format(printf, 1, 2)));
static void respond(const char* format, ...) {
    char text[96];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    adl_atSendLine(ADL_AT_RSP, text);
}

static void ok(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_OK); }
static void error(void) { adl_atSendStdResponse(ADL_AT_RSP, ADL_STR_ERROR); }

static bool number(const adl_atCmdPreParser_t* p, unsigned index, long low, long high, long* value) {
    if (index >= p->NbPara || at_param_quoted(p, index) || !at_param(p, index)[0]) return false;
    char* end;
    *value = strtol(at_param(p, index), &end, 10);
    return !*end && *value >= low && *value <= high;
}

/* "<handle>",<id> — true if both are there. */
static bool handle_and_id(const adl_atCmdPreParser_t* p, long* id) {
    return p->Type == ADL_CMD_TYPE_PARA && p->NbPara >= 2 && at_param_quoted(p, 0) && number(p, 1, 0, 65535, id);
}

static u8 pattern_byte(long seed, u32 i) { return (u8)(seed * 31 + i * 7u + i / 256u); }

static void cmd_sub(adl_atCmdPreParser_t* p) {
    long ids;
    if (p->Type != ADL_CMD_TYPE_PARA || p->NbPara != 2 || !at_param_quoted(p, 0) || !number(p, 1, 0, 65535, &ids))
        return error();
    respond("+FLHSUB: %d", adl_flhSubscribe(at_param(p, 0), (u16)ids));
    ok();
}

static void cmd_exist(adl_atCmdPreParser_t* p) {
    long id;
    if (!handle_and_id(p, &id)) return error();
    respond("+FLHEXIST: %ld", (long)adl_flhExist(at_param(p, 0), (u16)id));
    ok();
}

static void cmd_write(adl_atCmdPreParser_t* p) {
    long id, length, seed;
    if (!handle_and_id(p, &id)) return error();
    if (p->NbPara == 3 && at_param_quoted(p, 2)) {
        const char* text = at_param(p, 2);
        respond("+FLHWRITE: %d", adl_flhWrite(at_param(p, 0), (u16)id, (u16)strlen(text), (const u8*)text));
        return ok();
    }
    if (p->NbPara != 4 || !number(p, 2, 1, 65535, &length) || !number(p, 3, 0, 255, &seed)) return error();
    u8* data = malloc((size_t)length);
    if (!data) return error();
    for (u32 i = 0; i < (u32)length; ++i) data[i] = pattern_byte(seed, i);
    respond("+FLHWRITE: %d", adl_flhWrite(at_param(p, 0), (u16)id, (u16)length, data));
    free(data);
    ok();
}

static void cmd_read(adl_atCmdPreParser_t* p) {
    long id;
    if (!handle_and_id(p, &id) || p->NbPara != 2) return error();
    const s32 size = adl_flhExist(at_param(p, 0), (u16)id);
    const u16 length = size > 0 ? (u16)size : 0;
    u8* data = malloc(length ? length : 1u);
    if (!data) return error();
    const s8 rc = adl_flhRead(at_param(p, 0), (u16)id, length, data);
    respond("+FLHREAD: %d,%u,%08lX", rc, (unsigned)length,
            (unsigned long)(rc == ADL_RET_OK ? flashobj_crc32(0, data, length) : 0u));
    if (rc == ADL_RET_OK) {
        char hex[2 * 32 + 1] = "";
        for (unsigned i = 0; i < length && i < 32u; ++i) snprintf(hex + 2 * i, 3, "%02X", data[i]);
        respond("+FLHDATA: %s", hex);
    }
    free(data);
    ok();
}

static void cmd_erase(adl_atCmdPreParser_t* p) {
    long id;
    if (!handle_and_id(p, &id) || p->NbPara != 2) return error();
    respond("+FLHERASE: %d", adl_flhErase(at_param(p, 0), (u16)id));
    ok();
}

static void cmd_free(adl_atCmdPreParser_t* p) {
    (void)p;
    respond("+FLHFREE: %lu", (unsigned long)adl_flhGetFreeMem());
    ok();
}

static void cmd_trng(adl_atCmdPreParser_t* p) {
    long n;
    if (p->Type != ADL_CMD_TYPE_PARA || p->NbPara != 1 || !number(p, 0, 1, 8, &n)) return error();
    char text[8 + 9 * 8 + 1] = "+TRNG: ";
    for (long i = 0; i < n; ++i)
        snprintf(text + strlen(text), sizeof text - strlen(text), i ? ",%08lX" : "%08lX", (unsigned long)adl_trngRead());
    respond("%s", text);
    ok();
}

void adl_main(adl_InitType_e init_type) {
    (void)init_type;
    adl_atCmdSubscribe("+FLHSUB", cmd_sub, ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+FLHEXIST", cmd_exist, ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+FLHWRITE", cmd_write, ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+FLHREAD", cmd_read, ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+FLHERASE", cmd_erase, ADL_CMD_TYPE_PARA);
    adl_atCmdSubscribe("+FLHFREE", cmd_free, ADL_CMD_TYPE_READ);
    adl_atCmdSubscribe("+TRNG", cmd_trng, ADL_CMD_TYPE_PARA);
}
