/* Instruction sequences timed by tests/unit/cpu/cycle_timing_test.cpp.
 * Each sequence runs from seq_NAME up to (not including) seq_NAME_end. The test sets
 * r0-r12 to the address of `scratch` (a zero-filled RAM buffer) unless it says otherwise,
 * so loads and stores through any register hit RAM. Most sequences live in ITCM (zero wait
 * states) so they pin the core's timing alone; the wait-state ones live in flash and RAM. */
    .syntax unified
    .arm

#include "sequence_macros.inc"

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

SEQ alu_flag_setting
    adds r1, r2, r3
    subs r4, r5, r6
    ands r7, r8, r9
    orrs r10, r11, r12
END alu_flag_setting

SEQ alu_move_and_compare
    mov r1, r2
    mvn r3, r4
    cmp r5, r6
    tst r7, r8
END alu_move_and_compare

/* The test points r1 at seq_alu_writes_pc_end. */
SEQ alu_writes_pc
    mov pc, r1
    nop
END alu_writes_pc

SEQ clz_pair
    clz r1, r2
    clz r3, r4
END clz_pair

/* Z clear (the test's CPSR): both fail; Z set: both execute. */
SEQ alu_conditional
    addeq r1, r2, r3
    subeq r4, r5, r6
END alu_conditional

/* --- loads and stores (r0 = scratch, in RAM) --- */
SEQ ldr_no_use
    ldr r1, [r0]
    add r2, r3, r4
END ldr_no_use

SEQ ldr_use_next
    ldr r1, [r0]
    add r2, r1, r4
END ldr_use_next

SEQ ldr_use_after_next
    ldr r1, [r0]
    add r2, r3, r4
    add r5, r1, r6
END ldr_use_after_next

SEQ ldrb_use_next
    ldrb r1, [r0]
    add r2, r1, r4
END ldrb_use_next

SEQ ldrh_use_next
    ldrh r1, [r0]
    add r2, r1, r4
END ldrh_use_next

SEQ ldrb_use_after_next
    ldrb r1, [r0]
    add r2, r3, r4
    add r5, r1, r6
END ldrb_use_after_next

/* The test sets r2 to a small offset. */
SEQ ldr_register_offset
    ldr r1, [r0, r2]
END ldr_register_offset

SEQ ldr_scaled_register_offset
    ldr r1, [r0, r2, lsl #2]
END ldr_scaled_register_offset

/* PC-relative: the literal sits in this sequence's pool, in ITCM. */
SEQ ldr_pc_from_literal
    ldr pc, =seq_ldr_pc_from_literal_end
    nop
END ldr_pc_from_literal

SEQ ldr_from_stack
    ldr r1, [sp, #-4]
END ldr_from_stack

SEQ str_word
    str r1, [r0]
END str_word

SEQ str_of_loaded_register
    ldr r1, [r0]
    str r1, [r0, #4]
END str_of_loaded_register

/* --- load/store multiple (r0 = scratch, in RAM; sp = top of DTCM) --- */
SEQ stm_one
    stmia r0, {r1}
END stm_one

SEQ stm_two
    stmia r0, {r1, r2}
END stm_two

SEQ stm_four
    stmia r0, {r1-r4}
END stm_four

SEQ stm_eight
    stmia r0, {r1-r8}
END stm_eight

SEQ stm_sixteen
    stmia r0, {r0-r15}
END stm_sixteen

SEQ stm_four_to_stack
    stmdb sp, {r1-r4}
END stm_four_to_stack

SEQ ldm_one
    ldmia r0, {r1}
END ldm_one

SEQ ldm_two
    ldmia r0, {r1, r2}
END ldm_two

SEQ ldm_four
    ldmia r0, {r1-r4}
END ldm_four

SEQ ldm_eight
    ldmia r0, {r1-r8}
END ldm_eight

/* Overwrites every register but the PC (with zeros from scratch): nothing runs after it. */
SEQ ldm_fifteen
    ldmia r0, {r0-r14}
END ldm_fifteen

/* The test points r0 at ldm_pc_table (in RAM), whose last word is this sequence's end. */
SEQ ldm_sixteen_with_pc
    ldmia r0, {r0-r15}
    nop
END ldm_sixteen_with_pc

SEQ ldm_last_register_used_next
    ldmia r0, {r1, r2}
    add r3, r2, r2
END ldm_last_register_used_next

SEQ ldm_first_register_used_next
    ldmia r0, {r1, r2}
    add r3, r1, r1
END ldm_first_register_used_next

/* --- multiplies (ARM9E-S: fixed time per operand width, no early termination) --- */
SEQ mul
    mul r1, r2, r3
END mul

SEQ mla
    mla r1, r2, r3, r4
END mla

SEQ muls
    muls r1, r2, r3
END muls

SEQ smull_umull
    smull r1, r2, r3, r4
    umull r5, r6, r7, r8
END smull_umull

SEQ smlal_umlal
    smlal r1, r2, r3, r4
    umlal r5, r6, r7, r8
END smlal_umlal

SEQ smulls
    smulls r1, r2, r3, r4
END smulls

SEQ smulbb_smlabb
    smulbb r1, r2, r3
    smlabb r4, r5, r6, r7
END smulbb_smlabb

SEQ smulwb
    smulwb r1, r2, r3
END smulwb

SEQ smlalbb
    smlalbb r1, r2, r3, r4
END smlalbb

SEQ mul_use_next
    mul r1, r2, r3
    add r4, r1, r1
END mul_use_next

/* --- branches --- */
SEQ b_taken
    b 1f
    nop
1:
END b_taken

/* Taken when the test sets Z; otherwise falls through to the NOP. */
SEQ beq
    beq 1f
    nop
1:
END beq

SEQ bl
    bl 1f
    nop
1:
END bl

/* The test points r1 at seq_bx_arm_end (an ARM address: bit 0 clear). */
SEQ bx_arm
    bx r1
    nop
END bx_arm

/* --- status registers --- */
/* Immediate and register forms; the test sets r1 to Z, so both leave just Z set. */
SEQ msr_flags
    msr cpsr_f, #0x40000000
    msr cpsr_f, r1
END msr_flags

/* 0xD3: SVC mode, IRQ and FIQ masked, as the test starts: only the timing is under test. */
SEQ msr_control
    msr cpsr_c, #0xD3
END msr_control

SEQ mrs
    mrs r1, cpsr
END mrs

/* --- exceptions: SVC #1 enters crt0's vector at 0x08 (flash): `b svc_handler`, whose
 * `movs pc, lr` returns here, to seq_svc_end. (SVC 0x123456 would be semihosting.) --- */
SEQ svc
    svc #1
END svc

/* --- coprocessor 15 --- */
SEQ mrc_cp15_id
    mrc p15, 0, r1, c0, c0, 0
END mrc_cp15_id

/* Drain write buffer: a cache/write-buffer operation with no architectural side effect. */
SEQ mcr_cp15
    mov r1, #0
    mcr p15, 0, r1, c7, c10, 4
END mcr_cp15

/* --- wait states: alu_four's instructions fetched from flash and from RAM --- */
SEQ alu_four_in_flash, .text
    add r1, r2, r3
    sub r4, r5, r6
    eor r7, r8, r9
    orr r10, r11, r12
END alu_four_in_flash

/* Falls through a not-taken branch (the test clears Z): the second block's first fetch
 * continues the sequential stream. */
SEQ fall_through_in_flash, .text
    add r1, r2, r3
    beq 1f
    add r4, r5, r6
1:
END fall_through_in_flash

SEQ alu_four_in_ram, .ram_text
    add r1, r2, r3
    sub r4, r5, r6
    eor r7, r8, r9
    orr r10, r11, r12
END alu_four_in_ram

/* A literal load from flash code: PC-relative, so the data access pays flash wait states. */
SEQ ldr_literal_in_flash, .text
    ldr r1, =0x12345678
END ldr_literal_in_flash

/* --- MMIO: an access is stamped with its instruction's cycle (machine_test) --- */
SEQ mmio_stamp
    mov r1, #0x80000000
    mov r2, #3
    add r2, r2, r2, lsl #1
    str r2, [r1]
    ldr r3, [r1]
END mmio_stamp

/* Loaded by ldm_sixteen_with_pc into r0-r15; lives in RAM (loaded in place, unlike .data). */
    .section .ram_text, "ax"
    .balign 4
    .global ldm_pc_table
ldm_pc_table:
    .rept 15
    .word 0
    .endr
    .word seq_ldm_sixteen_with_pc_end

    .section .scratch_data, "aw"
    .data
    .balign 4
    .global scratch
scratch:
    .space 256

/* --- rows of ARM DDI 0222B table 8.2 and ARM DDI 0214B §9.9-9.10 (issue: six rows) --- */
/* The test points r1 at each sequence's end label. */
SEQ alu_arithmetic_writes_pc
    add pc, r1, #0
    nop
END alu_arithmetic_writes_pc

SEQ alu_logical_writes_pc
    orr pc, r1, #0
    nop
END alu_logical_writes_pc

/* r2 = 0: ADD pc, r1, r2, LSL #2 lands on the end label. */
SEQ alu_shifted_operand_writes_pc
    add pc, r1, r2, lsl #2
    nop
END alu_shifted_operand_writes_pc

SEQ muls_use_next
    muls r1, r2, r3
    add r4, r1, r1
END muls_use_next

SEQ mla_accumulates_previous_multiply
    mul r1, r2, r3
    mla r1, r4, r5, r1
END mla_accumulates_previous_multiply

SEQ mla_multiplies_previous_multiply
    mul r1, r2, r3
    mla r6, r1, r5, r4
END mla_multiplies_previous_multiply

SEQ smlal_accumulates_previous_multiply
    smull r1, r2, r3, r4
    smlal r1, r2, r5, r6
END smlal_accumulates_previous_multiply

SEQ ldrd_first_register_used_next
    ldrd r2, r3, [r0]
    add r4, r2, r2
END ldrd_first_register_used_next

SEQ ldrd_last_register_used_next
    ldrd r2, r3, [r0]
    add r4, r3, r3
END ldrd_last_register_used_next

SEQ qadd_stored_next
    qadd r1, r2, r3
    str r1, [r0]
END qadd_stored_next

SEQ qadd_used_next
    qadd r1, r2, r3
    add r4, r1, r1
END qadd_used_next

SEQ mla_stored_next
    mla r1, r2, r3, r4
    str r1, [r0]
END mla_stored_next

/* A byte load ends a block (BEQ not taken with Z clear); the next block falls through and
 * uses the byte one instruction later than the load: the 2-cycle latency costs 1 stall. */
SEQ byte_load_used_across_a_fall_through
    ldrb r1, [r0]
    beq 1f
    add r4, r1, r1
1:
END byte_load_used_across_a_fall_through

/* The same load with a taken branch between: the pipeline refill hides the latency. */
SEQ byte_load_used_after_a_taken_branch
    ldrb r1, [r0]
    b 1f
1:
    add r4, r1, r1
END byte_load_used_after_a_taken_branch

/* --- data regions from register origins (block_cost.cpp, register_origin.h) ---
 * Each sequence makes one load through a register whose origin the block itself sets; the
 * test pins the wait states of the region that load is charged. Code in ITCM (zero wait). */
    .section .text, "ax"
    .balign 4
    .global flash_table
flash_table:
    .word 0x11111111, 0x22222222, 0x33333333, 0x44444444

    .section .itcm_text, "ax"
    .balign 4
    .global itcm_table
itcm_table:
    .word 0x55555555, 0x66666666

/* A pointer into the stack made from SP (the test's SP is the top of the DTCM). */
SEQ load_through_sp_derived_register
    sub r3, sp, #8
    ldr r1, [r3]
END load_through_sp_derived_register

/* A copy of SP, then an offset added to the copy. */
SEQ load_through_copy_of_sp
    mov r3, sp
    sub r3, r3, #16
    ldr r1, [r3, #4]
END load_through_copy_of_sp

/* A flash table's address from the literal pool, then an element of it. */
SEQ load_through_literal_pointer_to_flash
    ldr r3, =flash_table
    nop
    ldr r1, [r3, #4]
END load_through_literal_pointer_to_flash

/* The same table indexed by a register: the access stays in its base's region. */
SEQ load_through_literal_pointer_indexed
    ldr r3, =flash_table
    nop
    ldr r1, [r3, r2, lsl #2]
END load_through_literal_pointer_indexed

/* An MMIO base from the literal pool: charged MMIO statically, nothing added at run time. */
SEQ load_through_literal_mmio_base
    ldr r3, =0x80000000
    nop
    ldr r1, [r3]
END load_through_literal_mmio_base

/* A DTCM address built from immediates (MOV, then ORR). */
SEQ load_through_constant_built_from_immediates
    mov r3, #0x00900000
    orr r3, r3, #0x100
    ldr r1, [r3]
END load_through_constant_built_from_immediates

/* ADR: a PC-relative address of a table in ITCM. */
SEQ load_through_adr
    adr r3, itcm_table
    ldr r1, [r3, #4]
END load_through_adr

/* A post-indexed load walks a DTCM pointer: the base it writes back stays known. */
SEQ loads_through_written_back_constant
    mov r3, #0x00900000
    ldr r1, [r3], #4
    ldr r2, [r3]
END loads_through_written_back_constant

/* An origin destroyed by a load: r3 held a DTCM address, then a word from `scratch` (which
 * the test fills with scratch's own address, in RAM). */
SEQ load_through_register_reloaded_by_ldm
    mov r3, #0x00900000
    ldm r0, {r2, r3}
    ldr r1, [r3]
END load_through_register_reloaded_by_ldm

/* An origin a conditional instruction may change: unknown afterwards (the test sets Z). */
SEQ load_through_conditionally_changed_register
    mov r3, sp
    movne r3, r0
    ldr r1, [r3, #-4]
END load_through_conditionally_changed_register

/* Thumb: SP-derived, literal pool and ADR origins (the test runs these in Thumb state with SP
 * 64 bytes below the top of the DTCM). */
    .thumb
SEQ thumb_load_through_sp_derived_register
    add r3, sp, #8
    ldr r1, [r3]
END thumb_load_through_sp_derived_register

SEQ thumb_load_through_literal_pointer_to_flash
    ldr r3, =flash_table
    nop
    ldr r1, [r3, #4]
END thumb_load_through_literal_pointer_to_flash

SEQ thumb_load_through_adr
    adr r3, thumb_itcm_table
    ldr r1, [r3, #4]
END thumb_load_through_adr
    .balign 4
thumb_itcm_table:
    .word 0x77777777, 0x88888888

SEQ thumb_load_through_shifted_immediate
    movs r3, #9
    lsls r3, r3, #20
    ldr r1, [r3]
END thumb_load_through_shifted_immediate
    .arm
