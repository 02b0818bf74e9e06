// Where the CLI finds the ARM images the superbuild produced.
#include <cstdlib>

#include "cli/commands.h"
#include "version.h"

namespace q2686::cli {

std::string arm_image_dir() {
    if (const char* dir = std::getenv("Q2686_IMAGE_DIR"); dir && *dir) return dir;
    return Q2686_ARM_IMAGE_DIR;
}

std::string default_firmware() { return arm_image_dir() + "/rom-stubs/q2686_rom.elf"; }

}  // namespace q2686::cli
