/* dns_table_state.c — lwIP's DNS client, and one question about its table.
 *
 * The idle timers (sys_timeouts.c) call dns_tmr() only while it has work, which is exactly
 * while an entry of the DNS table is in use. lwIP 2.1.3 keeps that table static to dns.c and
 * has no call that tells, so dns.c (Debian's source, unchanged) is compiled here, in the same
 * translation unit as the answer, instead of on its own (firmware/lwip/CMakeLists.txt). */
#include "core/dns.c"

#include "dns_table_state.h"

int q2686_dns_table_in_use(void) {
    for (u8_t i = 0; i < DNS_TABLE_SIZE; ++i)
        if (dns_table[i].state != DNS_STATE_UNUSED) return 1;
    return 0;
}
