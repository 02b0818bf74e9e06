/* adl_sem.h — the ADL semaphore service, included by adl_global.h. Written for q2686emu from
 * the public ADL documentation; not copied from a vendor header.
 *
 * Not emulated: the application runs in one event loop (adl_global.h), where a consumer that
 * waits could never be woken. Every call links, answers ADL_RET_ERR_NOT_SUPPORTED
 * (adl_semUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED, adl_semIsConsumed FALSE) and logs
 * "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_SEM_H
#define ADL_SEM_H

/* A semaphore with `SemCounter` tokens: its handle (≥ 0). */
s32 adl_semSubscribe(u16 SemCounter);
/* Takes a token, waiting for one. */
s32 adl_semConsume(s32 SemHandle);
/* The same, waiting at most `Timeout` ticks (18.5 ms). */
s32 adl_semConsumeDelay(s32 SemHandle, u32 Timeout);
/* Gives a token back. */
s32 adl_semProduce(s32 SemHandle);
s32 adl_semUnsubscribe(s32 SemHandle);
/* TRUE when no token is left. */
bool adl_semIsConsumed(s32 SemHandle);

#endif /* ADL_SEM_H */
