#include "images/image_paths.h"

#include <cstdlib>

#include "version.h"

namespace q2686::images {

std::string arm_image_dir() {
    if (const char* dir = std::getenv("Q2686_IMAGE_DIR"); dir && *dir) return dir;
    return Q2686_ARM_IMAGE_DIR;
}

// The application firmware: the ROM (AT engine, drivers) with the WIP TCP/IP stack and its AT
// commands. The bare ROM (rom-stubs/q2686_rom.elf) stays available with --firmware.
std::string default_firmware() {
    return arm_image_dir() + "/firmware/app/q2686_app.elf";
}

}  // namespace q2686::images
