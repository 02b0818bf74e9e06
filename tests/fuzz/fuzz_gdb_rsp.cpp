// libFuzzer target: the bytes a GDB client sends (debug/rsp_packet.h framing, then the stub's
// packet handlers in debug/gdb_stub.h) against a halted machine. The stub's contract is "a
// malformed packet gets E01 — never a crash, never an exception out of receive()", and every
// reply it writes must itself be a well-formed packet.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/machine.h"
#include "debug/debugger.h"
#include "debug/gdb_stub.h"
#include "debug/rsp_packet.h"

namespace {

// A two-instruction image in flash ("b ." at the reset vector): enough for registers, memory
// and breakpoints, built here so the target needs no cross-compiled file.
q2686::ElfImage tiny_image() {
    q2686::ElfImage image;
    image.path = "fuzz-image";
    image.entry = 0;
    q2686::ElfSegment code;
    code.load_address = 0;
    code.memory_size = 8;
    code.bytes = {0xFE, 0xFF, 0xFF, 0xEA, 0xFE, 0xFF, 0xFF, 0xEA};  // b . ; b .
    code.executable = true;
    image.segments.push_back(code);
    image.symbols.add({.name = "_start", .address = 0, .size = 8, .is_function = true, .thumb = false});
    image.symbols.finish();
    return image;
}

struct Rig {
    Rig() : debugger(machine), stub(debugger) { machine.load(tiny_image()); }
    q2686::Machine machine;
    q2686::Debugger debugger;
    q2686::GdbStub stub;
};

void check_replies(std::string_view out) {
    // Acks, then packets: each must decode as a packet with a good checksum.
    q2686::rsp::Decoder decoder;
    std::vector<q2686::rsp::Received> events;
    decoder.feed(out, events);
    for (const auto& e : events)
        if (e.kind == q2686::rsp::Received::Kind::BadChecksum || e.kind == q2686::rsp::Received::Kind::Overlong)
            std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Rig rig;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    // The framing layer alone, fed in two pieces (partial packets carry across feeds).
    q2686::rsp::Decoder decoder;
    std::vector<q2686::rsp::Received> events;
    decoder.feed(bytes.substr(0, size / 2), events);
    decoder.feed(bytes.substr(size / 2), events);
    for (const auto& e : events) {
        (void)q2686::rsp::unescape(e.payload);
        (void)q2686::rsp::from_hex(e.payload);
        (void)q2686::rsp::parse_hex(e.payload);
        (void)q2686::rsp::from_hex_le32(e.payload);
    }

    // The stub, one client connection per input.
    rig.stub.client_connected();
    rig.stub.receive(bytes);
    check_replies(rig.stub.take_output());
    rig.stub.poll_stop();
    check_replies(rig.stub.take_output());
    rig.stub.client_disconnected();
    (void)rig.stub.take_output();
    return 0;
}
