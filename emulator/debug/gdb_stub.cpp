#include "debug/gdb_stub.h"

#include <fmt/format.h>

namespace q2686 {

namespace {

// The ARM core feature as GDB's own features/arm/arm-core.xml declares it: with it GDB knows
// the register names and that CPSR is register 25 (what p/P use); the g packet holds r0..pc
// and CPSR, in that order.
constexpr std::string_view kTargetXml = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>arm</architecture>
  <feature name="org.gnu.gdb.arm.core">
    <reg name="r0" bitsize="32" type="uint32"/>
    <reg name="r1" bitsize="32" type="uint32"/>
    <reg name="r2" bitsize="32" type="uint32"/>
    <reg name="r3" bitsize="32" type="uint32"/>
    <reg name="r4" bitsize="32" type="uint32"/>
    <reg name="r5" bitsize="32" type="uint32"/>
    <reg name="r6" bitsize="32" type="uint32"/>
    <reg name="r7" bitsize="32" type="uint32"/>
    <reg name="r8" bitsize="32" type="uint32"/>
    <reg name="r9" bitsize="32" type="uint32"/>
    <reg name="r10" bitsize="32" type="uint32"/>
    <reg name="r11" bitsize="32" type="uint32"/>
    <reg name="r12" bitsize="32" type="uint32"/>
    <reg name="sp" bitsize="32" type="data_ptr"/>
    <reg name="lr" bitsize="32"/>
    <reg name="pc" bitsize="32" type="code_ptr"/>
    <reg name="cpsr" bitsize="32" regnum="25"/>
  </feature>
</target>
)";

constexpr unsigned kGdbCpsr = 25;
// Memory replies stay well inside the packet size we announce.
constexpr std::uint32_t kMaxMemoryChunk = rsp::kMaxPacket / 2 - 64;

// Splits "a,b" / "a,b:c" style arguments.
std::pair<std::string_view, std::string_view> split(std::string_view text, char at) {
    const auto pos = text.find(at);
    if (pos == std::string_view::npos) return {text, {}};
    return {text.substr(0, pos), text.substr(pos + 1)};
}

struct AddressLength {
    std::uint32_t address = 0;
    std::uint32_t length = 0;
};

std::optional<AddressLength> parse_address_length(std::string_view text) {
    const auto [a, l] = split(text, ',');
    const auto address = rsp::parse_hex(a);
    const auto length = rsp::parse_hex(l);
    if (!address || !length) return std::nullopt;
    return AddressLength{*address, *length};
}

int signal_of(const HaltInfo& halt) {
    constexpr int kSigInt = 2, kSigIll = 4, kSigTrap = 5, kSigAbrt = 6, kSigSegv = 11;
    switch (halt.cause) {
        case HaltCause::Interrupt: return kSigInt;
        case HaltCause::Watchdog: return kSigAbrt;
        case HaltCause::Fault:
            if (halt.fault && halt.fault->kind == FaultKind::Undefined) return kSigIll;
            if (halt.fault && halt.fault->kind == FaultKind::Memory) return kSigSegv;
            return kSigTrap;
        default: return kSigTrap;
    }
}

}  // namespace

GdbStub::GdbStub(Debugger& debugger) : debugger_(debugger) {}

void GdbStub::add_monitor_command(std::string name, std::string help, MonitorCommand command) {
    monitors_[std::move(name)] = Monitor{std::move(help), std::move(command)};
}

void GdbStub::receive(std::string_view bytes) {
    std::vector<rsp::Received> events;
    decoder_.feed(bytes, events);
    for (rsp::Received& event : events) {
        switch (event.kind) {
            case rsp::Received::Kind::Packet:
                if (!no_ack_) output_ += '+';
                handle(event.payload);
                break;
            case rsp::Received::Kind::BadChecksum:
            case rsp::Received::Kind::Overlong:
                if (!no_ack_) output_ += '-';  // GDB sends it again
                break;
            case rsp::Received::Kind::Nack: output_ += last_packet_; break;
            case rsp::Received::Kind::Ack: break;
            case rsp::Received::Kind::Interrupt:
                if (!debugger_.halted()) debugger_.halt(HaltCause::Interrupt);
                poll_stop();
                break;
        }
    }
}

void GdbStub::handle(std::string_view packet) {
    std::optional<std::string> answer;
    try {
        answer = dispatch(packet);
    } catch (const std::exception&) {
        // A command that could not be carried out (bad arguments deep in a monitor command,
        // an allocation failure): the client gets an error, the emulator goes on.
        answer = "E01";
    }
    if (answer) reply(*answer);
    // No-ack mode starts after the OK that accepts it.
    if (packet == "QStartNoAckMode") no_ack_ = true;
}

void GdbStub::reply(std::string_view payload) {
    last_packet_ = rsp::frame(payload);
    output_ += last_packet_;
}

std::optional<std::string> GdbStub::dispatch(std::string_view packet) {
    if (packet.empty()) return std::string();
    const std::string_view args = packet.substr(1);
    switch (packet[0]) {
        case '?': return stop_reply();
        case 'g': return read_registers();
        case 'G': return write_registers(args);
        case 'p': return read_register(args);
        case 'P': return write_register(args);
        case 'm': return read_memory(args);
        case 'M': return write_memory(args, false);
        case 'X': return write_memory(args, true);
        case 'c':
        case 's':
        case 'C':
        case 'S': return resume(packet[0], args);
        case 'v': return vpacket(packet);
        case 'Z': return breakpoint(args, true);
        case 'z': return breakpoint(args, false);
        case 'q':
        case 'Q': return query(packet);
        case 'H':
        case 'T': return std::string("OK");                     // one thread
        case 'k': kill_requested_ = true; return std::nullopt;  // GDB does not wait for an answer
        case 'D':
            debugger_.clear_all();
            debugger_.resume();
            detached_ = true;
            return std::string("OK");
        default: return std::string();
    }
}

std::string GdbStub::stop_reply() const {
    const HaltInfo& halt = debugger_.halt_info();
    std::string out = fmt::format("T{:02x}", signal_of(halt));
    if (halt.cause == HaltCause::Watchpoint && halt.hit) {
        const char* kind = debugger_.watch_access(halt.hit->address) == WatchAccess::Any ? "awatch"
                           : halt.hit->access == WatchAccess::Read                       ? "rwatch"
                                                                                         : "watch";
        out += fmt::format("{}:{:x};", kind, halt.hit->address);
    }
    out += "thread:1;";
    return out;
}

std::string GdbStub::read_registers() const {
    const ArmRegisters regs = debugger_.registers();
    std::string out;
    for (const std::uint32_t r : regs.r) out += rsp::to_hex_le32(r);
    out += rsp::to_hex_le32(regs.cpsr);
    return out;
}

std::string GdbStub::write_registers(std::string_view hex) {
    if (hex.size() < 17 * 8) return "E01";
    std::array<std::uint32_t, 17> values{};
    for (std::size_t n = 0; n < values.size(); ++n) {
        const auto value = rsp::from_hex_le32(hex.substr(n * 8, 8));
        if (!value) return "E01";
        values[n] = *value;
    }
    // CPSR first: it selects the register bank r13/r14 belong to.
    debugger_.set_register(Debugger::kCpsr, values[16]);
    for (int n = 0; n < 16; ++n) debugger_.set_register(n, values[static_cast<std::size_t>(n)]);
    return "OK";
}

std::string GdbStub::read_register(std::string_view args) const {
    const auto n = rsp::parse_hex(args);
    if (!n) return "E01";
    const ArmRegisters regs = debugger_.registers();
    if (*n < 16) return rsp::to_hex_le32(regs.r[*n]);
    if (*n == kGdbCpsr) return rsp::to_hex_le32(regs.cpsr);
    return "E01";
}

std::string GdbStub::write_register(std::string_view args) {
    const auto [number, hex] = split(args, '=');
    const auto n = rsp::parse_hex(number);
    const auto value = rsp::from_hex_le32(hex);
    if (!n || !value || (*n >= 16 && *n != kGdbCpsr)) return "E01";
    debugger_.set_register(*n == kGdbCpsr ? Debugger::kCpsr : static_cast<int>(*n), *value);
    return "OK";
}

std::string GdbStub::read_memory(std::string_view args) {
    const auto range = parse_address_length(args);
    if (!range) return "E01";
    std::vector<std::uint8_t> bytes(std::min(range->length, kMaxMemoryChunk));
    const std::size_t n = debugger_.read_memory(range->address, bytes);
    if (n == 0 && !bytes.empty()) return "E01";
    return rsp::to_hex(std::span(bytes.data(), n));
}

std::string GdbStub::write_memory(std::string_view args, bool binary) {
    const auto [where, data] = split(args, ':');
    const auto range = parse_address_length(where);
    if (!range) return "E01";
    std::vector<std::uint8_t> bytes;
    if (binary) {
        const auto raw = rsp::unescape(data);
        if (!raw) return "E01";
        bytes.assign(raw->begin(), raw->end());
    } else {
        auto decoded = rsp::from_hex(data);
        if (!decoded) return "E01";
        bytes = std::move(*decoded);
    }
    if (bytes.size() != range->length) return "E01";
    if (bytes.empty()) return "OK";  // GDB probing for X support
    return debugger_.write_memory(range->address, bytes) ? "OK" : "E01";
}

std::string GdbStub::breakpoint(std::string_view args, bool insert) {
    const auto [type, rest] = split(args, ',');
    const auto [where, kind] = split(rest, ',');
    const auto address = rsp::parse_hex(where);
    const auto length = rsp::parse_hex(kind);
    if (type.size() != 1 || !address || !length) return "E01";
    switch (type[0]) {
        case '0':
        case '1':
            if (insert)
                debugger_.add_breakpoint(*address);
            else
                debugger_.remove_breakpoint(*address);
            return "OK";
        case '2':
        case '3':
        case '4': {
            const WatchAccess access = type[0] == '2'   ? WatchAccess::Write
                                       : type[0] == '3' ? WatchAccess::Read
                                                        : WatchAccess::Any;
            if (insert)
                debugger_.add_watchpoint(*address, *length, access);
            else
                debugger_.remove_watchpoint(*address, *length, access);
            return "OK";
        }
        default: return "";
    }
}

std::string GdbStub::query(std::string_view packet) {
    if (packet.starts_with("qSupported"))
        return fmt::format("PacketSize={:x};qXfer:features:read+;QStartNoAckMode+", rsp::kMaxPacket);
    if (packet == "QStartNoAckMode") return "OK";
    if (packet.starts_with("qXfer:features:read:")) return features(packet.substr(20));
    if (packet.starts_with("qRcmd,")) return monitor(packet.substr(6));
    if (packet == "qAttached") return "1";  // attached to a running machine: k does not "kill" GDB's own process
    if (packet == "qC") return "QC1";
    if (packet == "qfThreadInfo") return "m1";
    if (packet == "qsThreadInfo") return "l";
    if (packet.starts_with("qSymbol")) return "OK";
    if (packet == "qOffsets") return "Text=0;Data=0;Bss=0";
    return "";
}

std::string GdbStub::features(std::string_view args) const {
    const auto [annex, range_text] = split(args, ':');
    if (annex != "target.xml") return "E00";
    const auto range = parse_address_length(range_text);
    if (!range) return "E01";
    if (range->address >= kTargetXml.size()) return "l";
    const std::string_view part = kTargetXml.substr(range->address, range->length);
    const bool last = range->address + part.size() >= kTargetXml.size();
    return std::string(last ? "l" : "m") + std::string(part);  // frame() escapes what needs it
}

std::string GdbStub::monitor(std::string_view hex) {
    const auto bytes = rsp::from_hex(hex);
    if (!bytes) return "E01";
    std::string line(bytes->begin(), bytes->end());
    while (!line.empty() && (line.back() == ' ' || line.back() == '\n')) line.pop_back();
    const auto [name, args] = split(line, ' ');
    std::string text;
    if (name == "help" || name.empty()) {
        text =
            "monitor commands:\n  help                 this list\n"
            "  time                 virtual time, cycles and instructions\n";
        for (const auto& [command, entry] : monitors_) text += fmt::format("  {:<20} {}\n", command, entry.help);
    } else if (name == "time") {
        text = debugger_.time_report() + "\n";
    } else if (const auto it = monitors_.find(name); it != monitors_.end()) {
        text = it->second.command(args);
        if (!text.empty() && text.back() != '\n') text += '\n';
    } else {
        text = fmt::format("unknown monitor command '{}'; try 'monitor help'\n", name);
    }
    return rsp::to_hex(text);
}

std::optional<std::string> GdbStub::resume(char action, std::string_view args) {
    // "c ADDR" / "s ADDR" resume at ADDR; "C sig;ADDR" ignores the signal: there is no OS
    // to deliver it to.
    std::string_view address = args;
    if (action == 'C' || action == 'S') address = split(args, ';').second;
    if (!address.empty()) {
        const auto pc = rsp::parse_hex(address);
        if (!pc) return std::string("E01");
        debugger_.set_register(15, *pc);
    }
    if (action == 's' || action == 'S')
        debugger_.step();
    else
        debugger_.resume();
    waiting_for_stop_ = true;
    return std::nullopt;  // the stop reply comes when the target halts (poll_stop)
}

std::optional<std::string> GdbStub::vpacket(std::string_view packet) {
    if (packet == "vCont?") return std::string("vCont;c;C;s;S");
    if (packet.starts_with("vCont;")) {
        // One thread: the first action decides ("vCont;s:1;c" steps thread 1).
        const std::string_view action = split(split(packet.substr(6), ';').first, ':').first;
        if (action.empty()) return std::string("E01");
        if (action[0] == 'c' || action[0] == 'C') return resume('c', {});
        if (action[0] == 's' || action[0] == 'S') return resume('s', {});
        return std::string("E01");
    }
    if (packet == "vKill;1" || packet.starts_with("vKill")) {
        kill_requested_ = true;
        return std::string("OK");
    }
    return std::string();  // vMustReplyEmpty and everything else
}

void GdbStub::poll_stop() {
    if (!waiting_for_stop_ || !debugger_.halted()) return;
    waiting_for_stop_ = false;
    reply(stop_reply());
}

void GdbStub::notify_exit(int status) {
    if (!waiting_for_stop_) return;
    waiting_for_stop_ = false;
    reply(fmt::format("W{:02x}", status & 0xFF));
}

void GdbStub::client_connected() {
    decoder_ = rsp::Decoder{};
    no_ack_ = false;
    waiting_for_stop_ = false;
    kill_requested_ = false;
    detached_ = false;
    last_packet_.clear();
    output_.clear();
    // All-stop: GDB expects a halted target when it attaches.
    if (!debugger_.halted()) debugger_.halt(HaltCause::Reset);
}

void GdbStub::client_disconnected() {
    waiting_for_stop_ = false;
    if (kill_requested_) return;
    // Without a debugger the firmware runs on, unhindered.
    debugger_.clear_all();
    debugger_.resume();
}

}  // namespace q2686
