#include "cpu/protection_fault.h"

#include <fmt/format.h>

namespace q2686 {

namespace {

struct Permission {
    bool privileged_read, privileged_write, user_read, user_write;
    const char* meaning;
};

// ARM DDI 0201D table 2.13, by encoding.
Permission decode(std::uint8_t permission) {
    namespace ap = access_permission;
    switch (permission) {
        case ap::kPrivilegedOnly: return {true, true, false, false, "read/write privileged, no user access"};
        case ap::kUserReadOnly: return {true, true, true, false, "read/write privileged, read-only user"};
        case ap::kFull: return {true, true, true, true, "read/write for both modes"};
        case ap::kPrivilegedReadOnly: return {true, false, false, false, "read-only privileged, no user access"};
        case ap::kReadOnly: return {true, false, true, false, "read-only for both modes"};
        case ap::kNone: return {false, false, false, false, "no access"};
        default: return {false, false, false, false, "UNPREDICTABLE encoding, taken as no access"};
    }
}

const char* access_name(ProtectedAccess access) {
    switch (access) {
        case ProtectedAccess::Read: return "read";
        case ProtectedAccess::Write: return "write";
        case ProtectedAccess::Fetch: return "instruction fetch";
    }
    return "access";
}

std::string size_text(std::uint64_t size) {
    if (size >= (std::uint64_t{1} << 30)) return fmt::format("{} GB", size >> 30);
    if (size >= (1u << 20)) return fmt::format("{} MB", size >> 20);
    return fmt::format("{} KB", size >> 10);
}

}  // namespace

bool access_permitted(std::uint8_t permission, ProtectedAccess access, bool privileged) {
    const Permission p = decode(permission);
    const bool write = access == ProtectedAccess::Write;
    if (privileged) return write ? p.privileged_write : p.privileged_read;
    return write ? p.user_write : p.user_read;
}

std::string describe_protection_fault(const Cp15State& state, std::uint32_t address, ProtectedAccess access,
                                      bool privileged) {
    const std::string what = fmt::format("{} of {:#010x} in {} mode denied", access_name(access), address,
                                         privileged ? "a privileged" : "user");
    const ProtectionRegion* region = state.region_for(address);
    if (!region) return what + ": in no protection region (background)";
    const bool fetch = access == ProtectedAccess::Fetch;
    const std::uint8_t permission = fetch ? region->instruction_access : region->data_access;
    return fmt::format("{}: region {} ({:#010x}, {}), {} permission b{:04b} ({})", what, region - state.regions.data(),
                       region->base, size_text(region->size), fetch ? "instruction" : "data", permission,
                       decode(permission).meaning);
}

}  // namespace q2686
