// Paths of the cross-built ARM images and the CLI, as the build placed them.
#pragma once

#include <string>

inline std::string test_image(const std::string& name) {
    return std::string(Q2686_TEST_IMAGES) + "/" + name;
}
