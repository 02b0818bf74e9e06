/* Register access and CPU helpers for the ROM drivers. */
#ifndef ROM_HW_H
#define ROM_HW_H

#include <stdbool.h>
#include <stdint.h>

#include "adl.h"
#include "q2686_hw.h"

static inline uint32_t reg_read(uint32_t base, uint32_t offset) {
    return *(volatile uint32_t*)(base + offset);
}
static inline void reg_write(uint32_t base, uint32_t offset, uint32_t value) {
    *(volatile uint32_t*)(base + offset) = value;
}

/* CPSR.I: returns the previous state so critical sections nest. */
static inline uint32_t irq_save(void) {
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    __asm__ volatile("msr cpsr_c, %0" ::"r"(cpsr | 0x80u) : "memory");
    return cpsr;
}
static inline void irq_restore(uint32_t cpsr) { __asm__ volatile("msr cpsr_c, %0" ::"r"(cpsr) : "memory"); }
static inline void irq_enable(void) {
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
    __asm__ volatile("msr cpsr_c, %0" ::"r"(cpsr & ~0x80u) : "memory");
}

/* irq.c */
typedef void (*irq_handler_t)(void);
void irq_attach(unsigned line, irq_handler_t handler);

/* uart.c — UART1, the AT port */
void at_uart_init(void);
bool at_uart_read(uint8_t* byte);        /* false when nothing was received */
bool at_uart_has_input(void);
void at_uart_write(const char* data, unsigned length);
void at_uart_write_str(const char* text);
void at_uart_flush(void);                /* wait until every byte has left the wire */
void at_uart_set_baud(uint32_t baud);    /* after the queued output has left at the old rate */
void at_uart_set_cts_flow_control(bool on); /* AT+IFC: CTS follows the receive buffer, or stays up */

/* timers.c */
void timers_init(void);
bool timers_poll(void);                  /* runs expired timers; true if any ran */
bool timers_due(void);
uint64_t cycles_now(void);

/* rtc.c */
void rtc_init(void);

/* at_engine.c */
void at_engine_init(void);
bool at_engine_poll(void);               /* consumes input, runs commands; true if it did work */
bool at_engine_has_work(void);
void at_engine_rom_ready(void);          /* the modem's own commands are subscribed */

/* at_v250.c — V.250 settings the engine needs while it frames and reads lines */
bool at_v250_verbose(void);              /* ATV1: text result codes */
bool at_v250_quiet(void);                /* ATQ1: no result codes */
unsigned at_v250_register(unsigned n);   /* S-parameter n (S3 line end, S4 line feed, S5 backspace) */
void at_v250_line_ended(void);           /* after a final result code: apply AT+IPR/AT+IFC */
void at_v250_init(void);

/* at_profile.c — AT&W/AT&F/ATZ/AT&V; at boot, the saved profile */
void at_profile_init(void);              /* subscribes the commands and applies the saved profile */
/* The network-time code's AT+CTZU getter and setter, saved and restored with the profile. */

/* at_dial.c — ATD (no calls, no GPRS dial-up: NO CARRIER) and ATH */
void at_dial_init(void);

/* at_builtin.c */
void at_builtin_init(void);
void rom_request_reset(void);            /* AT+CFUN=1: reset once the final OK is out */
bool rom_reset_requested(void);

/* at_clock.c — +CCLK, +CALA, +CPOF and the alarm list in the RTC's battery-backed words */
void at_clock_init(void);
bool rtc_alarms_poll(void);              /* reports due alarms (+CALA URCs); true if it did work */
bool rtc_alarms_have_work(void);
void rtc_alarms_ready(void);             /* start-up indications sent: alarm URCs may follow */
void rtc_alarms_clock_changed(void);     /* the clock was set: re-check and re-program */
bool rom_power_off_requested(void);      /* AT+CPOF: power off once the final OK is out */

/* baseband.c — the BASEBAND device */
void baseband_init(void);
bool baseband_has_events(void);
uint32_t baseband_take_events(void);     /* BB_EVENT bits seen since the last call */
unsigned baseband_registration(void);    /* BB_REG */
void baseband_read_string(uint32_t first, unsigned words, char* out); /* out: 4 * words bytes */
void baseband_set_apn(const char* apn);  /* at most 63 characters are kept */
void baseband_command(uint32_t code, unsigned cid);
uint32_t baseband_pdp_ip(unsigned cid);

/* network_procedure.c — one BASEBAND procedure at a time; the BASEBAND event fan-out */
typedef void (*network_done_t)(uint32_t result, void* context); /* result: 0 or a 27.007 code */
void network_init(void);                 /* baseband_init() + adl_gprs_init() */
bool network_procedure_start(uint32_t code, unsigned cid, const char* apn, network_done_t done, void* context);
bool network_procedure_running(uint32_t* code, unsigned* cid); /* false when idle */
bool network_poll(void);                 /* events → URCs, ADL GPRS events, procedure ends */
bool network_has_work(void);

/* adl_gprs.c — the ADL GPRS service and the PDP context table */
void adl_gprs_init(void);
const char* gprs_context_apn(unsigned cid); /* NULL when undefined */
bool gprs_context_define(unsigned cid, const char* apn); /* false: bad cid or APN too long */
void gprs_context_undefine(unsigned cid);
void adl_gprs_on_events(uint32_t events);
void adl_gprs_on_procedure_done(uint32_t code, unsigned cid, uint32_t result);
bool adl_gprs_deliver_setups(void);
bool adl_gprs_has_work(void);

/* at_network.c */
void at_network_init(void);
void at_network_on_events(uint32_t events); /* registration changes → URCs */

/* flash_ctl.c — the FLASHCTL device; each call sleeps until the operation ends. Return
 * FLASH_ERR_NONE (0) or the device's FLASH_ERR_* code. */
int flashctl_erase_sector(uint32_t address);
int flashctl_program(uint32_t address, const void* data, uint32_t length); /* any source; tail padded with 0xFF */
int flashctl_program_word(uint32_t address, uint32_t value);
bool flash_blank(uint32_t address, uint32_t length); /* every word of [address, +length) reads 0xFFFFFFFF */

/* wm.c — a wm_lst (adl_global.h); the AT engine builds its parameter lists in place */
struct wm_lst_s {
    u16 attr;
    wm_lstTable_t table;
    u16 count;
    u16 capacity;
    void** items;
};

/* adl_sim.c — the ADL SIM service and +CPIN/+CCID/+CIMI */
void adl_sim_init(void);
void adl_sim_on_card_change(void); /* BB_EVENT.SIM: the SIM was removed or inserted */

/* plugins.c — adl_pollSubscribe and friends */
void plugins_init(void);
bool plugins_poll(void);
bool plugins_have_work(void);

#endif
