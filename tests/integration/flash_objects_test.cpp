// Flash objects end to end: the ROM's adl_flh* service (rom-stubs/src/flash_objects.c,
// flash_store.c, flash_ctl.c) driven by AT commands of flash_objects_at.elf
// (firmware/smoke/flash_objects_at.c) on the emulated CPU, against the host's FlashObjects —
// objects the host preloads are read by the firmware and the other way round, a power cut at
// any moment leaves old-or-new — and the TRNG as the firmware reads it.
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/input_error.h"
#include "modem_fixture.h"
#include "q2686_flash_objects.h"

namespace q2686::integration {
namespace {

using Bytes = std::vector<std::uint8_t>;

ModemConfig flash_config(std::uint64_t seed = kDefaultEntropySeed) {
    ModemConfig config;
    config.firmware = Q2686_FLASH_OBJECTS_IMAGE;
    config.entropy_seed = seed;
    return config;
}

Bytes bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

// The image's AT+FLHWRITE pattern: byte i = seed * 31 + i * 7 + i / 256.
Bytes pattern(std::size_t length, unsigned seed) {
    Bytes out(length);
    for (std::size_t i = 0; i < length; ++i) out[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + i / 256);
    return out;
}

// What AT+FLHREAD prints for these contents.
Lines read_reply(const Bytes& bytes) {
    std::string hex;
    for (std::size_t i = 0; i < bytes.size() && i < 32; ++i) hex += fmt::format("{:02X}", bytes[i]);
    return {fmt::format("+FLHREAD: 0,{},{:08X}", bytes.size(), flashobj_crc32(0, bytes.data(), bytes.size())),
            "+FLHDATA: " + hex};
}

std::string write_command(std::string_view handle, unsigned id, std::size_t length, unsigned seed) {
    return fmt::format("AT+FLHWRITE=\"{}\",{},{},{}", handle, id, length, seed);
}

struct FlashRig : ModemUnderTest {
    explicit FlashRig(ModemConfig config = flash_config()) : ModemUnderTest(std::move(config)) {}

    // Boots, waits for "+WIND: 4" (so it cannot land in a reply) and subscribes "TLS" with 3
    // IDs, as the TLS client does.
    void boot_and_subscribe() {
        ASSERT_TRUE(boot()) << "no +WIND: 3";
        ASSERT_TRUE(at.wait_for("+WIND: 4", seconds(3)));
        ASSERT_TRUE(Replied(cmd("AT+FLHSUB=\"TLS\",3"), {"+FLHSUB: 0"}, "OK"));
    }
    std::optional<Bytes> host_load(std::string_view handle, std::uint16_t id) {
        return modem.flash_objects().load(handle, id);
    }
};

TEST(FlashObjects, ObjectsPreloadedByTheHostAreReadByTheFirmware) {
    FlashRig rig;
    const std::string ca = "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK...\n-----END CERTIFICATE-----\n";
    rig.modem.flash_objects().store("TLS", 0, ca);
    rig.boot_and_subscribe();
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHEXIST=\"TLS\",0"), {fmt::format("+FLHEXIST: {}", ca.size())}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",0"), read_reply(bytes_of(ca)), "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHEXIST=\"TLS\",1"), {"+FLHEXIST: 0"}, "OK"));
}

TEST(FlashObjects, ObjectsWrittenByTheFirmwareAreReadByTheHostAfterRealisticProgrammingTime) {
    FlashRig rig;
    rig.boot_and_subscribe();
    const Cycles before = rig.modem.now();
    EXPECT_TRUE(Replied(rig.cmd(write_command("TLS", 1, FLASHOBJ_MAX_SIZE, 5)), {"+FLHWRITE: 0"}, "OK"));
    const double took = to_seconds(rig.modem.now() - before);
    EXPECT_GE(took, 7680 * 20e-6) << "30 KiB is 7680 words of 20 us";
    EXPECT_LT(took, 0.25);
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",2,\"key\""), {"+FLHWRITE: 0"}, "OK"));
    EXPECT_EQ(rig.host_load("TLS", 1), pattern(FLASHOBJ_MAX_SIZE, 5));
    EXPECT_EQ(rig.host_load("TLS", 2), bytes_of("key"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",1"), read_reply(pattern(FLASHOBJ_MAX_SIZE, 5)), "OK"));
}

TEST(FlashObjects, ReturnCodesFollowTheAdlUserGuide) {
    FlashRig rig;
    rig.boot_and_subscribe();
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHSUB=\"TLS\",3"), {"+FLHSUB: -4"}, "OK"));      // already subscribed
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHSUB=\"APP\",0"), {"+FLHSUB: -2"}, "OK"));      // no IDs
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHSUB=\"APP\",1999"), {"+FLHSUB: -22"}, "OK"));  // 3 + 1999 > 2000
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHSUB=\"SIXTEEN_CHARS_XX\",1"), {"+FLHSUB: -2"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHEXIST=\"NONE\",0"), {"+FLHEXIST: -3"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHEXIST=\"TLS\",3"), {"+FLHEXIST: -23"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",0"), {"+FLHREAD: -20,0,00000000"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHERASE=\"TLS\",0"), {"+FLHERASE: -20"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",0,\"\""), {"+FLHWRITE: -2"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd(write_command("TLS", 0, FLASHOBJ_MAX_SIZE + 1, 0)), {"+FLHWRITE: -2"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",0,\"a\""), {"+FLHWRITE: 0"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",1,\"b\""), {"+FLHWRITE: 0"}, "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHERASE=\"TLS\",0"), {"+FLHERASE: 0"}, "OK"));
    EXPECT_FALSE(rig.host_load("TLS", 0));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHERASE=\"TLS\",65535"), {"+FLHERASE: 0"}, "OK"));
    EXPECT_TRUE(rig.modem.flash_objects().list().empty());
}

TEST(FlashObjects, HostWritesAreRefusedWhileTheFirmwareRunsAndObjectsSurviveAPowerCycle) {
    FlashRig rig;
    rig.boot_and_subscribe();
    EXPECT_THROW(rig.modem.flash_objects().store("TLS", 0, std::string_view("x")), std::logic_error);
    ASSERT_TRUE(Replied(rig.cmd(write_command("TLS", 2, 4000, 1)), {"+FLHWRITE: 0"}, "OK"));
    rig.modem.power_off();
    rig.modem.flash_objects().store("TLS", 0, std::string_view("ca"));
    rig.boot_and_subscribe();
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",2"), read_reply(pattern(4000, 1)), "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",0"), read_reply(bytes_of("ca")), "OK"));
    EXPECT_TRUE(Replied(rig.cmd("AT+CFUN=1"), {}, "OK"));
    ASSERT_TRUE(rig.at.wait_for("+WIND: 3", seconds(10)));
    ASSERT_TRUE(Replied(rig.cmd("AT+FLHSUB=\"TLS\",3"), {"+FLHSUB: 0"}, "OK")) << "subscriptions end with a reset";
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",2"), read_reply(pattern(4000, 1)), "OK"));
}

// Cuts the power `after` the write command was sent; returns what the host finds, then checks
// that the firmware finds the same after the next boot.
std::optional<Bytes> cut_write(FlashRig& rig, const std::string& command, Cycles after, std::uint16_t id) {
    rig.at.send_raw(command + "\r");
    rig.at.wait(after);
    rig.modem.power_off();
    auto found = rig.host_load("TLS", id);
    rig.boot_and_subscribe();
    EXPECT_TRUE(Replied(rig.cmd(fmt::format("AT+FLHREAD=\"TLS\",{}", id)), read_reply(found.value_or(Bytes{})), "OK"))
        << "the firmware disagrees with the host";
    return found;
}

TEST(FlashObjects, APowerCutDuringAWriteLeavesTheOldVersionOrTheNew) {
    const Bytes old_version = bytes_of("old version");
    const Bytes new_version = pattern(FLASHOBJ_MAX_SIZE, 3);
    // The write starts ~3 ms after the command is sent (its UART time) and programs for 154 ms.
    for (const double cut_ms : {2.0, 5.0, 60.0, 150.0, 156.5, 158.0, 200.0}) {
        SCOPED_TRACE(fmt::format("power cut {} ms after the command", cut_ms));
        FlashRig rig;
        rig.modem.flash_objects().store("TLS", 1, old_version);
        rig.boot_and_subscribe();
        const auto found = cut_write(rig, write_command("TLS", 1, FLASHOBJ_MAX_SIZE, 3), seconds(cut_ms / 1000), 1);
        ASSERT_TRUE(found);
        EXPECT_TRUE(*found == old_version || *found == new_version);
        if (cut_ms <= 150) {
            EXPECT_EQ(*found, old_version);
        } else if (cut_ms >= 200) {
            EXPECT_EQ(*found, new_version);
        }
        // The store goes on working after the cut.
        EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",2,\"after\""), {"+FLHWRITE: 0"}, "OK"));
        EXPECT_EQ(rig.host_load("TLS", 2), bytes_of("after"));
    }
}

// The same at every 4 ms from before the command's first byte to well after its answer (61 cuts):
// each cut leaves exactly the old or the new version, never a mix, the firmware agrees with the
// host, and once a cut leaves the new version every later cut does too (the commit word is one
// point in time).
TEST(FlashObjects, APowerCutAtAnyPointOfAWriteLeavesTheOldVersionOrTheNew) {
    const Bytes old_version = pattern(FLASHOBJ_MAX_SIZE / 2, 7);
    const Bytes new_version = pattern(FLASHOBJ_MAX_SIZE, 8);
    bool new_seen = false;
    unsigned old_count = 0, new_count = 0;
    for (unsigned cut_ms = 0; cut_ms <= 240; cut_ms += 4) {
        SCOPED_TRACE(fmt::format("power cut {} ms after the command", cut_ms));
        FlashRig rig;
        rig.modem.flash_objects().store("TLS", 1, old_version);
        rig.boot_and_subscribe();
        const auto found = cut_write(rig, write_command("TLS", 1, FLASHOBJ_MAX_SIZE, 8), seconds(cut_ms / 1000.0), 1);
        ASSERT_TRUE(found) << "the object is never lost";
        ASSERT_TRUE(*found == old_version || *found == new_version)
            << "a mix of the two, " << found->size() << " bytes";
        if (new_seen) {
            EXPECT_EQ(*found, new_version) << "a later cut went back to the old version";
        }
        new_seen |= *found == new_version;
        (*found == new_version ? new_count : old_count) += 1;
        EXPECT_FALSE(rig.modem.flash_objects().scan().sealed) << "a cut record is skipped, not a seal";
    }
    EXPECT_GE(old_count, 40u) << "the write commits ~157 ms after the command";
    EXPECT_GE(new_count, 15u);
}

// Garbage collection on the modem: the host fills the first bank, the firmware's next write
// copies the live objects to the other bank (~155 ms), commits it, erases the old bank
// (8 sectors x 0.8 s) and appends — power cuts through every phase (22 of them) leave
// old-or-new, and the other objects untouched.
TEST(FlashObjects, APowerCutDuringGarbageCollectionLeavesTheOldVersionOrTheNew) {
    const Bytes last_host_version = pattern(FLASHOBJ_MAX_SIZE, 16);
    const Bytes firmware_version = pattern(FLASHOBJ_MAX_SIZE, 99);
    std::vector<double> cuts = {0.05, 0.1, 0.15, 0.2, 0.25, 6.65};
    for (double cut_s = 0.5; cut_s <= 8.0; cut_s += 0.5) cuts.push_back(cut_s);
    for (const double cut_s : cuts) {
        SCOPED_TRACE(fmt::format("power cut {} s after the command", cut_s));
        FlashRig rig;
        rig.modem.flash_objects().store("TLS", 0, std::string_view("ca"));
        for (unsigned round = 0; round <= 16; ++round)
            rig.modem.flash_objects().store("TLS", 1, pattern(FLASHOBJ_MAX_SIZE, round));
        ASSERT_LT(rig.modem.flash_objects().scan().free_bytes(), flashobj_record_size(FLASHOBJ_MAX_SIZE));
        rig.boot_and_subscribe();
        const auto found = cut_write(rig, write_command("TLS", 1, FLASHOBJ_MAX_SIZE, 99), seconds(cut_s), 1);
        ASSERT_TRUE(found);
        EXPECT_TRUE(*found == last_host_version || *found == firmware_version);
        if (cut_s <= 1.0) {
            EXPECT_EQ(*found, last_host_version);
        } else if (cut_s >= 8.0) {
            EXPECT_EQ(*found, firmware_version);
        }
        if (cut_s <= 0.05 || cut_s >= 0.5) {
            EXPECT_EQ(rig.modem.flash_objects().scan().sequence, cut_s <= 0.05 ? 1u : 2u)
                << "the copy commits between 0.25 s and 0.5 s in";
        }
        EXPECT_EQ(rig.host_load("TLS", 0), bytes_of("ca"));
        EXPECT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",2,\"after\"", seconds(20)), {"+FLHWRITE: 0"}, "OK"));
        EXPECT_EQ(rig.host_load("TLS", 0), bytes_of("ca"));
        EXPECT_EQ(rig.host_load("TLS", 2), bytes_of("after"));
    }
}

TEST(FlashObjects, TheFirmwareCollectsGarbageWhenTheBankIsFull) {
    FlashRig rig;
    rig.boot_and_subscribe();
    ASSERT_TRUE(Replied(rig.cmd("AT+FLHWRITE=\"TLS\",0,\"ca\""), {"+FLHWRITE: 0"}, "OK"));
    for (unsigned round = 0; round < 18; ++round)
        ASSERT_TRUE(
            Replied(rig.cmd(write_command("TLS", 1, FLASHOBJ_MAX_SIZE, round), seconds(20)), {"+FLHWRITE: 0"}, "OK"))
            << "round " << round;
    const FlashObjectLog log = rig.modem.flash_objects().scan();
    EXPECT_EQ(log.sequence, 2u);
    EXPECT_EQ(log.active_bank, 1u);
    EXPECT_EQ(rig.host_load("TLS", 0), bytes_of("ca"));
    EXPECT_EQ(rig.host_load("TLS", 1), pattern(FLASHOBJ_MAX_SIZE, 17));
    EXPECT_TRUE(Replied(rig.cmd("AT+FLHREAD=\"TLS\",1"), read_reply(pattern(FLASHOBJ_MAX_SIZE, 17)), "OK"));
}

TEST(FlashObjects, AnImageReachingIntoTheObjectAreaIsRejected) {
    std::ifstream in(Q2686_FLASH_OBJECTS_IMAGE, std::ios::binary);
    Bytes elf{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    ASSERT_GT(elf.size(), 52u);
    auto u32 = [&](std::size_t at) { return elf[at] | elf[at + 1] << 8 | elf[at + 2] << 16 | elf[at + 3] << 24; };
    const std::size_t first_ph = u32(28);  // e_phoff; the first program header is the code in flash
    const std::uint32_t moved = FLASHOBJ_AREA_BASE + 0x1000;
    for (int i = 0; i < 4; ++i) elf[first_ph + 12 + i] = static_cast<std::uint8_t>(moved >> (8 * i));  // p_paddr
    const std::string path = ::testing::TempDir() + "image_in_object_area.elf";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(elf.data()), elf.size());
    ModemConfig config = flash_config();
    config.firmware = path;
    try {
        Q2686Modem modem(config);
        FAIL() << "the image was loaded";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("flash-object area"), std::string::npos) << e.what();
    }
}

TEST(Trng, TheFirmwareReadsTheSeededStream) {
    for (const std::uint64_t seed : {kDefaultEntropySeed, std::uint64_t{7}}) {
        FlashRig rig(flash_config(seed));
        ASSERT_TRUE(rig.boot());
        SplitMix64Words expected(seed);
        std::string line = "+TRNG: ";
        for (int i = 0; i < 4; ++i) line += fmt::format("{}{:08X}", i ? "," : "", expected.next());
        EXPECT_TRUE(Replied(rig.cmd("AT+TRNG=4"), {line}, "OK"));
        EXPECT_EQ(rig.modem.trng().words_delivered(), 4u);
    }
}

}  // namespace
}  // namespace q2686::integration
