#include "scenario/trace_writer.h"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/sha256.h>

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace q2686::scenario {

struct TraceWriter::Hash {
    wc_Sha256 sha{};
    bool done = false;
};

namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
    std::string out;
    for (std::size_t i = 0; i < size; ++i) out += fmt::format("{:02x}", bytes[i]);
    return out;
}

}  // namespace

std::string without_host_ports(const std::string& text) {
    static const std::string loopback = "127.0.0.1:";
    std::string out;
    std::size_t at = 0;
    while (true) {
        const std::size_t hit = text.find(loopback, at);
        if (hit == std::string::npos) break;
        std::size_t end = hit + loopback.size();
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        out.append(text, at, hit - at);
        out += loopback;
        out += end > hit + loopback.size() ? "*" : "";
        at = end;
    }
    out.append(text, at, std::string::npos);
    return out;
}

std::string sha256_hex(const std::string& data) {
    wc_Sha256 sha;
    unsigned char digest[WC_SHA256_DIGEST_SIZE];
    wc_InitSha256(&sha);
    wc_Sha256Update(&sha, reinterpret_cast<const byte*>(data.data()), static_cast<word32>(data.size()));
    wc_Sha256Final(&sha, digest);
    wc_Sha256Free(&sha);
    return hex(digest, sizeof digest);
}

TraceWriter::TraceWriter(const std::string& path) : hash_(std::make_unique<Hash>()) {
    if (wc_InitSha256(&hash_->sha) != 0) throw std::runtime_error("SHA-256 (wolfCrypt) did not initialise");
    if (!path.empty()) {
        file_.open(path, std::ios::binary | std::ios::trunc);
        if (!file_) throw std::runtime_error(fmt::format("cannot create the trace file {}", path));
    }
}

TraceWriter::~TraceWriter() {
    if (!hash_->done) wc_Sha256Free(&hash_->sha);
}

void TraceWriter::write(const std::string& line) {
    if (hash_->done) return;
    const std::string text = line + "\n";
    wc_Sha256Update(&hash_->sha, reinterpret_cast<const byte*>(text.data()), static_cast<word32>(text.size()));
    if (file_.is_open()) file_ << text;
    ++lines_;
}

void TraceWriter::scenario(const std::string& name) {
    write(nlohmann::json{{"t", 0}, {"scenario", name}}.dump());
}

void TraceWriter::step(Cycles when, const std::string& label, int line) {
    write(nlohmann::json{{"t", when}, {"step", label}, {"line", line}}.dump());
}

void TraceWriter::at(Cycles when, char direction, const std::string& text) {
    // dump() with replace: firmware bytes need not be UTF-8, a trace line must stay JSON.
    write(nlohmann::json{{"t", when}, {"at", std::string(1, direction)}, {"text", without_host_ports(text)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void TraceWriter::event(const Event& e) {
    if (e.kind == EventKind::Mmio) return;
    write(nlohmann::json{
        {"t", e.when}, {"kind", to_string(e.kind)}, {"source", e.source}, {"text", without_host_ports(e.text)}}
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string TraceWriter::finish() {
    unsigned char digest[WC_SHA256_DIGEST_SIZE];
    wc_Sha256Final(&hash_->sha, digest);
    wc_Sha256Free(&hash_->sha);
    hash_->done = true;
    if (file_.is_open()) file_.flush();
    return hex(digest, sizeof digest);
}

}  // namespace q2686::scenario
