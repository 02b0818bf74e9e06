/* init_data_bss: copy .data from its load address in flash to RAM and zero .bss, using the
 * linker-script symbols __data_load, __data_start/__data_end and __bss_start/__bss_end.
 * Shared by the ROM start-up and the bare-metal test images. Clobbers r0-r3. */
    .syntax unified
    .arm
    .text
    .global init_data_bss
init_data_bss:
    ldr r0, =__data_load
    ldr r1, =__data_start
    ldr r2, =__data_end
1:  cmp r1, r2
    ldrlo r3, [r0], #4
    strlo r3, [r1], #4
    blo 1b
    ldr r1, =__bss_start
    ldr r2, =__bss_end
    mov r3, #0
2:  cmp r1, r2
    strlo r3, [r1], #4
    blo 2b
    bx  lr
