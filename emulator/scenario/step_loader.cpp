// The `steps:` list of a scenario (docs/scenarios.md "Steps"): each item is a mapping with one
// action key and, for the waiting actions, `within:`.
#include <fmt/format.h>

#include "scenario/scenario_loader.h"
#include "tls/dissector/validity_window.h"

namespace q2686::scenario {

namespace {

constexpr std::string_view kActions[] = {"power",   "battery",     "send",       "expect", "expect-not",
                                         "wait",    "set-rtc",     "log",        "repeat", "server",
                                         "network", "tls-connect", "expect-tls", "nitz",   "tls-window",
                                         "sim"};

Cycles seconds(const YamlReader& yaml, std::uint64_t s) {
    return yaml.clock().from_ns(s * 1'000'000'000ULL);
}

TextPattern load_pattern(const YamlReader& yaml, const YAML::Node& node, std::string_view what) {
    TextPattern p;
    p.text = yaml.string(node, what);
    if (p.text.empty()) yaml.fail(node, fmt::format("{}: the text to look for is empty", what));
    if (p.text.size() >= 2 && p.text.front() == '/' && p.text.back() == '/') {
        try {
            p.regex.emplace(p.text.substr(1, p.text.size() - 2), std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            yaml.fail(node, fmt::format("{}: bad regular expression {}: {}", what, p.text, e.what()));
        }
    }
    return p;
}

void load_tls_connect(const YamlReader& yaml, const YAML::Node& node, TlsConnect& c) {
    if (node.IsNull()) return;
    yaml.check_map(node, "tls-connect", {"verify", "version", "host", "port", "path", "bearer"});
    if (auto v = yaml.get(node, "verify")) {
        const std::string mode = yaml.choice(v, "tls-connect verify", {"always", "once", "never"});
        c.verify = mode == "always" ? 2 : mode == "once" ? 1 : 0;
    }
    if (auto v = yaml.get(node, "version")) {
        const std::string version = yaml.choice(v, "tls-connect version", {"any", "1.2", "1.3"});
        c.version = version == "any" ? 0 : version == "1.2" ? 12 : 13;
    }
    if (auto v = yaml.get(node, "host")) {
        c.host = yaml.string(v, "tls-connect host");
        if (c.host.empty() || c.host.size() > 63 || c.host.find_first_of("\", ") != std::string::npos)
            yaml.fail(v, "tls-connect host must be 1..63 characters without quotes, commas or spaces");
    }
    if (auto v = yaml.get(node, "port"))
        c.port = static_cast<std::uint16_t>(yaml.integer(v, "tls-connect port", 1, 65535));
    if (auto v = yaml.get(node, "path")) {
        c.path = yaml.string(v, "tls-connect path");
        if (c.path.empty() || c.path[0] != '/' || c.path.size() > 127 ||
            c.path.find_first_of("\" ") != std::string::npos)
            yaml.fail(v, "tls-connect path must start with '/' and have up to 127 characters, no spaces or quotes");
    }
    if (auto v = yaml.get(node, "bearer"))
        c.bearer = yaml.choice(v, "tls-connect bearer", {"auto", "manual"}) == "auto";
}

void load_expect_tls(const YamlReader& yaml, const YAML::Node& node, Step& step) {
    ExpectTls& e = step.expect_tls;
    const std::initializer_list<std::string_view> outcomes = {"ok",
                                                              "not-yet-valid",
                                                              "expired",
                                                              "unknown-ca",
                                                              "self-signed",
                                                              "hostname-mismatch",
                                                              "bad-signature",
                                                              "unsupported-algorithm",
                                                              "key-usage",
                                                              "bad-certificate",
                                                              "handshake-failure",
                                                              "protocol-error",
                                                              "network-error",
                                                              "timeout"};
    if (node.IsScalar()) {
        e.outcome = yaml.choice(node, "expect-tls outcome", outcomes);
        return;
    }
    yaml.check_map(node, "expect-tls", {"outcome", "within", "status", "resumed", "version"});
    if (auto v = yaml.get(node, "outcome")) e.outcome = yaml.choice(v, "expect-tls outcome", outcomes);
    if (auto v = yaml.get(node, "within")) step.within = yaml.duration(v, "expect-tls within");
    if (auto v = yaml.get(node, "status")) e.status = static_cast<int>(yaml.integer(v, "expect-tls status", 0, 599));
    if (auto v = yaml.get(node, "resumed")) e.resumed = yaml.boolean(v, "expect-tls resumed");
    if (auto v = yaml.get(node, "version")) e.version = yaml.choice(v, "expect-tls version", {"1.2", "1.3"});
    if ((e.status || e.resumed || e.version) && e.outcome != "ok")
        yaml.fail(node, "expect-tls: status, resumed and version describe a successful connection (outcome: ok)");
}

// tls-window: {expect: "2025-02-03T04:05:06Z .. 2031-07-08T09:10:11Z"} or {expect: empty}.
void load_tls_window(const YamlReader& yaml, const YAML::Node& node, TlsWindowExpect& w) {
    if (!node.IsMap()) yaml.fail(node, "tls-window: a mapping like {expect: \"FIRST .. LAST\"} or {expect: empty}");
    yaml.check_map(node, "tls-window", {"expect"});
    const auto v = yaml.get(node, "expect");
    if (!v) yaml.fail(node, "tls-window: expect: is required (\"FIRST .. LAST\" in UTC, or empty)");
    const std::string text = yaml.string(v, "tls-window expect");
    if (text == "empty") {
        w.empty = true;
        return;
    }
    const std::size_t dots = text.find(" .. ");
    const auto first = dots == std::string::npos ? std::nullopt : parse_utc(text.substr(0, dots));
    const auto last = dots == std::string::npos ? std::nullopt : parse_utc(text.substr(dots + 4));
    if (!first || !last || *last < *first)
        yaml.fail(v, fmt::format("tls-window expect: '{}' is not \"FIRST .. LAST\" (YYYY-MM-DDTHH:MM:SSZ, FIRST not "
                                 "after LAST) or empty",
                                 text));
    w.first = *first;
    w.last = *last;
}

Step load_step(const YamlReader& yaml, const YAML::Node& node, const std::string& folder, int depth) {
    if (!node.IsMap())
        yaml.fail(node, "a step is a mapping like '- send: AT' or '- wait: 2s' (docs/scenarios.md \"Steps\")");
    // An empty mapping ('- {}') has no action; say so before iterating it, since yaml-cpp 0.7's
    // iterator over an empty flow mapping dereferences a null pair (found by fuzz_scenario_yaml).
    if (node.size() == 0)
        yaml.fail(node,
                  "an empty step: a step is a mapping like '- send: AT' or '- wait: 2s' (docs/scenarios.md \"Steps\")");
    Step step;
    step.mark = yaml.mark(node);
    YAML::Node action_key, value;
    bool found = false;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        bool is_action = false;
        for (std::string_view a : kActions) is_action = is_action || same_key(key, a);
        if (!is_action) continue;
        if (found)
            yaml.fail(it->first, fmt::format("one action per step: '{}' and '{}' (make them two steps)",
                                             action_key.Scalar(), key));
        action_key.reset(it->first);
        value.reset(it->second);
        found = true;
    }
    if (!found) {
        std::string known;
        for (std::string_view a : kActions) known += (known.empty() ? "" : ", ") + std::string(a);
        yaml.fail(node.begin()->first,
                  fmt::format("unknown step '{}' (steps: {})", node.begin()->first.Scalar(), known));
    }
    const std::string action = action_key.Scalar();
    auto only = [&](std::initializer_list<std::string_view> extra) {
        // The step's keys: its action plus the modifiers this action takes.
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string key = it->first.Scalar();
            bool ok = same_key(key, action);
            for (std::string_view e : extra) ok = ok || same_key(key, e);
            for (auto other = node.begin(); other != it; ++other)
                if (same_key(other->first.Scalar(), key))
                    yaml.fail(it->first, fmt::format("'{}' given twice in a step", key));
            if (!ok)
                yaml.fail(it->first,
                          extra.size()
                              ? fmt::format("unknown key '{}' in a {} step (it takes: within)", key, action)
                              : fmt::format("unknown key '{}' in a {} step (it takes no options)", key, action));
        }
    };
    auto within = [&](std::uint64_t default_seconds) {
        const YAML::Node w = yaml.get(node, "within");
        return w ? yaml.duration(w, fmt::format("{} within", action)) : seconds(yaml, default_seconds);
    };
    const std::string shown = value.IsScalar() ? value.Scalar() : "";
    step.label = shown.empty() ? action : action + ": " + shown;
    if (same_key(action, "power")) {
        only({});
        step.kind = Step::Kind::Power;
        step.on = yaml.boolean(value, "power");
    } else if (same_key(action, "sim")) {
        // The card leaves or comes back to the holder: removed | inserted.
        only({});
        step.kind = Step::Kind::Sim;
        const std::string text = yaml.string(value, "sim");
        if (text != "removed" && text != "inserted")
            yaml.fail(value, fmt::format("sim: '{}' must be removed or inserted", text));
        step.on = text == "inserted";
    } else if (same_key(action, "battery")) {
        only({});
        step.kind = Step::Kind::Battery;
        step.on = yaml.boolean(value, "battery");
    } else if (same_key(action, "send")) {
        only({"within"});
        step.kind = Step::Kind::Send;
        step.text = yaml.string(value, "send");
        if (step.text.size() < 2 || (std::toupper(static_cast<unsigned char>(step.text[0])) != 'A') ||
            (std::toupper(static_cast<unsigned char>(step.text[1])) != 'T' && step.text[1] != '/'))
            yaml.fail(value, fmt::format("send: '{}' is not an AT command line (AT..., A/)", step.text));
        if (step.text.find_first_of("\r\n") != std::string::npos)
            yaml.fail(value, "send: one command line, without CR/LF");
        step.within = within(30);
    } else if (same_key(action, "expect") || same_key(action, "expect-not")) {
        only({"within"});
        const bool negative = same_key(action, "expect-not");
        step.kind = negative ? Step::Kind::ExpectNot : Step::Kind::Expect;
        step.pattern = load_pattern(yaml, value, action);
        step.within = within(negative ? 5 : 10);
    } else if (same_key(action, "wait")) {
        only({});
        step.kind = Step::Kind::Wait;
        step.duration = yaml.duration(value, "wait");
    } else if (same_key(action, "set-rtc")) {
        only({});
        step.kind = Step::Kind::SetRtc;
        load_rtc_time(yaml, value, step.rtc_seconds, step.rtc_tz_quarters);
    } else if (same_key(action, "log")) {
        only({});
        step.kind = Step::Kind::Log;
        step.text = yaml.string(value, "log");
    } else if (same_key(action, "repeat")) {
        only({});
        step.kind = Step::Kind::Repeat;
        yaml.check_map(value, "repeat", {"times", "steps"});
        const YAML::Node times = yaml.get(value, "times");
        const YAML::Node steps = yaml.get(value, "steps");
        if (!times || !steps) yaml.fail(value, "repeat needs times: N and steps: [...]");
        step.times = static_cast<int>(yaml.integer(times, "repeat times", 1, 10000));
        if (depth >= 4) yaml.fail(action_key, "repeat: nested more than 4 deep");
        step.steps = load_steps(yaml, steps, folder, depth + 1);
        step.label = fmt::format("repeat {} times", step.times);
    } else if (same_key(action, "server")) {
        only({});
        step.kind = Step::Kind::Server;
        if (value.IsSequence())
            for (const auto& one : value) step.servers.push_back(load_server(yaml, one, folder));
        else
            step.servers.push_back(load_server(yaml, value, folder));
        step.label = "server: " + step.servers.front().slot();
    } else if (same_key(action, "network")) {
        only({});
        step.kind = Step::Kind::Network;
        step.network = load_network(yaml, value, true);
    } else if (same_key(action, "nitz")) {
        // `nitz: now` sends the network's time at once; `nitz: {...}` or `nitz: "zone=+08"`
        // changes what it sends, then sends it.
        only({});
        step.kind = Step::Kind::Network;
        step.network.send_nitz = true;
        if (!(value.IsScalar() && value.Scalar() == "now")) step.network.nitz = load_nitz_knobs(yaml, value);
    } else if (same_key(action, "tls-window")) {
        only({});
        step.kind = Step::Kind::TlsWindow;
        load_tls_window(yaml, value, step.tls_window);
        step.label = step.tls_window.empty ? "tls-window: empty"
                                           : fmt::format("tls-window: {} .. {}", format_utc(step.tls_window.first),
                                                         format_utc(step.tls_window.last));
    } else if (same_key(action, "tls-connect")) {
        only({});
        step.kind = Step::Kind::TlsConnect;
        load_tls_connect(yaml, value, step.tls_connect);
    } else {
        only({"within"});
        step.kind = Step::Kind::ExpectTls;
        step.within = within(60);
        load_expect_tls(yaml, value, step);
        if (yaml.get(node, "within") && value.IsMap() && yaml.get(value, "within"))
            yaml.fail(yaml.key_node(node, "within"), "expect-tls: within given twice");
        step.label = "expect-tls: " + step.expect_tls.outcome;
    }
    return step;
}

}  // namespace

std::vector<Step> load_steps(const YamlReader& yaml, const YAML::Node& node, const std::string& folder, int depth) {
    if (!node.IsSequence()) yaml.fail(node, "steps must be a list ('- send: AT', '- expect: OK', ...)");
    if (node.size() == 0) yaml.fail(node, "steps: the list is empty");
    std::vector<Step> steps;
    for (const auto& item : node) steps.push_back(load_step(yaml, item, folder, depth));
    return steps;
}

}  // namespace q2686::scenario

namespace q2686::scenario {

bool TextPattern::matches(const std::string& line) const {
    if (regex) return std::regex_search(line, *regex);
    return line.find(text) != std::string::npos;
}

}  // namespace q2686::scenario
