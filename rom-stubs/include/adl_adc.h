/* adl_adc.h — the ADL analog-to-digital converter service, included by adl_global.h. Written for
 * q2686emu from the public ADL documentation; not copied from a vendor header.
 *
 * Not emulated: the emulated modem has no analog inputs. adl_adcAnalogRead links, answers
 * ADL_RET_ERR_NOT_SUPPORTED without touching *Result, and logs "adl_adcAnalogRead: not
 * emulated" on the debug console the first time (docs/sdk.md). */
#ifndef ADL_ADC_H
#define ADL_ADC_H

/* Reads converter `Channel`; on success *Result is the input in millivolts. */
s32 adl_adcAnalogRead(u32 Channel, s32* Result);

#endif /* ADL_ADC_H */
