/* q2686_hw.h — the register interface of the emulated Q2686 peripherals.
 * Registers are accessed as 32-bit words; only UART_DATA and DEBUG_PUTC also accept byte
 * accesses.
 *
 * This header is the datasheet: the ARM firmware (rom-stubs/, firmware/) programs the devices
 * with it and the emulator's device models (emulator/peripherals/) decode accesses with it, so
 * the two can never disagree. docs/hardware.md explains every register in prose.
 *
 * All registers are 32 bits wide, little-endian, at the given offset from their device's page.
 * Access: RW read/write, RO read-only (writes are logged as guest errors and ignored), WO
 * write-only (reads return 0), W1C write 1 to clear. Plain C: included by C and C++. */
#ifndef Q2686_HW_H
#define Q2686_HW_H

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
#define SYSCTL_ID 0x00u          /* RO  chip identity, SYSCTL_ID_VALUE */
#define SYSCTL_RESET_CAUSE 0x04u /* RO  why the CPU last left reset: SYSCTL_CAUSE_* */
#define SYSCTL_RESET 0x08u       /* WO  write SYSCTL_KEY_RESET: software reset (RAM kept) */
#define SYSCTL_IDLE 0x0Cu        /* WO  any value: stop the CPU until an enabled interrupt is pending */
#define SYSCTL_CYCLES_LO 0x10u   /* RO  CPU cycle counter, low word; reading it latches CYCLES_HI */
#define SYSCTL_CYCLES_HI 0x14u   /* RO  high word latched by the last CYCLES_LO read */
#define SYSCTL_CLOCK_HZ 0x18u    /* RO  CPU clock in Hz (104000000) */
#define SYSCTL_POWER_OFF 0x1Cu   /* WO  write SYSCTL_KEY_POWER_OFF: switch the modem off */
#define SYSCTL_IMEI0 0x20u       /* RO  IMEI as 16 ASCII bytes (15 digits + NUL), 4 per word, */
#define SYSCTL_IMEI_WORDS 4u     /*     little-endian: IMEI0 holds characters 0..3 */
#define SYSCTL_IMEI(n) (SYSCTL_IMEI0 + 4u * (n))

#define SYSCTL_ID_VALUE 0x26860001u
#define SYSCTL_CAUSE_POWER_ON 0u
#define SYSCTL_CAUSE_SOFTWARE 1u
#define SYSCTL_CAUSE_WATCHDOG 2u
#define SYSCTL_KEY_RESET 0x52535421u     /* "RST!" */
#define SYSCTL_KEY_POWER_OFF 0x4F464621u /* "OFF!" */

/* ---- INTC: level-triggered interrupt controller, one IRQ output to the CPU -------------- */
#define INTC_RAW 0x00u        /* RO  level of each line */
#define INTC_ENABLE 0x04u     /* RW  lines allowed to reach the CPU */
#define INTC_ENABLE_SET 0x08u /* WO  set bits in ENABLE */
#define INTC_ENABLE_CLR 0x0Cu /* WO  clear bits in ENABLE */
#define INTC_PENDING 0x10u    /* RO  RAW & ENABLE; the CPU's IRQ input is PENDING != 0 */
#define INTC_SOURCE 0x14u     /* RO  lowest pending line number, INTC_NO_SOURCE if none */
#define INTC_NO_SOURCE 0xFFFFFFFFu

/* ---- TIMER0/TIMER1: 32-bit down counters clocked at CPU clock / prescaler --------------- */
#define TIMER_LOAD 0x00u   /* RW  start value; (re)written while enabled restarts the count */
#define TIMER_VALUE 0x04u  /* RO  current count */
#define TIMER_CTRL 0x08u   /* RW  TIMER_CTRL_* */
#define TIMER_STATUS 0x0Cu /* W1C TIMER_STATUS_EXPIRED: the count reached 0 */
#define TIMER_CTRL_ENABLE (1u << 0)
#define TIMER_CTRL_PERIODIC (1u << 1) /* reload LOAD on expiry; else stop (one-shot) */
#define TIMER_CTRL_IRQ_EN (1u << 2)
#define TIMER_CTRL_PRESCALE_SHIFT 4u  /* 2 bits: 0 = /1, 1 = /16, 2 = /256, 3 = /1024 */
#define TIMER_CTRL_PRESCALE_MASK (3u << TIMER_CTRL_PRESCALE_SHIFT)
#define TIMER_STATUS_EXPIRED (1u << 0)

/* ---- WDOG: watchdog on the 32.768 kHz clock; expiry resets the modem --------------------- */
#define WDOG_LOAD 0x00u  /* RW  timeout in 32.768 kHz ticks */
#define WDOG_CTRL 0x04u  /* RW  WDOG_CTRL_ENABLE */
#define WDOG_KICK 0x08u  /* WO  write WDOG_KEY_KICK: restart the timeout */
#define WDOG_VALUE 0x0Cu /* RO  ticks left */
#define WDOG_CTRL_ENABLE (1u << 0)
#define WDOG_KEY_KICK 0x4B49434Bu /* "KICK" */

/* ---- RTC: calendar on the 32.768 kHz clock, battery-backed --------------------------------
 * Dates are full years 1998..2097; DATE = year << 16 | month << 8 | day,
 * TIME = hour << 16 | minute << 8 | second. Reading RTC_DATE latches RTC_TIME so the pair is
 * consistent. */
#define RTC_DATE 0x00u       /* RO  current date (latches TIME) */
#define RTC_TIME 0x04u       /* RO  time latched by the last DATE read */
#define RTC_SUBSEC 0x08u     /* RO  32.768 kHz ticks into the current second, 0..32767 */
#define RTC_SET_DATE 0x0Cu   /* RW  date to load */
#define RTC_SET_TIME 0x10u   /* RW  time to load */
#define RTC_CTRL 0x14u       /* RW  RTC_CTRL_* */
#define RTC_STATUS 0x18u     /* W1C RTC_STATUS_* */
#define RTC_ALARM_DATE 0x1Cu /* RW */
#define RTC_ALARM_TIME 0x20u /* RW */
#define RTC_TZ 0x24u         /* RW  time zone in quarter hours, signed, -96..+96 (3GPP 27.007) */
#define RTC_COUNT 0x28u      /* RO  seconds since 1998-01-01 00:00:00 */
/* RTC_CTRL is an ordinary RW register: set LOAD with a read-modify-write (CTRL |= LOAD), or
 * the alarm enable bits are cleared with it. */
#define RTC_CTRL_LOAD (1u << 0)         /* write 1: SET_DATE/SET_TIME become the time; reads 0 */
#define RTC_CTRL_ALARM_EN (1u << 1)     /* compare with ALARM_DATE/ALARM_TIME every second */
#define RTC_CTRL_ALARM_IRQ_EN (1u << 2) /* STATUS.ALARM drives the RTC interrupt line */
#define RTC_STATUS_ALARM (1u << 0)      /* the alarm time was reached */
#define RTC_STATUS_LOST (1u << 1)       /* power-up without backup battery: time reset to default */
#define RTC_STATUS_BAD_LOAD (1u << 2)   /* the last LOAD had an invalid date/time and was ignored */
#define RTC_PACK_DATE(y, mo, d) (((unsigned)(y) << 16) | ((unsigned)(mo) << 8) | (unsigned)(d))
#define RTC_PACK_TIME(h, mi, s) (((unsigned)(h) << 16) | ((unsigned)(mi) << 8) | (unsigned)(s))
#define RTC_DEFAULT_YEAR 1998u /* Wavecom default after RTC loss: 98/01/01,00:00:00 */

/* ---- UART1/UART2: 8N1 serial ports with 16-byte FIFOs ----------------------------------- */
#define UART_DATA 0x00u   /* read: pop RX FIFO (0 when empty); write: push TX FIFO */
#define UART_STATUS 0x04u /* RO  UART_STATUS_* and FIFO levels */
#define UART_CTRL 0x08u   /* RW  UART_CTRL_* */
#define UART_BAUD 0x0Cu   /* RW  bits per second (default 115200); one character = 10 bits */
#define UART_CLEAR 0x10u  /* W1C UART_STATUS_OVERRUN */
#define UART_STATUS_RX_READY (1u << 0) /* RX FIFO not empty */
#define UART_STATUS_TX_READY (1u << 1) /* TX FIFO not full */
#define UART_STATUS_TX_IDLE (1u << 2)  /* TX FIFO empty and the last character sent */
#define UART_STATUS_OVERRUN (1u << 3)  /* a character arrived with the RX FIFO full: it was lost */
#define UART_STATUS_RX_LEVEL_SHIFT 8u
#define UART_STATUS_TX_LEVEL_SHIFT 16u
#define UART_CTRL_RX_IRQ_EN (1u << 0) /* interrupt while RX_READY */
#define UART_CTRL_TX_IRQ_EN (1u << 1) /* interrupt while TX_READY */
#define UART_FIFO_DEPTH 16u

/* ---- DEBUG: firmware log console -------------------------------------------------------- */
#define DEBUG_PUTC 0x00u /* WO  one character of firmware log; lines become "firmware-log" events */

/* ---- BASEBAND: the GSM/GPRS network as the radio sees it ---------------------------------
 * Registration, signal and operator are read; GPRS attach/detach and PDP context activation
 * are requested through BB_CMD and take virtual time: BB_RESULT.BUSY is set until the
 * procedure ends, then BB_EVENT.DONE is raised and BB_RESULT holds 0 (success) or a 3GPP TS
 * 27.007 §9.2 error code (30 no network service, 107 GPRS services not allowed, 148..., 149...).
 * Every change the network makes (registration, signal, attach, contexts) raises a BB_EVENT
 * bit; the IRQ line is BB_EVENT & BB_IRQ_EN. Strings are ASCII, 4 characters per word,
 * little-endian, NUL-terminated (like SYSCTL_IMEI). */
#define BB_REG 0x00u        /* RO  registration, 27.007 +CREG <stat>: BB_REG_* */
#define BB_LAC 0x04u        /* RO  location area code (16 bits) of the serving cell */
#define BB_CELL_ID 0x08u    /* RO  cell identity (16 bits) */
#define BB_CSQ 0x0Cu        /* RO  27.007 +CSQ: rssi (bits 7:0, 0..31 or 99), ber (15:8, 0..7 or 99) */
#define BB_PLMN 0x10u       /* RO  serving network: MCC << 16 | MNC; BB_PLMN_MNC3 if the MNC has 3 digits */
#define BB_GPRS 0x14u       /* RO  BB_GPRS_ATTACHED */
#define BB_PDP_ACTIVE 0x18u /* RO  bit <cid> set while PDP context <cid> (1..3) is active */
#define BB_CMD 0x1Cu        /* WO  start a procedure: BB_CMD_* | cid << BB_CMD_CID_SHIFT */
#define BB_RESULT 0x20u     /* RO  BB_RESULT_BUSY while a procedure runs; else the last one's error code (0: success) */
#define BB_EVENT 0x24u      /* W1C BB_EVENT_*: what changed */
#define BB_IRQ_EN 0x28u     /* RW  BB_EVENT bits that drive the interrupt line */
#define BB_PDP_SELECT 0x2Cu /* RW  cid (1..3) shown by BB_PDP_IP/DNS1/DNS2 */
#define BB_PDP_IP 0x30u     /* RO  IPv4 address of the selected context, a << 24 | b << 16 | c << 8 | d; 0 if inactive */
#define BB_PDP_DNS1 0x34u   /* RO  primary DNS server of the selected context (0 if inactive) */
#define BB_PDP_DNS2 0x38u   /* RO  secondary DNS server */
#define BB_OPER0 0x40u      /* RO  operator long name, 16 bytes (15 characters + NUL); "" when not registered */
#define BB_OPER_WORDS 4u
#define BB_OPER(n) (BB_OPER0 + 4u * (n))
#define BB_APN0 0x80u       /* RW  APN for BB_CMD_PDP_ACTIVATE, 64 bytes (63 characters + NUL) */
#define BB_APN_WORDS 16u
#define BB_APN(n) (BB_APN0 + 4u * (n))

#define BB_REG_NOT_REGISTERED 0u /* not registered, not searching (modem off, no service wanted) */
#define BB_REG_HOME 1u
#define BB_REG_SEARCHING 2u
#define BB_REG_DENIED 3u
#define BB_REG_UNKNOWN 4u
#define BB_REG_ROAMING 5u
#define BB_PLMN_MNC3 (1u << 15)
#define BB_GPRS_ATTACHED (1u << 0)
#define BB_CMD_ATTACH 1u
#define BB_CMD_DETACH 2u
#define BB_CMD_PDP_ACTIVATE 3u   /* cid in bits 15:8, APN from BB_APN */
#define BB_CMD_PDP_DEACTIVATE 4u /* cid in bits 15:8 */
#define BB_CMD_CODE_MASK 0xFFu
#define BB_CMD_CID_SHIFT 8u
#define BB_CMD_CID_MASK (0xFFu << BB_CMD_CID_SHIFT)
#define BB_RESULT_BUSY (1u << 31)
#define BB_RESULT_CODE_MASK 0xFFFFu
#define BB_EVENT_REG (1u << 0)    /* BB_REG, BB_LAC, BB_CELL_ID or the operator changed */
#define BB_EVENT_SIGNAL (1u << 1) /* BB_CSQ changed */
#define BB_EVENT_GPRS (1u << 2)   /* BB_GPRS changed (attach, detach, network detach) */
#define BB_EVENT_PDP (1u << 3)    /* BB_PDP_ACTIVE changed */
#define BB_EVENT_DONE (1u << 4)   /* the procedure started by BB_CMD ended: see BB_RESULT */
#define BB_EVENT_ALL 0x1Fu
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
#define PKT_CTRL 0x00u       /* RW  PKT_CTRL_ENABLE */
#define PKT_STATUS 0x04u     /* RO  PKT_STATUS_LINK_UP */
#define PKT_TX_BASE 0x08u    /* RW  address of the TX ring (8-byte aligned, in RAM) */
#define PKT_TX_COUNT 0x0Cu   /* RW  descriptors in the TX ring, 2..256 */
#define PKT_TX_HEAD 0x10u    /* RO  next TX descriptor the device will send */
#define PKT_TX_TAIL 0x14u    /* RW  one past the last TX descriptor ready to send (doorbell) */
#define PKT_RX_BASE 0x18u    /* RW  address of the RX ring (8-byte aligned, in RAM) */
#define PKT_RX_COUNT 0x1Cu   /* RW  descriptors in the RX ring, 2..256 */
#define PKT_RX_HEAD 0x20u    /* RO  next RX descriptor the device will fill */
#define PKT_RX_TAIL 0x24u    /* RW  one past the last free RX buffer */
#define PKT_EVENT 0x28u      /* W1C PKT_EVENT_* */
#define PKT_IRQ_EN 0x2Cu     /* RW  PKT_EVENT bits that drive the interrupt line */
#define PKT_RX_DROPS 0x30u   /* RO  packets from the link dropped (no free buffer, buffer too small, disabled) */
#define PKT_MTU 0x34u        /* RO  largest packet in bytes: 1500 */
#define PKT_TX_PACKETS 0x38u /* RO  packets sent to the link since reset */
#define PKT_RX_PACKETS 0x3Cu /* RO  packets delivered into RX buffers since reset */

#define PKT_CTRL_ENABLE (1u << 0)
#define PKT_STATUS_LINK_UP (1u << 0)
#define PKT_EVENT_TX_DONE (1u << 0) /* TX descriptors completed */
#define PKT_EVENT_RX (1u << 1)      /* RX descriptors filled */
#define PKT_EVENT_RX_DROP (1u << 2) /* a packet from the link was dropped */
#define PKT_EVENT_LINK (1u << 3)    /* PKT_STATUS_LINK_UP changed */
#define PKT_EVENT_ALL 0x0Fu
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
#define TRNG_CTRL 0x00u   /* RW  TRNG_CTRL_ENABLE */
#define TRNG_STATUS 0x04u /* RO  TRNG_STATUS_READY */
#define TRNG_DATA 0x08u   /* RO  the next random word (clears READY) */
#define TRNG_COUNT 0x0Cu  /* RO  words delivered since the modem was made (low 32 bits) */
#define TRNG_CTRL_ENABLE (1u << 0)
#define TRNG_STATUS_READY (1u << 0)
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
#define FLASH_STATUS 0x00u      /* RO  FLASH_STATUS_* */
#define FLASH_ADDR 0x04u        /* RW  flash byte address: sector-aligned (erase), word-aligned (program) */
#define FLASH_SRC 0x08u         /* RW  RAM address of the data for PROGRAM_BUFFER, word-aligned */
#define FLASH_LEN 0x0Cu         /* RW  bytes for PROGRAM_BUFFER: a multiple of 4, 4..FLASH_SECTOR_BYTES */
#define FLASH_DATA 0x10u        /* RW  the word for PROGRAM_WORD */
#define FLASH_CMD 0x14u         /* WO  FLASH_CMD_KEY | FLASH_OP_* (ignored while BUSY or without the key) */
#define FLASH_ERROR 0x18u       /* RO  FLASH_ERR_* of the last command */
#define FLASH_EVENT 0x1Cu       /* W1C FLASH_EVENT_DONE */
#define FLASH_IRQ_EN 0x20u      /* RW  FLASH_EVENT bits that drive the interrupt line */
#define FLASH_SECTOR_SIZE 0x24u /* RO  FLASH_SECTOR_BYTES */

#define FLASH_STATUS_BUSY (1u << 0)
#define FLASH_STATUS_ERROR (1u << 1)    /* the last command was refused: see FLASH_ERROR */
#define FLASH_STATUS_MISMATCH (1u << 2) /* the last program wanted a 0 bit back at 1: array = old & value */
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
#define FLASH_EVENT_DONE (1u << 0)
#define FLASH_BASE_ADDRESS 0x00000000u
#define FLASH_SIZE_BYTES 0x00800000u   /* 8 MiB */
#define FLASH_SECTOR_BYTES 0x00010000u /* 64 KiB, uniform */
/* Typical times of a 2000s NOR part (Numonyx M29W400D datasheet, table 4: 64 KB block erase
 * 0.8 s, byte/word program 10 us); a 32-bit word is two x16 programs. */
#define FLASH_ERASE_SECTOR_US 800000u
#define FLASH_PROGRAM_WORD_US 20u

#endif /* Q2686_HW_H */
