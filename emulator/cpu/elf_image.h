// ElfImage — an ARM executable read from an ELF32 file: loadable segments (placed at their
// physical/load address, as a boot ROM would find them in flash), the entry point, and the
// symbol table kept for debugging (symbolising a PC, breaking on a function name).
//
// load_elf_file() validates everything it reads and throws InputError naming the file and the
// problem (missing, truncated, not ELF, not 32-bit little-endian ARM, not an executable).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace q2686 {

struct ElfSegment {
    std::uint32_t load_address = 0;   // p_paddr: where the bytes live at reset
    std::uint32_t memory_size = 0;    // p_memsz: bytes past the file data are zero
    std::vector<std::uint8_t> bytes;  // p_filesz bytes from the file
    bool executable = false;
};

struct ElfSymbol {
    std::string name;
    std::uint32_t address = 0;  // bit 0 cleared; see thumb
    std::uint32_t size = 0;
    bool is_function = false;
    bool thumb = false;
    bool weak = false;  // STB_WEAK: a default another definition may replace
};

class SymbolTable {
public:
    void add(ElfSymbol symbol);
    void finish();  // sort for lookup; call once after the last add()

    const ElfSymbol* find(std::string_view name) const;
    // The symbol whose [address, address+size) holds `address` (or the nearest function
    // below it when sizes are missing).
    const ElfSymbol* containing(std::uint32_t address) const;
    std::string describe(std::uint32_t address) const;  // "name+0x12" or "0x00001234"
    std::size_t size() const { return by_address_.size(); }

private:
    std::vector<ElfSymbol> by_address_;
};

struct ElfImage {
    std::string path;
    std::uint32_t entry = 0;
    bool entry_thumb = false;
    std::vector<ElfSegment> segments;
    SymbolTable symbols;
};

// Parses an in-memory ELF; `name` is used in error messages.
ElfImage parse_elf(std::span<const std::uint8_t> file, const std::string& name);
ElfImage load_elf_file(const std::string& path);

}  // namespace q2686
