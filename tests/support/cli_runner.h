// Runs the q2686emu binary as a user would (through /bin/sh) and captures what it printed.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

struct CliResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// `args` goes through /bin/sh: quote AT commands holding '"' in single quotes.
inline CliResult run_cli(const std::string& args) {
    const std::string command = std::string(Q2686_CLI) + " " + args + " 2>&1";
    CliResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}
