/* wip_text.c — the text form of socket data on the AT port (wip_at.h). */
#include "wip_at.h"

static const char hex_digits[] = "0123456789ABCDEF";

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

unsigned wip_text_escape(const u8* data, unsigned length, char* out, unsigned size) {
    unsigned used = 0;
    for (unsigned i = 0; i < length; ++i) {
        const u8 b = data[i];
        const bool plain = b >= 0x20 && b <= 0x7E && b != '"' && b != '\\';
        const unsigned need = plain ? 1u : 3u;
        if (used + need + 1 > size) break;
        if (plain) {
            out[used++] = (char)b;
        } else {
            out[used++] = '\\';
            out[used++] = hex_digits[b >> 4];
            out[used++] = hex_digits[b & 0xF];
        }
    }
    if (size) out[used] = 0;
    return used;
}

int wip_text_unescape(const char* text, u8* out, unsigned size) {
    unsigned used = 0;
    while (*text) {
        if (used == size) return -1;
        if (*text != '\\') {
            out[used++] = (u8)*text++;
            continue;
        }
        const int high = hex_value(text[1]);
        const int low = high < 0 ? -1 : hex_value(text[2]);
        if (low < 0) return -1;
        out[used++] = (u8)(high << 4 | low);
        text += 3;
    }
    return (int)used;
}
