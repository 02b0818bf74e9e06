/* The TRNG driver behind adl_trngRead/adl_trngFill (adl.h, q2686emu extension). The device
 * makes a word every TRNG_WORD_NS after the previous read; reading before READY is a guest
 * error, so each read polls READY first (a few loop turns: 1 us is 104 cycles). */
#include "adl.h"
#include "hw.h"

u32 adl_trngRead(void) {
    if (!(reg_read(Q2686_TRNG_BASE, TRNG_CTRL) & TRNG_CTRL_ENABLE))
        reg_write(Q2686_TRNG_BASE, TRNG_CTRL, TRNG_CTRL_ENABLE);
    while (!(reg_read(Q2686_TRNG_BASE, TRNG_STATUS) & TRNG_STATUS_READY)) {
    }
    return reg_read(Q2686_TRNG_BASE, TRNG_DATA);
}

void adl_trngFill(u8* out, u32 length) {
    while (length) {
        u32 word = adl_trngRead();
        for (unsigned i = 0; i < 4 && length; ++i, --length) {
            *out++ = (u8)word;
            word >>= 8;
        }
    }
}
