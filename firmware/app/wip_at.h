/* wip_at.h — shared by the WIP AT command handlers of the q2686_app image (docs/at-commands.md,
 * "TCP/IP (WIP)"). */
#ifndef Q2686_WIP_AT_H
#define Q2686_WIP_AT_H

#include <stdbool.h>

#include "adl_global.h"
#include "q2686_ext.h"
#include "wip.h"

/* +CME ERROR codes of Wavecom's WIPsoft, from the error table of the "WIP AT Commands User
 * Guide" (WM_DEV_OAT_UGD_024) / "AT Commands User Guide for Wavecom IP" (WM_DEV_OAT_UGD_076).
 * 804 and 844 are confirmed by public modem drivers that test for them; the others are the
 * table as we remember it — check the guide before depending on one. Bad parameter values
 * answer +CME ERROR: 3 and unsupported features 4, as everywhere in the ROM. */
#define WIPAT_ERR_STACK_STATE 803    /* operation not allowed in the current WIP stack state */
#define WIPAT_ERR_ALREADY_OPEN 804   /* device already open */
#define WIPAT_ERR_GPRS_FAILURE 812   /* bearer connection failure: GPRS network failure */
#define WIPAT_ERR_BAD_STATE 831      /* bad state (socket not created, not ready, busy) */
#define WIPAT_ERR_CREATE_FAILED 839  /* error during channel creation */
#define WIPAT_ERR_ALREADY_ACTIVE 840 /* socket already active */
#define WIPAT_ERR_STACK_STARTED 844  /* stack already started */
#define WIPAT_ERR_DATA_FLOW 849      /* bearer connected, but the data flow could not be established */

#define WIPAT_GPRS_BID 6u     /* Wavecom's bearer id for GPRS */
#define WIPAT_TCP_CLIENT 2u   /* Wavecom's <mode>/<protocol> for a TCP client */
#define WIPAT_MAX_SOCKETS 8u  /* TCP client indexes 1..8, as WIPsoft */

/* at_wip_bearer.c: +WIPCFG, +WIPBR */
void at_wip_bearer_init(void);
bool at_wip_stack_started(void);

/* at_wip_socket.c: +WIPCREATE, +WIPSEND, +WIPCLOSE and the socket URCs */
void at_wip_socket_init(void);
void at_wip_sockets_forget(void); /* the stack stopped: every channel is gone */

/* wip_text.c: the quoted text of +WIPDATA / +WIPSEND. Printable ASCII stands for itself
 * except '"' and '\'; any other byte is "\" and two hex digits ("\0D\0A", "\22", "\5C"). */
unsigned wip_text_escape(const u8* data, unsigned length, char* out, unsigned size); /* chars written */
int wip_text_unescape(const char* text, u8* out, unsigned size); /* bytes, or -1: bad escape or too long */

#endif /* Q2686_WIP_AT_H */
