/* Reads from an address outside the memory map: the emulator must stop with a fault report
 * (PC, registers, faulting address, symbol), never crash. */
#include <stdint.h>

__attribute__((noinline)) static uint32_t read_register(uintptr_t address) {
    return *(volatile uint32_t*)address;
}

int main(void) { return (int)read_register(0x20000000u); }

/* An Open AT entry point, so the modem boots this image too (scenario_cli_test: a firmware that
 * faults); the emulator refuses images without one. Never called: the image starts at main. */
void adl_main(int init_type);
void adl_main(int init_type) { (void)init_type; }
