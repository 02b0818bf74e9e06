/* adl_audio.h — the ADL audio service (tones, DTMF, melodies on the speaker or buzzer),
 * included by adl_global.h. Written for q2686emu from the public ADL documentation; not copied
 * from a vendor header. The values are ours except the documented resource options, notes
 * and durations (docs/sdk.md).
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

/* AMR codec rates (narrow band, then wide band). */
typedef enum {
    ADL_AUDIO_AMR_RATE_4_75,
    ADL_AUDIO_AMR_RATE_5_15,
    ADL_AUDIO_AMR_RATE_5_90,
    ADL_AUDIO_AMR_RATE_6_70,
    ADL_AUDIO_AMR_RATE_7_40,
    ADL_AUDIO_AMR_RATE_7_95,
    ADL_AUDIO_AMR_RATE_10_2,
    ADL_AUDIO_AMR_RATE_12_2,
    ADL_AUDIO_AMR_WB_RATE_6_60,
    ADL_AUDIO_AMR_WB_RATE_8_85,
    ADL_AUDIO_AMR_WB_RATE_12_65,
    ADL_AUDIO_AMR_WB_RATE_14_25,
    ADL_AUDIO_AMR_WB_RATE_15_85,
    ADL_AUDIO_AMR_WB_RATE_18_25,
    ADL_AUDIO_AMR_WB_RATE_19_85,
    ADL_AUDIO_AMR_WB_RATE_23_05,
    ADL_AUDIO_AMR_WB_RATE_23_85
} adl_audioAmrCodecRate_e;

/* What adl_audioSetOption / adl_audioGetOption set or read. */
typedef enum {
    ADL_AUDIO_DTMF_DETECT_BLANK_DURATION,
    ADL_AUDIO_MAX_FREQUENCY,
    ADL_AUDIO_MIN_FREQUENCY,
    ADL_AUDIO_MAX_GAIN,
    ADL_AUDIO_MIN_GAIN,
    ADL_AUDIO_MAX_DURATION,
    ADL_AUDIO_MIN_DURATION,
    ADL_AUDIO_MAX_NOTE_VALUE,
    ADL_AUDIO_MIN_NOTE_VALUE,
    ADL_AUDIO_DTMF_RAW_STREAM_BUFFER_SIZE,
    ADL_AUDIO_DTMF_PROCESSED_STREAM_BUFFER_SIZE,
    ADL_AUDIO_PCM_8K_16B_MONO_BUFFER_SIZE,
    ADL_AUDIO_PCM_16K_16B_MONO_BUFFER_SIZE,
    ADL_AUDIO_AMR_WB_AVAILABLE,
    ADL_AUDIO_AMR_SPEECH_CODEC_RATE,
    ADL_AUDIO_AMR_MIXED_VOICE,
    ADL_AUDIO_AMR_BUFFER_SIZE,
    ADL_AUDIO_RAW_DTMF_SAMPLE_DURATION
} adl_audioOptionTypes_e;

/* ---- streams (played or listened to from interrupt handlers, adl_irq.h) ---- */
#define ADL_AUDIO_MAX_DTMF_PER_FRAME 5 /* ours */
typedef struct {
    u32 Metrics;
    u32 Duration; /* ms */
    ascii DecodedDTMF;
} adl_audioPostProcessedDecoder_t;
typedef union {
    ascii DecodedDTMFChars[ADL_AUDIO_MAX_DTMF_PER_FRAME];
    adl_audioPostProcessedDecoder_t PostProcessedDTMF;
} adl_audioDecodedDtmf_u;
typedef union {
    u8 PCMData[1];
    u8 AMRData[1];
    adl_audioDecodedDtmf_u DTMFData;
} adl_audioStreamDataBuffer_u;
/* What an audio interrupt handler finds in adl_irqEventData_t.SourceData. */
typedef struct {
    adl_audioFormats_e audioFormat;
    adl_audioStreamDataBuffer_u* DataBuffer;
    bool* BufferReady;
    bool* BufferEmpty;
    bool* BufferOverwrite;
} adl_audioStream_t;

/* ---- melodies: each note is ADL_AUDIO_NOTE_DEF(note, scale 0..7, duration); 0 ends it ---- */
#define ADL_AUDIO_WHOLE_NOTE 0x10 /* durations (documented values) */
#define ADL_AUDIO_HALF 0x08
#define ADL_AUDIO_QUARTER 0x04
#define ADL_AUDIO_EIGHTH 0x02
#define ADL_AUDIO_SIXTEENTH 0x01
#define ADL_AUDIO_DOTTED_HALF 0x0C
#define ADL_AUDIO_DOTTED_QUARTER 0x06
#define ADL_AUDIO_DOTTED_EIGHTH 0x03
#define ADL_AUDIO_HEIGHTH ADL_AUDIO_EIGHTH /* older spellings */
#define ADL_AUDIO_DOTTED_HEIGHTH ADL_AUDIO_DOTTED_EIGHTH
#define ADL_AUDIO_C 0x01 /* notes (documented values) */
#define ADL_AUDIO_CS 0x02
#define ADL_AUDIO_D 0x03
#define ADL_AUDIO_DS 0x04
#define ADL_AUDIO_E 0x05
#define ADL_AUDIO_F 0x06
#define ADL_AUDIO_FS 0x07
#define ADL_AUDIO_G 0x08
#define ADL_AUDIO_GS 0x09
#define ADL_AUDIO_A 0x0A
#define ADL_AUDIO_AS 0x0B
#define ADL_AUDIO_B 0x0C
#define ADL_AUDIO_NO_SOUND 0xFF /* a rest (scale 0) */
/* The note's semitone (note + 12 per scale) in the high byte, its duration in the low one. */
#define ADL_AUDIO_NOTE_DEF(_note_, _scale_, _duration_) ((u16)((((_note_) + (_scale_) * 12) << 8) + (_duration_)))

typedef void (*adl_audioEventHandler_f)(s32 audioHandle, adl_audioEvents_e Event);

/* A handle (≥ 0) for the resource. */
s32 adl_audioSubscribe(adl_audioResources_e audioResource, adl_audioEventHandler_f EventHandler,
                       adl_audioResourceOption_e Options);
s32 adl_audioUnsubscribe(s32 audioHandle);
/* One or two frequencies (Hz) with their gains (dB), for `Duration` ms (a multiple of 20). */
s32 adl_audioTonePlay(s32 audioHandle, u16 Frequency1, s8 Gain1, u16 Frequency2, s8 Gain2, u32 Duration);
/* One DTMF ('0'..'9', '*', '#', 'A'..'D') for `Duration` ms. */
s32 adl_audioDTMFPlay(s32 audioHandle, ascii DTMF, s8 Gain, u32 Duration);
/* A melody (ADL_AUDIO_NOTE_DEF notes ending with 0) at `Tempo` beats per minute, `CycleNumber`
 * times (0: until adl_audioStop). */
s32 adl_audioMelodyPlay(s32 audioHandle, u16* MelodySeq, u8 Tempo, u8 CycleNumber, s8 Gain);
/* The same with gains in 1/100 dB. */
s32 adl_audioTonePlayExt(s32 audioHandle, u16 Frequency1, s16 Gain1, u16 Frequency2, s16 Gain2, u32 Duration);
s32 adl_audioDTMFPlayExt(s32 audioHandle, ascii DTMF, s16 Gain, u32 Duration);
s32 adl_audioMelodyPlayExt(s32 audioHandle, u16* MelodySeq, u8 Tempo, u8 CycleNumber, s16 Gain);
/* Streams fed or read by interrupt handlers (adl_irqSubscribe's handles). */
s32 adl_audioStreamPlay(s32 audioHandle, adl_audioFormats_e audioFormat, s32 LowLevelIRQHandle,
                        s32 HighLevelIRQHandle, void* buffer);
s32 adl_audioStreamListen(s32 audioHandle, adl_audioFormats_e audioFormat, s32 LowLevelIRQHandle,
                          s32 HighLevelIRQHandle, void* buffer);
s32 adl_audioStop(s32 audioHandle);
s32 adl_audioSetOption(s32 audioHandle, adl_audioOptionTypes_e audioOption, s32 value);
s32 adl_audioGetOption(s32 audioHandle, adl_audioOptionTypes_e audioOption, s32* value);

#endif /* ADL_AUDIO_H */
