#include "debug/cpu_trace.h"

#include <array>
#include <charconv>

#include <capstone/capstone.h>
#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686 {

namespace {

std::optional<std::uint32_t> parse_number(std::string_view text) {
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > 0xFFFF'FFFFu)
        return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

}  // namespace

TraceRange parse_trace_range(std::string_view spec, const SymbolTable& symbols, std::string_view option) {
    const auto fail = [&](const std::string& why) {
        return InputError(
            fmt::format("{} {}: {}; expected a function name, 0xSTART-0xEND or 0xSTART+LENGTH", option, spec, why));
    };
    TraceRange range;
    range.text = std::string(spec);
    for (const char separator : {'-', '+'}) {
        const auto at = spec.find(separator);
        if (at == std::string_view::npos || at == 0) continue;
        const auto start = parse_number(spec.substr(0, at));
        const auto second = parse_number(spec.substr(at + 1));
        if (!start || !second) throw fail("not a number");
        const std::uint64_t end = separator == '-' ? std::uint64_t{*second} : std::uint64_t{*start} + *second;
        if (end <= *start) throw fail("empty range");
        range.first = *start;
        range.last = static_cast<std::uint32_t>(end - 1);
        return range;
    }
    const ElfSymbol* symbol = symbols.find(std::string(spec));
    if (!symbol) throw fail("no such symbol in the image");
    range.first = symbol->address;
    range.last = symbol->address + (symbol->size ? symbol->size : 4) - 1;
    return range;
}

CpuTrace::CpuTrace(Machine& machine, const TraceRange* range, bool mmio, Sink sink)
    : machine_(machine), sink_(std::move(sink)) {
    csh handle = 0;
    if (cs_open(CS_ARCH_ARM, CS_MODE_ARM, &handle) == CS_ERR_OK) arm_ = handle;
    if (cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &handle) == CS_ERR_OK) thumb_ = handle;
    if (range)
        machine_.cpu().add_instruction_observer(
            range->first, range->last,
            [this](std::uint32_t address, bool thumb, Cycles cycle) { instruction(address, thumb, cycle); });
    if (mmio) {
        machine_.mmio().set_trace(true);
        machine_.events().subscribe([this](const Event& event) {
            if (event.kind != EventKind::Mmio) return;
            ++lines_;
            sink_(fmt::format("[{:>12}] mmio {} {}", event.when, event.source, event.text));
        });
    }
}

CpuTrace::~CpuTrace() {
    csh handle = arm_;
    if (handle) cs_close(&handle);
    handle = thumb_;
    if (handle) cs_close(&handle);
}

const std::string& CpuTrace::disassembly(std::uint32_t address, bool thumb) {
    const std::uint64_t key = std::uint64_t{address} << 1 | (thumb ? 1 : 0);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::array<std::uint8_t, 4> code{};
    std::string text = "??";
    const csh handle = thumb ? thumb_ : arm_;
    if (handle && machine_.cpu().read_memory(address, code)) {
        cs_insn* insn = nullptr;
        if (cs_disasm(handle, code.data(), code.size(), address, 1, &insn) == 1) {
            std::string bytes;
            for (std::uint16_t i = insn->size; i-- > 0;) bytes += fmt::format("{:02x}", insn->bytes[i]);
            text = fmt::format("{:<8}  {} {}", bytes, insn->mnemonic, insn->op_str);
            cs_free(insn, 1);
        }
    }
    return cache_.emplace(key, std::move(text)).first->second;
}

void CpuTrace::instruction(std::uint32_t address, bool thumb, Cycles cycle) {
    const ElfImage* image = machine_.image();
    const ElfSymbol* symbol = image ? image->symbols.containing(address) : nullptr;
    const std::string where = symbol ? image->symbols.describe(address) : std::string("-");
    ++lines_;
    sink_(fmt::format("[{:>12}] {:#010x} {:<24} {}", cycle, address, where, disassembly(address, thumb)));
}

}  // namespace q2686
