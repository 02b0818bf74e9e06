#include "cpu/semihosting.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "cpu/arm_cpu.h"

namespace q2686 {

namespace {
constexpr std::uint32_t kSysWriteC = 0x03;
constexpr std::uint32_t kSysWrite0 = 0x04;
constexpr std::uint32_t kSysWrite = 0x05;
constexpr std::uint32_t kSysClock = 0x10;
constexpr std::uint32_t kSysExit = 0x18;
constexpr std::uint32_t kSysExitExtended = 0x20;
constexpr std::uint32_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit

std::uint32_t read_word(const ArmCpu& cpu, std::uint32_t address) {
    std::array<std::uint8_t, 4> b{};
    if (!cpu.read_memory(address, b)) return 0;
    return b[0] | (b[1] << 8) | (b[2] << 16) | (std::uint32_t{b[3]} << 24);
}
}  // namespace

Semihosting::Semihosting(EventLog& events, ClockRate clock, Output output)
    : events_(events), clock_(clock), output_(std::move(output)) {}

bool Semihosting::is_semihosting_call(const ArmCpu& cpu, std::uint32_t next_pc, bool thumb) const {
    if (thumb) {
        std::array<std::uint8_t, 2> b{};
        return cpu.read_memory(next_pc - 2, b) && b[0] == 0xAB && b[1] == 0xDF;  // SVC 0xAB
    }
    return (read_word(cpu, next_pc - 4) & 0x0FFF'FFFF) == 0x0F12'3456;  // SVC 0x123456
}

std::string Semihosting::read_string(const ArmCpu& cpu, std::uint32_t address, std::size_t max) const {
    std::string text;
    std::array<std::uint8_t, 1> c{};
    while (text.size() < max && cpu.read_memory(address + static_cast<std::uint32_t>(text.size()), c) && c[0])
        text.push_back(static_cast<char>(c[0]));
    return text;
}

SemihostingResult Semihosting::handle(ArmCpu& cpu, Cycles now) {
    const ArmRegisters regs = cpu.registers();
    const std::uint32_t op = regs.r[0];
    const std::uint32_t arg = regs.r[1];
    std::uint32_t r0 = 0;
    switch (op) {
        case kSysWriteC: {
            std::array<std::uint8_t, 1> c{};
            cpu.read_memory(arg, c);
            output_(1, std::string(1, static_cast<char>(c[0])));
            break;
        }
        case kSysWrite0: output_(1, read_string(cpu, arg, 64 * 1024)); break;
        case kSysWrite: {
            const std::uint32_t fd = read_word(cpu, arg);
            const std::uint32_t address = read_word(cpu, arg + 4);
            const std::uint32_t length = read_word(cpu, arg + 8);
            std::vector<std::uint8_t> bytes(std::min<std::uint32_t>(length, 64 * 1024));
            cpu.read_memory(address, bytes);
            output_(fd == 2 ? 2 : 1, std::string(bytes.begin(), bytes.end()));
            r0 = 0;  // bytes not written
            break;
        }
        case kSysClock: r0 = static_cast<std::uint32_t>(clock_.to_ns(now) / 10'000'000u); break;
        case kSysExit:
        case kSysExitExtended: {
            // AArch32 SYS_EXIT passes the reason in r1; SYS_EXIT_EXTENDED points r1 at
            // {reason, status}.
            const std::uint32_t reason = op == kSysExit ? arg : read_word(cpu, arg);
            const int status = op == kSysExitExtended ? static_cast<int>(read_word(cpu, arg + 4))
                                                      : (reason == kApplicationExit ? 0 : 1);
            events_.emit({now, EventKind::Semihosting, "semihosting",
                          fmt::format("exit (reason {:#x}, status {})", reason, status)});
            return {true, reason == kApplicationExit ? status : (status ? status : 1)};
        }
        default:
            events_.emit({now, EventKind::Unimplemented, "semihosting", fmt::format("operation {:#x}", op)});
            r0 = 0xFFFF'FFFFu;
            break;
    }
    cpu.set_register(0, r0);
    return {};
}

}  // namespace q2686
