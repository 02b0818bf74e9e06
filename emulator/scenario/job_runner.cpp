#include "scenario/job_runner.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/input_error.h"

namespace q2686::scenario {

namespace fs = std::filesystem;

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> found;
            for (const auto& entry : fs::directory_iterator(path, ec)) {
                const std::string ext = entry.path().extension().string();
                if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
                    found.push_back(entry.path().string());
            }
            std::sort(found.begin(), found.end());
            if (found.empty()) throw InputError(fmt::format("{}: the folder holds no *.yaml scenario", path));
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::exists(path, ec)) {
            files.push_back(path);
        } else {
            throw InputError(fmt::format("{}: no such scenario file or folder", path));
        }
    }
    return files;
}

Shard parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    Shard shard{0, 0};
    auto number = [](std::string_view t, unsigned& out) {
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
        return ec == std::errc{} && end == t.data() + t.size();
    };
    if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), shard.index) ||
        !number(std::string_view(text).substr(slash + 1), shard.count) || shard.count == 0 || shard.index == 0 ||
        shard.index > shard.count)
        throw InputError(fmt::format("--shard '{}': expected K/N with 1 <= K <= N, like 2/4", text));
    return shard;
}

std::vector<std::string> shard_files(const std::vector<std::string>& files, Shard shard) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < files.size(); ++i)
        if (i % shard.count == shard.index - 1) out.push_back(files[i]);
    return out;
}

std::string per_scenario_path(const std::string& path, const std::string& scenario_file, bool several) {
    if (path.empty() || !several) return path;
    const fs::path p(path);
    return (p.parent_path() /
            (p.stem().string() + "." + fs::path(scenario_file).stem().string() + p.extension().string()))
        .string();
}

std::string self_executable() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw std::runtime_error("cannot find this program's path (/proc/self/exe)");
    return exe.string();
}

namespace {

struct Child {
    pid_t pid = -1;
    std::size_t index = 0;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(fmt::format("fork: {}", std::strerror(errno)));
    if (pid == 0) {
        // The child reports through its result file; its standard output would only interleave
        // with the parent's report. Standard error stays: sanitizer reports must be seen.
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0) ::dup2(null, STDOUT_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

}  // namespace

std::vector<ScenarioResult> run_jobs(const std::vector<Scenario>& scenarios, const JobOptions& options) {
    const std::string base = fs::temp_directory_path().string();
    std::string templ = base + "/q2686emu-scenarios-XXXXXX";
    std::vector<char> buffer(templ.begin(), templ.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data())) throw std::runtime_error(fmt::format("mkdtemp: {}", std::strerror(errno)));
    const fs::path dir(buffer.data());
    const bool several = scenarios.size() > 1;
    std::vector<std::optional<ScenarioResult>> results(scenarios.size());
    std::size_t next = 0, reported = 0;
    std::map<pid_t, std::size_t> running;
    const unsigned jobs = std::max(1u, options.jobs);

    auto start = [&](std::size_t i) {
        const Scenario& s = scenarios[i];
        std::vector<std::string> args = {options.executable, "scenario", "--child-result",
                                         (dir / fmt::format("{}.json", i)).string()};
        if (!options.run.trace_path.empty())
            args.insert(args.end(), {"--trace", (dir / fmt::format("{}.jsonl", i)).string()});
        if (!options.run.pcap_path.empty())
            args.insert(args.end(), {"--pcap", per_scenario_path(options.run.pcap_path, s.file, several)});
        if (!options.run.pki_cache.empty()) args.insert(args.end(), {"--pki-cache", options.run.pki_cache.string()});
        if (options.run.progress) args.push_back("--progress");
        args.insert(args.end(), {"--", s.file});  // a file named "-x.yaml" is still a file
        running[spawn(args)] = i;
    };
    auto finish = [&](std::size_t i, int status) {
        const fs::path file = dir / fmt::format("{}.json", i);
        try {
            results[i] = result_from_json(nlohmann::json::parse(read_file(file)));
        } catch (const std::exception&) {
            ScenarioResult r;
            r.file = scenarios[i].file;
            r.name = scenarios[i].name;
            r.error = WIFSIGNALED(status) ? fmt::format("the scenario's process died of signal {} ({})",
                                                        WTERMSIG(status), strsignal(WTERMSIG(status)))
                                          : fmt::format("the scenario's process exited {} without a result",
                                                        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            results[i] = std::move(r);
        }
        while (reported < results.size() && results[reported]) {
            if (options.on_result) options.on_result(*results[reported]);
            ++reported;
        }
    };

    while (reported < scenarios.size()) {
        while (next < scenarios.size() && running.size() < jobs) start(next++);
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(fmt::format("waitpid: {}", std::strerror(errno)));
        }
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const std::size_t index = it->second;
        running.erase(it);
        finish(index, status);
    }

    // One trace file for the run: the scenarios' traces in file order.
    if (!options.run.trace_path.empty()) {
        std::ofstream out(options.run.trace_path, std::ios::binary | std::ios::trunc);
        for (std::size_t i = 0; i < scenarios.size(); ++i) out << read_file(dir / fmt::format("{}.jsonl", i));
        if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", options.run.trace_path));
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    std::vector<ScenarioResult> out;
    for (auto& r : results) out.push_back(std::move(*r));
    return out;
}

}  // namespace q2686::scenario
