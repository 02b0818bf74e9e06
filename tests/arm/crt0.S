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
    bl  init_data_bss          /* .data from flash, .bss zeroed */
    bl  main
    b   semihost_exit

    .weak svc_handler
svc_handler:
    movs pc, lr                /* return to the instruction after the SVC */

fault_handler:
    mov r0, #0xFF
    b   semihost_exit
