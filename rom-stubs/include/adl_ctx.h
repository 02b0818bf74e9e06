/* adl_ctx.h — the ADL execution context service, included by adl_global.h. Written for
 * q2686emu from the public ADL documentation; not copied from a vendor header. The values are
 * ours (docs/sdk.md).
 *
 * Every task of the task table runs in the one event loop of the ROM (adl_global.h), so there
 * is one execution context: adl_ctxGetID() and adl_ctxGetTaskID() answer the first task (0),
 * adl_ctxGetTasksCount() the number of tasks in the table (1 for adl_main). Suspending,
 * resuming or putting a task to sleep would stop the one loop: not emulated (the call answers
 * ADL_RET_ERR_NOT_SUPPORTED and logs "adl_xxx: not emulated" once). */
#ifndef ADL_CTX_H
#define ADL_CTX_H

/* Execution contexts: a task's index in adl_InitTasks[] (0..), or an interrupt level. */
typedef enum {
    ADL_CTX_OAT_TASK_1 = 0, /* the first task (or adl_main) */
    ADL_CTX_LOW_LEVEL_IRQ_HANDLER = 0xFD,
    ADL_CTX_HIGH_LEVEL_IRQ_HANDLER = 0xFE,
    ADL_CTX_ALL = 0xFF /* every context (message filters) */
} adl_ctxID_e;

adl_ctxID_e adl_ctxGetID(void);
s8 adl_ctxGetTaskID(void);
u8 adl_ctxGetTasksCount(void);
s32 adl_ctxSuspend(u8 TaskId);
s32 adl_ctxResume(u8 TaskId);
/* Puts the calling task to sleep for `Duration` ticks (18.5 ms). */
s32 adl_ctxSleep(u32 Duration);

#endif /* ADL_CTX_H */
