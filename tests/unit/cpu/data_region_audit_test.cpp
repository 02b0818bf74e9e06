// The static choice of each data access's region (register origins, block_cost.cpp) against
// the region every real access reaches (DataRegionAudit: Unicorn memory hooks), on the two CPU
// workloads of `q2686emu bench`; docs/cycle-model.md quotes the figures printed here.
#include <cstdio>

#include <gtest/gtest.h>

#include "core/machine.h"
#include "cpu/data_region_audit.h"
#include "test_images.h"

using namespace q2686;

namespace {

struct AuditedRun {
    RunResult result;
    DataRegionAuditReport report;
};

AuditedRun audited_run(const std::string& elf) {
    Machine machine;
    machine.load(load_elf_file(elf));
    DataRegionAudit audit(machine.cpu(), MemoryMap{});
    AuditedRun run;
    run.result = machine.run(kNever);
    run.report = audit.report();
    return run;
}

double percent(std::uint64_t part, std::uint64_t whole) {
    return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

void print(const char* workload, const AuditedRun& run) {
    const auto line = [&](const char* rule, const DataRegionError& e) {
        std::printf("%-10s %-15s instructions %llu  real %llu  charged %llu  gross %llu (%.2f %% of %llu cycles)  "
                    "net %+.2f %%  wrong %.2f %% of accesses\n",
                    workload, rule, static_cast<unsigned long long>(e.instructions),
                    static_cast<unsigned long long>(e.real), static_cast<unsigned long long>(e.charged),
                    static_cast<unsigned long long>(e.gross), percent(e.gross, run.result.cycles),
                    static_cast<unsigned long long>(run.result.cycles),
                    percent(e.charged, run.result.cycles) - percent(e.real, run.result.cycles),
                    percent(e.wrong, e.instructions));
    };
    line("base register", run.report.base_register);
    line("origins", run.report.origins);
}

}  // namespace

TEST(DataRegionAudit, SeesTheRegionsOfAKnownSequence) {
    // The cycle sequences (tests/arm/cycle_sequences.S) run from ITCM with SP at the top of
    // the DTCM: `sub r3, sp, #8; ldr r1, [r3]` reads the DTCM, which the origin rule charges
    // (0 wait states) and the base-register rule charged as RAM (1).
    const ElfImage image = load_elf_file(test_image("cycle_sequences.elf"));
    Machine machine;
    machine.load(image);
    DataRegionAudit audit(machine.cpu(), MemoryMap{});
    ArmCpu& cpu = machine.cpu();
    cpu.set_register(13, image.symbols.find("__stack_top")->address);
    cpu.set_pc(image.symbols.find("seq_load_through_sp_derived_register")->address, false);
    const CpuStop stop = cpu.run(kNever, image.symbols.find("seq_load_through_sp_derived_register_end")->address);
    ASSERT_EQ(stop.reason, CpuStopReason::UntilAddress);
    const DataRegionAuditReport& report = audit.report();
    const MemoryMap map;
    EXPECT_EQ(report.origins.instructions, 1u);
    EXPECT_EQ(report.origins.real, map.find("dtcm")->wait_n);
    EXPECT_EQ(report.origins.gross, 0u);
    EXPECT_EQ(report.base_register.charged, map.ram().wait_n);
    EXPECT_EQ(report.base_register.gross, map.ram().wait_n - map.find("dtcm")->wait_n);
    EXPECT_EQ(report.base_register.wrong, 1u);
}

TEST(DataRegionAudit, RegisterOriginsCutTheRegionErrorOfTheBenchWorkloads) {
    for (const auto& [workload, elf, bound] :
         {std::tuple{"SHA-256", test_image("sha256_bench.elf"), 1.25},
          std::tuple{"wolfCrypt", std::string(Q2686_CRYPTO_BENCH_IMAGE), 0.2}}) {
        const AuditedRun run = audited_run(elf);
        ASSERT_EQ(run.result.outcome, RunOutcome::Exited) << workload;
        print(workload, run);
        const DataRegionError& before = run.report.base_register;
        const DataRegionError& after = run.report.origins;
        EXPECT_EQ(before.real, after.real) << workload;
        EXPECT_LT(after.gross, before.gross) << workload;
        EXPECT_LE(percent(after.gross, run.result.cycles), bound) << workload;
    }
}
