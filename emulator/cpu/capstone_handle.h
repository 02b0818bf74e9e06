// open_arm_disassembler: a Capstone handle for ARM or Thumb code with instruction details on,
// as the cycle model (block_cost.cpp) and the data-region audit need them (operands, register
// reads and writes). Throws std::runtime_error when Capstone cannot open one.
#pragma once

#include <capstone/capstone.h>

namespace q2686 {

csh open_arm_disassembler(cs_mode mode);

}  // namespace q2686
