/* ROM start-up: ARM exception vectors, stacks for IRQ and SVC mode, the protection unit and
 * caches (mpu_init.S), .data and .bss, then rom_main(). IRQs are dispatched to irq_dispatch()
 * in C; aborts are firmware faults the protection unit caught, reported and followed by a reset
 * (abort_vectors.S); an undefined instruction or FIQ branches to itself (the emulator reports
 * undefined instructions before the guest ever gets here). */
    .syntax unified
    .arm

    .section .vectors, "ax"
    .global _start
_start:
    b   reset_handler
    b   .                      /* undefined instruction */
    b   svc_handler
    b   prefetch_abort_handler
    b   data_abort_handler
    nop
    b   irq_handler
    b   .                      /* FIQ: not used */

    .text
    .global reset_handler
reset_handler:
    msr cpsr_c, #0xD2          /* IRQ mode, IRQ and FIQ masked */
    ldr sp, =__irq_stack_top
    msr cpsr_c, #0xD3          /* SVC mode, IRQ and FIQ masked */
    ldr sp, =__svc_stack_top
    bl  mpu_init               /* protection regions, then the MPU and the caches on */
    bl  init_data_bss          /* .data from flash, .bss zeroed */
    bl  rom_main
    b   .

irq_handler:
    sub lr, lr, #4             /* LR_irq points one instruction past the return address */
    stmfd sp!, {r0-r3, r12, lr}
    bl  irq_dispatch
    ldmfd sp!, {r0-r3, r12, pc}^

    .weak svc_handler
svc_handler:
    movs pc, lr
