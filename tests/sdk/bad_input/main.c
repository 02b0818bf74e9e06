/* Images that are Open AT applications in name only, and one that misuses the AT service, for
 * sdk_bad_input_is_refused_or_reported (tests/CMakeLists.txt). VARIANT selects:
 *   1  a task table with no task       2  a task with a stack of 0
 *   3  stacks larger than the RAM      4  runs: a response without CR/LF, AT+CCLK subscribed */
#include "adl_global.h"

static void task(void) {}

#if VARIANT == 1
const adl_InitTasks_t adl_InitTasks[] = {{0, 0, 0, 0}};
#elif VARIANT == 2
const adl_InitTasks_t adl_InitTasks[] = {{task, 1024, "main", 2}, {task, 0, "nostack", 1}, {0, 0, 0, 0}};
#elif VARIANT == 3
const adl_InitTasks_t adl_InitTasks[] = {{task, 3u << 20, "big", 2}, {task, 2u << 20, "bigger", 1}, {0, 0, 0, 0}};
#else
static void own_cclk(adl_atCmdPreParser_t* paras) {
    adl_atSendResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), "+CCLK: mine");
    adl_atSendStdResponse(ADL_AT_PORT_TYPE(paras->Port, ADL_AT_RSP), ADL_STR_OK);
}
static void main_task(void) { adl_atCmdSubscribe("AT+CCLK", own_cclk, ADL_CMD_TYPE_READ); }
const adl_InitTasks_t adl_InitTasks[] = {{main_task, 1024, "main", 1}, {0, 0, 0, 0}};
#endif
