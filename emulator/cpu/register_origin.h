// RegisterOrigins — where each register points, as far as a forward look at one translated
// block can tell, so that a data access pays the wait states of the region it really goes to.
//
// Why: the wait states of a data access depend on the region it touches (docs/hardware.md).
// Deciding that region from the base register's name alone (PC-relative -> code, SP -> stack,
// anything else -> RAM) charges RAM for a pointer into the stack held in another register
// (`add r3, sp, #8; ldr r0, [r3]`) and for a flash table or an MMIO base loaded from a literal
// pool (`ldr r3, =K; ldr r0, [r3, r2, lsl #2]`). Tracking each register's origin through the
// block removes most of that error (docs/cycle-model.md gives the measured figures).
//
// Origins, from the block's first instruction on. A block starts from the origins the block
// that ran just before it left when it is first analysed (BlockCost::exit_origins), or with
// every register Unknown (SP: Stack) when nothing ran before it or registers changed outside
// the blocks' view:
//  * Stack — derived from SP: MOV/ADD/SUB rX, sp, ... and copies; it points into the stack.
//  * Constant — a known value: MOV/MVN of an immediate, a PC-relative literal load (the
//    literal is read from memory at analysis time), ADR / ADD rX, pc, #imm, and data
//    processing (ADD, SUB, RSB, ORR, EOR, AND, BIC, shifts by an immediate) of constants.
//  * Unknown — anything else. Any other write destroys an origin: a load into the register
//    (LDR, LDM), a base write-back the pass cannot follow, a call (BL/BLX clobber r0-r3, r12
//    and lr under the AAPCS). A conditional instruction keeps an origin only if both outcomes
//    agree.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <capstone/capstone.h>

namespace q2686 {

struct RegisterOrigin {
    enum class Kind : std::uint8_t { Unknown, Stack, Constant };
    Kind kind = Kind::Unknown;
    std::uint32_t value = 0;  // Kind::Constant only

    bool operator==(const RegisterOrigin&) const = default;
};

// Where a data access goes, statically.
struct DataTarget {
    enum class Kind : std::uint8_t {
        Unknown,  // no idea: the caller's default region (RAM)
        Stack,    // through SP or an SP-derived register: the stack region
        Address,  // `address` is the first byte accessed, or, with a register index, the
                  // known base the index is added to (tables stay in their base's region)
    };
    Kind kind = Kind::Unknown;
    std::uint32_t address = 0;
};

// The origins of r0..r15 at one point of the program.
using OriginState = std::array<RegisterOrigin, 16>;

// Reads a 32-bit word of memory at analysis time (literal pools); false when it cannot.
using LiteralReader = std::function<bool(std::uint32_t address, std::uint32_t& value)>;

class RegisterOrigins {
public:
    // `literals` may be null: PC-relative loads then leave their register Unknown.
    explicit RegisterOrigins(const LiteralReader* literals) : literals_(literals) {
        origin_[13] = RegisterOrigin{RegisterOrigin::Kind::Stack, 0};
    }
    // Starting from the origins a previous block left (`entry`).
    RegisterOrigins(const LiteralReader* literals, const OriginState& entry) : origin_(entry), literals_(literals) {
        origin_[13] = RegisterOrigin{RegisterOrigin::Kind::Stack, 0};
        origin_[15] = RegisterOrigin{};
    }

    const RegisterOrigin& operator[](int r) const { return origin_[r]; }
    const OriginState& state() const { return origin_; }

    // Where the data access of `insn` (a load, store, LDM/STM, SWP, LDC/STC) goes, from the
    // origins before it executes.
    DataTarget target(const cs_insn& insn, bool thumb) const;

    // Updates the origins for `insn` having executed (Capstone detail on; `handle` for the
    // registers it writes).
    void step(csh handle, const cs_insn& insn, bool thumb);

private:
    struct Value {
        bool known = false;  // Constant
        bool stack = false;  // Stack
        std::uint32_t value = 0;
    };
    Value operand_value(const cs_insn& insn, const cs_arm_op& op, bool thumb) const;
    RegisterOrigin computed(const cs_insn& insn, bool thumb, int destination) const;

    OriginState origin_{};
    const LiteralReader* literals_;
};

}  // namespace q2686
