/* dns_table_state.h — whether lwIP's DNS table holds an entry (dns_table_state.c). */
#ifndef Q2686_DNS_TABLE_STATE_H
#define Q2686_DNS_TABLE_STATE_H

/* Nonzero while an entry of the table is not unused: a query being sent or retried, or a cached
 * answer whose TTL dns_tmr() counts down. Zero: dns_tmr() has nothing to do. */
int q2686_dns_table_in_use(void);

#endif /* Q2686_DNS_TABLE_STATE_H */
