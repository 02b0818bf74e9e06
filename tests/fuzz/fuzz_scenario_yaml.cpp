// libFuzzer target: a scenario file (docs/scenarios.md) as the loader reads it. The loader's
// contract (scenario/scenario_loader.h) is that anything wrong is an InputError naming
// "FILE:LINE:COL"; any other exception, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/input_error.h"
#include "scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        // Files the scenario names resolve against a folder that holds none of them.
        (void)q2686::scenario::load_scenario_text(text, "fuzz.yaml", "/nonexistent-fuzz-folder");
    } catch (const q2686::InputError& e) {
        if (std::string(e.what()).rfind("fuzz.yaml:", 0) != 0) {
            std::fprintf(stderr, "InputError without a position: %s\n", e.what());
            std::abort();
        }
    }
    return 0;
}
