/* The prefetch abort (0x0C) and data abort (0x10) vectors' handlers. An abort is a firmware
 * fault the protection unit caught (mpu_init.S): the ARM946E-S keeps no fault status or fault
 * address (ARM DDI 0201D: CP15 has none), so the handler hands the aborted instruction's
 * address — LR_abt - 4 for a prefetch abort, - 8 for a data abort (ARM ARM A2.6.5, A2.6.6) —
 * and the SPSR to rom_abort (abort.c), which reports it and resets the modem. It never returns,
 * so the abort mode borrows the IRQ stack. */
    .syntax unified
    .arm
    .text

    .global prefetch_abort_handler
prefetch_abort_handler:
    sub r0, lr, #4
    mov r1, #0x0C
    b   1f

    .global data_abort_handler
data_abort_handler:
    sub r0, lr, #8
    mov r1, #0x10
1:  mrs r2, spsr
    ldr sp, =__irq_stack_top
    bl  rom_abort
    b   .
    .ltorg
