/* UART1 driver: interrupt-driven receive and transmit through ring buffers.
 * RX: the IRQ moves bytes from the 16-byte FIFO into rx_ring; the event loop reads them.
 * Flow control (AT+IFC=...,2, the default): the driver drives CTS (UART_CTRL.CTS). It drops CTS
 * when rx_ring holds RX_HIGH_WATER bytes — room is left for the character on the wire and a
 * full FIFO — and raises it again once the loop has read it down to RX_LOW_WATER, so a host
 * that honours CTS never loses a byte however long a command keeps the loop from reading.
 * Without it (AT+IFC=...,0) CTS stays up and a host that sends too much loses the excess.
 * TX: writers fill tx_ring and enable the TX interrupt; the IRQ refills the FIFO and masks
 * itself when the ring is empty. A writer that finds the ring full sleeps until it drains. */
#include "hw.h"

#define RX_SIZE 512u
#define TX_SIZE 2048u
#define RX_HIGH_WATER (RX_SIZE - 2u * UART_FIFO_DEPTH)
#define RX_LOW_WATER (RX_SIZE / 2u)

static volatile uint8_t rx_ring[RX_SIZE];
static volatile uint32_t rx_head, rx_tail; /* head: written by IRQ; tail: read by the loop */
static volatile uint8_t tx_ring[TX_SIZE];
static volatile uint32_t tx_head, tx_tail; /* head: written by the loop; tail: read by IRQ */
static volatile uint32_t ctrl;
static volatile bool cts_flow_control = true; /* AT+IFC <DTE_by_DCE> = 2 */

/* Sets CTS in the control register (interrupts masked by the caller or in the IRQ). */
static void set_cts(bool on) {
    const uint32_t wanted = on ? (ctrl | UART_CTRL_CTS) : (ctrl & ~UART_CTRL_CTS);
    if (wanted == ctrl) return;
    ctrl = wanted;
    reg_write(Q2686_UART1_BASE, UART_CTRL, ctrl);
}

static void uart1_irq(void) {
    uint32_t status = reg_read(Q2686_UART1_BASE, UART_STATUS);
    while (status & UART_STATUS_RX_READY) {
        const uint8_t byte = (uint8_t)reg_read(Q2686_UART1_BASE, UART_DATA);
        if (rx_head - rx_tail < RX_SIZE) {
            rx_ring[rx_head % RX_SIZE] = byte;
            rx_head++;
        }
        status = reg_read(Q2686_UART1_BASE, UART_STATUS);
    }
    if (cts_flow_control && rx_head - rx_tail >= RX_HIGH_WATER) set_cts(false);
    while ((status & UART_STATUS_TX_READY) && tx_tail != tx_head) {
        reg_write(Q2686_UART1_BASE, UART_DATA, tx_ring[tx_tail % TX_SIZE]);
        tx_tail++;
        status = reg_read(Q2686_UART1_BASE, UART_STATUS);
    }
    if (tx_tail == tx_head && (ctrl & UART_CTRL_TX_IRQ_EN)) {
        ctrl &= ~UART_CTRL_TX_IRQ_EN;
        reg_write(Q2686_UART1_BASE, UART_CTRL, ctrl);
    }
}

void at_uart_init(void) {
    rx_head = rx_tail = tx_head = tx_tail = 0;
    cts_flow_control = true;
    ctrl = UART_CTRL_RX_IRQ_EN | UART_CTRL_CTS; /* ready: the host may send */
    reg_write(Q2686_UART1_BASE, UART_CTRL, ctrl);
    irq_attach(Q2686_IRQ_UART1, uart1_irq);
}

bool at_uart_has_input(void) { return rx_head != rx_tail; }

bool at_uart_read(uint8_t* byte) {
    if (rx_head == rx_tail) return false;
    *byte = rx_ring[rx_tail % RX_SIZE];
    rx_tail++;
    if (!(ctrl & UART_CTRL_CTS) && rx_head - rx_tail <= RX_LOW_WATER) {
        const uint32_t saved = irq_save();
        set_cts(true);
        irq_restore(saved);
    }
    return true;
}

void at_uart_set_cts_flow_control(bool on) {
    const uint32_t saved = irq_save();
    cts_flow_control = on;
    if (!on) set_cts(true); /* no flow control: CTS stays up */
    irq_restore(saved);
}

void at_uart_set_baud(uint32_t baud) {
    at_uart_flush(); /* what is queued leaves at the old rate (the final result code included) */
    reg_write(Q2686_UART1_BASE, UART_BAUD, baud);
}

static void sleep_until_interrupt(void) {
    /* WFI pattern: mask, decide, sleep (wakes on a pending interrupt even while masked), unmask. */
    const uint32_t saved = irq_save();
    reg_write(Q2686_SYSCTL_BASE, SYSCTL_IDLE, 1);
    irq_restore(saved);
}

void at_uart_write(const char* data, unsigned length) {
    for (unsigned i = 0; i < length; ++i) {
        while (tx_head - tx_tail >= TX_SIZE) sleep_until_interrupt();
        tx_ring[tx_head % TX_SIZE] = (uint8_t)data[i];
        tx_head++;
    }
    const uint32_t saved = irq_save();
    if (!(ctrl & UART_CTRL_TX_IRQ_EN)) {
        ctrl |= UART_CTRL_TX_IRQ_EN;
        reg_write(Q2686_UART1_BASE, UART_CTRL, ctrl);
    }
    irq_restore(saved);
}

void at_uart_write_str(const char* text) {
    unsigned length = 0;
    while (text[length]) ++length;
    at_uart_write(text, length);
}

void at_uart_flush(void) {
    while (tx_head != tx_tail) sleep_until_interrupt();
    while (!(reg_read(Q2686_UART1_BASE, UART_STATUS) & UART_STATUS_TX_IDLE)) {
        /* the last characters are still on the wire: a few character times of polling */
    }
}
