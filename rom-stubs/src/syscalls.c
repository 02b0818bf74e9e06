/* The newlib hooks the ROM needs: a heap in RAM after .bss. Everything else comes from
 * newlib's nosys stubs (there is no file system). */
#include <errno.h>
#include <stddef.h>

extern char __heap_start[];
extern char __heap_end[];

void* _sbrk(ptrdiff_t increment) {
    static char* brk = __heap_start;
    if (increment > __heap_end - brk || increment < __heap_start - brk) {
        errno = ENOMEM;
        return (void*)-1;
    }
    char* previous = brk;
    brk += increment;
    return previous;
}
