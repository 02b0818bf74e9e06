#include "tls/server/test_pki.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace q2686 {

namespace fs = std::filesystem;

const char* to_string(CertificateIssuer issuer) {
    switch (issuer) {
        case CertificateIssuer::Ca: return "ca";
        case CertificateIssuer::SelfSigned: return "self";
        case CertificateIssuer::UnknownCa: return "unknown-ca";
    }
    return "?";
}

const char* to_string(ServerKeyType key) {
    switch (key) {
        case ServerKeyType::Rsa2048: return "rsa2048";
        case ServerKeyType::EcP256: return "p256";
        case ServerKeyType::EcP521: return "p521";
    }
    return "?";
}

CertificateDate CertificateDate::parse(const std::string& text) {
    // Exactly YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ: digits where the pattern has 9.
    auto shaped = [&text](std::string_view pattern) {
        if (text.size() != pattern.size()) return false;
        for (std::size_t i = 0; i < pattern.size(); ++i)
            if (pattern[i] == '9' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != pattern[i])
                return false;
        return true;
    };
    const bool date_only = shaped("9999-99-99");
    const bool full = shaped("9999-99-99T99:99:99Z");
    CertificateDate d;
    auto field = [&text](std::size_t at, std::size_t length) { return std::stoi(text.substr(at, length)); };
    if (date_only || full) {
        d = {field(0, 4), field(5, 2), field(8, 2), 0, 0, 0};
        if (full) d.hour = field(11, 2), d.minute = field(14, 2), d.second = field(17, 2);
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool in_range = d.year >= 1950 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
                          d.day <= kDays[d.month - 1] && d.hour <= 23 && d.minute <= 59 && d.second <= 59;
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    if (!(date_only || full) || !in_range || (d.month == 2 && d.day == 29 && !leap))
        throw std::invalid_argument(
            fmt::format("'{}': expected a UTC date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (1950..9999)", text));
    return d;
}

std::string CertificateDate::iso() const {
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, hour, minute, second);
}

std::string CertificateDate::openssl() const {
    return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}Z", year, month, day, hour, minute, second);
}

std::string ServerCertificateSpec::describe() const {
    const char* by = issuer == CertificateIssuer::Ca           ? "issued by the test CA via its intermediate"
                     : issuer == CertificateIssuer::SelfSigned ? "self-signed"
                                                               : "issued by an untrusted CA";
    return fmt::format("certificate for {}, {}, valid {} .. {}{}{}", hostname, by, not_before.iso(), not_after.iso(),
                       key == ServerKeyType::Rsa2048 ? "" : fmt::format(", {} key", to_string(key)),
                       extra_names ? fmt::format(", {} more names", extra_names) : "");
}

std::string read_text_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("cannot read {}", file.string()));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

namespace {

void write_text_file(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

// FNV-1a, 64 bits: names a cached certificate after its parameters (not a security property).
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

constexpr const char* kConfig = R"([ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ root ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ intermediate ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ client ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

bool is_ipv4_literal(const std::string& name) {
    unsigned a, b, c, d;
    char tail;
    return std::sscanf(name.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a < 256 && b < 256 && c < 256 &&
           d < 256;
}

std::string server_extensions(const std::string& hostname, bool by_ca, unsigned extra_names) {
    std::string names = fmt::format("{}.1 = {}\n", is_ipv4_literal(hostname) ? "IP" : "DNS", hostname);
    for (unsigned i = 1; i <= extra_names; ++i) names += fmt::format("DNS.{} = n{}.{}\n", i + 1, i, hostname);
    return fmt::format(
        "[ server ]\nbasicConstraints = CA:false\nkeyUsage = critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage = serverAuth\nsubjectAltName = @server_names\nsubjectKeyIdentifier = hash\n{}"
        "[ server_names ]\n{}",
        by_ca ? "authorityKeyIdentifier = keyid\n" : "", names);
}

// The cache folder locked for one process at a time (flock: released if the process dies).
class CacheLock {
public:
    explicit CacheLock(const fs::path& dir) : fd_(::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0)
            throw std::runtime_error(fmt::format("cannot lock the PKI cache {}", dir.string()));
    }
    CacheLock(const CacheLock&) = delete;
    CacheLock& operator=(const CacheLock&) = delete;
    ~CacheLock() { ::close(fd_); }

private:
    int fd_;
};

// A scratch folder inside the cache for one openssl ca run (its database, serial, CSRs, log).
class Workshop {
public:
    explicit Workshop(const fs::path& cache) {
        std::string pattern = (cache / "work-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a folder in " + cache.string());
        dir_ = pattern;
        write_text_file(dir_ / "ca.cnf", kConfig);
    }
    Workshop(const Workshop&) = delete;
    Workshop& operator=(const Workshop&) = delete;
    ~Workshop() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    fs::path path(const std::string& name) const { return dir_ / name; }

    // Runs openssl with `args` in the scratch folder; output to openssl.log, quoted if it fails.
    void openssl(const std::vector<std::string>& args) const {
        std::vector<std::string> argv{"openssl"};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> raw;
        for (std::string& a : argv) raw.push_back(a.data());
        raw.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addchdir_np(&actions, dir_.c_str());
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, "openssl.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        pid_t pid = -1;
        const int spawned = ::posix_spawnp(&pid, "openssl", &actions, nullptr, raw.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0)
            throw std::runtime_error("the openssl program is needed to make the test PKI (Debian package openssl)");
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::string command;
            for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
            std::string log;
            try {
                log = read_text_file(path("openssl.log"));
            } catch (const std::exception&) {
            }
            throw std::runtime_error(fmt::format("making the test PKI: `{}` failed:\n{}", command, log));
        }
    }

    // A signing by `openssl ca`: fresh database, the given serial, the given dates.
    void sign(const fs::path& csr, const std::vector<std::string>& signer, const std::string& extensions,
              std::uint64_t serial, const CertificateDate& from, const CertificateDate& until,
              const fs::path& out) const {
        write_text_file(path("index.txt"), "");
        write_text_file(path("serial"), fmt::format("{:016X}\n", serial & 0x7FFFFFFFFFFFFFFFull));
        std::vector<std::string> args{"ca",          "-batch",     "-config",      "ca.cnf",   "-in",
                                      csr.string(),  "-startdate", from.openssl(), "-enddate", until.openssl(),
                                      "-extensions", extensions,   "-notext",      "-out",     out.string()};
        args.insert(args.end(), signer.begin(), signer.end());
        openssl(args);
    }

    void request(const fs::path& key, const std::string& cn, const fs::path& csr) const {
        openssl({"req", "-new", "-config", "ca.cnf", "-key", key.string(), "-subj", "/CN=" + cn, "-out", csr.string()});
    }

private:
    fs::path dir_;
};

// Moves a finished file into the cache (rename: readers never see half a file).
void install(const fs::path& made, const fs::path& target) {
    fs::create_directories(target.parent_path());
    fs::rename(made, target);
}

struct Authority {
    const char* name;  // file stem
    const char* cn;
};
constexpr Authority kRoot{"root", "q2686emu Test Root CA"};
constexpr Authority kOther{"other-ca", "q2686emu Other CA"};
constexpr CertificateDate kRootFrom{2000, 1, 1}, kRootUntil{2100, 1, 1};

}  // namespace

TestPki::TestPki(fs::path cache_dir) : dir_(fs::absolute(cache_dir)) {  // openssl runs in a subfolder
    std::error_code error;
    fs::create_directories(dir_ / "keys", error);
    if (error)
        throw std::runtime_error(fmt::format("cannot create the PKI cache {}: {}", dir_.string(), error.message()));
}

fs::path TestPki::default_cache_dir() {
    if (const char* dir = std::getenv("Q2686_PKI_CACHE"); dir && *dir) return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "q2686emu" / "pki";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "q2686emu" / "pki";
    return fs::temp_directory_path() / "q2686emu-pki";
}

namespace {

// keys/<name>.key, made by openssl genpkey the first time it is asked for.
fs::path key_file(const fs::path& dir, const Workshop& shop, const std::string& name, ServerKeyType type) {
    const fs::path file = dir / "keys" / (name + ".key");
    if (fs::exists(file)) return file;
    const fs::path made = shop.path(name + ".key");
    std::vector<std::string> args{"genpkey", "-out", made.string()};
    if (type == ServerKeyType::Rsa2048)
        args.insert(args.end(), {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"});
    else
        args.insert(args.end(),
                    {"-algorithm", "EC", "-pkeyopt",
                     type == ServerKeyType::EcP256 ? "ec_paramgen_curve:P-256" : "ec_paramgen_curve:P-521"});
    shop.openssl(args);
    install(made, file);
    return file;
}

fs::path authority_file(const fs::path& dir, const Workshop& shop, const Authority& ca, std::uint64_t serial) {
    const fs::path file = dir / (std::string(ca.name) + ".pem");
    if (fs::exists(file)) return file;
    const fs::path key = key_file(dir, shop, ca.name, ServerKeyType::Rsa2048);
    shop.request(key, ca.cn, shop.path("ca.csr"));
    shop.sign(shop.path("ca.csr"), {"-selfsign", "-keyfile", key.string()}, "root", serial, kRootFrom, kRootUntil,
              shop.path("ca.pem"));
    install(shop.path("ca.pem"), file);
    return file;
}

}  // namespace

void TestPki::ensure_authorities() const {
    if (fs::exists(dir_ / "root.pem") && fs::exists(dir_ / "other-ca.pem")) return;
    const CacheLock lock(dir_);
    const Workshop shop(dir_);
    authority_file(dir_, shop, kRoot, 1);
    authority_file(dir_, shop, kOther, 2);
}

fs::path TestPki::root_ca() const {
    ensure_authorities();
    return dir_ / "root.pem";
}

fs::path TestPki::other_ca() const {
    ensure_authorities();
    return dir_ / "other-ca.pem";
}

ClientCredentials TestPki::client() const {
    ensure_authorities();
    const ClientCredentials credentials{dir_ / "client.pem", dir_ / "keys" / "client.key"};
    if (fs::exists(credentials.certificate)) return credentials;
    const CacheLock lock(dir_);
    const Workshop shop(dir_);
    if (fs::exists(credentials.certificate)) return credentials;
    const fs::path key = key_file(dir_, shop, "client", ServerKeyType::Rsa2048);
    shop.request(key, "q2686emu modem", shop.path("client.csr"));
    shop.sign(shop.path("client.csr"), {"-cert", root_ca().string(), "-keyfile", (dir_ / "keys/root.key").string()},
              "client", 3, CertificateDate{2020, 1, 1}, CertificateDate{2040, 1, 1}, shop.path("client.pem"));
    install(shop.path("client.pem"), credentials.certificate);
    return credentials;
}

ServerCredentials TestPki::server(const ServerCertificateSpec& spec) const {
    ensure_authorities();
    std::string id = fmt::format("{}|{}|{}|{}|{}|{}|{}", spec.hostname, spec.not_before.iso(), spec.not_after.iso(),
                                 to_string(spec.issuer), to_string(spec.key), spec.intermediate_not_before.iso(),
                                 spec.intermediate_not_after.iso());
    if (spec.extra_names) id += fmt::format("|names={}", spec.extra_names);  // earlier ids unchanged
    const std::uint64_t hash = fnv1a(id);
    const fs::path folder = dir_ / fmt::format("server-{:016x}", hash);
    const std::string key_name = std::string("server-") + to_string(spec.key);
    const fs::path intermediate =
        spec.issuer == CertificateIssuer::Ca
            ? dir_ / fmt::format("intermediate-{}-{}.pem", spec.intermediate_not_before.openssl(),
                                 spec.intermediate_not_after.openssl())
            : fs::path();
    const ServerCredentials credentials{folder / "chain.pem", folder / "server.pem", intermediate,
                                        dir_ / "keys" / (key_name + ".key")};
    if (fs::exists(credentials.chain)) return credentials;

    const CacheLock lock(dir_);
    if (fs::exists(credentials.chain)) return credentials;  // another process made it meanwhile
    const Workshop shop(dir_);
    const fs::path key = key_file(dir_, shop, key_name, spec.key);
    const fs::path root_key = dir_ / "keys" / "root.key";
    std::string chain_tail;
    std::vector<std::string> signer;
    switch (spec.issuer) {
        case CertificateIssuer::Ca: {
            // The intermediate, made for its validity window (a parameter) and kept beside the roots.
            const fs::path intermediate_key = key_file(dir_, shop, "intermediate", ServerKeyType::Rsa2048);
            if (!fs::exists(intermediate)) {
                shop.request(intermediate_key, "q2686emu Test Intermediate CA", shop.path("intermediate.csr"));
                shop.sign(shop.path("intermediate.csr"),
                          {"-cert", (dir_ / "root.pem").string(), "-keyfile", root_key.string()}, "intermediate",
                          fnv1a("intermediate|" + intermediate.filename().string()), spec.intermediate_not_before,
                          spec.intermediate_not_after, shop.path("intermediate.pem"));
                install(shop.path("intermediate.pem"), intermediate);
            }
            signer = {"-cert", intermediate.string(), "-keyfile", intermediate_key.string()};
            chain_tail = read_text_file(intermediate);
            break;
        }
        case CertificateIssuer::SelfSigned: signer = {"-selfsign", "-keyfile", key.string()}; break;
        case CertificateIssuer::UnknownCa:
            signer = {"-cert", (dir_ / "other-ca.pem").string(), "-keyfile", (dir_ / "keys" / "other-ca.key").string()};
            break;
    }
    {
        std::string config = kConfig;
        config += server_extensions(spec.hostname, spec.issuer != CertificateIssuer::SelfSigned, spec.extra_names);
        write_text_file(shop.path("ca.cnf"), config);
    }
    shop.request(key, spec.hostname, shop.path("server.csr"));
    shop.sign(shop.path("server.csr"), signer, "server", hash, spec.not_before, spec.not_after,
              shop.path("server.pem"));
    write_text_file(shop.path("chain.pem"), read_text_file(shop.path("server.pem")) + chain_tail);
    const fs::path staged = shop.path("out");
    fs::create_directories(staged);
    fs::rename(shop.path("server.pem"), staged / "server.pem");
    fs::rename(shop.path("chain.pem"), staged / "chain.pem");
    fs::rename(staged, folder);
    return credentials;
}

}  // namespace q2686
