/* adl_reg.h — the ADL registry service (the module's hardware description: bus clocks, pins,
 * capabilities, by name), included by adl_global.h. Written for q2686emu from the public ADL
 * documentation; not copied from a vendor header.
 *
 * Not emulated: every call links, answers ADL_RET_ERR_NOT_SUPPORTED and logs
 * "adl_xxx: not emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_REG_H
#define ADL_REG_H

/* The integer entry `Name` ("spi_01_Master_MaxFreqClock") into `Value`. */
s32 adl_regGetHWInteger(const ascii* Name, s32* Value);
/* The length of the data entry `Name`, and its data. */
s32 adl_regGetHWDataLength(const ascii* Name);
s32 adl_regGetHWData(const ascii* Name, void* Data);

#endif /* ADL_REG_H */
