/* Instruction sequences timed by tests/unit/cycle_timing_test.cpp.
 * Each sequence runs from seq_NAME up to (not including) seq_NAME_end. The test sets
 * r0-r12 to the address of `scratch` (a zero-filled RAM buffer) unless it says otherwise,
 * so loads and stores through any register hit RAM. Most sequences live in ITCM (zero wait
 * states) so they pin the core's timing alone; the wait-state ones live in flash and RAM. */
    .syntax unified
    .arm

    .macro SEQ name, section=.itcm_text
    .section \section, "ax"
    .balign 4
    .global seq_\name
    .global seq_\name\()_end
seq_\name:
    .endm

    .macro END name
seq_\name\()_end:
    nop
    .ltorg
    .endm

/* --- data processing --- */
SEQ alu_four
    add r1, r2, r3
    sub r4, r5, r6
    eor r7, r8, r9
    orr r10, r11, r12
END alu_four

SEQ alu_shift_by_immediate
    add r1, r2, r3, lsl #4
    mov r4, r5, ror #3
END alu_shift_by_immediate

SEQ alu_shift_by_register
    mov r1, #2
    add r2, r3, r4, lsl r1
END alu_shift_by_register

/* --- loads --- */
SEQ ldr_no_use
    ldr r1, [r0]
    add r2, r3, r4
END ldr_no_use

SEQ ldr_use_next
    ldr r1, [r0]
    add r2, r1, r4
END ldr_use_next

/* --- branches --- */
SEQ b_taken
    b 1f
    nop
1:
END b_taken

/* --- MMIO: an access is stamped with its instruction's cycle (machine_test) --- */
SEQ mmio_stamp
    mov r1, #0x80000000
    mov r2, #3
    add r2, r2, r2, lsl #1
    str r2, [r1]
    ldr r3, [r1]
END mmio_stamp

    .section .scratch_data, "aw"
    .data
    .balign 4
    .global scratch
scratch:
    .space 256
