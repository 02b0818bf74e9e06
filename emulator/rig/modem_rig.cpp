#include "rig/modem_rig.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "base/input_error.h"
#include "q2686_flash_objects.h"

namespace q2686 {

namespace {

// Reads a flash object's file up front: a missing file, a folder, an empty or oversized file is
// the user's to fix, named with the option as they wrote it.
std::vector<std::uint8_t> read_flash_object_file(const FlashObjectFile& object) {
    const std::string what = fmt::format("--flash-object {}:{}", object.handle, object.id);
    std::error_code ec;
    if (std::filesystem::is_directory(object.path, ec))
        throw InputError(fmt::format("{}: {} is a folder; give the file to store", what, object.path));
    std::ifstream file(object.path, std::ios::binary);
    if (!file) throw InputError(fmt::format("{}: cannot read {}: {}", what, object.path, std::strerror(errno)));
    std::vector<std::uint8_t> bytes;
    try {
        bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    } catch (const std::exception& e) {
        throw InputError(fmt::format("{}: cannot read {}: {}", what, object.path, e.what()));
    }
    if (file.bad()) throw InputError(fmt::format("{}: cannot read {}", what, object.path));
    if (bytes.empty() || bytes.size() > FLASHOBJ_MAX_SIZE)
        throw InputError(fmt::format("{}: {} has {} bytes; a flash object holds 1..{}", what, object.path, bytes.size(),
                                     FLASHOBJ_MAX_SIZE));
    return bytes;
}

}  // namespace

ModemRig::ModemRig(ModemSetup setup, RigHooks hooks) : setup_(std::move(setup)) {
    // Every file is read before anything is built, so a bad one fails at once.
    std::vector<std::vector<std::uint8_t>> contents;
    for (const FlashObjectFile& object : setup_.flash_objects) contents.push_back(read_flash_object_file(object));

    modem_ = std::make_unique<Q2686Modem>(setup_.modem);
    if (hooks.observer) modem_->events().subscribe(std::move(hooks.observer));
    for (std::size_t i = 0; i < contents.size(); ++i) {
        const FlashObjectFile& object = setup_.flash_objects[i];
        try {
            modem_->flash_objects().store(object.handle, object.id, contents[i]);
        } catch (const std::length_error& e) {
            throw InputError(fmt::format("--flash-object {}:{}: {}", object.handle, object.id, e.what()));
        }
    }
    if (setup_.network) {
        if (hooks.before_network) hooks.before_network(*modem_, *setup_.network);
        try {
            network_ = std::make_unique<HostNetwork>(*modem_, *setup_.network);
        } catch (const InputError&) {
            throw;
        } catch (const std::runtime_error& e) {
            // libslirp, the pcap file, a built-in server's PKI or socket: all fixable by the user.
            throw InputError(e.what());
        }
        if (hooks.after_network) hooks.after_network(*network_);
        if (setup_.trust_test_root_ca) network_->trust_test_root_ca();
    }
    session_ = std::make_unique<AtSession>(*modem_);
}

// Members go in reverse order anyway; spelled out because the order is the point.
ModemRig::~ModemRig() {
    session_.reset();
    network_.reset();
    modem_.reset();
}

}  // namespace q2686
