#include "rig/modem_setup.h"

#include <charconv>

#include <fmt/format.h>

#include "base/input_error.h"
#include "modem/flash_object_log.h"
#include "q2686_flash_objects.h"

namespace q2686 {

FlashObjectFile parse_flash_object(const std::string& text, const char* option) {
    auto bad = [&](const std::string& why) { return InputError(fmt::format("{} '{}': {}", option, text, why)); };
    const auto equals = text.find('=');
    if (equals == std::string::npos) throw bad("expected HANDLE:ID=FILE, e.g. TLS:0=ca.pem");
    const std::string key = text.substr(0, equals);
    const auto colon = key.rfind(':');
    if (colon == std::string::npos) throw bad("expected HANDLE:ID=FILE, e.g. TLS:0=ca.pem");
    FlashObjectFile object{key.substr(0, colon), 0, text.substr(equals + 1)};
    if (!valid_flash_object_handle(object.handle))
        throw bad(fmt::format("the handle must have 1..{} characters", FLASHOBJ_HANDLE_MAX));
    const std::string id = key.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (id.empty() || ec != std::errc{} || end != id.data() + id.size() || value >= FLASHOBJ_ID_ALL)
        throw bad("the ID must be a number 0..65534");
    object.id = static_cast<std::uint16_t>(value);
    if (object.path.empty()) throw bad("no file after '='");
    return object;
}

}  // namespace q2686
