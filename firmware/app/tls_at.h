/* tls_at.h — the TLS client application of q2686_app.elf (docs/at-commands.md, "TLS client"):
 * AT+TLSCFG, AT+TLSGET, AT+TLSSESSION, AT+TLSERR? on the Security plug-in API (firmware/wip_ssl). */
#ifndef Q2686_TLS_AT_H
#define Q2686_TLS_AT_H

#include <stdbool.h>

#include "adl_global.h"
#include "q2686_ext.h"
#include "wip_ssl.h"

/* at_tls_client.c: the commands and the request state machine */
void at_tls_client_init(void);
void at_tls_client_forget(void); /* the stack stopped: the request's channel is gone */

/* tls_credentials.c: the CA and client credentials, from the flash objects of handle "TLS":
 * ID 0 the CA certificate(s), 1 the client certificate, 2 its key, all PEM. */
#define TLS_FLASH_HANDLE "TLS"
#define TLS_ID_CA 0u
#define TLS_ID_CLIENT_CERT 1u
#define TLS_ID_CLIENT_KEY 2u
#define TLS_ID_COUNT 3u
void tls_credentials_init(void);      /* adl_flhSubscribe, once per start */
s32 tls_credentials_size(u16 id);     /* bytes stored, 0 if none */
/* wip_SSLInitOpts with what the flash objects hold: 0 or a wolfSSL error code. */
s32 tls_credentials_apply(int verify, int version);

/* tls_report.c: the text of +TLSSTEP / +TLSERR */
/* "2025-06-01T12:00:00Z" into out (at least 21 bytes). */
void tls_format_utc(int64_t unix_time, char* out, unsigned size);
/* The <detail> of +TLSERR: space-separated key=value pairs, values percent-encoded. */
void tls_format_error_detail(const wip_sslError_t* error, char* out, unsigned size);

#endif /* Q2686_TLS_AT_H */
