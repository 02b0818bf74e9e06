/* q2686_hw.h — the hardware interface of the emulated Q2686: memory map, interrupt lines, and
 * the register interface of its peripherals.
 * Registers are accessed as 32-bit words; only UART_DATA and DEBUG_PUTC also accept byte
 * accesses.
 *
 * This header is the datasheet: the ARM firmware (rom-stubs/, firmware/) programs the devices
 * with it and the emulator's device models (emulator/peripherals/) decode accesses with it, so
 * the two can never disagree. Every register and field is described ONCE, in hw/registers.txt
 * (offset, name, access, reset value, writable bits, meaning): the register offsets and field
 * bits come from the generated q2686_regs.h included below, and so do the emulator's device
 * tables and docs/hardware.md's register tables. This file adds the memory map, the interrupt
 * lines, the values registers take (keys, codes) and what a device does, in prose.
 *
 * All registers are 32 bits wide, little-endian, at the given offset from their device's page.
 * Access: RW read/write, RO read-only (writes are logged as guest errors and ignored), WO
 * write-only (reads return 0), W1C write 1 to clear. Plain C: included by C and C++. */
#ifndef Q2686_HW_H
#define Q2686_HW_H

#include "q2686_regs.h" /* generated from hw/registers.txt */

/* ---- MMIO window: one 4 KiB page per device ------------------------------------------- */
#define Q2686_MMIO_BASE 0x80000000u
#define Q2686_SYSCTL_BASE (Q2686_MMIO_BASE + 0x0000u)
#define Q2686_INTC_BASE (Q2686_MMIO_BASE + 0x1000u)
#define Q2686_TIMER0_BASE (Q2686_MMIO_BASE + 0x2000u)
#define Q2686_TIMER1_BASE (Q2686_MMIO_BASE + 0x3000u)
#define Q2686_WDOG_BASE (Q2686_MMIO_BASE + 0x4000u)
#define Q2686_RTC_BASE (Q2686_MMIO_BASE + 0x5000u)
#define Q2686_UART1_BASE (Q2686_MMIO_BASE + 0x6000u) /* AT command port */
#define Q2686_UART2_BASE (Q2686_MMIO_BASE + 0x7000u) /* trace port */
#define Q2686_DEBUG_BASE (Q2686_MMIO_BASE + 0x8000u)
#define Q2686_BASEBAND_BASE (Q2686_MMIO_BASE + 0x9000u) /* GSM/GPRS network, as the radio sees it */
#define Q2686_PKTIF_BASE (Q2686_MMIO_BASE + 0xA000u)    /* IP packets to and from the GPRS link */
#define Q2686_TRNG_BASE (Q2686_MMIO_BASE + 0xB000u)     /* random numbers (radio noise source) */
#define Q2686_FLASHCTL_BASE (Q2686_MMIO_BASE + 0xC000u) /* flash programming and erasing */
#define Q2686_PAGE_SIZE 0x1000u

/* ---- Interrupt lines (INTC bit numbers) ------------------------------------------------- */
#define Q2686_IRQ_TIMER0 0u
#define Q2686_IRQ_TIMER1 1u
#define Q2686_IRQ_UART1 2u
#define Q2686_IRQ_UART2 3u
#define Q2686_IRQ_RTC 4u
#define Q2686_IRQ_BASEBAND 5u
#define Q2686_IRQ_PKTIF 6u
#define Q2686_IRQ_FLASHCTL 7u
#define Q2686_IRQ_COUNT 8u

/* ---- SYSCTL: identity, reset cause, power, idle, cycle counter -------------------------- */

#define SYSCTL_ID_VALUE 0x26860001u /* SYSCTL_ID */
/* SYSCTL_RESET_CAUSE */
#define SYSCTL_CAUSE_POWER_ON 0u
#define SYSCTL_CAUSE_SOFTWARE 1u
#define SYSCTL_CAUSE_WATCHDOG 2u
#define SYSCTL_CAUSE_RTC_ALARM 3u /* power-on by the RTC alarm while off (AT+CALA wake-up) */
#define SYSCTL_KEY_RESET 0x52535421u     /* "RST!" */
#define SYSCTL_KEY_POWER_OFF 0x4F464621u /* "OFF!" */

/* ---- INTC: level-triggered interrupt controller, one IRQ output to the CPU -------------- */
#define INTC_NO_SOURCE 0xFFFFFFFFu

/* ---- WDOG: watchdog on the 32.768 kHz clock; expiry resets the modem --------------------- */
#define WDOG_KEY_KICK 0x4B49434Bu /* "KICK" */

/* ---- RTC: calendar on the 32.768 kHz clock, battery-backed --------------------------------
 * Dates are full years 1998..2097; DATE = year << 16 | month << 8 | day,
 * TIME = hour << 16 | minute << 8 | second. Reading RTC_DATE latches RTC_TIME so the pair is
 * consistent. */
/* RTC_CTRL is an ordinary RW register: set LOAD with a read-modify-write (CTRL |= LOAD), or
 * the alarm enable bits are cleared with it. */
#define RTC_PACK_DATE(y, mo, d) (((unsigned)(y) << 16) | ((unsigned)(mo) << 8) | (unsigned)(d))
#define RTC_PACK_TIME(h, mi, s) (((unsigned)(h) << 16) | ((unsigned)(mi) << 8) | (unsigned)(s))
#define RTC_DEFAULT_YEAR 1998u /* Wavecom default after RTC loss: 98/01/01,00:00:00 */

/* ---- UART1/UART2: 8N1 serial ports with 16-byte FIFOs ----------------------------------- */
#define UART_FIFO_DEPTH 16u

/* ---- BASEBAND: the GSM/GPRS network as the radio sees it ---------------------------------
 * Registration, signal and operator are read; GPRS attach/detach and PDP context activation
 * are requested through BB_CMD and take virtual time: BB_RESULT.BUSY is set until the
 * procedure ends, then BB_EVENT.DONE is raised and BB_RESULT holds 0 (success) or a 3GPP TS
 * 27.007 §9.2 error code (30 no network service, 107 GPRS services not allowed, 148..., 149...).
 * Every change the network makes (registration, signal, attach, contexts) raises a BB_EVENT
 * bit; the IRQ line is BB_EVENT & BB_IRQ_EN. Strings are ASCII, 4 characters per word,
 * little-endian, NUL-terminated (like SYSCTL_IMEI). */

#define BB_REG_NOT_REGISTERED 0u /* not registered, not searching (modem off, no service wanted) */
#define BB_REG_HOME 1u
#define BB_REG_SEARCHING 2u
#define BB_REG_DENIED 3u
#define BB_REG_UNKNOWN 4u
#define BB_REG_ROAMING 5u
#define BB_CMD_ATTACH 1u
#define BB_CMD_DETACH 2u
#define BB_CMD_PDP_ACTIVATE 3u   /* cid in bits 15:8, APN from BB_APN */
#define BB_CMD_PDP_DEACTIVATE 4u /* cid in bits 15:8 */
#define BB_EVENT_ALL (BB_EVENT_REG | BB_EVENT_SIGNAL | BB_EVENT_GPRS | BB_EVENT_PDP | BB_EVENT_DONE | BB_EVENT_NITZ | BB_EVENT_SIM)
#define BB_PDP_MAX_CID 3u

/* ---- PKTIF: IP packets between the application processor and the GPRS link --------------
 * Two rings of descriptors in RAM, one per direction, shared with the device by head/tail
 * indices (head == tail: empty; at most COUNT - 1 descriptors outstanding). A descriptor is
 * two words (PKT_DESC_*): the buffer's address, then the length in bits 15:0
 * and the device's status in bits 31:16.
 *  TX: the firmware fills descriptors [TX_TAIL...], then writes the new TX_TAIL (doorbell). The
 *      device sends each one (a whole IPv4 packet, 20..PKT_MTU bytes) to the link, writes
 *      PKT_DESC_DONE (| PKT_DESC_ERR if the length was invalid or the link is down) into its
 *      status, advances TX_HEAD and raises PKT_EVENT_TX_DONE.
 *  RX: the firmware posts empty buffers (length = capacity) at [RX_TAIL...] and writes the new
 *      RX_TAIL. For each packet from the link the device fills the descriptor at RX_HEAD
 *      (length = packet size, status PKT_DESC_DONE), advances RX_HEAD and raises PKT_EVENT_RX.
 *      With no free buffer, or one too small, the packet is dropped: PKT_RX_DROPS counts it
 *      and PKT_EVENT_RX_DROP is raised.
 * Packets only flow while PKT_CTRL_ENABLE is set and PKT_STATUS_LINK_UP (a PDP context is
 * active); PKT_EVENT_LINK is raised when LINK_UP changes. Clearing ENABLE resets the four
 * ring indices to 0. The IRQ line is PKT_EVENT & PKT_IRQ_EN. */

#define PKT_EVENT_ALL (PKT_EVENT_TX_DONE | PKT_EVENT_RX | PKT_EVENT_RX_DROP | PKT_EVENT_LINK)
#define PKT_MTU_BYTES 1500u
#define PKT_RING_MAX 256u
#define PKT_DESC_LENGTH_MASK 0xFFFFu
#define PKT_DESC_DONE (1u << 31) /* the device is finished with this descriptor */
#define PKT_DESC_ERR (1u << 30)  /* TX: not sent (bad length or link down) */
#define PKT_DESC_SIZE 8u      /* bytes per descriptor */
#define PKT_DESC_ADDRESS 0x0u  /* word 0: buffer address */
#define PKT_DESC_WORD1 0x4u    /* word 1: length (bits 15:0) | status (PKT_DESC_DONE, PKT_DESC_ERR) */

/* ---- TRNG: random numbers from the radio's noise source ----------------------------------
 * While TRNG_CTRL_ENABLE is set the device makes one 32-bit word every TRNG_WORD_NS of
 * virtual time: TRNG_STATUS_READY is set TRNG_WORD_NS after the enable and after each
 * TRNG_DATA read. Reading TRNG_DATA while not READY (or disabled) returns 0 and is a guest
 * error: poll READY first. q2686emu's "noise" is a deterministic stream (SplitMix64 from the
 * modem's entropy seed) so runs are reproducible — and NOT secret: docs/hardware.md "TRNG". */
#define TRNG_WORD_NS 1000u /* a new word 1 us after the last read (104 cycles at 104 MHz) */

/* ---- FLASHCTL: erasing and programming the NOR flash --------------------------------------
 * NOR semantics: an erase sets every byte of one FLASH_SECTOR_BYTES sector to 0xFF; a program
 * can only clear bits — the array keeps old & value (FLASH_STATUS_MISMATCH tells that some bit
 * could not be set). A command is FLASH_CMD_KEY | FLASH_OP_*; it runs for a virtual time
 * (FLASH_ERASE_SECTOR_US per sector, FLASH_PROGRAM_WORD_US per 32-bit word) with
 * FLASH_STATUS_BUSY set, then changes the array, clears BUSY and raises FLASH_EVENT_DONE. A
 * command with a bad address, source or length ends at once with FLASH_STATUS_ERROR and a
 * FLASH_ERR_* code. PROGRAM_BUFFER copies FLASH_LEN bytes from RAM at FLASH_SRC when the
 * command is written (the buffer may be reused at once). A power cut or reset while BUSY keeps
 * the words already programmed; an interrupted erase leaves the sector all 0x00 (pre-programmed,
 * not yet erased). The IRQ line is FLASH_EVENT & FLASH_IRQ_EN. */

#define FLASH_CMD_KEY 0x464C0000u       /* "FL" in bits 31:16 */
#define FLASH_CMD_KEY_MASK 0xFFFF0000u
#define FLASH_OP_MASK 0xFFu
#define FLASH_OP_ERASE_SECTOR 1u
#define FLASH_OP_PROGRAM_WORD 2u
#define FLASH_OP_PROGRAM_BUFFER 3u
#define FLASH_ERR_NONE 0u
#define FLASH_ERR_ADDRESS 1u /* target outside flash or misaligned */
#define FLASH_ERR_SOURCE 2u  /* source outside RAM or misaligned */
#define FLASH_ERR_LENGTH 3u  /* length 0, not a multiple of 4, over a sector, or past the end of flash */
#define FLASH_BASE_ADDRESS 0x00000000u
#define FLASH_SIZE_BYTES 0x00800000u   /* 8 MiB */
#define FLASH_SECTOR_BYTES 0x00010000u /* 64 KiB, uniform */
/* Typical times of a 2000s NOR part (Numonyx M29W400D datasheet, table 4: 64 KB block erase
 * 0.8 s, byte/word program 10 us); a 32-bit word is two x16 programs. */
#define FLASH_ERASE_SECTOR_US 800000u
#define FLASH_PROGRAM_WORD_US 20u

#endif /* Q2686_HW_H */
