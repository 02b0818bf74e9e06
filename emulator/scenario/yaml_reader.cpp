#include "scenario/yaml_reader.h"

#include <charconv>

#include <fmt/format.h>

#include "base/duration.h"

namespace q2686::scenario {

bool same_key(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i] == '_' ? '-' : a[i];
        const char y = b[i] == '_' ? '-' : b[i];
        if (x != y) return false;
    }
    return true;
}

namespace {

std::string type_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Scalar: return fmt::format("'{}'", node.Scalar());
        default: return "nothing";
    }
}

std::string joined(std::initializer_list<std::string_view> names, const char* separator) {
    std::string out;
    for (std::string_view name : names) {
        if (!out.empty()) out += separator;
        out += name;
    }
    return out;
}

}  // namespace

YAML::Node YamlReader::parse(const std::string& text) const {
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        // yaml-cpp marks are 0-based; editors count from 1.
        fail(SourceMark{e.mark.line + 1, e.mark.column + 1}, e.msg);
    }
}

SourceMark YamlReader::mark(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    if (m.is_null()) return {1, 1};
    return {m.line + 1, m.column + 1};
}

void YamlReader::fail(SourceMark mark, const std::string& message) const {
    throw InputError(fmt::format("{}:{}:{}: {}", file_, mark.line, mark.column, message));
}

void YamlReader::fail(const YAML::Node& node, const std::string& message) const { fail(mark(node), message); }

void YamlReader::check_map(const YAML::Node& node, std::string_view what,
                           std::initializer_list<std::string_view> allowed) const {
    if (!node.IsMap()) fail(node, fmt::format("{} must be a mapping (key: value), not {}", what, type_name(node)));
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) fail(it->first, fmt::format("{}: keys must be plain words", what));
        const std::string key = it->first.Scalar();
        bool known = false;
        for (std::string_view name : allowed) known = known || same_key(key, name);
        if (!known)
            fail(it->first, fmt::format("unknown key '{}' in {} (expected one of: {})", key, what, joined(allowed, ", ")));
        for (auto other = node.begin(); other != it; ++other)
            if (same_key(other->first.Scalar(), key)) fail(it->first, fmt::format("'{}' given twice in {}", key, what));
    }
}

YAML::Node YamlReader::get(const YAML::Node& map, std::string_view key) const {
    if (map.IsMap())
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar() && same_key(it->first.Scalar(), key)) return it->second;
    return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node YamlReader::key_node(const YAML::Node& map, std::string_view key) const {
    if (map.IsMap())
        for (auto it = map.begin(); it != map.end(); ++it)
            if (it->first.IsScalar() && same_key(it->first.Scalar(), key)) return it->first;
    return YAML::Node(YAML::NodeType::Undefined);
}

std::string YamlReader::string(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) fail(node, fmt::format("{} must be text, not {}", what, type_name(node)));
    return node.Scalar();
}

std::int64_t YamlReader::integer(const YAML::Node& node, std::string_view what, std::int64_t low,
                                 std::int64_t high) const {
    const std::string text = string(node, what);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        fail(node, fmt::format("{} must be a whole number, not '{}'", what, text));
    if (value < low || value > high) fail(node, fmt::format("{} must be {}..{}, not {}", what, low, high, value));
    return value;
}

bool YamlReader::boolean(const YAML::Node& node, std::string_view what) const {
    const std::string text = string(node, what);
    for (const char* yes : {"true", "on", "yes"})
        if (text == yes) return true;
    for (const char* no : {"false", "off", "no"})
        if (text == no) return false;
    fail(node, fmt::format("{} must be true or false (on/off), not '{}'", what, text));
}

Cycles YamlReader::duration(const YAML::Node& node, std::string_view what) const {
    const std::string text = string(node, what);
    const auto ns = parse_duration_ns(text);
    if (!ns) fail(node, fmt::format("{}: '{}' is not a duration (a number and a unit: 500ms, 10s, 5m, 2h, 400d)", what, text));
    return clock_.from_ns(*ns);
}

double YamlReader::fraction(const YAML::Node& node, std::string_view what) const {
    std::string text = string(node, what);
    const bool percent = !text.empty() && text.back() == '%';
    if (percent) text.pop_back();
    double value = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        fail(node, fmt::format("{} must be a percentage like 20% or a fraction like 0.2", what));
    if (percent) value /= 100.0;
    if (!(value >= 0.0 && value <= 1.0)) fail(node, fmt::format("{} must be 0%..100%", what));
    return value;
}

std::uint32_t YamlReader::milliseconds(const YAML::Node& node, std::string_view what) const {
    const std::string text = string(node, what);
    const auto ns = text == "0" || text == "0ms" || text == "0s" ? std::optional<std::uint64_t>{0} : parse_duration_ns(text);
    if (!ns || *ns % 1'000'000 != 0 || *ns > 60'000'000'000ULL)
        fail(node, fmt::format("{}: '{}' must be whole milliseconds up to 60s, like 300ms or 1s", what, text));
    return static_cast<std::uint32_t>(*ns / 1'000'000);
}

std::string YamlReader::choice(const YAML::Node& node, std::string_view what,
                               std::initializer_list<std::string_view> choices) const {
    const std::string text = string(node, what);
    for (std::string_view c : choices)
        if (text == c) return text;
    fail(node, fmt::format("{} must be one of {}, not '{}'", what, joined(choices, "|"), text));
}

}  // namespace q2686::scenario
