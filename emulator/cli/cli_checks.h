// Checks every subcommand makes on what the user typed before anything runs, so a mistake is
// exit status 2 with a message naming the option — never a surprise an hour into a run, nor an
// internal error: whole numbers without a sign, input files that are files, output paths that
// can be written.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace q2686::cli {

// For options held in an unsigned integer: only decimal digits ("104000000", "0"). CLI11 alone
// would take "-5" as 2^64-5 (strtoull wraps) and "010" as octal 8. Add it with ->transform()
// (it drops leading zeros; ->check() would validate a copy).
CLI::Validator whole_number();

// An input file named by `option`: it must exist, be a regular file (not a folder) and be
// readable. Throws InputError "OPTION PATH: reason".
void check_input_file(const std::string& path, const std::string& option);

// An output file named by `option`: its folder must exist and the file must be creatable (or
// writable, if it exists) now. Nothing is left behind: a file this check created is removed,
// an existing one is not changed. Throws InputError "OPTION PATH: reason". Empty: nothing to do.
void check_output_file(const std::string& path, const std::string& option);

}  // namespace q2686::cli
