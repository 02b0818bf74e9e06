#include "cpu/elf_image.h"

#include <fstream>
#include <iterator>
#include <vector>

#include <gtest/gtest.h>

#include "base/input_error.h"
#include "test_images.h"

using namespace q2686;

namespace {
std::vector<std::uint8_t> read_file(const std::string& path, std::size_t limit = std::size_t(-1)) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::uint8_t> bytes;
    for (std::istreambuf_iterator<char> it(in), end; it != end && bytes.size() < limit; ++it)
        bytes.push_back(static_cast<std::uint8_t>(*it));
    return bytes;
}
std::string error_of(const std::vector<std::uint8_t>& bytes) {
    try {
        parse_elf(bytes, "image.elf");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST(ElfImage, LoadsSegmentsEntryAndSymbols) {
    const ElfImage image = load_elf_file(test_image("sha256_bench.elf"));
    EXPECT_EQ(image.entry, 0u);  // _start: the reset vector
    EXPECT_FALSE(image.entry_thumb);
    ASSERT_FALSE(image.segments.empty());
    EXPECT_EQ(image.segments[0].load_address, 0u);
    const ElfSymbol* main_fn = image.symbols.find("main");
    ASSERT_NE(main_fn, nullptr);
    EXPECT_TRUE(main_fn->is_function);
    EXPECT_EQ(image.symbols.describe(main_fn->address + 4), "main+0x4");
    EXPECT_NE(image.symbols.find("__stack_top"), nullptr);
}

TEST(ElfImage, MissingFileIsAnInputError) {
    try {
        load_elf_file("/nonexistent/firmware.elf");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/firmware.elf: cannot open"), std::string::npos) << e.what();
    }
}

TEST(ElfImage, TruncatedFileNamesWhatIsMissing) {
    auto bytes = read_file(test_image("sha256_bench.elf"));
    bytes.resize(40);
    EXPECT_NE(error_of(bytes).find("truncated ELF"), std::string::npos) << error_of(bytes);
    bytes = read_file(test_image("sha256_bench.elf"));
    bytes.resize(bytes.size() / 3);  // headers present, segment data cut
    EXPECT_NE(error_of(bytes).find("truncated ELF"), std::string::npos) << error_of(bytes);
}

TEST(ElfImage, HostExecutableIsRejectedAsNotArm) {
    // The ELF header is enough to tell (the sanitizer build of this binary is large).
    const std::string error = error_of(read_file("/proc/self/exe", 4096));
    EXPECT_NE(error.find("not an ARM ELF"), std::string::npos) << error;
}

TEST(ElfImage, TextFileIsNotAnElf) {
    const std::string text = "hello, modem\n";
    EXPECT_NE(error_of({text.begin(), text.end()}).find("not an ELF file"), std::string::npos);
}

TEST(ElfImage, ArmObjectFileIsNotAnExecutable) {
    auto bytes = read_file(test_image("sha256_bench.elf"));
    bytes[16] = 1;  // e_type = ET_REL
    EXPECT_NE(error_of(bytes).find("not an executable"), std::string::npos);
}
