// Baseband — BASEBAND: the GSM/GPRS network as the firmware sees it, a window on NetworkModel
// (gsm/network_model.h) at page 0x8000_9000, IRQ line 5.
//
//   offset     register        access  reset  meaning
//   0x00       BB_REG          RO      0      27.007 <stat>: 0 not registered, 1 home, 2 searching,
//                                             3 denied, 5 roaming
//   0x04       BB_LAC          RO      -      location area code (0 while not registered)
//   0x08       BB_CELL_ID      RO      -      cell identity (0 while not registered)
//   0x0C       BB_CSQ          RO      -      rssi (7:0), ber (15:8); 99,99 without service
//   0x10       BB_PLMN         RO      -      MCC << 16 | MNC (| BB_PLMN_MNC3); 0 while not registered
//   0x14       BB_GPRS         RO      0      ATTACHED (bit 0)
//   0x18       BB_PDP_ACTIVE   RO      0      bit <cid> per active context
//   0x1C       BB_CMD          WO      -      ATTACH 1, DETACH 2, PDP_ACTIVATE 3, PDP_DEACTIVATE 4;
//                                             cid in bits 15:8
//   0x20       BB_RESULT       RO      0      BUSY (bit 31) or the last procedure's 27.007 code
//   0x24       BB_EVENT        W1C     0      REG (0), SIGNAL (1), GPRS (2), PDP (3), DONE (4)
//   0x28       BB_IRQ_EN       RW      0      BB_EVENT bits that drive the IRQ line
//   0x2C       BB_PDP_SELECT   RW      1      cid shown by PDP_IP/DNS1/DNS2
//   0x30..38   BB_PDP_IP/DNS1/DNS2  RO 0      addresses of the selected context (0 if inactive)
//   0x40..4C   BB_OPER0..3     RO      ""     operator long name, 4 ASCII characters per word
//   0x80..BC   BB_APN0..15     RW      ""     APN for the next PDP_ACTIVATE, NUL-terminated
//
// IRQ line (Q2686_IRQ_BASEBAND): BB_EVENT & BB_IRQ_EN, recomputed after every change.
// A BB_CMD while BB_RESULT.BUSY, an unknown command code or a cid outside 1..3 is a guest error
// (ignored; a bad cid ends the procedure at once with error 3).
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

#include "bus/mmio_bus.h"
#include "gsm/network_model.h"
#include "peripherals/irq_line.h"
#include "peripherals/register_map.h"
#include "q2686_hw.h"

namespace q2686 {

// clang-format off
inline constexpr std::array<RegisterSpec, 35> kBasebandRegisters = {{
    {BB_REG,        "BB_REG",        RegisterAccess::ReadOnly,        0},
    {BB_LAC,        "BB_LAC",        RegisterAccess::ReadOnly,        0},
    {BB_CELL_ID,    "BB_CELL_ID",    RegisterAccess::ReadOnly,        0},
    {BB_CSQ,        "BB_CSQ",        RegisterAccess::ReadOnly,        0x6363},
    {BB_PLMN,       "BB_PLMN",       RegisterAccess::ReadOnly,        0},
    {BB_GPRS,       "BB_GPRS",       RegisterAccess::ReadOnly,        0},
    {BB_PDP_ACTIVE, "BB_PDP_ACTIVE", RegisterAccess::ReadOnly,        0},
    {BB_CMD,        "BB_CMD",        RegisterAccess::WriteOnly,       0},
    {BB_RESULT,     "BB_RESULT",     RegisterAccess::ReadOnly,        0},
    {BB_EVENT,      "BB_EVENT",      RegisterAccess::WriteOneToClear, 0},
    {BB_IRQ_EN,     "BB_IRQ_EN",     RegisterAccess::ReadWrite,       0},
    {BB_PDP_SELECT, "BB_PDP_SELECT", RegisterAccess::ReadWrite,       1},
    {BB_PDP_IP,     "BB_PDP_IP",     RegisterAccess::ReadOnly,        0},
    {BB_PDP_DNS1,   "BB_PDP_DNS1",   RegisterAccess::ReadOnly,        0},
    {BB_PDP_DNS2,   "BB_PDP_DNS2",   RegisterAccess::ReadOnly,        0},
    {BB_OPER(0),    "BB_OPER0",      RegisterAccess::ReadOnly,        0},
    {BB_OPER(1),    "BB_OPER1",      RegisterAccess::ReadOnly,        0},
    {BB_OPER(2),    "BB_OPER2",      RegisterAccess::ReadOnly,        0},
    {BB_OPER(3),    "BB_OPER3",      RegisterAccess::ReadOnly,        0},
    {BB_APN(0),     "BB_APN0",       RegisterAccess::ReadWrite,       0},
    {BB_APN(1),     "BB_APN1",       RegisterAccess::ReadWrite,       0},
    {BB_APN(2),     "BB_APN2",       RegisterAccess::ReadWrite,       0},
    {BB_APN(3),     "BB_APN3",       RegisterAccess::ReadWrite,       0},
    {BB_APN(4),     "BB_APN4",       RegisterAccess::ReadWrite,       0},
    {BB_APN(5),     "BB_APN5",       RegisterAccess::ReadWrite,       0},
    {BB_APN(6),     "BB_APN6",       RegisterAccess::ReadWrite,       0},
    {BB_APN(7),     "BB_APN7",       RegisterAccess::ReadWrite,       0},
    {BB_APN(8),     "BB_APN8",       RegisterAccess::ReadWrite,       0},
    {BB_APN(9),     "BB_APN9",       RegisterAccess::ReadWrite,       0},
    {BB_APN(10),    "BB_APN10",      RegisterAccess::ReadWrite,       0},
    {BB_APN(11),    "BB_APN11",      RegisterAccess::ReadWrite,       0},
    {BB_APN(12),    "BB_APN12",      RegisterAccess::ReadWrite,       0},
    {BB_APN(13),    "BB_APN13",      RegisterAccess::ReadWrite,       0},
    {BB_APN(14),    "BB_APN14",      RegisterAccess::ReadWrite,       0},
    {BB_APN(15),    "BB_APN15",      RegisterAccess::ReadWrite,       0},
}};
// clang-format on

struct BasebandState {
    std::uint32_t event = 0;
    std::uint32_t irq_en = 0;
    std::uint32_t pdp_select = 1;
    std::array<std::uint32_t, BB_APN_WORDS> apn{};
};

class Baseband final : public MmioDevice {
public:
    Baseband(NetworkModel& network, EventLog& events, IrqLine irq);
    Baseband(const Baseband&) = delete;
    Baseband& operator=(const Baseband&) = delete;
    ~Baseband() override;

    std::string_view name() const override { return "baseband"; }
    std::uint32_t read(std::uint32_t offset, unsigned size, Cycles now) override;
    void write(std::uint32_t offset, unsigned size, std::uint32_t value, Cycles now) override;

    void reset();  // the firmware-visible registers; drops the IRQ line
    std::string apn() const;  // the APN window as a string
    const BasebandState& state() const { return state_; }

private:
    void on_change(std::uint32_t changes);
    void command(std::uint32_t value, Cycles now);
    void update_irq();

    NetworkModel& network_;
    RegisterDecoder regs_;
    IrqLine irq_;
    BasebandState state_;
    int listener_id_ = 0;
};

}  // namespace q2686
