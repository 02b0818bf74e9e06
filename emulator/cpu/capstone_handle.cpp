#include "cpu/capstone_handle.h"

#include <stdexcept>

namespace q2686 {

csh open_arm_disassembler(cs_mode mode) {
    csh handle = 0;
    if (cs_open(CS_ARCH_ARM, mode, &handle) != CS_ERR_OK)
        throw std::runtime_error("Capstone: cannot open an ARM disassembler");
    cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
    return handle;
}

}  // namespace q2686
