#include "scenario/yaml_reader.h"

#include <charconv>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

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

// Where each quoted scalar of the first document starts (yaml-cpp tags every non-plain scalar
// "!": quoted ones and block scalars alike; the text at the mark tells them apart).
class NonPlainScalars : public YAML::EventHandler {
public:
    std::vector<YAML::Mark> marks;

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string&) override {
        if (tag == "!") marks.push_back(mark);
    }
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// Whether the quoted scalar opening at `start` (a '"' or a '\'') has its closing quote.
bool closed(const std::string& text, std::size_t start) {
    const char quote = text[start];
    for (std::size_t i = start + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;  // an escape: the next character is never the end
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;  // '' is a quote inside a single-quoted scalar
                continue;
            }
            return true;
        }
    }
    return false;
}

// yaml-cpp's messages name the grammar, not the mistake: the two every new user makes get a hint.
std::string with_hint(const std::string& message, const std::string& text, const YAML::Mark& mark) {
    // A tab in the indentation of the error's line or the one before (yaml-cpp often reports
    // the token after the mistake). Lines count from 0, as marks do.
    auto line_has_leading_tab = [&text](int line) {
        std::size_t pos = 0;
        for (int l = 0; l < line; ++l) {
            pos = text.find('\n', pos);
            if (pos == std::string::npos) return false;
            ++pos;
        }
        for (; pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'); ++pos)
            if (text[pos] == '\t') return true;
        return false;
    };
    if (line_has_leading_tab(mark.line) || (mark.line > 0 && line_has_leading_tab(mark.line - 1)))
        return message + " (tabs are not allowed in YAML indentation: indent with spaces)";
    if (message == YAML::ErrorMsg::EOF_IN_SCALAR)
        return message + " (a quoted string runs to the end of the file: close its quote)";
    if (message == YAML::ErrorMsg::MAP_VALUE || message == YAML::ErrorMsg::MAP_KEY)
        return message + " (a value that contains ': ' must be quoted, e.g. expect: '+CCLK: \"98/01/01,00:00:00+00\"')";
    return message;
}

}  // namespace

YAML::Node YamlReader::parse(const std::string& text) const {
    YAML::Node root;
    NonPlainScalars scalars;
    try {
        root = YAML::Load(text);
        std::istringstream in(text);
        YAML::Parser(in).HandleNextDocument(scalars);
    } catch (const YAML::ParserException& e) {
        // yaml-cpp marks are 0-based; editors count from 1.
        fail(SourceMark{e.mark.line + 1, e.mark.column + 1}, with_hint(e.msg, text, e.mark));
    }
    // yaml-cpp ends a quoted scalar left open at the end of the file there, without a word: the
    // steps after the quote become part of the string and the scenario passes by mistake.
    for (const YAML::Mark& m : scalars.marks) {
        if (m.pos < 0 || static_cast<std::size_t>(m.pos) >= text.size()) continue;
        const char c = text[static_cast<std::size_t>(m.pos)];
        if ((c == '"' || c == '\'') && !closed(text, static_cast<std::size_t>(m.pos)))
            fail(SourceMark{m.line + 1, m.column + 1},
                 fmt::format("this {}-quoted string is never closed: everything after it up to the end of the file "
                             "would become its text (add the closing {})",
                             c == '"' ? "double" : "single", c));
    }
    return root;
}

SourceMark YamlReader::mark(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    if (m.is_null()) return {1, 1};
    return {m.line + 1, m.column + 1};
}

void YamlReader::fail(SourceMark mark, const std::string& message) const {
    throw InputError(fmt::format("{}:{}:{}: {}", file_, mark.line, mark.column, message));
}

void YamlReader::fail(const YAML::Node& node, const std::string& message) const {
    fail(mark(node), message);
}

void YamlReader::check_map(const YAML::Node& node, std::string_view what,
                           std::initializer_list<std::string_view> allowed) const {
    if (!node.IsMap()) fail(node, fmt::format("{} must be a mapping (key: value), not {}", what, type_name(node)));
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) fail(it->first, fmt::format("{}: keys must be plain words", what));
        const std::string key = it->first.Scalar();
        bool known = false;
        for (std::string_view name : allowed) known = known || same_key(key, name);
        if (!known)
            fail(it->first,
                 fmt::format("unknown key '{}' in {} (expected one of: {})", key, what, joined(allowed, ", ")));
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
    if (!ns)
        fail(node,
             fmt::format("{}: '{}' is not a duration (a number and a unit: 500ms, 10s, 5m, 2h, 400d)", what, text));
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
    const auto ns =
        text == "0" || text == "0ms" || text == "0s" ? std::optional<std::uint64_t>{0} : parse_duration_ns(text);
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
