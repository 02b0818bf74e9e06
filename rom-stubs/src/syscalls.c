/* The newlib hooks the ROM needs: a heap in RAM after .bss. Everything else comes from
 * newlib's nosys stubs (there is no file system). */
#include <errno.h>
#include <stddef.h>

extern char __heap_start[];
extern char __heap_end[];

static char* brk = __heap_start;
static char* brk_high = __heap_start;

void* _sbrk(ptrdiff_t increment) {
    if (increment > __heap_end - brk || increment < __heap_start - brk) {
        errno = ENOMEM;
        return (void*)-1;
    }
    char* previous = brk;
    brk += increment;
    if (brk > brk_high) brk_high = brk;
    return previous;
}

/* AT+HEAP? (at_builtin.c): the most the heap ever took from RAM, and what it may take. */
size_t rom_heap_high_water(void) { return (size_t)(brk_high - __heap_start); }
size_t rom_heap_size(void) { return (size_t)(__heap_end - __heap_start); }
