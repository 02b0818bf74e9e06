#include "cpu/elf_image.h"

#include <elf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686 {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& what) {
    throw InputError(fmt::format("{}: {}", name, what));
}

const char* machine_name(unsigned machine) {
    switch (machine) {
        case EM_386: return "x86";
        case EM_X86_64: return "x86-64";
        case EM_AARCH64: return "AArch64";
        case EM_RISCV: return "RISC-V";
        case EM_MIPS: return "MIPS";
        case EM_PPC: return "PowerPC";
        default: return "not ARM";
    }
}

// Reads a T at `offset`, checking the file really holds it.
template <typename T>
T read_at(std::span<const std::uint8_t> file, std::uint64_t offset, const std::string& name, const char* what) {
    if (offset > file.size() || sizeof(T) > file.size() - offset)
        fail(name, fmt::format("truncated ELF: {} at offset {} needs {} bytes, file has {}", what, offset, sizeof(T),
                               file.size()));
    T value;
    std::memcpy(&value, file.data() + offset, sizeof(T));
    return value;
}

void check_range(std::span<const std::uint8_t> file, std::uint64_t offset, std::uint64_t size, const std::string& name,
                 const std::string& what) {
    if (offset > file.size() || size > file.size() - offset)
        fail(name, fmt::format("truncated ELF: {} [{:#x}, {:#x}) extends past the end of the "
                               "file ({} bytes)",
                               what, offset, offset + size, file.size()));
}

void read_symbols(std::span<const std::uint8_t> file, const Elf32_Ehdr& header, const std::string& name,
                  SymbolTable& table) {
    if (header.e_shoff == 0 || header.e_shnum == 0) return;  // stripped: no symbols, not an error
    if (header.e_shentsize != sizeof(Elf32_Shdr))
        fail(name, fmt::format("unexpected section header size {}", header.e_shentsize));
    check_range(file, header.e_shoff, std::uint64_t{header.e_shnum} * sizeof(Elf32_Shdr), name, "section header table");
    auto section = [&](unsigned index) {
        return read_at<Elf32_Shdr>(file, header.e_shoff + std::uint64_t{index} * sizeof(Elf32_Shdr), name,
                                   "section header");
    };
    for (unsigned i = 0; i < header.e_shnum; ++i) {
        const Elf32_Shdr symtab = section(i);
        if (symtab.sh_type != SHT_SYMTAB) continue;
        if (symtab.sh_link >= header.e_shnum) fail(name, "symbol table links to a missing string table");
        const Elf32_Shdr strtab = section(symtab.sh_link);
        check_range(file, symtab.sh_offset, symtab.sh_size, name, "symbol table");
        check_range(file, strtab.sh_offset, strtab.sh_size, name, "string table");
        const std::size_t count = symtab.sh_size / sizeof(Elf32_Sym);
        for (std::size_t s = 1; s < count; ++s) {
            const auto sym = read_at<Elf32_Sym>(file, symtab.sh_offset + s * sizeof(Elf32_Sym), name, "symbol");
            const unsigned type = ELF32_ST_TYPE(sym.st_info);
            if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) continue;
            if (sym.st_shndx == SHN_UNDEF || sym.st_name >= strtab.sh_size) continue;
            const char* text = reinterpret_cast<const char*>(file.data() + strtab.sh_offset + sym.st_name);
            const std::size_t max_len = strtab.sh_size - sym.st_name;
            std::string symbol_name(text, strnlen(text, max_len));
            // ARM mapping symbols ($a, $t, $d) mark code/data boundaries, not names.
            if (symbol_name.empty() || symbol_name[0] == '$') continue;
            ElfSymbol entry;
            entry.name = std::move(symbol_name);
            entry.is_function = type == STT_FUNC;
            entry.thumb = entry.is_function && (sym.st_value & 1u);
            entry.address = entry.is_function ? (sym.st_value & ~1u) : sym.st_value;
            entry.size = sym.st_size;
            entry.weak = ELF32_ST_BIND(sym.st_info) == STB_WEAK;
            table.add(std::move(entry));
        }
    }
}

}  // namespace

void SymbolTable::add(ElfSymbol symbol) {
    by_address_.push_back(std::move(symbol));
}

void SymbolTable::finish() {
    std::stable_sort(by_address_.begin(), by_address_.end(),
                     [](const ElfSymbol& a, const ElfSymbol& b) { return a.address < b.address; });
}

const ElfSymbol* SymbolTable::find(std::string_view name) const {
    for (const auto& symbol : by_address_)
        if (symbol.name == name) return &symbol;
    return nullptr;
}

const ElfSymbol* SymbolTable::containing(std::uint32_t address) const {
    auto it = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                               [](std::uint32_t a, const ElfSymbol& s) { return a < s.address; });
    // A function without a size (hand-written assembly) reaches up to the next symbol only:
    // an address far beyond the end of the code (a wild jump into RAM) is nobody's.
    bool nearest = true;
    while (it != by_address_.begin()) {
        --it;
        if (it->size ? address - it->address < it->size : it->is_function && nearest) return &*it;
        nearest = false;
    }
    return nullptr;
}

std::string SymbolTable::describe(std::uint32_t address) const {
    if (const ElfSymbol* symbol = containing(address)) {
        const std::uint32_t offset = address - symbol->address;
        return offset ? fmt::format("{}+{:#x}", symbol->name, offset) : symbol->name;
    }
    return fmt::format("{:#010x}", address);
}

namespace {
// What the first bytes say: an ELF at all, 32-bit little-endian, for ARM. Enough to name the
// problem of a file too large to read whole.
Elf32_Ehdr check_identity(std::span<const std::uint8_t> file, const std::string& name) {
    if (file.size() < EI_NIDENT || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
        fail(name, file.size() < SELFMAG ? fmt::format("not an ELF file (only {} bytes)", file.size())
                                         : "not an ELF file (bad magic)");
    if (file[EI_CLASS] != ELFCLASS32)
        fail(name, "not an ARM ELF: it is a 64-bit ELF (the ARM946E-S runs 32-bit images)");
    if (file[EI_DATA] != ELFDATA2LSB) fail(name, "not a little-endian ELF");
    const auto header = read_at<Elf32_Ehdr>(file, 0, name, "ELF header");
    if (header.e_machine != EM_ARM)
        fail(name, fmt::format("not an ARM ELF (e_machine {} = {})", header.e_machine, machine_name(header.e_machine)));
    return header;
}
}  // namespace

ElfImage parse_elf(std::span<const std::uint8_t> file, const std::string& name) {
    const Elf32_Ehdr header = check_identity(file, name);
    if (header.e_type != ET_EXEC)
        fail(name, fmt::format("not an executable (e_type {}): link the image first", header.e_type));
    if (header.e_phnum == 0) fail(name, "no program headers: nothing to load");
    if (header.e_phentsize != sizeof(Elf32_Phdr))
        fail(name, fmt::format("unexpected program header size {}", header.e_phentsize));
    check_range(file, header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf32_Phdr), name, "program header table");

    ElfImage image;
    image.path = name;
    image.entry = header.e_entry & ~1u;
    image.entry_thumb = header.e_entry & 1u;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        const auto ph =
            read_at<Elf32_Phdr>(file, header.e_phoff + std::uint64_t{i} * sizeof(Elf32_Phdr), name, "program header");
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
        if (ph.p_filesz > ph.p_memsz)
            fail(name,
                 fmt::format("segment {} has file size {} larger than its memory size {}", i, ph.p_filesz, ph.p_memsz));
        check_range(file, ph.p_offset, ph.p_filesz, name, fmt::format("segment {}", i));
        ElfSegment segment;
        segment.load_address = ph.p_paddr;
        segment.memory_size = ph.p_memsz;
        segment.executable = ph.p_flags & PF_X;
        segment.bytes.assign(file.begin() + ph.p_offset, file.begin() + ph.p_offset + ph.p_filesz);
        image.segments.push_back(std::move(segment));
    }
    if (image.segments.empty()) fail(name, "no loadable segment (PT_LOAD)");
    read_symbols(file, header, name, image.symbols);
    image.symbols.finish();
    return image;
}

ElfImage load_elf_file(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw InputError(fmt::format("{}: is a directory, not an ELF file", path));
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    const std::streamoff size = in.tellg();
    // Firmware images fit the 8 MiB flash; refuse to read anything absurdly larger.
    if (size < 0 || size > (std::streamoff{64} << 20)) {
        // Say what it is if it is not an ARM image at all (a host binary, say), else "too large".
        std::vector<std::uint8_t> head(sizeof(Elf32_Ehdr));
        in.seekg(0);
        in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        check_identity(head, path);
        throw InputError(fmt::format("{}: {} bytes is too large for a Q2686 image", path, size));
    }
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) throw InputError(fmt::format("{}: read error", path));
    return parse_elf(bytes, path);
}

}  // namespace q2686
