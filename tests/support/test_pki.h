// TestPki — a throwaway PKI made by the host's openssl (bookworm: OpenSSL 3.0) for the TLS
// tests, and the `openssl s_server` that serves one of its certificates.
//
// Validity dates are fixed, not relative to the host's clock, so a test that sets the modem's
// RTC (AT+CCLK) gets the same verdict on any day. `openssl req -x509` and `openssl x509 -req`
// only date a certificate from "now" (-days; OpenSSL 3.0 has no -not_before), so certificates
// are issued with `openssl ca -startdate/-enddate` from a minimal CA configuration.
//
//   root CA    "q2686emu Test Root CA"   2020-01-01 .. 2040-01-01   (the modem trusts it)
//   valid      api.example.com           2024-01-01 .. 2034-01-01   by the root
//   expired    api.example.com           2020-01-01 .. 2021-01-01   by the root
//   wrong_host other.example.com         2024-01-01 .. 2034-01-01   by the root
//   self_signed api.example.com          2024-01-01 .. 2034-01-01   by itself
//   unknown_ca api.example.com           2024-01-01 .. 2034-01-01   by "q2686emu Other CA" (not trusted)
//   p521       api.example.com           2024-01-01 .. 2034-01-01   by the root, an ECDSA P-521 key
//   client     q2686emu modem (clientAuth) 2024-01-01 .. 2034-01-01 by the root, its own key
// RSA-2048 keys throughout: an RSA verify costs the ARM946E-S ~6 M cycles, ECDSA P-256 ~10
// times more, and the tests run many handshakes. Built once per test process (shared()).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "host_server.h"

namespace q2686::test {

struct Credentials {
    std::string cert;  // PEM file
    std::string key;
};

class TestPki {
public:
    static const TestPki& shared() {
        static const TestPki pki;
        return pki;
    }

    const std::string& ca_pem() const { return ca_pem_; }  // the root CA, for the "TLS" flash object 0
    std::string ca_file() const { return path("ca.pem"); }

    Credentials valid, expired, wrong_host, self_signed, unknown_ca, p521;
    Credentials client;  // for the modem: flash objects TLS:1 and TLS:2

    static std::string read_file(const std::string& file) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;
    ~TestPki() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

private:
    TestPki() {
        std::string pattern = (std::filesystem::temp_directory_path() / "q2686-pki-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("TestPki: mkdtemp failed");
        dir_ = pattern;
        write("ca.cnf", kConfig);
        write("index.txt", "");
        write("serial", "1000\n");
        key("ca.key");
        key("other-ca.key");
        key("server.key");
        key("client.key");
        self_sign("ca", "q2686emu Test Root CA", "ca.key", "v3_ca", "20200101000000Z", "20400101000000Z");
        self_sign("other-ca", "q2686emu Other CA", "other-ca.key", "v3_ca", "20200101000000Z", "20400101000000Z");
        ca_pem_ = read("ca.pem");
        valid = issue("valid", "api.example.com", "ca", "20240101000000Z", "20340101000000Z");
        expired = issue("expired", "api.example.com", "ca", "20200101000000Z", "20210101000000Z");
        wrong_host = issue("wrong-host", "other.example.com", "ca", "20240101000000Z", "20340101000000Z");
        unknown_ca = issue("unknown-ca", "api.example.com", "other-ca", "20240101000000Z", "20340101000000Z");
        self_sign("self-signed", "api.example.com", "server.key", "server_api", "20240101000000Z", "20340101000000Z");
        self_signed = {path("self-signed.pem"), path("server.key")};
        request("client", "q2686emu modem", "client.key");
        run("openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in client.csr -startdate 20240101000000Z "
            "-enddate 20340101000000Z -extensions client -notext -out client.pem");
        client = {path("client.pem"), path("client.key")};
        run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out p521.key");
        request("p521", "api.example.com", "p521.key");
        run("openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in p521.csr -startdate 20240101000000Z "
            "-enddate 20340101000000Z -extensions server_api -notext -out p521.pem");
        p521 = {path("p521.pem"), path("p521.key")};
    }

    static constexpr const char* kConfig = R"([ ca ]
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
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ server_api ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:api.example.com
subjectKeyIdentifier = hash
[ client ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
[ server_other ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.example.com
subjectKeyIdentifier = hash
)";

    std::string path(const std::string& name) const { return (std::filesystem::path(dir_) / name).string(); }

    void write(const std::string& name, const std::string& text) const { std::ofstream(path(name)) << text; }

    std::string read(const std::string& name) const { return read_file(path(name)); }

    // Runs `command` in the PKI folder; its output goes to openssl.log, shown if it fails.
    void run(const std::string& command) const {
        const std::string line = "cd '" + dir_ + "' && " + command + " >>openssl.log 2>&1";
        if (std::system(line.c_str()) != 0)
            throw std::runtime_error("TestPki: `" + command + "` failed:\n" + read("openssl.log"));
    }

    void key(const std::string& name) const {
        run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + name);
    }

    void request(const std::string& name, const std::string& cn, const std::string& key_file) const {
        run("openssl req -new -config ca.cnf -key " + key_file + " -subj '/CN=" + cn + "' -out " + name + ".csr");
    }

    void self_sign(const std::string& name, const std::string& cn, const std::string& key_file,
                   const std::string& extensions, const std::string& from, const std::string& until) const {
        request(name, cn, key_file);
        run("openssl ca -batch -config ca.cnf -selfsign -keyfile " + key_file + " -in " + name + ".csr -startdate " +
            from + " -enddate " + until + " -extensions " + extensions + " -notext -out " + name + ".pem");
    }

    Credentials issue(const std::string& name, const std::string& cn, const std::string& ca,
                            const std::string& from, const std::string& until) const {
        request(name, cn, "server.key");
        const std::string extensions = cn == "api.example.com" ? "server_api" : "server_other";
        run("openssl ca -batch -config ca.cnf -cert " + ca + ".pem -keyfile " + ca + ".key -in " + name +
            ".csr -startdate " + from + " -enddate " + until + " -extensions " + extensions + " -notext -out " + name +
            ".pem");
        return {path(name + ".pem"), path("server.key")};
    }

    std::string dir_;
    std::string ca_pem_;
};

// `openssl s_server -www` on 127.0.0.1:{port} with these credentials: every connection gets a
// TLS handshake (1.2 or 1.3, session tickets on) and, for a GET, "HTTP/1.0 200 ok" and a status
// page; then the server closes the connection. Resumption works across connections (one process).
inline HostServer https_server(const Credentials& credentials, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{"openssl", "s_server", "-www", "-quiet", "-cert", credentials.cert,
                                  "-key", credentials.key, "-accept", "127.0.0.1:{port}"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return HostServer(std::move(argv));
}

}  // namespace q2686::test
