/* Protection-unit sequences run by tests/unit/cpu/mpu_fault_test.cpp on the emulated ARM946E-S.
 * A self-contained image (no C runtime): its own vector table, so the test sees which abort
 * the core took. Every path ends at `done`, where the test stops the run:
 *   r11 = 0 (no exception), 0x0C (prefetch abort) or 0x10 (data abort);
 *   r10 = SPSR of the abort mode; r14 is then LR_abt (the CPU is in abort mode).
 * Region layout programmed by mpu_on (ARM DDI 0201D §2.3.9, c6: base | SIZE << 1 | enable):
 *   1  0x00000000  8 MB  flash: instructions full access, data read-only (literal pools)
 *   2  0x00900000 16 KB  DTCM: data full access, no instructions
 *   3  0x10000000  4 MB  RAM: data full access, no instructions
 *   4  0x10010000  4 KB  the region under test: permissions from r0 (data) and r1 (instruction)
 *   6  0x10010000  4 KB  overlaps region 4 with full access; enabled when r2 = 1
 *   7  0x20000000  4 KB  full access over an address the emulator does not map
 * Nothing covers the ITCM (0x00800000): it is background. */
    .syntax unified
    .arm

    .section .vectors, "ax"
    .global _start
_start:
    b   done                    /* reset: not used */
    b   undefined_trap
    b   undefined_trap          /* SVC: not used */
    b   prefetch_abort_trap
    b   data_abort_trap
    nop
    b   undefined_trap          /* IRQ */
    b   undefined_trap          /* FIQ */

    .text
undefined_trap:
    mov r11, #0x04
    b   done
prefetch_abort_trap:
    mov r11, #0x0C
    mrs r10, spsr
    b   done
data_abort_trap:
    mov r11, #0x10
    mrs r10, spsr
    b   done

    .global done
done:
    nop
    b   done

/* r0 = data permission nibble of region 4, r1 = its instruction nibble (ARM DDI 0201D table
 * 2.13), r2 = 1 to enable region 6. Programs the regions, then sets the M bit of c1 the way
 * firmware does (read-modify-write). */
    .global seq_mpu_on
seq_mpu_on:
    ldr r3, =0x0000002D         /* region 1: 0x00000000, 8 MB (SIZE 22) */
    mcr p15, 0, r3, c6, c1, 0
    ldr r3, =0x0090001B         /* region 2: 0x00900000, 16 KB (SIZE 13) */
    mcr p15, 0, r3, c6, c2, 0
    ldr r3, =0x1000002B         /* region 3: 0x10000000, 4 MB (SIZE 21) */
    mcr p15, 0, r3, c6, c3, 0
    ldr r3, =0x10010017         /* region 4: 0x10010000, 4 KB (SIZE 11) */
    mcr p15, 0, r3, c6, c4, 0
    ldr r3, =0x10010016         /* region 6: the same 4 KB, enable bit from r2 */
    orr r3, r3, r2
    mcr p15, 0, r3, c6, c6, 0
    ldr r3, =0x20000017         /* region 7: 0x20000000, 4 KB */
    mcr p15, 0, r3, c6, c7, 0
    /* data: r1 b0110, r2 b0011, r3 b0011, r4 from r0, r6 b0011, r7 b0011 */
    ldr r3, =0x33003360
    orr r3, r3, r0, lsl #16
    mcr p15, 0, r3, c5, c0, 2
    /* instructions: r1 b0011, everything else none but region 4 (r1), 6 and 7 (b0011) */
    ldr r3, =0x33000030
    orr r3, r3, r1, lsl #16
    mcr p15, 0, r3, c5, c0, 3
    mrc p15, 0, r3, c1, c0, 0
    orr r3, r3, #1              /* protection unit on */
    mcr p15, 0, r3, c1, c0, 0
    mov r11, #0
    b   done
    .ltorg

/* The accesses under test: r8 = the address. */
    .global seq_load
seq_load:
    mov r11, #0
    ldr r2, [r8]
    b   done

    .global seq_store
seq_store:
    mov r11, #0
    str r2, [r8]
    b   done

/* Jump to r8, where the test has put `bx r9` with r9 = done. */
    .global seq_jump
seq_jump:
    mov r11, #0
    ldr r9, =done
    bx  r8
    .ltorg
