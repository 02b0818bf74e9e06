/* lwipopts.h — q2686emu's configuration of lwIP (Debian's source package, built by
 * firmware/lwip/CMakeLists.txt). docs/network.md explains the choices; every option not set
 * here keeps lwIP's default from src/include/lwip/opt.h.
 *
 * The stack serves one Open AT-style application: a TLS client (wolfSSL on the raw TCP API)
 * plus DNS, over a point-to-point raw-IP GPRS link. Everything runs from the ROM's event loop
 * (adl_* callbacks): there are no threads, and lwIP is never entered from an interrupt
 * handler — a link driver must queue received packets in its IRQ and feed them to lwIP from
 * the loop. */
#ifndef Q2686_LWIPOPTS_H
#define Q2686_LWIPOPTS_H

/* ---- system ------------------------------------------------------------------------------ */
#define NO_SYS 1               /* bare metal: raw API, sys_check_timeouts() from an ADL timer */
/* Our own timeout list (sys_timeouts.c): lwIP's cyclic timers keep their schedule but are
 * skipped while they would do nothing (no reassembly, an empty DNS table, no TCP PCB), so an
 * idle stack arms no ADL timer at all. */
#define LWIP_TIMERS_CUSTOM 1
#define SYS_LIGHTWEIGHT_PROT 0 /* single context (the event loop): nothing to protect */
#define LWIP_SOCKET 0          /* no BSD sockets ... */
#define LWIP_NETCONN 0         /* ... and no netconn: both need threads (NO_SYS=0) */
#define LWIP_NETIF_API 0

/* ---- memory ------------------------------------------------------------------------------ */
#define MEM_ALIGNMENT 4        /* ARMv5: word accesses must be 4-aligned (no unaligned loads) */
#define MEM_LIBC_MALLOC 0      /* lwIP's own heap (a static array), so its high-water mark is ours */
#define MEMP_MEM_MALLOC 0      /* fixed pools */
/* The heap holds PBUF_RAM pbufs: TCP segments being sent (tcp_write copies into them, up to
 * TCP_SND_BUF per connection until ACKed), UDP/DNS packets, and loopback copies. 20 KiB covers
 * one TLS connection's full send buffer three times over, plus DNS. */
#define MEM_SIZE (20 * 1024)

#define MEMP_NUM_PBUF 16          /* PBUF_ROM/REF headers (zero-copy writes, DNS) */
#define MEMP_NUM_RAW_PCB 0
#define MEMP_NUM_UDP_PCB 4        /* DNS (1) and the application's own */
#define MEMP_NUM_TCP_PCB 4        /* a TLS connection, a reconnect while the old one is in TIME_WAIT, spares */
#define MEMP_NUM_TCP_PCB_LISTEN 2 /* the client needs none; the loopback smoke test listens on one */
#define MEMP_NUM_TCP_SEG 24       /* >= TCP_SND_QUEUELEN, plus out-of-sequence segments on receive */
#define MEMP_NUM_REASSDATA 2      /* IP datagrams being reassembled at once */

/* ---- link and IP --------------------------------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 0       /* the GPRS link is raw IP, point to point: no Ethernet, no ARP */
#define LWIP_ETHERNET 0
#define PBUF_LINK_HLEN 0 /* raw IP frames: no link header in front of the IP header */
#define PBUF_LINK_ENCAPSULATION_HLEN 0
#define LWIP_DHCP 0      /* the address comes with the PDP context (AT+CGDCONT / activation) */
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_ICMP 1      /* answer echo requests, send port/protocol unreachables */
#define LWIP_RAW 0       /* no raw-IP PCBs (raw.c compiles to nothing) */
#define IP_FORWARD 0
#define IP_REASSEMBLY 1  /* a peer may send fragments; reassemble them */
#define IP_FRAG 0        /* we never send datagrams above the MTU: TCP honours the MSS, DNS is small */
#define IP_REASS_MAX_PBUFS 4
#define IP_DEFAULT_TTL 64

/* Loopback: packets to 127.0.0.1 (and to the netif's own address) are queued and delivered
 * by netif_poll() from the event loop — the on-target smoke test runs over it. */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 16 /* bound the heap the loopback queue may take */

/* ---- UDP and DNS --------------------------------------------------------------------------- */
#define LWIP_UDP 1
#define LWIP_DNS 1
#define DNS_TABLE_SIZE 4
#define DNS_MAX_NAME_LENGTH 128 /* host names for SNI/TLS are short; halves the table (default 256) */
#define DNS_MAX_SERVERS 2       /* primary and secondary from the PDP context */
/* LWIP_DNS_SECURE keeps its default: random transaction ID and source port, from LWIP_RAND. */

/* ---- TCP ----------------------------------------------------------------------------------- */
#define LWIP_TCP 1
/* TCP_MSS 1460, not 536: the GPRS PDP context and our host side (libslirp) carry 1500-byte IP
 * packets, so 1460 = 1500 - 20 (IP) - 20 (TCP) is the largest segment that is never
 * fragmented. It matters on a link with 300–1000 ms round trips: the server's TLS flight
 * (ServerHello + certificate chain + ServerKeyExchange, typically 3–5 KB) fits in one 4*MSS
 * window and arrives in one round trip; with 536 the window would be 2144 bytes and the same
 * flight would need two or three. The cost is RAM: each pool pbuf is ~1.5 KB. */
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)     /* 5840 bytes: no window scaling needed */
#define TCP_SND_BUF (4 * TCP_MSS) /* a TLS record of up to ~5.8 KB can be queued in one go */
#define TCP_SND_QUEUELEN ((4 * (TCP_SND_BUF) + (TCP_MSS - 1)) / (TCP_MSS)) /* 16 segments */
#define TCP_QUEUE_OOSEQ 1         /* GPRS loses and reorders: keep out-of-order segments */
#define TCP_LISTEN_BACKLOG 0
#define LWIP_TCP_KEEPALIVE 1      /* operator NATs drop idle GPRS flows; the application may set keepalives */
#define LWIP_TCP_TIMESTAMPS 0
#define LWIP_WND_SCALE 0
#define LWIP_ALTCP 0              /* altcp_tls exists only for mbedTLS: wolfSSL sits on raw TCP */

/* ---- packet buffers ------------------------------------------------------------------------ */
/* Received packets land in pool pbufs (a link driver allocates PBUF_POOL). One buffer holds a
 * full 1500-byte IP packet (PBUF_POOL_BUFSIZE defaults to MSS + 40 + link headers = 1500);
 * eight of them hold one full receive window (4) plus room for a DNS answer, ACK-only
 * packets and out-of-order segments. ~12 KB. */
#define PBUF_POOL_SIZE 8

/* ---- checksums: computed and checked in software on every path -------------------------- */
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_UDP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_GEN_ICMP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_UDP 1
#define CHECKSUM_CHECK_TCP 1
#define CHECKSUM_CHECK_ICMP 1
#define LWIP_CHECKSUM_CTRL_PER_NETIF 0 /* so loopback traffic is checksummed too */

/* ---- netif --------------------------------------------------------------------------------- */
#define LWIP_SINGLE_NETIF 0 /* the loopback netif and (later) the GPRS link */
#define LWIP_NETIF_STATUS_CALLBACK 1 /* the link driver reports PDP up/down to the application */
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 0

/* ---- statistics: heap and pool high-water marks for AT+LWIPSTAT? ------------------------- */
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0 /* no printf-based dump: AT+LWIPSTAT? formats what it needs */
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 1
#define IP_STATS 1
#define IPFRAG_STATS 1
#define ICMP_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1
#define SYS_STATS 0

/* ---- debugging ----------------------------------------------------------------------------- */
/* LWIP_DEBUG stays undefined: no LWIP_DEBUGF output. Assertions stay on (arch/cc.h sends them
 * to the firmware log and stops the CPU). */

#endif /* Q2686_LWIPOPTS_H */
