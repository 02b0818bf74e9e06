// libFuzzer target: what the modem sends on its AT port as the host reads it — line splitting
// and final result codes (at/at_line_reader.h), then the TLS client's URCs
// (at/tls_urc.h: +TLSERR, +TLSSTEP, +TLSHTTP) and the plain-words explanation of an error.
// Firmware under test, or a fuzzed firmware, can send anything; the host must not crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "at/at_line_reader.h"
#include "at/tls_urc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::size_t seen = 0;
    q2686::AtLineReader reader([&](const std::string& line, q2686::Cycles) {
        seen += q2686::is_final_result_code(line) ? 1 : 0;
        if (const auto error = q2686::parse_tls_error(line)) seen += q2686::explain_tls_error(*error).size();
        if (const auto step = q2686::parse_tls_established(line)) seen += step->cipher.size();
        if (const auto http = q2686::parse_tls_http(line)) seen += http->status_line().size();
    });
    for (std::size_t i = 0; i < size; ++i) reader.feed(data[i], i);
    return seen == static_cast<std::size_t>(-1);
}
