/* tls_credentials.c — the TLS client's trust anchors and credentials, read from the flash
 * objects of handle "TLS" (adl_flh*; docs/flash-objects.md): ID 0 the CA certificate(s), 1 the
 * client certificate, 2 its private key, each PEM text. A factory or the host fills them
 * (`q2686emu run --flash-object TLS:0=ca.pem`, FlashObjects::store in tests). No CA object
 * means no trusted CA: with verification on, every server is then "unknown-ca". */
#include <stdlib.h>

#include "tls_at.h"

void tls_credentials_init(void) {
    adl_flhSubscribe(TLS_FLASH_HANDLE, TLS_ID_COUNT); /* again after a reset: subscriptions do not last */
}

s32 tls_credentials_size(u16 id) {
    const s32 size = adl_flhExist(TLS_FLASH_HANDLE, id);
    return size > 0 ? size : 0;
}

/* The object as a NUL-terminated string (PEM is text), or NULL if there is none. */
static char* read_text(u16 id) {
    const s32 size = tls_credentials_size(id);
    if (size == 0) return NULL;
    char* text = malloc((size_t)size + 1u);
    if (!text) return NULL;
    if (adl_flhRead(TLS_FLASH_HANDLE, id, (u16)size, (u8*)text) != 0) {
        free(text);
        return NULL;
    }
    text[size] = '\0';
    return text;
}

s32 tls_credentials_apply(int verify, int version) {
    char* ca = read_text(TLS_ID_CA);
    char* cert = read_text(TLS_ID_CLIENT_CERT);
    char* key = read_text(TLS_ID_CLIENT_KEY);
    /* wolfSSL copies what it loads: the texts are not needed afterwards. */
    const s32 result = wip_SSLInitOpts(WIP_COPT_CERT_AUTHORITY, ca, WIP_COPT_CERT, cert, WIP_COPT_KEY, key,
                                       WIP_COPT_VERIFY, verify, WIP_COPT_SSL_VERSION, version, WIP_COPT_END);
    free(ca);
    free(cert);
    free(key);
    return result;
}
