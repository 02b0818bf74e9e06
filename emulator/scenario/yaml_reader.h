// YamlReader — typed access to a yaml-cpp node tree that reports every problem as
// `FILE:LINE:COL: message` (InputError), pointing at the node that is wrong: the unknown key,
// the value of the wrong type, the duration that does not parse. The scenario loader is written
// against it so that no check can forget its position.
//
// Keys are matched with '-' and '_' as the same character (`not_before` and `not-before`), so
// the spelling of the documentation and of the TLS server's --tls-server keys both work.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "base/input_error.h"
#include "scenario/scenario.h"
#include "time/cycle_scheduler.h"

namespace q2686::scenario {

class YamlReader {
public:
    YamlReader(std::string file, ClockRate clock) : file_(std::move(file)), clock_(clock) {}

    // Parses the file's text; a YAML syntax error becomes FILE:LINE:COL: message.
    YAML::Node parse(const std::string& text) const;

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const;
    [[noreturn]] void fail(SourceMark mark, const std::string& message) const;
    SourceMark mark(const YAML::Node& node) const;

    // A mapping whose keys are all among `allowed` (else an error at the first unknown key,
    // listing the allowed ones). `what` names the mapping in messages ("modem", "step").
    void check_map(const YAML::Node& node, std::string_view what,
                   std::initializer_list<std::string_view> allowed) const;
    // The value of `key` in `map` ('-'/'_' insensitive), or an undefined node.
    YAML::Node get(const YAML::Node& map, std::string_view key) const;
    // The key node itself (for positions), or an undefined node.
    YAML::Node key_node(const YAML::Node& map, std::string_view key) const;

    std::string string(const YAML::Node& node, std::string_view what) const;
    std::int64_t integer(const YAML::Node& node, std::string_view what, std::int64_t low, std::int64_t high) const;
    bool boolean(const YAML::Node& node, std::string_view what) const;  // true/false, on/off, yes/no
    Cycles duration(const YAML::Node& node, std::string_view what) const;
    // "20%" or 0.2 → 0.2.
    double fraction(const YAML::Node& node, std::string_view what) const;
    // Whole milliseconds up to 60 s ("300ms", "1s") — what the GPRS link model takes.
    std::uint32_t milliseconds(const YAML::Node& node, std::string_view what) const;
    // One of `choices` (as written); the error lists them.
    std::string choice(const YAML::Node& node, std::string_view what,
                       std::initializer_list<std::string_view> choices) const;

    const std::string& file() const { return file_; }
    const ClockRate& clock() const { return clock_; }

private:
    std::string file_;
    ClockRate clock_;
};

// "not_before" and "not-before" compare equal.
bool same_key(std::string_view a, std::string_view b);

}  // namespace q2686::scenario
