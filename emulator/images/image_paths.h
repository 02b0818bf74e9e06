// Where front ends (the CLI, the GUI) find the ARM images the superbuild produced: the
// application firmware a modem boots unless told otherwise, and the test images.
#pragma once

#include <string>

namespace q2686::images {

// Folder holding the ARM images (the environment variable Q2686_IMAGE_DIR overrides it).
std::string arm_image_dir();
// The firmware image the modem boots unless told otherwise.
std::string default_firmware();

}  // namespace q2686::images
