#include "bench/qemu_bench.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

extern char** environ;

namespace q2686 {

namespace {

namespace fs = std::filesystem;

struct NotInstalled {};

// The child's output goes to a scratch file, read back only when the run fails.
class ScratchLog {
public:
    ScratchLog() {
        std::string templ = (fs::temp_directory_path() / "q2686emu-qemu-XXXXXX").string();
        fd_ = ::mkstemp(templ.data());
        if (fd_ < 0) throw std::runtime_error(fmt::format("mkstemp: {}", std::strerror(errno)));
        path_ = templ;
    }
    ScratchLog(const ScratchLog&) = delete;
    ScratchLog& operator=(const ScratchLog&) = delete;
    ~ScratchLog() {
        ::close(fd_);
        std::error_code ignored;
        fs::remove(path_, ignored);
    }
    int fd() const { return fd_; }
    // The last lines, for an error message.
    std::string tail() const {
        std::ifstream in(path_, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
    }

private:
    int fd_ = -1;
    fs::path path_;
};

// Runs argv to completion and returns its wall time (spawn to exit). Throws NotInstalled when
// the program is not in PATH.
double timed_run(const std::vector<std::string>& argv, double timeout_s) {
    ScratchLog log;
    std::vector<char*> raw;
    for (const std::string& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log.fd(), 1);
    posix_spawn_file_actions_adddup2(&actions, log.fd(), 2);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    // versatilepb has a sound chip; without a driver named QEMU probes every audio back end at
    // start-up and complains about each on standard error.
    std::vector<char*> env;
    static char audio_none[] = "QEMU_AUDIO_DRV=none";
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "QEMU_AUDIO_DRV=", 15) != 0) env.push_back(*e);
    env.push_back(audio_none);
    env.push_back(nullptr);
    const int spawned = ::posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned == ENOENT) throw NotInstalled{};
    if (spawned != 0) throw std::runtime_error(fmt::format("{}: {}", argv[0], std::strerror(spawned)));

    // A pidfd becomes readable when the child exits: wait for that or the timeout, no polling.
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    bool timed_out = false;
    if (pidfd >= 0) {
        pollfd p{pidfd, POLLIN, 0};
        int ready = 0;
        while ((ready = ::poll(&p, 1, static_cast<int>(timeout_s * 1000))) < 0 && errno == EINTR) {
        }
        ::close(pidfd);
        if (ready == 0) {
            timed_out = true;
            ::kill(pid, SIGKILL);
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string command;
    for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
    if (timed_out)
        throw std::runtime_error(fmt::format("`{}` ran longer than {:.0f} s:\n{}", command, timeout_s, log.tail()));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(fmt::format("`{}` {}:\n{}", command,
                                             WIFEXITED(status) ? fmt::format("exited {}", WEXITSTATUS(status))
                                                               : fmt::format("died of signal {}", WTERMSIG(status)),
                                             log.tail()));
    return wall;
}

double best_run(const std::string& program, const std::string& elf, bool icount, int repeats, double timeout_s) {
    std::vector<std::string> argv{program, "-M", "versatilepb", "-cpu", "arm946", "-semihosting", "-nographic"};
    if (icount) argv.insert(argv.end(), {"-icount", "shift=0"});
    argv.insert(argv.end(), {"-kernel", elf});
    double best = 0;
    for (int i = 0; i < repeats; ++i) {
        const double wall = timed_run(argv, timeout_s);
        if (i == 0 || wall < best) best = wall;
    }
    return best;
}

}  // namespace

QemuBenchReport run_qemu_bench(const std::vector<QemuWorkload>& workloads, const std::string& empty_elf, int repeats,
                               const std::string& program, double timeout_s) {
    QemuBenchReport report;
    report.program = program;
    try {
        report.startup_s = best_run(program, empty_elf, false, repeats, timeout_s);
        report.startup_icount_s = best_run(program, empty_elf, true, repeats, timeout_s);
        for (const QemuWorkload& w : workloads) {
            QemuWorkloadTiming t;
            t.name = w.name;
            t.wall_s = best_run(program, w.elf, false, repeats, timeout_s) - report.startup_s;
            t.icount_wall_s = best_run(program, w.elf, true, repeats, timeout_s) - report.startup_icount_s;
            report.workloads.push_back(t);
        }
    } catch (const NotInstalled&) {
        report.absent = fmt::format("{} is not installed (Debian package qemu-system-arm)", program);
        report.workloads.clear();
    }
    return report;
}

}  // namespace q2686
