// Baseband — BASEBAND: the GSM/GPRS network as the firmware sees it, a window on NetworkModel
// (gsm/network_model.h) at page 0x8000_9000, IRQ line 5.
//
// Registers: hw/registers.txt, the one description of offsets, access, reset values and
// writable bits (docs/hardware.md "BASEBAND" shows them).
//
// IRQ line (Q2686_IRQ_BASEBAND): BB_EVENT & BB_IRQ_EN, recomputed after every change.
// A BB_CMD while BB_RESULT.BUSY, an unknown command code or a cid outside 1..3 is a guest error
// (ignored; a bad cid ends the procedure at once with error 3).
//
// BB_RADIO: writing 0 switches the radio off (NetworkModel::radio_off, AT+CFUN=0), 1 on again.
//
// SIM: BB_SIM / BB_SIM_PIN show the card in the holder (NetworkModel::sim(), a host control);
// BB_SIM_CTRL.UNLOCKED (written 1 by the ROM once it has the identity) lets the radio register;
// a removal or insertion is BB_EVENT.SIM.
//
// NITZ: BB_NITZ_* show the network's last NITZ message (NetworkModel::last_nitz(): UTC date and
// time as the network sent them, zone, DST, names), announced by BB_EVENT.NITZ.
//
// Power: reset() (power on/off, software and watchdog reset) clears the firmware's registers;
// the network's own state is NetworkModel's (kept, registration restarts at power-on).
// Events (EventKind::Network): from the model, plus each BB_CMD.
//
// Known inaccuracies:
//   - one procedure at a time (a real baseband queues requests).
//   - the APN window is copied when PDP_ACTIVATE is written; no PDP type, no credentials.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "gsm/network_model.h"
#include "peripherals/irq_line.h"
#include "peripherals/peripheral.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// From hw/registers.txt (offset, name, access, reset value, writable bits).
inline constexpr auto kBasebandRegisters = Q2686_REGISTER_TABLE(Q2686_BASEBAND_REGISTERS);

struct BasebandState {
    std::uint32_t event = 0;
    std::uint32_t irq_en = 0;
    std::uint32_t pdp_select = 1;
    std::array<std::uint32_t, BB_APN_WORDS> apn{};
};

class Baseband final : public Peripheral<Baseband, BasebandState> {
public:
    Baseband(NetworkModel& network, EventLog& events, IrqLine irq);
    ~Baseband() override;

    void reset();             // the firmware-visible registers; drops the IRQ line
    std::string apn() const;  // the APN window as a string

private:
    friend Peripheral;
    std::uint32_t on_read(const RegisterSpec& reg, Cycles now);
    void on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now);
    void on_change(std::uint32_t changes);
    void command(std::uint32_t value, Cycles now);
    void update_irq();

    NetworkModel& network_;
    IrqLine irq_;
    int listener_id_ = 0;
};

}  // namespace q2686
