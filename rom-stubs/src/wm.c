/* The ADL helpers of adl_global.h: wm_lst lists, the wm_* string and memory functions, the
 * memory service (adl_memGet/adl_memRelease on the C heap) and traces (TRACE/DUMP on the
 * debug console). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adl.h"
#include "hw.h"

/* ---- lists -------------------------------------------------------------------------------- */
wm_lst_t wm_lstCreate(u16 attr, wm_lstTable_t* table) {
    wm_lst_t list = calloc(1, sizeof *list);
    if (!list) return NULL;
    list->attr = attr;
    if (table) list->table = *table;
    return list;
}

static void release_item(wm_lst_t list, void* item) {
    if (list->table.FreeItem && item) list->table.FreeItem(item);
}

void wm_lstClear(wm_lst_t list) {
    if (!list) return;
    for (u16 i = 0; i < list->count; ++i) release_item(list, list->items[i]);
    list->count = 0;
}

void wm_lstDestroy(wm_lst_t list) {
    if (!list) return;
    wm_lstClear(list);
    free(list->items);
    free(list);
}

u16 wm_lstGetCount(wm_lst_t list) { return list ? list->count : 0; }

void* wm_lstGetItem(wm_lst_t list, u16 index) { return list && index < list->count ? list->items[index] : NULL; }

static s16 compare(wm_lst_t list, void* a, void* b) {
    if (list->table.CompareItem) return list->table.CompareItem(a, b);
    return a == b ? 0 : (a < b ? -1 : 1);
}

s16 wm_lstFindItem(wm_lst_t list, void* item) {
    if (!list) return ERROR;
    for (u16 i = 0; i < list->count; ++i)
        if (compare(list, list->items[i], item) == 0) return (s16)i;
    return ERROR;
}

s16 wm_lstInsertItem(wm_lst_t list, void* item, u16 index) {
    if (!list || index > list->count || list->count == 0x7FFF) return ERROR;
    if ((list->attr & WM_LIST_NODUPLICATES) && wm_lstFindItem(list, item) >= 0) return ERROR;
    if (list->count == list->capacity) {
        const u16 capacity = list->capacity ? (u16)(list->capacity * 2u) : 8u;
        void** items = realloc(list->items, capacity * sizeof *items);
        if (!items) return ERROR;
        list->items = items;
        list->capacity = capacity;
    }
    memmove(&list->items[index + 1], &list->items[index], (list->count - index) * sizeof *list->items);
    list->items[index] = item;
    ++list->count;
    return (s16)index;
}

s16 wm_lstAddItem(wm_lst_t list, void* item) {
    if (!list) return ERROR;
    u16 index = list->count;
    if (list->attr & WM_LIST_SORTED)
        for (index = 0; index < list->count && compare(list, list->items[index], item) <= 0; ++index) {}
    return wm_lstInsertItem(list, item, index);
}

s16 wm_lstDeleteItem(wm_lst_t list, u16 index) {
    if (!list || index >= list->count) return ERROR;
    release_item(list, list->items[index]);
    memmove(&list->items[index], &list->items[index + 1], (list->count - index - 1u) * sizeof *list->items);
    --list->count;
    return (s16)list->count;
}

/* ---- strings and memory ------------------------------------------------------------------ */
s32 wm_sprintf(ascii* buffer, const ascii* format, ...) {
    va_list args;
    va_start(args, format);
    const int n = vsprintf(buffer, format, args);
    va_end(args);
    return n;
}

s32 wm_snprintf(ascii* buffer, u32 size, const ascii* format, ...) {
    va_list args;
    va_start(args, format);
    const int n = vsnprintf(buffer, size, format, args);
    va_end(args);
    return n;
}

ascii* wm_strcpy(ascii* dst, const ascii* src) { return strcpy(dst, src); }
ascii* wm_strncpy(ascii* dst, const ascii* src, u32 n) { return strncpy(dst, src, n); }
ascii* wm_strcat(ascii* dst, const ascii* src) { return strcat(dst, src); }
ascii* wm_strncat(ascii* dst, const ascii* src, u32 n) { return strncat(dst, src, n); }
u32 wm_strlen(const ascii* str) { return (u32)strlen(str); }
s32 wm_strcmp(const ascii* a, const ascii* b) { return strcmp(a, b); }
s32 wm_strncmp(const ascii* a, const ascii* b, u32 n) { return strncmp(a, b, n); }
s32 wm_stricmp(const ascii* a, const ascii* b) { return strcasecmp(a, b); }
s32 wm_strnicmp(const ascii* a, const ascii* b, u32 n) { return strncasecmp(a, b, n); }
ascii* wm_strchr(const ascii* str, ascii c) { return strchr(str, c); }
ascii* wm_strrchr(const ascii* str, ascii c) { return strrchr(str, c); }
ascii* wm_strstr(const ascii* str, const ascii* sub) { return strstr(str, sub); }
void* wm_memset(void* dst, u8 value, u32 n) { return memset(dst, value, n); }
void* wm_memcpy(void* dst, const void* src, u32 n) { return memcpy(dst, src, n); }
void* wm_memmove(void* dst, const void* src, u32 n) { return memmove(dst, src, n); }
s32 wm_memcmp(const void* a, const void* b, u32 n) { return memcmp(a, b, n); }
s32 wm_atoi(const ascii* str) { return str ? (s32)strtol(str, NULL, 10) : 0; }

ascii* wm_itoa(s32 value, ascii* str) {
    sprintf(str, "%ld", (long)value);
    return str;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

u32 wm_hexatoi(const ascii* str, u16 len) {
    u32 value = 0;
    for (u16 i = 0; i < len && str[i]; ++i) {
        const int d = hex_digit(str[i]);
        if (d < 0) break;
        value = value << 4 | (u32)d;
    }
    return value;
}

ascii* wm_itohexa(ascii* str, u32 value, u8 len) {
    static const char digits[] = "0123456789ABCDEF";
    for (int i = len - 1; i >= 0; --i, value >>= 4) str[i] = digits[value & 0xFu];
    str[len] = 0;
    return str;
}

bool wm_isnumstring(const ascii* str) {
    if (!str || !*str) return false;
    for (; *str; ++str)
        if (!isdigit((unsigned char)*str)) return false;
    return true;
}

bool wm_ishexastring(const ascii* str) {
    if (!str || !*str) return false;
    for (; *str; ++str)
        if (hex_digit(*str) < 0) return false;
    return true;
}

ascii* wm_strRemoveCRLF(ascii* dst, const ascii* src, u16 size) {
    u16 out = 0;
    for (u16 i = 0; i < size && src[i]; ++i)
        if (src[i] != '\r' && src[i] != '\n') dst[out++] = src[i];
    dst[out] = 0;
    return dst;
}

ascii* wm_strGetParameterString(ascii* dst, const ascii* src, u8 position) {
    if (!dst || !src || position == 0) return NULL;
    const char* colon = strchr(src, ':');
    const char* p = colon ? colon + 1 : src;
    for (u8 index = 1;; ++index) {
        while (*p == ' ') ++p;
        bool quoted = false;
        unsigned n = 0;
        while (*p && *p != '\r' && *p != '\n' && (quoted || *p != ',')) {
            if (*p == '"') {
                quoted = !quoted;
            } else if (index == position) {
                dst[n++] = *p;
            }
            ++p;
        }
        if (index == position) {
            dst[n] = 0;
            return dst;
        }
        if (*p != ',') return NULL;
        ++p;
    }
}

/* ---- memory ------------------------------------------------------------------------------ */
void* adl_memGet(u32 size) { return malloc(size ? size : 1u); }

bool _adl_memRelease(void** ptr) {
    if (!ptr || !*ptr) return false;
    free(*ptr);
    *ptr = NULL;
    return true;
}

/* ---- traces ------------------------------------------------------------------------------ */
#define TRACE_LEVEL_MAX 32u

void adl_trcPrint(u8 level, const ascii* format, ...) {
    if (level == 0 || level > TRACE_LEVEL_MAX || !format) return;
    char text[256];
    const int head = snprintf(text, sizeof text, "trace %u: ", (unsigned)level);
    va_list args;
    va_start(args, format);
    vsnprintf(text + head, sizeof text - (size_t)head, format, args);
    va_end(args);
    adl_trace(text);
}

void adl_trcDump(u8 level, const u8* buffer, u16 length) {
    if (level == 0 || level > TRACE_LEVEL_MAX || !buffer) return;
    char text[256];
    int n = snprintf(text, sizeof text, "dump %u:", (unsigned)level);
    for (u16 i = 0; i < length && n < (int)sizeof text - 4; ++i) n += snprintf(text + n, sizeof text - (size_t)n, " %02X", buffer[i]);
    adl_trace(text);
}
