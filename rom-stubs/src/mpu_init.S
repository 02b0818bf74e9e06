/* mpu_init: the ARM946E-S protection unit and caches, as a real boot does before it runs C:
 * the protection regions (CP15 c6), their cacheable (c2) and bufferable (c3) bits and access
 * permissions (c5, extended), then the protection unit, the D-cache and the I-cache on (c1).
 * Register formats: ARM DDI 0201D (ARM946E-S TRM) §2.3; region layout: docs/hardware.md
 * "Protection regions". Clobbers r0. */
    .syntax unified
    .arm

/* c6: base | SIZE << 1 | enable, for a region of 2^(SIZE+1) bytes (TRM tables 2.17, 2.18). */
    .set REGION_ALL,          0x00000000 | (31 << 1) | 1   /* 0: the whole 4 GB (see below) */
    .set REGION_FLASH,        0x00000000 | (22 << 1) | 1   /* 1: 8 MB NOR flash */
    .set REGION_FLASH_OBJECTS,0x00700000 | (19 << 1) | 1   /* 2: its last MB, the flash objects */
    .set REGION_ITCM,         0x00800000 | (14 << 1) | 1   /* 3: 32 KB instruction TCM */
    .set REGION_DTCM,         0x00900000 | (13 << 1) | 1   /* 4: 16 KB data TCM (stacks) */
    .set REGION_RAM,          0x10000000 | (21 << 1) | 1   /* 5: 4 MB RAM */
    .set REGION_MMIO,         0x80000000 | (19 << 1) | 1   /* 6: 1 MB peripheral window */

/* Extended permission nibbles (TRM table 2.13): 0 none, 3 read/write, 6 read-only. */
    .set DATA_ACCESS,  (3 << 0) | (6 << 4) | (6 << 8) | (3 << 12) | (3 << 16) | (3 << 20) | (3 << 24)
    .set INSN_ACCESS,  (3 << 0) | (3 << 4) | (0 << 8) | (3 << 12) | (0 << 16) | (3 << 20) | (0 << 24)
/* Cacheable (c2) and bufferable (c3), one bit per region: flash code and constants cached
 * (not the flash objects, which FLASHCTL rewrites behind the cache); RAM cached and buffered
 * (write-back); the TCMs are never cached; MMIO neither cached nor buffered. */
    .set DATA_CACHEABLE, (1 << 1) | (1 << 5)
    .set INSN_CACHEABLE, (1 << 1) | (1 << 5)
    .set BUFFERABLE,     (1 << 5)
/* c1 (TRM Register 1): protection unit [0], D-cache [2], I-cache [12]. */
    .set CONTROL_ON,     (1 << 0) | (1 << 2) | (1 << 12)

    .text
    .global mpu_init
mpu_init:
    ldr r0, =REGION_ALL
    mcr p15, 0, r0, c6, c0, 0
    ldr r0, =REGION_FLASH
    mcr p15, 0, r0, c6, c1, 0
    ldr r0, =REGION_FLASH_OBJECTS
    mcr p15, 0, r0, c6, c2, 0
    ldr r0, =REGION_ITCM
    mcr p15, 0, r0, c6, c3, 0
    ldr r0, =REGION_DTCM
    mcr p15, 0, r0, c6, c4, 0
    ldr r0, =REGION_RAM
    mcr p15, 0, r0, c6, c5, 0
    ldr r0, =REGION_MMIO
    mcr p15, 0, r0, c6, c6, 0
    mov r0, #0                  /* region 7: unused, disabled */
    mcr p15, 0, r0, c6, c7, 0
    ldr r0, =DATA_ACCESS
    mcr p15, 0, r0, c5, c0, 2
    ldr r0, =INSN_ACCESS
    mcr p15, 0, r0, c5, c0, 3
    mov r0, #DATA_CACHEABLE
    mcr p15, 0, r0, c2, c0, 0
    mov r0, #INSN_CACHEABLE
    mcr p15, 0, r0, c2, c0, 1
    mov r0, #BUFFERABLE
    mcr p15, 0, r0, c3, c0, 0
    /* The caches come up with random contents: invalidate both before enabling them (TRM
     * Register 7), then turn everything on with a read-modify-write of c1. */
    mov r0, #0
    mcr p15, 0, r0, c7, c5, 0   /* invalidate the I-cache */
    mcr p15, 0, r0, c7, c6, 0   /* invalidate the D-cache */
    mrc p15, 0, r0, c1, c0, 0
    orr r0, r0, #(CONTROL_ON & 0xFF)
    orr r0, r0, #(CONTROL_ON & 0xFF00)
    mcr p15, 0, r0, c1, c0, 0
    bx  lr
    .ltorg
