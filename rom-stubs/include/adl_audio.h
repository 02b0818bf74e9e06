/* adl_audio.h — the ADL audio service (tones, DTMF, melodies on the speaker or buzzer),
 * included by adl_global.h. Written for q2686emu from the public ADL documentation; not copied
 * from a vendor header. The values are ours except the documented resource options
 * (docs/sdk.md).
 *
 * The emulated modem has no audio: every call links, answers ADL_RET_ERR_NOT_SUPPORTED
 * (adl_audioUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED) and logs "adl_xxx: not emulated" on the
 * debug console the first time (docs/sdk.md). */
#ifndef ADL_AUDIO_H
#define ADL_AUDIO_H

typedef enum {
    ADL_AUDIO_SPEAKER,       /* the current speaker (output) */
    ADL_AUDIO_BUZZER,        /* the buzzer (output: tones and melodies only) */
    ADL_AUDIO_MICROPHONE,    /* the current microphone (input) */
    ADL_AUDIO_VOICE_CALL_RX, /* what the remote party says in a voice call (input) */
    ADL_AUDIO_VOICE_CALL_TX  /* what goes to the remote party (output) */
} adl_audioResources_e;

typedef enum {
    ADL_AUDIO_RESOURCE_OPTION_FORBID_PREEMPTION = 0x00, /* documented values */
    ADL_AUDIO_RESOURCE_OPTION_ALLOW_PREEMPTION = 0x01
} adl_audioResourceOption_e;

typedef enum {
    ADL_AUDIO_EVENT_NORMAL_STOP,      /* a tone, DTMF or melody ended by itself */
    ADL_AUDIO_EVENT_RESOURCE_RELEASED /* the modem took the resource back (preemption) */
} adl_audioEvents_e;

/* Formats of audio streams. */
typedef enum {
    ADL_AUDIO_DTMF,
    ADL_AUDIO_PCM_MONO_8K_16B,
    ADL_AUDIO_PCM_MONO_16K_16B,
    ADL_AUDIO_AMR
} adl_audioFormats_e;

typedef void (*adl_audioEventHandler_f)(s32 audioHandle, adl_audioEvents_e Event);

/* A handle (≥ 0) for the resource. */
s32 adl_audioSubscribe(adl_audioResources_e audioResource, adl_audioEventHandler_f EventHandler,
                       adl_audioResourceOption_e Options);
s32 adl_audioUnsubscribe(s32 audioHandle);
/* One or two frequencies (Hz) with their gains (dB), for `Duration` (units of 20 ms); 0: until
 * adl_audioStop. */
s32 adl_audioTonePlay(s32 audioHandle, u16 Frequency1, s8 Gain1, u16 Frequency2, s8 Gain2, u32 Duration);
/* One DTMF ('0'..'9', '*', '#', 'A'..'D'). */
s32 adl_audioDTMFPlay(s32 audioHandle, ascii DTMF, s8 Gain, u32 Duration);
/* A melody: pairs of note and duration, ending with 0; played `Cycle` times (0: forever). */
s32 adl_audioMelodyPlay(s32 audioHandle, u16* Melody, s8 Tempo, u8 Cycle, s8 Gain);
s32 adl_audioStop(s32 audioHandle);

#endif /* ADL_AUDIO_H */
