#include "tls/server/tls_server_spec.h"

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace q2686 {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}

bool valid_host_name(const std::string& name) {
    if (name.empty() || name.size() > 63) return false;  // the firmware's AT+TLSGET limit
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
    return true;
}

template <typename Enum, std::size_t N>
Enum choose(const std::string& key, const std::string& value, const std::pair<const char*, Enum> (&choices)[N]) {
    std::string names;
    for (const auto& [name, e] : choices) {
        if (value == name) return e;
        names += names.empty() ? name : std::string("|") + name;
    }
    throw std::invalid_argument(fmt::format("{}={}: expected {}", key, value, names));
}

}  // namespace

std::string TlsServerSpec::address() const {
    return fmt::format("{}:{}", name, port);
}

std::string TlsServerSpec::describe() const {
    std::string text = fmt::format("{} — {}", address(), certificate.describe());
    if (versions != TlsServerVersions::Any) text += fmt::format(", TLS {} only", to_string(versions));
    if (client_auth) text += ", asks for a client certificate";
    if (behaviour != TlsServerBehaviour::Normal) text += fmt::format(", hostile: {}", to_string(behaviour));
    return text;
}

TlsServerSpec parse_tls_server_spec(const std::string& text) {
    const std::vector<std::string> parts = split(text, ',');
    TlsServerSpec spec;
    const std::vector<std::string> endpoint = split(parts[0], ':');
    if (endpoint.size() > 2 || !valid_host_name(endpoint[0]))
        throw std::invalid_argument(
            fmt::format("'{}': expected NAME[:PORT] (a host name of up to 63 letters, digits, "
                        "'-' and '.')",
                        parts[0]));
    spec.name = endpoint[0];
    if (endpoint.size() == 2) {
        unsigned port = 0;
        const std::string& p = endpoint[1];
        const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
        if (ec != std::errc{} || end != p.data() + p.size() || port == 0 || port > 65535)
            throw std::invalid_argument(fmt::format("port '{}': expected 1..65535", p));
        spec.port = static_cast<std::uint16_t>(port);
    }
    spec.certificate.hostname = spec.name;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string& part = parts[i];
        const std::size_t equals = part.find('=');
        const std::string key = part.substr(0, equals);
        const std::string value = equals == std::string::npos ? "" : part.substr(equals + 1);
        if (key == "client-auth" && equals == std::string::npos) {
            spec.client_auth = true;
            continue;
        }
        if (equals == std::string::npos || value.empty())
            throw std::invalid_argument(
                fmt::format("'{}': expected KEY=VALUE (issuer, not-before, not-after, "
                            "cert-name, key, extra-names, versions, behaviour) or client-auth",
                            part));
        if (key == "issuer") {
            spec.certificate.issuer =
                choose(key, value,
                       {std::pair{"ca", CertificateIssuer::Ca}, std::pair{"self", CertificateIssuer::SelfSigned},
                        std::pair{"unknown-ca", CertificateIssuer::UnknownCa}});
        } else if (key == "not-before" || key == "not-after") {
            try {
                (key == "not-before" ? spec.certificate.not_before : spec.certificate.not_after) =
                    CertificateDate::parse(value);
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(fmt::format("{}: {}", key, e.what()));
            }
        } else if (key == "cert-name") {
            if (!valid_host_name(value))
                throw std::invalid_argument(fmt::format("cert-name={}: not a host name", value));
            spec.certificate.hostname = value;
        } else if (key == "key") {
            spec.certificate.key =
                choose(key, value,
                       {std::pair{"rsa2048", ServerKeyType::Rsa2048}, std::pair{"p256", ServerKeyType::EcP256},
                        std::pair{"p521", ServerKeyType::EcP521}});
        } else if (key == "extra-names") {
            unsigned n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc{} || end != value.data() + value.size() || n > 2000)
                throw std::invalid_argument(fmt::format("extra-names={}: expected a count 0..2000", value));
            spec.certificate.extra_names = n;
        } else if (key == "versions") {
            spec.versions =
                choose(key, value,
                       {std::pair{"any", TlsServerVersions::Any}, std::pair{"1.2", TlsServerVersions::Tls12},
                        std::pair{"1.3", TlsServerVersions::Tls13}});
        } else if (key == "behaviour" || key == "behavior") {
            spec.behaviour = choose(key, value,
                                    {std::pair{"normal", TlsServerBehaviour::Normal},
                                     std::pair{"close", TlsServerBehaviour::CloseAfterHello},
                                     std::pair{"reset", TlsServerBehaviour::ResetAfterHello},
                                     std::pair{"http", TlsServerBehaviour::PlainHttp},
                                     std::pair{"truncate", TlsServerBehaviour::TruncatedRecord},
                                     std::pair{"silent", TlsServerBehaviour::Silent},
                                     std::pair{"garbage", TlsServerBehaviour::GarbageAfterHello}});
        } else {
            throw std::invalid_argument(
                fmt::format("unknown key '{}' (issuer, not-before, not-after, cert-name, key, "
                            "extra-names, versions, behaviour, client-auth)",
                            key));
        }
    }
    const auto& c = spec.certificate;
    if (c.not_after.openssl() <= c.not_before.openssl())
        throw std::invalid_argument(
            fmt::format("not-after {} is not after not-before {}", c.not_after.iso(), c.not_before.iso()));
    return spec;
}

}  // namespace q2686
