/* Start-up code for bare-metal test images: ARM vector table, stack, .data/.bss, main(),
 * then exit through ARM semihosting with main's return value as the status. */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b   reset_handler
    b   fault_handler          /* undefined instruction */
    b   svc_handler
    b   fault_handler          /* prefetch abort */
    b   fault_handler          /* data abort */
    nop
    b   fault_handler          /* IRQ: test images do not enable interrupts */
    b   fault_handler          /* FIQ */

    .text
reset_handler:
    ldr sp, =__stack_top
    ldr r0, =__data_load       /* copy .data from flash to RAM */
    ldr r1, =__data_start
    ldr r2, =__data_end
1:  cmp r1, r2
    ldrlo r3, [r0], #4
    strlo r3, [r1], #4
    blo 1b
    ldr r1, =__bss_start       /* zero .bss */
    ldr r2, =__bss_end
    mov r3, #0
2:  cmp r1, r2
    strlo r3, [r1], #4
    blo 2b
    bl  main
    b   semihost_exit

    .weak svc_handler
svc_handler:
    movs pc, lr                /* return to the instruction after the SVC */

fault_handler:
    mov r0, #0xFF
    b   semihost_exit
