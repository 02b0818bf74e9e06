// The built-in TLS server's HTTP side (tls/server/builtin_tls_server.h): one GET per connection, read
// up to its blank line, answered with a status chosen by its path, always Connection: close.
#pragma once

#include <string>

namespace q2686 {

struct HttpAnswer {
    std::string request_line;  // "GET / HTTP/1.1", or what came instead (for the log)
    int status = 200;
    std::string reason;
    std::string body;  // added to the server's own first body line
};

// "/" → 200, "/status/NNN" (100..599) → NNN, any other path → 404, not a GET → 405, not HTTP → 400.
HttpAnswer answer_request(const std::string& request);

// "HTTP/1.1 <status> <reason>" with Content-Type, Content-Length and Connection: close.
std::string http_response(int status, const std::string& reason, const std::string& body);

}  // namespace q2686
