/* wip_ssl_config.c — wip_SSLInitOpts: one wolfSSL client context for every TLS channel created
 * afterwards.
 *
 * A new call builds a new context and, if it loads, replaces the old one; channels already
 * open hold a reference to theirs (wolfSSL counts them), so nothing changes under them.
 *
 * CAs are loaded with WOLFSSL_LOAD_FLAG_DATE_ERR_OKAY: wolfSSL checks a CA's validity against
 * the clock when it is *loaded*, and with the RTC at its 1998 reset value a current CA would be
 * refused there with ASN_BEFORE_DATE_E — before any connection, and with no certificate to
 * report on. Loaded regardless, the same clock problem shows where it belongs: in the
 * handshake, as "not-yet-valid" with the server certificate's dates. wolfSSL never looks at a
 * CA's dates again after loading it, so we keep them (wip_ssl_anchors.c): the verify callback
 * checks the anchors of every chain against the clock of the handshake. */
#include <stdarg.h>
#include <string.h>

#include "wip_ssl_internal.h"

static WOLFSSL_CTX* context;
static struct ssl_anchors* anchors; /* the CAs of `context`, for their dates (wip_ssl_anchors.c) */
static int verify_level = WIP_SSL_ALWAYS;
static int version_setting = WIP_SSL_VERSION_ANY;
static bool library_ready;

WOLFSSL_CTX* ssl_context(void) { return context; }
struct ssl_anchors* ssl_trust_anchors(void) { return anchors; }
int ssl_verify_level(void) { return verify_level; }
int ssl_version_setting(void) { return version_setting; }

struct init_options {
    const ascii* authority;
    const ascii* certificate;
    const ascii* key;
    int verify;
    int version;
};

static bool take_options(int option, va_list* args, struct init_options* o) {
    for (; option != WIP_COPT_END; option = va_arg(*args, int)) {
        switch (option) {
            case WIP_COPT_CERT_AUTHORITY: o->authority = va_arg(*args, const ascii*); break;
            case WIP_COPT_CERT: o->certificate = va_arg(*args, const ascii*); break;
            case WIP_COPT_KEY: o->key = va_arg(*args, const ascii*); break;
            case WIP_COPT_VERIFY: o->verify = va_arg(*args, int); break;
            case WIP_COPT_SSL_VERSION: o->version = va_arg(*args, int); break;
            default: return false;
        }
    }
    return o->verify >= WIP_SSL_NEVER && o->verify <= WIP_SSL_ALWAYS;
}

static WOLFSSL_METHOD* method_for(int version) {
    switch (version) {
        case WIP_SSL_VERSION_ANY: return wolfSSLv23_client_method(); /* 1.3 down to 1.2 (NO_OLD_TLS) */
        case WIP_SSL_VERSION_1_2: return wolfTLSv1_2_client_method();
        case WIP_SSL_VERSION_1_3: return wolfTLSv1_3_client_method();
        default: return NULL;
    }
}

/* The groups offered, in order (also the TLS 1.3 key share: the first). wolfSSL_CTX_set_groups
 * is for TLS 1.3 contexts only; a TLS 1.2 context takes the curves one by one. */
static int prefer_p256(WOLFSSL_CTX* ctx, int version) {
    static int groups[] = {WOLFSSL_ECC_SECP256R1, WOLFSSL_ECC_SECP384R1};
    int ret = WOLFSSL_SUCCESS;
    if (version == WIP_SSL_VERSION_1_2) {
        for (unsigned i = 0; i < sizeof groups / sizeof groups[0] && ret == WOLFSSL_SUCCESS; ++i)
            ret = wolfSSL_CTX_UseSupportedCurve(ctx, (word16)groups[i]);
    } else {
        ret = wolfSSL_CTX_set_groups(ctx, groups, (int)(sizeof groups / sizeof groups[0]));
    }
    return ret == WOLFSSL_SUCCESS ? 0 : (ret < 0 ? ret : WOLFSSL_FATAL_ERROR);
}

static int load(WOLFSSL_CTX* ctx, const struct init_options* o) {
    int ret = WOLFSSL_SUCCESS;
    if (o->authority)
        ret = wolfSSL_CTX_load_verify_buffer_ex(ctx, (const unsigned char*)o->authority, (long)strlen(o->authority),
                                                WOLFSSL_FILETYPE_PEM, 0, WOLFSSL_LOAD_FLAG_DATE_ERR_OKAY);
    if (ret == WOLFSSL_SUCCESS && o->certificate)
        ret = wolfSSL_CTX_use_certificate_chain_buffer(ctx, (const unsigned char*)o->certificate,
                                                       (long)strlen(o->certificate));
    if (ret == WOLFSSL_SUCCESS && o->key)
        ret = wolfSSL_CTX_use_PrivateKey_buffer(ctx, (const unsigned char*)o->key, (long)strlen(o->key),
                                                WOLFSSL_FILETYPE_PEM);
    if (ret == WOLFSSL_SUCCESS && o->certificate && o->key && wolfSSL_CTX_check_private_key(ctx) != WOLFSSL_SUCCESS)
        ret = BAD_FUNC_ARG; /* the key is not the certificate's */
    return ret == WOLFSSL_SUCCESS ? 0 : (ret < 0 ? ret : WOLFSSL_FATAL_ERROR);
}

s32 wip_SSLInitOpts(int option, ...) {
    struct init_options o = {.verify = WIP_SSL_ALWAYS, .version = WIP_SSL_VERSION_ANY};
    va_list args;
    va_start(args, option);
    const bool options_ok = take_options(option, &args, &o);
    va_end(args);
    if (!options_ok || (o.certificate == NULL) != (o.key == NULL)) return BAD_FUNC_ARG;

    if (!library_ready) {
        if (wolfSSL_Init() != WOLFSSL_SUCCESS) return WOLFSSL_FATAL_ERROR;
        library_ready = true;
    }
    WOLFSSL_METHOD* method = method_for(o.version);
    if (!method) return BAD_FUNC_ARG;
    WOLFSSL_CTX* ctx = wolfSSL_CTX_new(method);
    if (!ctx) return MEMORY_E;
    /* wolfSSL lists the bigger curve first; a TLS 1.2 server honouring the client's order then
     * picks P-384, whose ECDHE costs this core ~2.5 times P-256's (211 M cycles for a whole
     * handshake instead of 82 M). P-256 first; P-384 stays for servers that want only it. */
    int ret = prefer_p256(ctx, o.version);
    if (ret == 0) ret = load(ctx, &o);
    struct ssl_anchors* new_anchors = NULL;
    if (ret == 0) ret = ssl_anchors_load(o.authority, &new_anchors);
    if (ret != 0) {
        wolfSSL_CTX_free(ctx);
        return ret;
    }
    if (context) wolfSSL_CTX_free(context); /* open channels keep their reference */
    ssl_anchors_release(anchors);           /* likewise */
    context = ctx;
    anchors = new_anchors;
    verify_level = o.verify;
    version_setting = o.version;
    return 0;
}
