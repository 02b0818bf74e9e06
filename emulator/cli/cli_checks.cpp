#include "cli/cli_checks.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "base/input_error.h"

namespace q2686::cli {

CLI::Validator whole_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
                return fmt::format("'{}' is not a whole number (digits 0-9 only, no sign)", text);
            // Decimal, whatever the leading zeros: CLI11 reads "010" as octal.
            const auto first = text.find_first_not_of('0');
            text = first == std::string::npos ? "0" : text.substr(first);
            return {};
        },
        "", "whole number");
}

void check_input_file(const std::string& path, const std::string& option) {
    auto fail = [&](const std::string& why) { return InputError(fmt::format("{} {}: {}", option, path, why)); };
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw fail(std::strerror(errno));
    if (S_ISDIR(info.st_mode)) throw fail("is a folder, not a file");
    if (!S_ISREG(info.st_mode)) throw fail("is not a regular file");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw fail(fmt::format("cannot read: {}", std::strerror(errno)));
    ::close(fd);
}

void check_output_file(const std::string& path, const std::string& option) {
    if (path.empty()) return;
    auto fail = [&](const std::string& why) { return InputError(fmt::format("{} {}: {}", option, path, why)); };
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        throw fail(fmt::format("the folder {} does not exist", parent.string()));
    struct stat info {};
    const bool existed = ::stat(path.c_str(), &info) == 0;
    if (existed && S_ISDIR(info.st_mode)) throw fail("is a folder; give a file name");
    // Open without truncating: an existing file keeps its contents until the run writes it.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
    if (fd < 0) throw fail(fmt::format("cannot be written: {}", std::strerror(errno)));
    ::close(fd);
    if (!existed) ::unlink(path.c_str());
}

}  // namespace q2686::cli
