/* CP15 programming sequences run by tests/unit/cpu/cp15_state_test.cpp: the MCR instructions a
 * firmware uses to set up the ARM946E-S protection unit (ARM DDI 0201D §2.3 and chapter 4).
 * Each sequence runs from seq_NAME up to (not including) seq_NAME_end, in SVC mode. */
    .syntax unified
    .arm

#include "sequence_macros.inc"

/* Region registers (c6, CRm = region): base [31:12], SIZE [5:1] for 2^(SIZE+1) bytes, enable
 * [0] (TRM tables 2.17 and 2.18). */
SEQ program_regions, .text
    ldr r0, =0x0000003F        /* region 0: 0x00000000, 4 GB (SIZE 31), enabled */
    mcr p15, 0, r0, c6, c0, 0
    ldr r0, =0x0000002D        /* region 1: 0x00000000, 8 MB (SIZE 22): flash */
    mcr p15, 0, r0, c6, c1, 0
    ldr r0, =0x0080001D        /* region 2: 0x00800000, 32 KB (SIZE 14): ITCM */
    mcr p15, 0, r0, c6, c2, 0
    ldr r0, =0x1000002B        /* region 5: 0x10000000, 4 MB (SIZE 21): RAM */
    mcr p15, 0, r0, c6, c5, 0
    ldr r0, =0x0090001A        /* region 7: 0x00900000, 16 KB (SIZE 13), NOT enabled */
    mcr p15, 0, r0, c6, c7, 0
    mov r0, #0x22              /* c2 opcode_2 = 0: data cacheable, regions 1 and 5 */
    mcr p15, 0, r0, c2, c0, 0
    mov r0, #0x06              /* c2 opcode_2 = 1: instruction cacheable, regions 1 and 2 */
    mcr p15, 0, r0, c2, c0, 1
    mov r0, #0x20              /* c3: bufferable, region 5 */
    mcr p15, 0, r0, c3, c0, 0
    /* c5 extended permissions, one nibble per region (TRM table 2.13): data r1 = b0110
     * (read-only), r2 = b0001 (privileged only), r5 = b0011 (full), r7 = b0101 (privileged
     * read-only); instruction r1 = b0010, r2 = b0101, r5 = b0011, r7 = b0001. */
    ldr r0, =0x50300160
    mcr p15, 0, r0, c5, c0, 2
    ldr r0, =0x10300520
    mcr p15, 0, r0, c5, c0, 3
END program_regions

/* Control register (c1): D-cache [2], I-cache [12], round-robin replacement [14] on. */
SEQ enable_caches, .text
    mrc p15, 0, r0, c1, c0, 0
    orr r0, r0, #(1 << 2)
    orr r0, r0, #(1 << 12)
    orr r0, r0, #(1 << 14)
    mcr p15, 0, r0, c1, c0, 0
END enable_caches

/* Protection unit enable (c1 bit 0) under a condition: written only when r1 == 0. Run after
 * program_regions, so that the code (flash, region 1) may still be fetched. */
SEQ enable_mpu_if_r1_zero, .text
    mrc p15, 0, r0, c1, c0, 0
    orr r0, r0, #1
    cmp r1, #0
    mcreq p15, 0, r0, c1, c0, 0
END enable_mpu_if_r1_zero
