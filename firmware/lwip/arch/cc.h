/* arch/cc.h — lwIP's compiler/platform port for the q2686emu firmware: arm-none-eabi-gcc with
 * newlib, on an ARM946E-S (ARMv5TE, little-endian), bare metal.
 *
 * Debian's lwIP source ships only a Unix port (port/include/arch/cc.h); that folder is never on
 * our include path. This file replaces it. */
#ifndef Q2686_LWIP_ARCH_CC_H
#define Q2686_LWIP_ARCH_CC_H

#include <stdint.h>

/* ---- byte order --------------------------------------------------------------------------- */
/* newlib's <machine/endian.h> may already have defined these (same values). */
#ifndef LITTLE_ENDIAN
#define LITTLE_ENDIAN 1234
#endif
#ifndef BIG_ENDIAN
#define BIG_ENDIAN 4321
#endif
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif
#if !defined(__ARMEL__)
#error "q2686emu's lwIP port expects a little-endian ARM target"
#endif

/* Byte swaps from GCC builtins: constant-folded for constants, a few shifts otherwise (ARMv5
 * has no REV instruction). They replace lwip_htons/lwip_htonl from def.c. */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

/* ---- structure packing -------------------------------------------------------------------- */
/* Protocol headers (IP, TCP, UDP, ICMP, DNS) are packed. The ARM946E-S has no unaligned
 * loads: an LDR from an address that is not a multiple of 4 returns the aligned word rotated,
 * silently wrong data. With the packed attribute GCC assumes nothing about a header's
 * alignment and reads its fields byte by byte wherever it cannot prove alignment, so a
 * header that a link driver leaves at an odd offset still reads correctly. */
#define PACK_STRUCT_BEGIN
#define PACK_STRUCT_STRUCT __attribute__((packed))
#define PACK_STRUCT_END
#define PACK_STRUCT_FIELD(x) x

/* ---- diagnostics -------------------------------------------------------------------------- */
/* LWIP_DEBUG is off, so LWIP_PLATFORM_DIAG is only reached by stats_display(), which is
 * disabled too (LWIP_STATS_DISPLAY 0): a no-op. */
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)

/* A failed LWIP_ASSERT writes "lwip: assertion ... at file:line" to the firmware log (DEBUG
 * console, adl_trace) and stops the CPU with an undefined instruction, which the emulator
 * reports as a firmware fault: lwIP's state is corrupt and must not run on. */
void q2686_lwip_assert(const char* message, const char* file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_ASSERT(x) q2686_lwip_assert((x), __FILE__, __LINE__)

/* ---- random numbers ----------------------------------------------------------------------- */
/* Used for the initial TCP/UDP local ports and DNS transaction IDs and source ports.
 * sys_arch.c: deterministic in virtual time (seeded from the RTC and the cycle counter); no
 * cryptographic use. */
uint32_t q2686_lwip_rand(void);
#define LWIP_RAND() ((u32_t)q2686_lwip_rand())

#endif /* Q2686_LWIP_ARCH_CC_H */
