#include "openssl_tls_capture.h"

#include "tls/server/test_pki.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace q2686::test {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// Spawns `args` with stdin from `in_path` and stdout+stderr to `out_path`.
pid_t spawn(const std::vector<std::string>& args, const std::string& in_path, const std::string& out_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

// The exit status, or nullopt after killing it when it outlives `timeout`.
std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    int status = 0;
    while (Clock::now() < deadline) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::this_thread::sleep_for(5ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return std::nullopt;
}

int listen_loopback(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 1) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) != 0) {
        ::close(fd);
        return -1;
    }
    port = ntohs(a.sin_port);
    return fd;
}

int connect_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Accepts one connection on `listener`, connects it to `server_port` and copies both ways,
// recording, until both sides have closed (or 15 s pass).
bool relay_one(int listener, std::uint16_t server_port, RecordedConnection& out) {
    pollfd l{listener, POLLIN, 0};
    if (::poll(&l, 1, 10'000) <= 0) return false;
    const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    const int server = connect_loopback(server_port);
    if (client < 0 || server < 0) {
        if (client >= 0) ::close(client);
        if (server >= 0) ::close(server);
        return false;
    }
    bool open[2] = {true, true};  // [0] client → server, [1] server → client
    const int from[2] = {client, server};
    const int to[2] = {server, client};
    const auto deadline = Clock::now() + 15s;
    while ((open[0] || open[1]) && Clock::now() < deadline) {
        pollfd fds[2] = {{client, static_cast<short>(open[0] ? POLLIN : 0), 0},
                         {server, static_cast<short>(open[1] ? POLLIN : 0), 0}};
        if (::poll(fds, 2, 100) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (!open[i] || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            std::array<std::uint8_t, 16384> buffer{};
            const ssize_t n = ::read(from[i], buffer.data(), buffer.size());
            if (n <= 0) {
                open[i] = false;
                ::shutdown(to[i], SHUT_WR);
                continue;
            }
            out.push_back({i == 0, {buffer.begin(), buffer.begin() + n}});
            for (ssize_t sent = 0; sent < n;) {
                const ssize_t w = ::write(to[i], buffer.data() + sent, static_cast<std::size_t>(n - sent));
                if (w <= 0) break;
                sent += w;
            }
        }
    }
    ::close(client);
    ::close(server);
    return true;
}

}  // namespace

std::string openssl_program() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/openssl";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// The files come from the built-in server's test PKI (emulator/tls/server/test_pki.h, cached in
// Q2686_PKI_CACHE): an ECDSA P-256 server certificate issued through the test intermediate.
OpensslPki::OpensslPki(const std::string& not_before, const std::string& not_after) {
    std::string pattern = (std::filesystem::temp_directory_path() / "q2686-tls-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        error_ = "mkdtemp failed";
        return;
    }
    dir_ = pattern;
    if (openssl_program().empty()) {
        error_ = "no openssl program";
        return;
    }
    // openssl ca's "YYYYMMDDHHMMSSZ" → TestPki's "YYYY-MM-DDTHH:MM:SSZ".
    const auto iso = [](const std::string& t) {
        return t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6, 2) + "T" + t.substr(8, 2) + ":" +
               t.substr(10, 2) + ":" + t.substr(12, 2) + "Z";
    };
    try {
        const TestPki pki(TestPki::default_cache_dir());
        ServerCertificateSpec spec;
        spec.not_before = CertificateDate::parse(iso(not_before));
        spec.not_after = CertificateDate::parse(iso(not_after));
        spec.key = ServerKeyType::EcP256;
        const ServerCredentials server = pki.server(spec);
        namespace fs = std::filesystem;
        fs::copy_file(pki.root_ca(), path("ca.pem"));
        fs::copy_file(pki.other_ca(), path("other_ca.pem"));
        fs::copy_file(server.certificate, path("server.pem"));
        fs::copy_file(server.intermediate, path("intermediate.pem"));
        fs::copy_file(server.key, path("server.key"));
    } catch (const std::exception& e) {
        error_ = std::string("could not make the PKI: ") + e.what();
    }
    write_file(path("request.txt"), "GET / HTTP/1.0\r\n\r\n");
}

OpensslPki::~OpensslPki() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

OpensslRun run_openssl(const OpensslPki& pki, const std::vector<std::string>& server_args,
                       const std::vector<std::vector<std::string>>& clients) {
    OpensslRun result;
    const std::string openssl = openssl_program();
    std::vector<std::string> server = {openssl,       "s_server", "-accept",
                                       "127.0.0.1:0", "-naccept", std::to_string(clients.size())};
    server.insert(server.end(), server_args.begin(), server_args.end());
    const std::string server_log = pki.path("s_server.log");
    const pid_t server_pid = spawn(server, "/dev/null", server_log);
    if (server_pid <= 0) {
        result.error = "cannot start s_server";
        return result;
    }
    std::uint16_t server_port = 0;
    const std::regex accept_line("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
    for (auto deadline = Clock::now() + 5s; server_port == 0 && Clock::now() < deadline;) {
        std::smatch m;
        const std::string text = read_file(server_log);
        if (std::regex_search(text, m, accept_line))
            server_port = static_cast<std::uint16_t>(std::stoi(m[1].str()));
        else
            std::this_thread::sleep_for(10ms);
    }
    for (std::size_t i = 0; server_port != 0 && i < clients.size() && result.error.empty(); ++i) {
        std::uint16_t relay_port = 0;
        const int listener = listen_loopback(relay_port);
        std::vector<std::string> client = {openssl, "s_client", "-connect", "127.0.0.1:" + std::to_string(relay_port)};
        client.insert(client.end(), clients[i].begin(), clients[i].end());
        const std::string log = pki.path("s_client" + std::to_string(i) + ".log");
        const pid_t client_pid = spawn(client, pki.path("request.txt"), log);
        RecordedConnection recorded;
        if (listener < 0 || client_pid <= 0 || !relay_one(listener, server_port, recorded))
            result.error = "relay failed for client " + std::to_string(i);
        if (listener >= 0) ::close(listener);
        if (client_pid > 0) wait_exit(client_pid, 10s);
        result.connections.push_back(std::move(recorded));
        result.client_logs.push_back(read_file(log));
    }
    if (server_port == 0) result.error = "s_server did not start: " + read_file(server_log);
    wait_exit(server_pid, 5s);
    return result;
}

}  // namespace q2686::test
