// `q2686emu run` in modem mode (no --elf): boot the modem and keep it running with its AT port
// on stdio, a pseudo-terminal or a TCP socket until interrupted (see run_command.cpp's help).
#pragma once

#include <cstdint>
#include <string>

#include "cli/modem_options.h"
#include "cli/network_options.h"
#include "cli/trace_options.h"
#include "core/machine.h"
#include "host/pacing/wall_clock_pacer.h"

namespace q2686::cli {

struct RunModemOptions {
    std::string firmware;  // empty: default_firmware()
    bool at_pty = false;
    std::string at_tcp;         // empty: not on TCP
    bool allow_remote = false;  // --at-tcp may bind a non-loopback address
    std::string gdb;            // empty: no GDB stub; else where it listens (--gdb)
    bool gdb_wait = false;      // halt at reset until GDB continues
    bool gdb_allow_remote = false;
    TraceOptions trace;
    Speed speed;
    std::string speed_text;  // as given, for the banner
    Cycles limit = kNever;   // absolute virtual time to stop at (--max-cycles, --duration)
    std::string limit_text;  // "--duration 30s", for the summary
    bool quiet = false;
    NetworkOptions network;
    ModemOptions modem;
};

int run_modem(const RunModemOptions& options);

}  // namespace q2686::cli
