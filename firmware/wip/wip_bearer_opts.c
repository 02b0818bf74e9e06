/* wip_bearer_opts.c — wip_bearerSetOpts / wip_bearerGetOpts for the GPRS bearer (wip_bearer.h
 * lists the options and their argument types). Settings apply at the next wip_bearerStart. */
#include <stdarg.h>
#include <string.h>

#include "lwip/def.h"
#include "wip_bearer_state.h"

static bool copy_setting(char* out, unsigned max, const ascii* value) {
    if (!value) value = "";
    if (strlen(value) > max) return false;
    strcpy(out, value);
    return true;
}

static void copy_out(ascii* buffer, int size, const char* value) {
    if (!buffer || size <= 0) return;
    strncpy(buffer, value, (size_t)size - 1);
    buffer[size - 1] = 0;
}

s8 wip_bearerSetOpts(wip_bearer_t bearer, int option, ...) {
    if (!wip_bearer_valid(bearer)) return WIP_BERR_BAD_HDL;
    va_list args;
    va_start(args, option);
    s8 result = 0;
    for (; option != WIP_BOPT_END && result == 0; option = va_arg(args, int)) {
        switch (option) {
            case WIP_BOPT_GPRS_APN:
                if (!copy_setting(wip_gprs.apn, WIP_BEARER_APN_MAX, va_arg(args, const ascii*))) result = WIP_BERR_PARAM;
                break;
            case WIP_BOPT_LOGIN:
                if (!copy_setting(wip_gprs.login, WIP_BEARER_CREDENTIAL_MAX, va_arg(args, const ascii*)))
                    result = WIP_BERR_PARAM;
                break;
            case WIP_BOPT_PASSWORD:
                if (!copy_setting(wip_gprs.password, WIP_BEARER_CREDENTIAL_MAX, va_arg(args, const ascii*)))
                    result = WIP_BERR_PARAM;
                break;
            case WIP_BOPT_GPRS_CID: {
                const int cid = va_arg(args, int);
                if (cid < 1 || cid > 3 || wip_gprs.state != WIP_BEARER_STOPPED)
                    result = WIP_BERR_PARAM;
                else
                    wip_gprs.cid = (u8)cid;
                break;
            }
            default: result = WIP_BERR_OPTION; break; /* unknown, or read-only */
        }
    }
    va_end(args);
    return result;
}

s8 wip_bearerGetOpts(wip_bearer_t bearer, int option, ...) {
    if (!wip_bearer_valid(bearer)) return WIP_BERR_BAD_HDL;
    const bool connected = wip_gprs.state == WIP_BEARER_CONNECTED;
    va_list args;
    va_start(args, option);
    s8 result = 0;
    for (; option != WIP_BOPT_END && result == 0; option = va_arg(args, int)) {
        switch (option) {
            case WIP_BOPT_GPRS_APN: {
                ascii* buffer = va_arg(args, ascii*);
                copy_out(buffer, va_arg(args, int), wip_gprs.apn);
                break;
            }
            case WIP_BOPT_LOGIN: {
                ascii* buffer = va_arg(args, ascii*);
                copy_out(buffer, va_arg(args, int), wip_gprs.login);
                break;
            }
            case WIP_BOPT_PASSWORD: {
                ascii* buffer = va_arg(args, ascii*);
                copy_out(buffer, va_arg(args, int), ""); /* never given back */
                break;
            }
            case WIP_BOPT_GPRS_CID: *va_arg(args, u8*) = wip_gprs.cid; break;
            case WIP_BOPT_ERROR: *va_arg(args, s8*) = wip_gprs.error; break;
            case WIP_BOPT_IP_ADDR: *va_arg(args, wip_in_addr_t*) = connected ? lwip_htonl(wip_gprs.info.LocalIP) : 0; break;
            case WIP_BOPT_IP_DST_ADDR: *va_arg(args, wip_in_addr_t*) = 0; break;
            case WIP_BOPT_IP_DNS1: *va_arg(args, wip_in_addr_t*) = connected ? lwip_htonl(wip_gprs.info.DNS1) : 0; break;
            case WIP_BOPT_IP_DNS2: *va_arg(args, wip_in_addr_t*) = connected ? lwip_htonl(wip_gprs.info.DNS2) : 0; break;
            default: result = WIP_BERR_OPTION; break;
        }
    }
    va_end(args);
    return result;
}
