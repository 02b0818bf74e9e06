/* The base image q2686_rom.elf: the ROM with an application that does nothing, so the modem
 * answers only the ROM's own AT commands. */
#include "adl.h"

void adl_main(adl_InitType_e init_type) { (void)init_type; }
