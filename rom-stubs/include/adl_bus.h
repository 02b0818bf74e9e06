/* adl_bus.h — the ADL bus service (SPI, I2C, parallel), included by adl_global.h. Written for
 * q2686emu from the public ADL documentation; not copied from a vendor header. The
 * enumeration values are ours where the documentation gives none (docs/sdk.md).
 *
 * The emulated Q2686 has no external bus: every call links, answers ADL_RET_ERR_NOT_SUPPORTED
 * (adl_busUnsubscribe ADL_RET_ERR_NOT_SUBSCRIBED) and logs "adl_xxx: not emulated" on the
 * debug console the first time (docs/sdk.md). */
#ifndef ADL_BUS_H
#define ADL_BUS_H

/* Which kind of bus adl_busSubscribe opens (with its number: SPI 1 or 2, I2C 1, parallel 1). */
typedef enum {
    ADL_BUS_ID_SPI = 1,
    ADL_BUS_ID_I2C,
    ADL_BUS_ID_PARALLEL
} adl_busID_e;
#define ADL_BUS_SPI ADL_BUS_ID_SPI
#define ADL_BUS_I2C ADL_BUS_ID_I2C
#define ADL_BUS_PARALLEL ADL_BUS_ID_PARALLEL

/* ---- SPI settings ---- */
typedef enum {
    ADL_BUS_SPI_CLK_MODE_0, /* rest state 0, data on the rising edge */
    ADL_BUS_SPI_CLK_MODE_1, /* rest state 0, data on the falling edge */
    ADL_BUS_SPI_CLK_MODE_2, /* rest state 1, data on the rising edge */
    ADL_BUS_SPI_CLK_MODE_3  /* rest state 1, data on the falling edge */
} adl_busSPI_Clk_Mode_e;
typedef enum {
    ADL_BUS_SPI_ADDR_CS_GPIO, /* a GPIO (GpioChipSelect) is the chip select */
    ADL_BUS_SPI_ADDR_CS_HARD, /* the bus's own chip select */
    ADL_BUS_SPI_ADDR_CS_NONE  /* none */
} adl_busSPI_ChipSelect_e;
typedef enum { ADL_BUS_SPI_CS_POL_LOW, ADL_BUS_SPI_CS_POL_HIGH } adl_busSPI_ChipSelectPolarity_e;
typedef enum { ADL_BUS_SPI_MSB_FIRST, ADL_BUS_SPI_LSB_FIRST } adl_busSPI_LsbFirst_e;
typedef enum { ADL_BUS_SPI_LOAD_UNUSED, ADL_BUS_SPI_LOAD_USED } adl_busSPI_LoadSignal_e;
typedef enum { ADL_BUS_SPI_DATA_UNIDIR, ADL_BUS_SPI_DATA_BIDIR } adl_busSPI_DataLinesConf_e;
typedef enum { ADL_BUS_SPI_MASTER_MODE, ADL_BUS_SPI_SLAVE_MODE } adl_busSPI_MasterMode_e;
typedef enum { ADL_BUS_SPI_BUSY_UNUSED, ADL_BUS_SPI_BUSY_USED } adl_busSPI_BusySignal_e;

typedef struct {
    u32 Clk_Speed; /* the clock divider: 13 MHz / (1 + Clk_Speed) */
    adl_busSPI_Clk_Mode_e Clk_Mode;
    adl_busSPI_ChipSelect_e ChipSelect;
    adl_busSPI_ChipSelectPolarity_e ChipSelectPolarity;
    adl_busSPI_LsbFirst_e LsbFirst;
    adl_ioDefs_t GpioChipSelect; /* with ADL_BUS_SPI_ADDR_CS_GPIO */
    adl_busSPI_LoadSignal_e LoadSignal;
    adl_busSPI_DataLinesConf_e DataLinesConf;
    adl_busSPI_MasterMode_e MasterMode;
    adl_busSPI_BusySignal_e BusySignal;
} adl_busSPISettings_t;

/* ---- I2C settings ---- */
typedef enum {
    ADL_BUS_I2C_CLK_STD,  /* 100 kbit/s */
    ADL_BUS_I2C_CLK_FAST, /* 400 kbit/s */
    ADL_BUS_I2C_CLK_HIGH  /* 3.4 Mbit/s */
} adl_busI2C_Clk_Speed_e;
typedef enum { ADL_BUS_I2C_ADDR_7_BITS, ADL_BUS_I2C_ADDR_10_BITS } adl_busI2C_AddrLength_e;
typedef enum { ADL_BUS_I2C_MASTER_MODE, ADL_BUS_I2C_SLAVE_MODE } adl_busI2C_MasterMode_e;

typedef struct {
    u32 ChipAddress; /* the device's address on the bus */
    adl_busI2C_Clk_Speed_e Clk_Speed;
    adl_busI2C_AddrLength_e AddrLength;
    adl_busI2C_MasterMode_e MasterMode;
} adl_busI2CSettings_t;

/* ---- parallel bus settings ---- */
typedef enum { ADL_BUS_PARA_CS_TYPE_CS2, ADL_BUS_PARA_CS_TYPE_CS3 } adl_busParallelCs_Type_e;
typedef struct {
    u8 Width;          /* 8 or 16 bits */
    u8 Pad[3];
    u32 ReadTiming;    /* access timings, in clock cycles */
    u32 WriteTiming;
    adl_busParallelCs_Type_e Cs_Type;
    u32 AddressPins;   /* the address lines used */
} adl_busParallelSettings_t;

/* ---- accesses ---- */
typedef struct {
    u32 Address; /* sent after the opcode, AddressLength bits */
    u32 Opcode;  /* sent first, OpcodeLength bits */
    u8 OpcodeLength;
    u8 AddressLength;
    u8 Pad[2];
} adl_busAccess_t;

/* adl_busIOCtl's commands: read or change the sizes (in bits) used by adl_busRead/Write. */
typedef enum {
    ADL_BUS_CMD_SET_DATA_SIZE,
    ADL_BUS_CMD_GET_DATA_SIZE,
    ADL_BUS_CMD_SET_ADD_SIZE,
    ADL_BUS_CMD_GET_ADD_SIZE,
    ADL_BUS_CMD_SET_OP_SIZE,
    ADL_BUS_CMD_GET_OP_SIZE,
    ADL_BUS_CMD_SET_MSB_FIRST,
    ADL_BUS_CMD_SET_LSB_FIRST,
    ADL_BUS_CMD_SET_ASYNC_MODE,
    ADL_BUS_CMD_GET_LAST_ASYNC_RESULT
} adl_busIoCtlCmd_e;

/* ADL_BUS_CMD_SET_ASYNC_MODE's parameter: the interrupt handlers (adl_irqSubscribe's handles)
 * told when an asynchronous read or write ends. */
typedef struct {
    s32 LowLevelIrqHandle;
    s32 HighLevelIrqHandle;
} adl_busEvt_t;

/* What those handlers find in adl_irqEventData_t.SourceData. */
typedef struct {
    s32 Result; /* OK, or the error of the transfer */
    void* Context; /* what adl_busReadExt/WriteExt were given */
} adl_busAsyncInfo_t;

/* A handle (≥ 0) for the bus, `Param` pointing at its settings (adl_busSPISettings_t,
 * adl_busI2CSettings_t, adl_busParallelSettings_t). */
s32 adl_busSubscribe(adl_busID_e BusId, u32 BusNumber, const void* Param);
s32 adl_busUnsubscribe(s32 Handle);
s32 adl_busIOCtl(s32 Handle, adl_busIoCtlCmd_e Cmd, void* pParam);
s32 adl_busRead(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, void* pData);
s32 adl_busWrite(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, const void* pData);
/* The same, asynchronous once ADL_BUS_CMD_SET_ASYNC_MODE was set: `Context` reaches the
 * handlers (adl_busAsyncInfo_t). */
s32 adl_busReadExt(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, void* pData, void* Context);
s32 adl_busWriteExt(s32 Handle, const adl_busAccess_t* pAccessMode, u32 DataLen, const void* pData, void* Context);
s32 adl_busDirectRead(s32 Handle, u32 ChipAddress, u32 DataLen, void* pData);
s32 adl_busDirectWrite(s32 Handle, u32 ChipAddress, u32 DataLen, const void* pData);

#endif /* ADL_BUS_H */
