// libslirp's side of the host gateway: the SlirpCb callbacks (frames out, guest errors, the
// virtual clock, timers as TimedEvents, fd registration, notify), start-up with the virtual
// network's SlirpConfig, shutdown, and one fill/poll/dispatch round over its sockets.
#include <arpa/inet.h>

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

#include "host/gateway/slirp_gateway_impl.h"

namespace q2686 {

namespace {

in_addr to_in_addr(std::uint32_t address) {
    in_addr a{};
    a.s_addr = htonl(address);
    return a;
}

std::uint32_t prefix_mask(unsigned prefix) {
    return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

short to_poll_events(int slirp) {
    short events = 0;
    if (slirp & SLIRP_POLL_IN) events |= POLLIN;
    if (slirp & SLIRP_POLL_OUT) events |= POLLOUT;
    if (slirp & SLIRP_POLL_PRI) events |= POLLPRI;
    return events;  // POLLERR and POLLHUP are always reported
}

int from_poll_events(short revents) {
    int slirp = 0;
    if (revents & POLLIN) slirp |= SLIRP_POLL_IN;
    if (revents & POLLOUT) slirp |= SLIRP_POLL_OUT;
    if (revents & POLLPRI) slirp |= SLIRP_POLL_PRI;
    if (revents & (POLLERR | POLLNVAL)) slirp |= SLIRP_POLL_ERR;
    if (revents & POLLHUP) slirp |= SLIRP_POLL_HUP;
    return slirp;
}

}  // namespace

SlirpGateway::Impl& SlirpGateway::Impl::of(void* opaque) {
    return *static_cast<Impl*>(opaque);
}

int SlirpGateway::Impl::add_poll(int fd, int events, void* opaque) {
    auto& fds = of(opaque).pollfds;
    fds.push_back({fd, to_poll_events(events), 0});
    return static_cast<int>(fds.size() - 1);
}

int SlirpGateway::Impl::get_revents(int index, void* opaque) {
    const auto& fds = of(opaque).pollfds;
    return index >= 0 && static_cast<std::size_t>(index) < fds.size() ? from_poll_events(fds[index].revents) : 0;
}

void SlirpGateway::Impl::Timer::fire() {
    Impl& g = *gateway;
    g.advance(g.scheduler.now());
    if (callback)
        callback(callback_opaque);
    else
        slirp_handle_timer(g.slirp, id, id_opaque);
    g.flush();
    g.plan_poll();
}

SlirpGateway::Impl::Timer* SlirpGateway::Impl::new_timer(void* opaque) {
    Impl& g = of(opaque);
    auto timer = std::make_unique<Timer>();
    timer->gateway = &g;
    timer->event.bind<&Timer::fire>(timer.get(), "slirp timer");
    g.timers.push_back(std::move(timer));
    return g.timers.back().get();
}

const SlirpCb SlirpGateway::Impl::kCallbacks = {
    .send_packet = [](const void* buf, std::size_t len, void* opaque) -> ssize_t {
        of(opaque).from_slirp(static_cast<const std::uint8_t*>(buf), len);
        return static_cast<ssize_t>(len);
    },
    .guest_error = [](const char* msg, void* opaque) { of(opaque).log(fmt::format("slirp: {}", msg)); },
    .clock_get_ns = [](void* opaque) -> std::int64_t {
        const Impl& g = of(opaque);
        return static_cast<std::int64_t>(g.clock.to_ns(g.now));
    },
    .timer_new = [](SlirpTimerCb cb, void* cb_opaque, void* opaque) -> void* {
        Timer* timer = new_timer(opaque);
        timer->callback = cb;
        timer->callback_opaque = cb_opaque;
        return timer;
    },
    .timer_free =
        [](void* timer, void* opaque) {
            Impl& g = of(opaque);
            auto* t = static_cast<Timer*>(timer);
            g.scheduler.cancel(t->event);
            std::erase_if(g.timers, [t](const auto& owned) { return owned.get() == t; });
        },
    .timer_mod =
        [](void* timer, std::int64_t expire_ms, void* opaque) {
            Impl& g = of(opaque);
            const Cycles due = expire_ms > 0 ? g.ms(static_cast<std::uint64_t>(expire_ms)) : 0;
            g.scheduler.schedule_at(static_cast<Timer*>(timer)->event, std::max(due, g.scheduler.now()));
        },
    // Sockets are watched through slirp_pollfds_fill on every poll; nothing to keep here.
    .register_poll_fd = [](int, void*) {},
    .unregister_poll_fd = [](int, void*) {},
    // A socket can take more data now: make sure a poll comes (scheduling only — libslirp is
    // not reentrant, so no slirp call from here).
    .notify =
        [](void* opaque) {
            Impl& g = of(opaque);
            if (!g.poll_event.scheduled)
                g.scheduler.schedule_at(g.poll_event, g.now + g.ms(SlirpGateway::kPollIntervalMs));
        },
    .init_completed = nullptr,
    .timer_new_opaque = [](SlirpTimerId id, void* cb_opaque, void* opaque) -> void* {
        Timer* timer = new_timer(opaque);
        timer->id = id;
        timer->id_opaque = cb_opaque;
        return timer;
    },
};

SlirpGateway::Impl::Impl(CycleScheduler& s, EventLog& e, ClockRate c, GatewayConfig config)
    : scheduler(s),
      events(e),
      clock(c),
      policy(std::move(config)),
      now(s.now()),
      service_tcp(s, c,
                  [this](IpPacket packet, Cycles when) {
                      if (output) output(std::move(packet), when);
                  }),
      frontier(c) {
    const GatewayConfig& cfg = policy.config();
    poll_event.bind<&Impl::on_poll>(this, "slirp poll");

    SlirpConfig sc{};
    sc.version = 4;  // up to disable_dhcp (libslirp ≥ 4.7)
    sc.in_enabled = true;
    sc.vnetwork = to_in_addr(cfg.network & prefix_mask(cfg.prefix));
    sc.vnetmask = to_in_addr(prefix_mask(cfg.prefix));
    sc.vhost = to_in_addr(cfg.gateway);
    // libslirp answers pings to vhost and vnameserver itself; DNS itself is ours (disable_dns).
    sc.vnameserver = to_in_addr(cfg.dns1 != cfg.gateway ? cfg.dns1 : cfg.dns2);
    sc.disable_host_loopback = false;  // the policy decides who reaches the host's loopback
    sc.disable_dns = true;
    sc.disable_dhcp = true;
    slirp = slirp_new(&sc, &kCallbacks, this);
    if (!slirp) throw std::runtime_error("libslirp could not start the host gateway");
    log(fmt::format(
        "slirp {} started: {}/{}, gateway {} (host loopback{}), DNS {} {}, {} host name(s), "
        "{} allow rule(s)",
        slirp_version_string(), ipv4::format_address(cfg.network), cfg.prefix, ipv4::format_address(cfg.gateway),
        cfg.allow_loopback ? "" : " refused", ipv4::format_address(cfg.dns1), ipv4::format_address(cfg.dns2),
        cfg.hosts.size(), cfg.allow.size()));
}

SlirpGateway::Impl::~Impl() {
    closing = true;
    scheduler.cancel(poll_event);
    slirp_cleanup(slirp);
    for (const auto& timer : timers) scheduler.cancel(timer->event);
}

// One slirp_pollfds_fill → poll() → slirp_pollfds_poll round. wait_ms < 0: the sockets are not
// looked at (all report nothing) — for libslirp's timers, clock and queued output only.
SlirpGateway::Impl::PollResult SlirpGateway::Impl::poll_round(int wait_ms) {
    PollResult result;
    pollfds.clear();
    result.timeout = UINT32_MAX;
    slirp_pollfds_fill(slirp, &result.timeout, add_poll, this);
    result.fds = !pollfds.empty();
    int ready = 0;
    if (wait_ms >= 0 && result.fds) {
        do {
            ready = ::poll(pollfds.data(), pollfds.size(), wait_ms);
        } while (ready < 0 && errno == EINTR);
    }
    result.events = ready > 0;
    for (const pollfd& fd : pollfds)
        if (ready > 0 && (fd.revents & (POLLIN | POLLPRI | POLLHUP | POLLERR))) result.answers = true;
    slirp_pollfds_poll(slirp, ready < 0 ? 1 : 0, get_revents, this);
    return result;
}

}  // namespace q2686
