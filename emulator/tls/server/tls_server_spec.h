// TlsServerSpec — one built-in TLS server as the CLI and scenarios ask for it: the name and
// port the modem uses, its certificate (tls/server/test_pki.h) and its behaviour
// (tls/server/builtin_tls_server.h). Text form, for --tls-server (docs/tls.md "Built-in TLS server"):
//
//   NAME[:PORT][,KEY=VALUE...]      PORT default 443
//     issuer=ca|self|unknown-ca     who signed the certificate (default ca: the test CA's intermediate)
//     not-before=DATE not-after=DATE  validity, YYYY-MM-DD[THH:MM:SSZ] (default 2024-01-01 .. 2034-01-01)
//     cert-name=HOST                the certificate's name, if not NAME (a hostname mismatch)
//     key=rsa2048|p256|p521         the server's key (default rsa2048)
//     versions=any|1.2|1.3          TLS versions it accepts (default any: 1.2 and 1.3)
//     behaviour=normal|close|reset|http|truncate|silent|garbage   hostile peers (default normal)
//     extra-names=N                 N more DNS names in the certificate (0..2000): an oversize chain
//     client-auth                   require a client certificate from the test CA
//   e.g. api.example.com,not-after=2026-01-01   self.example.com,issuer=self
#pragma once

#include <cstdint>
#include <string>

#include "tls/server/builtin_tls_server.h"
#include "tls/server/test_pki.h"

namespace q2686 {

struct TlsServerSpec {
    std::string name = "api.example.com";
    std::uint16_t port = 443;
    ServerCertificateSpec certificate;  // certificate.hostname: NAME unless cert-name=
    TlsServerVersions versions = TlsServerVersions::Any;
    TlsServerBehaviour behaviour = TlsServerBehaviour::Normal;
    bool client_auth = false;

    std::string address() const;   // "api.example.com:443"
    std::string describe() const;  // one line for banners and reports
};

// Throws std::invalid_argument naming the bad part.
TlsServerSpec parse_tls_server_spec(const std::string& text);

}  // namespace q2686
