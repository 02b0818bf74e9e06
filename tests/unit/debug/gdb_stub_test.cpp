// GdbStub against a halted Machine, packet by packet: the replies GDB relies on, and errors
// (never crashes) for malformed input.
#include "debug/gdb_stub.h"

#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_images.h"

using namespace q2686;

namespace {

class StubRig {
public:
    StubRig() : debugger(machine), stub(debugger) {
        machine.load(load_elf_file(test_image("sha256_quick.elf")));
        stub.client_connected();
    }
    // Sends one packet; returns the payload of the reply ("" for the empty reply). Fails the
    // test if the stub did not acknowledge or answer with a well-formed packet.
    std::string ask(std::string_view payload) {
        stub.receive(rsp::frame(payload));
        const std::string out = stub.take_output();
        if (out.empty() || out[0] != '+') {
            ADD_FAILURE() << "no ack for " << payload << ": " << out;
            return "<none>";
        }
        rsp::Decoder decoder;
        std::vector<rsp::Received> events;
        decoder.feed(out.substr(1), events);
        if (events.size() != 1 || events[0].kind != rsp::Received::Kind::Packet) return "<no reply>";
        return events[0].payload;
    }
    Machine machine;
    Debugger debugger;
    GdbStub stub;
};

}  // namespace

TEST(GdbStub, AttachHaltsTheTargetAndReportsSigtrap) {
    StubRig rig;
    EXPECT_TRUE(rig.debugger.halted());
    EXPECT_EQ(rig.ask("?"), "T05thread:1;");
}

TEST(GdbStub, SupportedFeaturesIncludeTargetXmlAndNoAckMode) {
    StubRig rig;
    const std::string reply = rig.ask("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+");
    EXPECT_NE(reply.find("PacketSize=4000"), std::string::npos);
    EXPECT_NE(reply.find("qXfer:features:read+"), std::string::npos);
    EXPECT_NE(reply.find("QStartNoAckMode+"), std::string::npos);
}

TEST(GdbStub, TargetXmlDeclaresTheArmCoreFeatureWithCpsrAsRegister25) {
    StubRig rig;
    std::string xml;
    for (std::uint32_t offset = 0;; offset += 0x100) {
        const std::string part = rig.ask(fmt::format("qXfer:features:read:target.xml:{:x},100", offset));
        ASSERT_FALSE(part.empty());
        xml += part.substr(1);
        if (part[0] == 'l') break;
        ASSERT_EQ(part[0], 'm');
    }
    EXPECT_NE(xml.find("org.gnu.gdb.arm.core"), std::string::npos);
    EXPECT_NE(xml.find(R"(<reg name="cpsr" bitsize="32" regnum="25"/>)"), std::string::npos);
    EXPECT_EQ(rig.ask("qXfer:features:read:other.xml:0,100"), "E00");
}

TEST(GdbStub, RegistersReadAsSeventeenLittleEndianWordsAndWriteBack) {
    StubRig rig;
    const std::string g = rig.ask("g");
    ASSERT_EQ(g.size(), 17u * 8);
    EXPECT_EQ(g.substr(15 * 8, 8), rsp::to_hex_le32(rig.machine.cpu().pc()));
    EXPECT_EQ(rig.ask("P3=78563412"), "OK");
    EXPECT_EQ(rig.ask("p3"), "78563412");
    EXPECT_EQ(rig.machine.cpu().registers().r[3], 0x12345678u);
    EXPECT_EQ(rig.ask("p19"), rsp::to_hex_le32(rig.machine.cpu().registers().cpsr));  // 0x19 = 25: CPSR
}

TEST(GdbStub, MemoryWritesByHexAndBinaryReadBack) {
    StubRig rig;
    const std::uint32_t ram = rig.machine.memory_map().ram().base;
    EXPECT_EQ(rig.ask(fmt::format("M{:x},4:deadbeef", ram)), "OK");
    EXPECT_EQ(rig.ask(fmt::format("m{:x},4", ram)), "deadbeef");
    // X with bytes that need escaping: '#' and '}' travel as '}' + (byte ^ 0x20).
    EXPECT_EQ(rig.ask(fmt::format("X{:x},2:#}}", ram)), "OK");
    EXPECT_EQ(rig.ask(fmt::format("m{:x},2", ram)), "237d");
    EXPECT_EQ(rig.ask("mf0000000,4"), "E01");  // unmapped
}

// Found by tests/fuzz/fuzz_gdb_rsp.cpp: "m ADDR,0" read into an empty buffer through memcpy(nullptr,
// ..., 0), undefined behaviour that UBSan stops at.
TEST(GdbStub, ZeroLengthMemoryReadIsAnEmptyAnswer) {
    StubRig rig;
    EXPECT_EQ(rig.ask("m0,0"), "");
    EXPECT_EQ(rig.ask("m10000000,0"), "");
    EXPECT_EQ(rig.ask("M0,0:"), "OK");
    EXPECT_EQ(rig.ask("X10000000,0:"), "OK");
    std::uint8_t none[1];
    EXPECT_TRUE(rig.machine.cpu().read_memory(0, std::span(none, 0)));
    EXPECT_TRUE(rig.machine.cpu().write_memory(0, std::span<const std::uint8_t>()));
}

TEST(GdbStub, MalformedPacketsGetAnErrorNotACrash) {
    StubRig rig;
    for (const char* packet : {"mzz,4", "m1234", "M0,4:abc", "M0,2:abcd12", "G1234", "Pzz=0", "P3=12", "p", "Z0,",
                               "Z0,zz,4", "z9,0,4", "X0,4:}", "qRcmd,zz", "vCont;", "vCont;x", "cxyz"}) {
        const std::string reply = rig.ask(packet);
        EXPECT_TRUE(reply.empty() || reply.starts_with("E")) << packet << " → " << reply;
    }
    EXPECT_EQ(rig.ask("unknown-packet"), "");
}

TEST(GdbStub, BadChecksumIsAnsweredWithARetransmitRequest) {
    StubRig rig;
    rig.stub.receive("$g#00");
    EXPECT_EQ(rig.stub.take_output(), "-");
}

TEST(GdbStub, RandomBytesNeverCrashTheStub) {
    StubRig rig;
    std::mt19937 random(1234);
    std::string bytes(1 << 16, '\0');
    for (char& c : bytes) {
        const auto r = random() % 64;
        c = r < 8 ? "$#}+-*,:"[r] : static_cast<char>(random());
    }
    rig.stub.receive(bytes);
    rig.stub.take_output();
    EXPECT_EQ(rig.ask("?").substr(0, 1), "T");  // still answering
}

TEST(GdbStub, MonitorTimeReportsVirtualTimeThatStandsStillWhileHalted) {
    StubRig rig;
    const auto text = [&](std::string_view command) {
        const auto bytes = rsp::from_hex(rig.ask("qRcmd," + rsp::to_hex(command)));
        return bytes ? std::string(bytes->begin(), bytes->end()) : std::string("<not hex>");
    };
    const std::string first = text("time");
    EXPECT_NE(first.find("virtual time 0.000000000 s (0 cycles at 104.000 MHz)"), std::string::npos) << first;
    EXPECT_EQ(text("time"), first);
    EXPECT_NE(text("frobnicate").find("unknown monitor command 'frobnicate'"), std::string::npos);
    EXPECT_NE(text("help").find("time"), std::string::npos);
}

TEST(GdbStub, ContinueAnswersOnlyWhenTheTargetStops) {
    StubRig rig;
    rig.stub.receive(rsp::frame(fmt::format("Z0,{:x},4", rig.machine.image()->symbols.find("compress")->address)));
    rig.stub.receive(rsp::frame("c"));
    EXPECT_EQ(rig.stub.take_output(), "+$OK#9a+");  // OK for Z0, only an ack for c
    EXPECT_FALSE(rig.debugger.halted());
    const RunResult result = rig.machine.run(kNever);
    ASSERT_TRUE(rig.debugger.on_run_result(result));
    rig.stub.poll_stop();
    EXPECT_EQ(rig.stub.take_output(), rsp::frame("T05thread:1;"));
}

TEST(GdbStub, InterruptByteHaltsARunningTargetWithSigint) {
    StubRig rig;
    rig.stub.receive(rsp::frame("c"));
    rig.stub.take_output();
    rig.stub.receive("\x03");
    EXPECT_TRUE(rig.debugger.halted());
    EXPECT_EQ(rig.stub.take_output(), rsp::frame("T02thread:1;"));
}
