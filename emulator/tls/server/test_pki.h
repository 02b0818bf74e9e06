// TestPki — the built-in TLS server's certificates: a small PKI made on demand by the host's
// `openssl` program (Debian's OpenSSL 3.0) and kept in a cache folder, so the same request gives
// the same files on every later run.
//
//   q2686emu Test Root CA           2000-01-01 .. 2100-01-01   the root the modem trusts ("TLS" 0)
//   └ q2686emu Test Intermediate CA 2020-01-01 .. 2040-01-01   (by default; a parameter)
//     └ <hostname>                  <not_before> .. <not_after> the server certificate
//   q2686emu Other CA               2000-01-01 .. 2100-01-01   a root the modem does not trust
//   q2686emu modem                  2020-01-01 .. 2040-01-01   a client certificate, by the root
//
// A server certificate is issued by the intermediate (issuer "ca"), by itself ("self") or by the
// other root ("unknown-ca"), for one DNS name, with chosen validity dates. The server sends its
// certificate and, for "ca", the intermediate: like a real CA-issued chain (the forum thread's
// GlobalSign one), the modem must check both — with its RTC at 1998 the intermediate is the
// first certificate it finds not yet valid.
//
// Why dates are parameters, not "now + N days": a test or scenario that sets the modem's RTC
// must get the same verdict on any day. OpenSSL 3.0's `req -x509` and `x509 -req` only date
// from "now", so certificates are issued with `openssl ca -startdate/-enddate`.
// Determinism: keys are made once per cache folder (RSA-2048 by default: an RSA verify costs the
// ARM946E-S ~6 M cycles, an ECDSA P-256 one ~10 times more) and every certificate is a function
// of its keys and parameters — fixed serial numbers, RSA PKCS#1 v1.5 signatures, which are
// deterministic — so a cached PKI gives byte-identical certificates. Another cache folder (another
// machine) has other keys: certificate bytes are not part of any trace hash.
// Several processes may share a cache folder: issuing holds an exclusive lock on it, and files
// appear by rename, never half-written.
#pragma once

#include <filesystem>
#include <string>

namespace q2686 {

enum class CertificateIssuer { Ca, SelfSigned, UnknownCa };
enum class ServerKeyType { Rsa2048, EcP256, EcP521 };

const char* to_string(CertificateIssuer issuer);  // "ca", "self", "unknown-ca"
const char* to_string(ServerKeyType key);         // "rsa2048", "p256", "p521"

// A date "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC). Throws std::invalid_argument otherwise.
struct CertificateDate {
    int year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    static CertificateDate parse(const std::string& text);
    std::string iso() const;      // 2025-01-01T00:00:00Z
    std::string openssl() const;  // 20250101000000Z, for openssl ca -startdate
};

struct ServerCertificateSpec {
    std::string hostname = "api.example.com";  // CN and the one DNS subjectAltName
    CertificateDate not_before{2024, 1, 1};
    CertificateDate not_after{2034, 1, 1};
    CertificateIssuer issuer = CertificateIssuer::Ca;
    ServerKeyType key = ServerKeyType::Rsa2048;
    CertificateDate intermediate_not_before{2020, 1, 1};
    CertificateDate intermediate_not_after{2040, 1, 1};
    // More DNS names beside `hostname` ("n1.<hostname>" ...): 800 of them make a chain of about
    // 22 KiB, past the 16 KiB a TLS record holds — the oversize chains of big SAN certificates.
    unsigned extra_names = 0;

    std::string describe() const;  // "certificate for api.example.com, issued by ..., valid ... .. ..."
};

struct ServerCredentials {
    std::filesystem::path chain;         // PEM: the server certificate, then the intermediate (issuer ca)
    std::filesystem::path certificate;   // PEM: the server certificate alone
    std::filesystem::path intermediate;  // PEM: the intermediate (issuer ca), else empty
    std::filesystem::path key;           // PEM private key
};

struct ClientCredentials {
    std::filesystem::path certificate;  // PEM, clientAuth, by the root
    std::filesystem::path key;
};

class TestPki {
public:
    // The cache folder is created if missing. Throws std::runtime_error if it cannot be.
    explicit TestPki(std::filesystem::path cache_dir = default_cache_dir());

    // Q2686_PKI_CACHE, else $XDG_CACHE_HOME/q2686emu/pki, else ~/.cache/q2686emu/pki, else a
    // folder under the system's temporary directory.
    static std::filesystem::path default_cache_dir();

    // Issues (or finds in the cache) a server certificate. Throws std::runtime_error with
    // openssl's own words when openssl is missing or fails.
    ServerCredentials server(const ServerCertificateSpec& spec) const;
    ClientCredentials client() const;
    std::filesystem::path root_ca() const;   // PEM of the trusted root
    std::filesystem::path other_ca() const;  // PEM of the untrusted root
    const std::filesystem::path& folder() const { return dir_; }

private:
    void ensure_authorities() const;
    std::filesystem::path dir_;
};

// Reads a whole file; throws std::runtime_error naming it if it cannot.
std::string read_text_file(const std::filesystem::path& file);

}  // namespace q2686
