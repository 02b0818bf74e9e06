// DataRegionAudit — measures how far the static choice of each data access's region is from
// the region the access really reaches.
//
// The block cost charges a data access the wait states of a region decided at analysis time
// (BlockCostModel::data_region, from register origins). This audit watches the real accesses
// (a Unicorn memory hook on everything, a code hook on every instruction: slow, for
// measurements only), classifies each by the region it touches, and compares per instruction
// the wait states that access pattern really pays with what the static cost charged for it:
//  * `origins` — the charge the emulator makes (the region BlockCost::data_regions holds);
//  * `base_register` — the former rule, for comparison: the base register alone decides
//    (PC-relative -> the code region, SP -> the stack region, anything else -> RAM).
// Per instruction, the first access pays wait_n, a later one that continues the previous
// (LDM/STM beats, LDRD's second word) wait_s, any other wait_n. Instructions that touch the
// MMIO window are left out: the emulator corrects those exactly when they happen. An
// instruction whose condition failed makes no access and is not counted (its over-charge is
// the conditional-instruction row of docs/cycle-model.md).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "bus/memory_map.h"
#include "cpu/arm_cpu.h"

namespace q2686 {

struct DataRegionError {
    std::uint64_t instructions = 0;  // data-accessing instructions compared
    std::uint64_t real = 0;          // wait states their accesses really paid
    std::uint64_t charged = 0;       // wait states the rule charged them
    std::uint64_t gross = 0;         // sum over instructions of |charged - real|
    std::uint64_t wrong = 0;         // instructions charged another amount than they paid
};

struct DataRegionAuditReport {
    DataRegionError origins;        // the rule the emulator applies
    DataRegionError base_register;  // the former base-register rule
    std::uint64_t mmio_instructions = 0;  // left out: corrected exactly at run time
};

class DataRegionAudit {
public:
    // Hooks into `cpu`; attach before its first run. The audit must outlive the runs.
    DataRegionAudit(ArmCpu& cpu, const MemoryMap& map);
    ~DataRegionAudit();
    DataRegionAudit(const DataRegionAudit&) = delete;
    DataRegionAudit& operator=(const DataRegionAudit&) = delete;

    // The figures so far (the last instruction included).
    const DataRegionAuditReport& report();

private:
    void on_instruction(std::uint32_t address, bool thumb);
    void on_access(std::uint32_t address, unsigned size);
    void finish();
    const MemoryRegion* base_register_region(std::uint32_t address, bool thumb);

    ArmCpu& cpu_;
    const MemoryMap& map_;
    std::uintptr_t arm_handle_ = 0;
    std::uintptr_t thumb_handle_ = 0;
    std::unordered_map<std::uint32_t, const MemoryRegion*> base_rule_;  // by instruction address

    // The instruction executing now and what its accesses have cost so far.
    bool pending_ = false;
    const MemoryRegion* charged_region_ = nullptr;
    const MemoryRegion* base_region_ = nullptr;
    unsigned accesses_ = 0;
    bool mmio_ = false;
    std::uint32_t next_address_ = 0;  // one past the previous access
    std::uint64_t real_ = 0, charged_ = 0, base_charged_ = 0;

    DataRegionAuditReport report_;
};

}  // namespace q2686
