#include "peripherals/baseband.h"

#include <fmt/format.h>

namespace q2686 {

static_assert(is_well_formed(kBasebandRegisters));

namespace {
constexpr std::uint32_t pack_chars(std::string_view text, unsigned word) {
    std::uint32_t value = 0;
    for (unsigned b = 0; b < 4; ++b) {
        const unsigned i = 4 * word + b;
        if (i < text.size()) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(text[i])) << (8 * b);
    }
    return value;
}
}  // namespace

Baseband::Baseband(NetworkModel& network, EventLog& events, IrqLine irq)
    : Peripheral("baseband", kBasebandRegisters, events), network_(network), irq_(irq) {
    listener_id_ = network_.add_listener([this](std::uint32_t changes, Cycles) { on_change(changes); });
    reset();
}

Baseband::~Baseband() {
    network_.remove_listener(listener_id_);
}

void Baseband::reset() {
    state_ = BasebandState{};
    state_.irq_en = reset_value(kBasebandRegisters, BB_IRQ_EN);
    state_.pdp_select = reset_value(kBasebandRegisters, BB_PDP_SELECT);
    update_irq();
}

void Baseband::on_change(std::uint32_t changes) {
    state_.event |= changes & BB_EVENT_ALL;
    update_irq();
}

void Baseband::update_irq() {
    irq_.set((state_.event & state_.irq_en) != 0);
}

std::string Baseband::apn() const {
    std::string text;
    for (unsigned i = 0; i < BB_APN_WORDS * 4; ++i) {
        const char c = static_cast<char>(state_.apn[i / 4] >> (8 * (i % 4)));
        if (!c) break;
        text += c;
    }
    return text;
}

void Baseband::command(std::uint32_t value, Cycles now) {
    const std::uint32_t code = value & BB_CMD_CODE_MASK;
    const unsigned cid = (value & BB_CMD_CID_MASK) >> BB_CMD_CID_SHIFT;
    if (network_.busy()) {
        regs_.guest_error(now,
                          fmt::format("BB_CMD {:#x} while a procedure is running (BB_RESULT.BUSY): ignored", value));
        return;
    }
    const bool with_cid = code == BB_CMD_PDP_ACTIVATE || code == BB_CMD_PDP_DEACTIVATE;
    if (with_cid && (cid < 1 || cid > BB_PDP_MAX_CID))
        regs_.guest_error(now, fmt::format("BB_CMD {:#x}: cid {} is outside 1..{}", value, cid, BB_PDP_MAX_CID));
    switch (code) {
        case BB_CMD_ATTACH:
            regs_.event(now, EventKind::Network, "BB_CMD attach");
            network_.request_attach(now);
            break;
        case BB_CMD_DETACH:
            regs_.event(now, EventKind::Network, "BB_CMD detach");
            network_.request_detach(now);
            break;
        case BB_CMD_PDP_ACTIVATE:
            regs_.event(now, EventKind::Network, fmt::format("BB_CMD activate context {} APN \"{}\"", cid, apn()));
            network_.request_pdp_activate(cid, apn(), now);
            break;
        case BB_CMD_PDP_DEACTIVATE:
            regs_.event(now, EventKind::Network, fmt::format("BB_CMD deactivate context {}", cid));
            network_.request_pdp_deactivate(cid, now);
            break;
        default:
            regs_.guest_error(now, fmt::format("BB_CMD {:#x}: unknown command code {}: ignored", value, code));
            break;
    }
}

std::uint32_t Baseband::on_read(const RegisterSpec& reg, Cycles) {
    const NetworkProfile& profile = network_.profile();
    const bool registered = network_.registered();
    const PdpContext& selected = network_.context(state_.pdp_select);
    const std::optional<NitzMessage>& nitz = network_.last_nitz();
    const CivilDateTime nitz_time = nitz ? utc_civil(nitz->utc) : CivilDateTime{};
    switch (reg.offset) {
        case BB_REG: return static_cast<std::uint32_t>(network_.registration());
        case BB_LAC: return registered ? profile.lac : 0;
        case BB_CELL_ID: return registered ? profile.cell_id : 0;
        case BB_CSQ:
            return static_cast<std::uint32_t>(network_.rssi()) | static_cast<std::uint32_t>(network_.ber()) << 8;
        case BB_PLMN:
            return registered ? (std::uint32_t{profile.mcc} << 16 | profile.mnc |
                                 (profile.mnc_three_digits ? BB_PLMN_MNC3 : 0))
                              : 0;
        case BB_GPRS: return network_.attached() ? BB_GPRS_ATTACHED : 0;
        case BB_PDP_ACTIVE: {
            std::uint32_t mask = 0;
            for (unsigned cid = 1; cid <= BB_PDP_MAX_CID; ++cid)
                if (network_.context(cid).active) mask |= 1u << cid;
            return mask;
        }
        case BB_RESULT: return network_.busy() ? BB_RESULT_BUSY : network_.last_result();
        case BB_EVENT: return state_.event;
        case BB_IRQ_EN: return state_.irq_en;
        case BB_PDP_SELECT: return state_.pdp_select;
        case BB_PDP_IP: return selected.active ? selected.ip : 0;
        case BB_PDP_DNS1: return selected.active ? profile.dns1 : 0;
        case BB_PDP_DNS2: return selected.active ? profile.dns2 : 0;
        case BB_RADIO: return network_.radio_is_on() ? BB_RADIO_ON : 0;
        case BB_SIM:
            if (!network_.sim().present) return 0;
            return BB_SIM_PRESENT | (network_.sim().pin.empty() ? 0 : BB_SIM_PIN_ENABLED);
        case BB_SIM_CTRL: return network_.sim_unlocked() ? BB_SIM_CTRL_UNLOCKED : 0;
        case BB_NITZ_DATE: return nitz ? rtc_pack_date(nitz_time) : 0;
        case BB_NITZ_TIME: return nitz ? rtc_pack_time(nitz_time) : 0;
        case BB_NITZ_ZONE:
            return nitz ? (static_cast<std::uint32_t>(nitz->zone_quarters) & BB_NITZ_ZONE_QUARTERS_MASK) |
                              static_cast<std::uint32_t>(nitz->dst_hours) << BB_NITZ_ZONE_DST_SHIFT
                        : 0;
    }
    if (reg.offset >= BB_NITZ_FULL(0) && reg.offset < BB_NITZ_FULL(BB_NITZ_FULL_WORDS))
        return nitz ? pack_chars(std::string_view(nitz->full_name).substr(0, BB_NITZ_FULL_WORDS * 4 - 1),
                                 (reg.offset - BB_NITZ_FULL(0)) / 4)
                    : 0;
    if (reg.offset >= BB_NITZ_SHORT(0) && reg.offset < BB_NITZ_SHORT(BB_NITZ_SHORT_WORDS))
        return nitz ? pack_chars(std::string_view(nitz->short_name).substr(0, BB_NITZ_SHORT_WORDS * 4 - 1),
                                 (reg.offset - BB_NITZ_SHORT(0)) / 4)
                    : 0;
    if (reg.offset >= BB_OPER(0) && reg.offset < BB_OPER(BB_OPER_WORDS)) {
        // 15 characters at most: the last byte stays NUL.
        const std::string_view name = std::string_view(profile.operator_name).substr(0, BB_OPER_WORDS * 4 - 1);
        return registered ? pack_chars(name, (reg.offset - BB_OPER(0)) / 4) : 0;
    }
    if (reg.offset >= BB_APN(0) && reg.offset < BB_APN(BB_APN_WORDS)) return state_.apn[(reg.offset - BB_APN(0)) / 4];
    if (reg.offset >= BB_SIM_PIN0 && reg.offset < BB_SIM_PIN(BB_SIM_PIN_WORDS))
        return network_.sim().present ? pack_chars(network_.sim().pin, (reg.offset - BB_SIM_PIN0) / 4) : 0;
    return 0;
}

// `value` holds only the register's writable bits (BB_EVENT, BB_IRQ_EN: the event bits).
void Baseband::on_write(const RegisterSpec& reg, std::uint32_t value, Cycles now) {
    switch (reg.offset) {
        case BB_CMD: command(value, now); break;
        case BB_RADIO:
            if ((value & BB_RADIO_ON) && !network_.radio_is_on()) {
                regs_.event(now, EventKind::Network, "BB_RADIO on");
                network_.radio_on(now);
            } else if (!(value & BB_RADIO_ON) && network_.radio_is_on()) {
                regs_.event(now, EventKind::Network, "BB_RADIO off");
                network_.radio_off(now);
            }
            break;
        case BB_SIM_CTRL:
            // Only a 1 does something: the SIM locks again at reset or removal, not on request.
            if ((value & BB_SIM_CTRL_UNLOCKED) && !network_.sim_unlocked()) {
                if (!network_.sim().present) {
                    regs_.guest_error(now, "BB_SIM_CTRL unlocked without a SIM: ignored");
                    break;
                }
                regs_.event(now, EventKind::Network, "BB_SIM_CTRL unlocked");
                network_.unlock_sim(now);
            }
            break;
        case BB_EVENT: state_.event &= ~value; break;
        case BB_IRQ_EN: state_.irq_en = value; break;
        case BB_PDP_SELECT:
            if (value < 1 || value > BB_PDP_MAX_CID)
                regs_.guest_error(now,
                                  fmt::format("BB_PDP_SELECT {} is outside 1..{}: ignored", value, BB_PDP_MAX_CID));
            else
                state_.pdp_select = value;
            break;
        default:
            if (reg.offset >= BB_APN(0) && reg.offset < BB_APN(BB_APN_WORDS)) {
                state_.apn[(reg.offset - BB_APN(0)) / 4] = value;
                // The window always ends with a NUL: at most 63 characters.
                state_.apn[BB_APN_WORDS - 1] &= 0x00FFFFFFu;
            }
            break;
    }
}

}  // namespace q2686
