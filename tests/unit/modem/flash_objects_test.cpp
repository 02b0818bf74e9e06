// FlashObjects and the on-flash format (q2686_flash_objects.h) on a plain 8 MiB array: round
// trips, the commit rules that make a power cut leave old-or-new, and garbage collection.
#include "modem/flash_objects.h"

#include <gtest/gtest.h>

#include <string>

#include "fake_memory.h"
#include "q2686_hw.h"

using namespace q2686;

namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

std::vector<std::uint8_t> pattern(std::size_t length, std::uint8_t seed) {
    std::vector<std::uint8_t> out(length);
    for (std::size_t i = 0; i < length; ++i) out[i] = static_cast<std::uint8_t>(seed * 31 + i * 7 + i / 256);
    return out;
}

struct Store {
    EventLog log;
    CycleScheduler clock;
    test::FakeMemory flash{0, FLASH_SIZE_BYTES, 0xFF};
    bool running = false;
    FlashObjects objects{flash, log, clock, [this] { return running; }};

    // Programs raw bytes at the end of the log, as an interrupted writer would have left them.
    void append_raw(const std::vector<std::uint8_t>& record) {
        const std::uint32_t end = objects.scan().end;
        for (std::size_t i = 0; i < record.size(); ++i) flash.at(end + i) &= record[i];
    }
};

}  // namespace

TEST(FlashObjectFormat, Crc32IsTheIeeeCrc) {
    const std::string check = "123456789";
    EXPECT_EQ(flashobj_crc32(0, reinterpret_cast<const std::uint8_t*>(check.data()), check.size()), 0xCBF43926u);
    // In pieces, as the ROM feeds it.
    std::uint32_t crc = flashobj_crc32(0, reinterpret_cast<const std::uint8_t*>(check.data()), 4);
    EXPECT_EQ(flashobj_crc32(crc, reinterpret_cast<const std::uint8_t*>(check.data()) + 4, 5), 0xCBF43926u);
}

TEST(FlashObjectFormat, AreaIsTheLastMegabyteInTwoBanksOfSectors) {
    EXPECT_EQ(FLASHOBJ_AREA_BASE + FLASHOBJ_AREA_SIZE, FLASH_SIZE_BYTES);
    EXPECT_EQ(FLASHOBJ_BANK_SIZE % FLASH_SECTOR_BYTES, 0u);
    EXPECT_EQ(flashobj_record_size(1), FLASHOBJ_RECORD_HEADER_SIZE + 4);
    EXPECT_EQ(flashobj_record_size(FLASHOBJ_MAX_SIZE), FLASHOBJ_RECORD_HEADER_SIZE + 30720);
}

TEST(FlashObjects, ErasedFlashHoldsNoObjects) {
    Store s;
    EXPECT_FALSE(s.objects.scan().active_bank);
    EXPECT_TRUE(s.objects.list().empty());
    EXPECT_FALSE(s.objects.load("TLS", 0));
}

TEST(FlashObjects, StoredObjectsLoadBackAndList) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("-----BEGIN CERTIFICATE-----\n"));
    s.objects.store("TLS", 2, pattern(FLASHOBJ_MAX_SIZE, 9));
    s.objects.store("APP", 7, std::string_view("x"));
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("-----BEGIN CERTIFICATE-----\n"));
    EXPECT_EQ(s.objects.load("TLS", 2), pattern(FLASHOBJ_MAX_SIZE, 9));
    EXPECT_EQ(s.objects.load("APP", 7), bytes_of("x"));
    EXPECT_FALSE(s.objects.load("TLS", 1));
    EXPECT_FALSE(s.objects.load("TL", 0));
    const auto list = s.objects.list();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].handle, "TLS");
    EXPECT_EQ(list[1].size, FLASHOBJ_MAX_SIZE);
    EXPECT_EQ(list[2].id, 7u);
    const FlashObjectLog log = s.objects.scan();
    EXPECT_EQ(log.active_bank, 0u);
    EXPECT_EQ(log.sequence, 1u);
    EXPECT_EQ(s.flash.word(FLASHOBJ_AREA_BASE), FLASHOBJ_BANK_MAGIC);
}

TEST(FlashObjects, TheNewestVersionWins) {
    Store s;
    s.objects.store("TLS", 1, std::string_view("old"));
    s.objects.store("TLS", 1, std::string_view("new"));
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("new"));
    EXPECT_EQ(s.objects.list().size(), 1u);
    EXPECT_EQ(s.objects.scan().records.size(), 2u);
}

TEST(FlashObjects, ARecordWithoutItsCommitWordIsIgnored) {
    Store s;
    s.objects.store("TLS", 1, std::string_view("old"));
    s.append_raw(encode_record("TLS", 1, FLASHOBJ_FLAG_DATA, bytes_of("new, cut before commit"), false));
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("old"));
    const FlashObjectLog log = s.objects.scan();
    ASSERT_EQ(log.records.size(), 2u);
    EXPECT_FALSE(log.records[1].committed);
    EXPECT_FALSE(log.sealed) << "its extent is known: appending goes on after it";
    s.objects.store("TLS", 1, std::string_view("newer"));
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("newer"));
}

TEST(FlashObjects, ARecordWithABadCrcIsIgnored) {
    Store s;
    s.objects.store("TLS", 1, std::string_view("old"));
    s.objects.store("TLS", 1, std::string_view("new"));
    const FlashObjectLog log = s.objects.scan();
    s.flash.at(log.records[1].data_address()) &= 0x0F;  // "new" → bit rot in the first byte
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("old"));
    EXPECT_FALSE(s.objects.scan().records[1].crc_ok);
}

TEST(FlashObjects, AHalfWrittenHeaderSealsTheLogAndTheNextStoreCollectsGarbage) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("ca"));
    const std::uint32_t end = s.objects.scan().end;
    s.flash.set_word(end, FLASHOBJ_RECORD_MAGIC);  // cut after the magic: the length reads 0xFFFFFFFF
    FlashObjectLog log = s.objects.scan();
    EXPECT_TRUE(log.sealed);
    EXPECT_EQ(log.free_bytes(), 0u);
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("ca"));
    s.objects.store("TLS", 1, std::string_view("cert"));
    log = s.objects.scan();
    EXPECT_FALSE(log.sealed);
    EXPECT_EQ(log.active_bank, 1u);
    EXPECT_EQ(log.sequence, 2u);
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("ca"));
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("cert"));
    EXPECT_EQ(s.flash.word(FLASHOBJ_BANK_BASE(0)), 0xFFFFFFFFu) << "the old bank is erased";
}

TEST(FlashObjects, EraseRemovesOneIdOrEveryIdOfAHandle) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("a"));
    s.objects.store("TLS", 1, std::string_view("b"));
    s.objects.store("APP", 0, std::string_view("c"));
    s.objects.erase("TLS", 0);
    EXPECT_FALSE(s.objects.load("TLS", 0));
    EXPECT_TRUE(s.objects.load("TLS", 1));
    s.objects.erase("TLS", FLASHOBJ_ID_ALL);
    EXPECT_FALSE(s.objects.load("TLS", 1));
    EXPECT_EQ(s.objects.load("APP", 0), bytes_of("c"));
    s.objects.store("TLS", 1, std::string_view("again"));
    EXPECT_EQ(s.objects.load("TLS", 1), bytes_of("again")) << "a store after the tombstone counts";
}

TEST(FlashObjects, AFullBankIsCollectedIntoTheOtherWithOnlyTheLiveObjects) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("ca"));
    for (int round = 0; round < 20; ++round) s.objects.store("TLS", 1, pattern(FLASHOBJ_MAX_SIZE, round));
    const FlashObjectLog log = s.objects.scan();
    EXPECT_EQ(log.sequence, 2u);
    EXPECT_EQ(log.active_bank, 1u);
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("ca"));
    EXPECT_EQ(s.objects.load("TLS", 1), pattern(FLASHOBJ_MAX_SIZE, 19));
    EXPECT_LT(log.records.size(), 10u);
}

TEST(FlashObjects, OfTwoCommittedBanksTheHigherSequenceWins) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("old generation"));
    // Bank 0 copied to bank 1 (sequence 2) with a newer object; bank 0's erase never happened.
    std::vector<std::uint8_t> bank(FLASHOBJ_BANK_SIZE, 0xFF);
    const auto header = encode_bank_header(2, true);
    const auto record = encode_record("TLS", 0, FLASHOBJ_FLAG_DATA, bytes_of("new generation"), true);
    std::copy(header.begin(), header.end(), bank.begin());
    std::copy(record.begin(), record.end(), bank.begin() + FLASHOBJ_BANK_HEADER_SIZE);
    s.flash.write(FLASHOBJ_BANK_BASE(1), bank);
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("new generation"));
    // Without its commit word, bank 1 does not count.
    s.flash.set_word(FLASHOBJ_BANK_BASE(1) + FLASHOBJ_BANK_OFF_COMMIT, 0xFFFFFFFF);
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("old generation"));
}

TEST(FlashObjects, AnInterruptedEraseOfTheHeaderSectorUnformatsTheBank) {
    Store s;
    s.objects.store("TLS", 0, std::string_view("x"));
    std::fill_n(s.flash.bytes.begin() + FLASHOBJ_AREA_BASE, FLASH_SECTOR_BYTES, 0x00);  // erase cut short
    EXPECT_FALSE(s.objects.scan().active_bank);
    s.objects.store("TLS", 0, std::string_view("y"));  // formats the other bank
    EXPECT_EQ(s.objects.load("TLS", 0), bytes_of("y"));
}

TEST(FlashObjects, RefusesBadArgumentsAndWritesWhileTheFirmwareRuns) {
    Store s;
    EXPECT_THROW(s.objects.store("", 0, std::string_view("x")), std::invalid_argument);
    EXPECT_THROW(s.objects.store("SIXTEEN_CHARS_XX", 0, std::string_view("x")), std::invalid_argument);
    EXPECT_THROW(s.objects.store("TLS", FLASHOBJ_ID_ALL, std::string_view("x")), std::invalid_argument);
    EXPECT_THROW(s.objects.store("TLS", 0, std::string_view("")), std::invalid_argument);
    EXPECT_THROW(s.objects.store("TLS", 0, pattern(FLASHOBJ_MAX_SIZE + 1, 0)), std::invalid_argument);
    s.running = true;
    EXPECT_THROW(s.objects.store("TLS", 0, std::string_view("x")), std::logic_error);
    EXPECT_NO_THROW(s.objects.list());
}

TEST(FlashObjects, MoreThanABankOfLiveDataIsRefused) {
    Store s;
    std::uint16_t id = 0;
    // 17 records of 30 KiB + 36 bytes fit in a bank's 512 KiB - 16; an 18th does not.
    for (; id < 17; ++id) s.objects.store("BIG", id, pattern(FLASHOBJ_MAX_SIZE, static_cast<std::uint8_t>(id)));
    EXPECT_THROW(s.objects.store("BIG", id, pattern(FLASHOBJ_MAX_SIZE, 0)), std::length_error);
    EXPECT_EQ(s.objects.load("BIG", 16), pattern(FLASHOBJ_MAX_SIZE, 16));
    EXPECT_EQ(s.objects.scan().sequence, 1u) << "refused before any garbage collection";
}
