// libFuzzer target: an ELF file as the loader reads it (cpu/elf_image.h) and as a machine
// places it in the Q2686 memory (core/machine.h: segments outside flash, TCM and RAM are
// refused). The contract is InputError for anything unusable; a crash, another exception or a
// sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/input_error.h"
#include "core/machine.h"
#include "cpu/elf_image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static q2686::Machine machine;  // one Unicorn instance: making one costs milliseconds
    try {
        q2686::ElfImage image = q2686::parse_elf(std::span(data, size), "fuzz.elf");
        (void)image.symbols.describe(image.entry);
        (void)image.symbols.find("main");
        machine.load(std::move(image));
    } catch (const q2686::InputError&) {
    }
    return 0;
}
