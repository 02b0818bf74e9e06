/* The ADL execution context service (adl_ctx.h): the application's tasks all run in the ROM's
 * one event loop (main.c), which is one execution context, that of the first task. */
#include "adl.h"

extern const adl_InitTasks_t adl_InitTasks[] __attribute__((weak));

adl_ctxID_e adl_ctxGetID(void) { return ADL_CTX_OAT_TASK_1; }

s8 adl_ctxGetTaskID(void) { return 0; }

/* The tasks of the table (main.c starts them all), or the single adl_main. */
u8 adl_ctxGetTasksCount(void) {
    if (!adl_InitTasks) return 1;
    u8 count = 0;
    while (adl_InitTasks[count].EntryPoint && count < 255) ++count;
    return count;
}
