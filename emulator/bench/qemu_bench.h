// The bare-metal benchmark workloads under QEMU, timed from this process, so `q2686emu bench`
// can compare the emulator with QEMU on the same code (docs/performance.md, item 2):
//   qemu-system-arm -M versatilepb -cpu arm946 -semihosting -nographic -kernel WORKLOAD_qemu.elf
// with and without `-icount shift=0` (one instruction = one virtual nanosecond: QEMU's
// deterministic mode, the closest it has to our cycle-exact one). The images are the same
// sources as ours, linked at 0 for versatilepb's RAM (tests/arm/qemu_versatilepb.ld); they
// exit through semihosting with 0 on success. QEMU's own start-up and exit is the best time of
// an empty image (tests/arm/empty_main.c), subtracted from each workload's best time.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace q2686 {

struct QemuWorkload {
    std::string name;
    std::string elf;
};

struct QemuWorkloadTiming {
    std::string name;
    double wall_s = 0;         // best of the repeats, start-up subtracted
    double icount_wall_s = 0;  // the same with -icount shift=0
};

struct QemuBenchReport {
    // Set when QEMU could not be measured (not installed): why, for the report.
    std::optional<std::string> absent;
    std::string program;  // the QEMU binary used
    double startup_s = 0, startup_icount_s = 0;
    std::vector<QemuWorkloadTiming> workloads;  // in the order given
};

// `program` is looked up in PATH. A workload that does not exit 0, or runs longer than
// `timeout_s`, throws std::runtime_error naming it and quoting QEMU's last output.
QemuBenchReport run_qemu_bench(const std::vector<QemuWorkload>& workloads, const std::string& empty_elf, int repeats,
                               const std::string& program = "qemu-system-arm", double timeout_s = 300);

}  // namespace q2686
