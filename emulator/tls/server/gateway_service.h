// GatewayService — a server that lives inside the emulator process (the built-in TLS server,
// tls/server/builtin_tls_server.h) and is reached through the host gateway like any host server: the
// modem's connection goes through libslirp to a loopback socket the service listens on.
//
// Why the gateway serves it: a host server answers in wall time, and the gateway's settle
// (host/gateway/slirp_gateway.h) only bounds how long it waits. A service polled by the gateway itself,
// in the same round as libslirp's sockets, answers during that round — its reply is complete
// before the gateway stamps anything, on any host at any load — so its traffic happens at the
// same virtual instants on every run.
#pragma once

#include <poll.h>

#include <span>
#include <vector>

#include "time/cycle_scheduler.h"

namespace q2686 {

class GatewayService {
public:
    virtual ~GatewayService() = default;
    // Appends the descriptors to watch this round (its listening socket, its connections).
    virtual void add_poll_fds(std::vector<pollfd>& fds) = 0;
    // After poll(): `fds` is the slice add_poll_fds appended, with revents filled in. Must not
    // block; `now` is the virtual instant the gateway is processing.
    virtual void serve(std::span<const pollfd> fds, Cycles now) = 0;
};

}  // namespace q2686
