// The host gateway's DNS server (docs/network.md, "Host gateway"). The modem's resolver asks
// the DNS servers of its PDP context; the gateway answers from the host map itself and never
// asks the host's resolver, so a run resolves the same names to the same addresses on any
// machine, offline included. Answers to one query message (RFC 1035 §4.1):
//   A (class IN) of a known name          → NOERROR, one A record, TTL kDnsTtl, authoritative
//   any other type or class of a known name → NOERROR with no answer ("NODATA", RFC 2308 §2.2)
//   an unknown name                       → NXDOMAIN (RFC 1035 RCODE 3)
//   an opcode other than QUERY            → NOTIMP; not exactly one question, a compressed or
//                                            malformed name → FORMERR (header only)
//   a response (QR set) or fewer than 12 bytes → no answer at all
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace q2686 {

inline constexpr std::uint32_t kDnsTtl = 60;  // seconds; the host map does not change during a run

struct DnsAnswer {
    std::vector<std::uint8_t> message;  // the DNS response, UDP payload
    std::string summary;                // for the event log: "api.example.com → 10.64.0.16"
};

// The IPv4 address of a name (host byte order), 0 when unknown.
using NameResolver = std::function<std::uint32_t(std::string_view name)>;

std::optional<DnsAnswer> answer_dns_query(std::span<const std::uint8_t> query, const NameResolver& resolve);

}  // namespace q2686
