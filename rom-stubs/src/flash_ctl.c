/* The FLASHCTL driver: erase a sector, program bytes. Each operation takes virtual time (0.8 s
 * per erase, 20 us per word: q2686_hw.h); the CPU sleeps (SYSCTL_IDLE) until the device's DONE
 * interrupt instead of polling, so a 7 s garbage collection costs no host time. Other
 * interrupts are served while waiting; the event loop is not (the ADL flash calls are
 * synchronous, as on Open AT).
 *
 * The device programs from external RAM only (no DMA into the TCMs, where the stacks are), so
 * data is staged through a RAM buffer in pieces of FLASHCTL_CHUNK bytes. */
#include <string.h>

#include "hw.h"

#define FLASHCTL_CHUNK 1024u

static uint32_t staging[FLASHCTL_CHUNK / 4]; /* .bss: external RAM */
static bool irq_attached;

static void flashctl_irq(void) { reg_write(Q2686_FLASHCTL_BASE, FLASH_EVENT, FLASH_EVENT_DONE); }

/* Runs one command and sleeps until it ends. Returns FLASH_ERR_NONE or the device's code. */
static int run(uint32_t op) {
    if (!irq_attached) {
        irq_attach(Q2686_IRQ_FLASHCTL, flashctl_irq);
        reg_write(Q2686_FLASHCTL_BASE, FLASH_IRQ_EN, FLASH_EVENT_DONE);
        irq_attached = true;
    }
    reg_write(Q2686_FLASHCTL_BASE, FLASH_CMD, FLASH_CMD_KEY | op);
    for (;;) {
        /* With IRQs masked, a DONE raised between the check and the idle keeps the interrupt
         * line up, so the idle returns at once: no lost wake-up. */
        const uint32_t saved = irq_save();
        const uint32_t status = reg_read(Q2686_FLASHCTL_BASE, FLASH_STATUS);
        if (!(status & FLASH_STATUS_BUSY)) {
            irq_restore(saved);
            return (status & FLASH_STATUS_ERROR) ? (int)reg_read(Q2686_FLASHCTL_BASE, FLASH_ERROR) : 0;
        }
        reg_write(Q2686_SYSCTL_BASE, SYSCTL_IDLE, 1);
        irq_restore(saved);
    }
}

int flashctl_erase_sector(uint32_t address) {
    reg_write(Q2686_FLASHCTL_BASE, FLASH_ADDR, address);
    return run(FLASH_OP_ERASE_SECTOR);
}

int flashctl_program(uint32_t address, const void* data, uint32_t length) {
    const uint8_t* bytes = data;
    while (length) {
        const uint32_t piece = length < FLASHCTL_CHUNK ? length : FLASHCTL_CHUNK;
        const uint32_t padded = (piece + 3u) & ~3u;
        memcpy(staging, bytes, piece);
        memset((uint8_t*)staging + piece, 0xFF, padded - piece); /* 0xFF programs nothing */
        reg_write(Q2686_FLASHCTL_BASE, FLASH_ADDR, address);
        reg_write(Q2686_FLASHCTL_BASE, FLASH_SRC, (uint32_t)staging);
        reg_write(Q2686_FLASHCTL_BASE, FLASH_LEN, padded);
        const int error = run(FLASH_OP_PROGRAM_BUFFER);
        if (error) return error;
        address += padded;
        bytes += piece;
        length -= piece;
    }
    return FLASH_ERR_NONE;
}

int flashctl_program_word(uint32_t address, uint32_t value) {
    reg_write(Q2686_FLASHCTL_BASE, FLASH_ADDR, address);
    reg_write(Q2686_FLASHCTL_BASE, FLASH_DATA, value);
    return run(FLASH_OP_PROGRAM_WORD);
}

bool flash_blank(uint32_t address, uint32_t length) {
    const volatile uint32_t* word = (const volatile uint32_t*)address;
    for (uint32_t i = 0; i < length / 4u; ++i)
        if (word[i] != 0xFFFFFFFFu) return false;
    return true;
}
