#include "host/gateway/gateway_dns.h"

#include <fmt/format.h>

#include "ip/ipv4.h"
#include "ip/network_bytes.h"

namespace q2686 {

namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kClassIn = 1;

enum Rcode : std::uint8_t { kNoError = 0, kFormErr = 1, kNxDomain = 3, kNotImp = 4 };

using net_bytes::get16;
void append16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
void append32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    append16(out, static_cast<std::uint16_t>(v >> 16));
    append16(out, static_cast<std::uint16_t>(v));
}

// The question's name as dotted text and the offset just past it; nullopt if malformed.
// Queries never need compression (RFC 1035 §4.1.4 allows it, no stub resolver uses it in the
// question), so a pointer is treated as malformed.
std::optional<std::pair<std::string, std::size_t>> read_name(std::span<const std::uint8_t> m, std::size_t at) {
    std::string name;
    while (at < m.size()) {
        const std::size_t length = m[at++];
        if (length == 0) return std::pair{name, at};
        if (length > 63 || at + length > m.size() || name.size() + length + 1 > 255) return std::nullopt;
        if (!name.empty()) name += '.';
        name.append(reinterpret_cast<const char*>(m.data() + at), length);
        at += length;
    }
    return std::nullopt;
}

std::string type_name(std::uint16_t type) {
    switch (type) {
        case 1: return "A";
        case 5: return "CNAME";
        case 15: return "MX";
        case 16: return "TXT";
        case 28: return "AAAA";
        case 33: return "SRV";
        case 65: return "HTTPS";
        default: return fmt::format("type {}", type);
    }
}

// Header of the response: the query's ID, QR, its opcode and RD, AA and RA, the rcode.
std::vector<std::uint8_t> response_header(std::span<const std::uint8_t> query, Rcode rcode, bool question,
                                          bool answer) {
    std::vector<std::uint8_t> out;
    out.push_back(query[0]);
    out.push_back(query[1]);
    out.push_back(static_cast<std::uint8_t>(0x80 | (query[2] & 0x79) | 0x04));  // QR, opcode, AA, RD
    out.push_back(static_cast<std::uint8_t>(0x80 | rcode));                     // RA, rcode
    append16(out, question ? 1 : 0);
    append16(out, answer ? 1 : 0);
    append16(out, 0);
    append16(out, 0);
    return out;
}

}  // namespace

std::optional<DnsAnswer> answer_dns_query(std::span<const std::uint8_t> query, const NameResolver& resolve) {
    if (query.size() < kHeaderBytes || (query[2] & 0x80)) return std::nullopt;
    const unsigned opcode = (query[2] >> 3) & 0x0F;
    if (opcode != 0)
        return DnsAnswer{response_header(query, kNotImp, false, false), fmt::format("opcode {} → NOTIMP", opcode)};

    const auto name = get16(query, 4) == 1 ? read_name(query, kHeaderBytes) : std::nullopt;
    if (!name || name->second + 4 > query.size())
        return DnsAnswer{response_header(query, kFormErr, false, false), "malformed query → FORMERR"};
    const auto& [text, end] = *name;
    const std::uint16_t type = get16(query, end);
    const std::uint16_t qclass = get16(query, end + 2);
    const auto question = query.subspan(kHeaderBytes, end + 4 - kHeaderBytes);

    const std::uint32_t address = resolve(text);
    const bool answered = address != 0 && type == kTypeA && qclass == kClassIn;
    DnsAnswer result;
    result.message = response_header(query, address == 0 ? kNxDomain : kNoError, true, answered);
    result.message.insert(result.message.end(), question.begin(), question.end());
    if (answered) {
        append16(result.message, 0xC000 | kHeaderBytes);  // the name: a pointer to the question's
        append16(result.message, kTypeA);
        append16(result.message, kClassIn);
        append32(result.message, kDnsTtl);
        append16(result.message, 4);
        append32(result.message, address);
        result.summary = fmt::format("{} → {}", text, ipv4::format_address(address));
    } else if (address == 0) {
        result.summary = fmt::format("{} → NXDOMAIN", text);
    } else {
        result.summary = fmt::format("{} {} → no records", text, type_name(type));
    }
    return result;
}

}  // namespace q2686
