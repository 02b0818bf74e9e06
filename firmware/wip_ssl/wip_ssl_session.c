/* wip_ssl_session.c — saved TLS sessions (wip_SSLGetSession, WIP_COPT_SESSION) and
 * wip_SSLGetInfo.
 *
 * A handle holds a reference to the connection's own WOLFSSL_SESSION (wolfSSL_get1_session),
 * not a copy: wolfSSL keeps updating that object while the connection lives — in TLS 1.3 the
 * server's NewSessionTicket arrives *after* the handshake, after the WIP_CEV_OPEN at which the
 * application takes the handle — and the reference keeps it alive after wolfSSL_free.
 * wolfSSL_set_session() copies it into the next connection, which offers the TLS 1.2 session
 * ID/ticket or the TLS 1.3 ticket (PSK with (EC)DHE); the server decides, wolfSSL_session_reused()
 * says what it decided. A session is only offered to the host it came from (a TLS 1.3 ticket
 * shown to another server would tell it where the modem has been), and only to a channel that
 * may speak its TLS version. */
#include <stdlib.h>
#include <string.h>

#include "wip_ssl_internal.h"

struct wip_SSLSession_s {
    WOLFSSL_SESSION* session;
    bool tls13;
    ascii host[SSL_HOST_MAX + 1];
};

wip_SSLSession_t wip_SSLGetSession(wip_channel_t channel) {
    const struct ssl_channel* s = ssl_channel_of(channel);
    if (!s || s->phase != SSL_PHASE_OPEN) return NULL;
    wip_SSLSession_t handle = malloc(sizeof *handle);
    if (!handle) return NULL;
    handle->session = wolfSSL_get1_session(s->ssl);
    if (!handle->session) {
        free(handle);
        return NULL;
    }
    handle->tls13 = wolfSSL_GetVersion(s->ssl) == WOLFSSL_TLSV1_3;
    strcpy(handle->host, s->host);
    return handle;
}

void wip_SSLReleaseSession(wip_SSLSession_t session) {
    if (!session) return;
    wolfSSL_SESSION_free(session->session);
    free(session);
}

const ascii* wip_SSLSessionHost(wip_SSLSession_t session) { return session ? session->host : ""; }

void ssl_session_offer(wip_SSLSession_t session, struct ssl_channel* s) {
    if (strcmp(session->host, s->host) != 0) return;
    /* A session of a version the channel may not speak is not offered (wolfSSL would fail the
     * handshake instead of falling back to a full one). */
    const int version = ssl_version_setting();
    if ((session->tls13 && version == WIP_SSL_VERSION_1_2) || (!session->tls13 && version == WIP_SSL_VERSION_1_3))
        return;
    wolfSSL_set_session(s->ssl, session->session); /* refused (expired, ...): a full handshake */
}

s32 wip_SSLGetInfo(wip_channel_t channel, wip_sslInfo_t* info) {
    const struct ssl_channel* s = ssl_channel_of(channel);
    if (!s || !info) return WIP_CERR_INVALID;
    if (s->phase != SSL_PHASE_OPEN) return WIP_CERR_CSTATE;
    const int suite = wolfSSL_get_current_cipher_suite(s->ssl);
    info->version = wolfSSL_get_version(s->ssl);
    info->cipher = wolfSSL_get_cipher_name_iana_from_suite((byte)(suite >> 8), (byte)suite);
    if (!info->cipher) info->cipher = wolfSSL_get_cipher_name(s->ssl);
    info->resumed = wolfSSL_session_reused(s->ssl) != 0;
    info->verified = s->verified;
    info->handshake_ms = s->handshake_ms;
    info->handshake_cycles = s->handshake_cycles;
    return 0;
}
