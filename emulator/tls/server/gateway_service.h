// GatewayService — a server that lives inside the emulator process (the built-in TLS server,
// tls/server/builtin_tls_server.h), reached by the modem through the host gateway under a host-map
// name like any host server, but with no kernel socket in between: the gateway ends the modem's
// TCP connections to it itself (host/gateway/service_tcp.h) and hands the service each
// connection as a ServiceStream of bytes.
//
// Why in process: a host socket answers in wall time, so a server behind one is seen at a
// virtual instant that depends on how fast and how loaded the host is. A service is called
// synchronously, inside the gateway's handling of the modem's segment, at that segment's virtual
// instant; what it writes leaves at the same instant. Nothing it does depends on the host's
// clock or scheduler, so its traffic happens at the same virtual instants on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "time/cycle_scheduler.h"

namespace q2686 {

// One TCP connection from the modem, as the service sees it. Valid from GatewayService::open
// until GatewayService::closed returns.
class ServiceStream {
public:
    virtual ~ServiceStream() = default;
    // Moves up to into.size() received bytes into `into`; 0 when none are waiting.
    virtual std::size_t read(std::span<std::uint8_t> into) = 0;
    // The modem sent its FIN and every byte before it has been read.
    virtual bool peer_closed() const = 0;
    // Queues all of `bytes`; they leave as the modem's window allows.
    virtual void write(std::span<const std::uint8_t> bytes) = 0;
    // A FIN after everything written (a graceful close).
    virtual void close() = 0;
    // A reset now; what was queued is dropped. The service gets closed() for it later.
    virtual void reset() = 0;
};

class GatewayService {
public:
    virtual ~GatewayService() = default;
    // False: a SYN is refused with a reset, as by a closed port.
    virtual bool listening() const { return true; }
    // A connection is established (the modem's SYN answered). `now`: the virtual instant.
    virtual void open(ServiceStream& stream, Cycles now) = 0;
    // New bytes can be read, or the modem closed its side.
    virtual void readable(ServiceStream& stream, Cycles now) = 0;
    // The connection is over — both sides closed, reset by either side, or given up after
    // retransmissions; the stream is destroyed when this returns.
    virtual void closed(ServiceStream& stream, Cycles now) = 0;
};

}  // namespace q2686
