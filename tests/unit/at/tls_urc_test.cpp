// The TLS client's URCs read back on the host, and their plain-words explanations
// (emulator/at/tls_urc.h).
#include <gtest/gtest.h>

#include "at/tls_urc.h"

namespace q2686 {
namespace {

TEST(TlsUrc, ErrorLineIsSplitAndItsDetailDecoded) {
    const auto e = parse_tls_error(
        R"(+TLSERR: 1,"Bad certificate",-150,"not-yet-valid","notBefore=2020-01-01T00:00:00Z )"
        R"(notAfter=2040-01-01T00:00:00Z rtc=1998-01-01T00:00:08Z depth=1 cn=q2686emu%20Test%20Intermediate%20CA )"
        R"(issuer=q2686emu%20Test%20Root%20CA")");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->errnum, 1);
    EXPECT_EQ(e->text, "Bad certificate");
    EXPECT_EQ(e->code, -150);
    EXPECT_EQ(e->cause, "not-yet-valid");
    EXPECT_EQ(e->detail.at("cn"), "q2686emu Test Intermediate CA");
    EXPECT_EQ(e->detail.at("depth"), "1");
    const std::string why = explain_tls_error(*e);
    EXPECT_NE(why.find("valid from 2020-01-01T00:00:00Z"), std::string::npos) << why;
    EXPECT_NE(why.find("clock says 1998-01-01T00:00:08Z"), std::string::npos) << why;
    EXPECT_NE(why.find("power-on default"), std::string::npos) << why;
    EXPECT_NE(why.find("AT+CCLK"), std::string::npos) << why;
}

TEST(TlsUrc, EveryCauseHasItsOwnExplanation) {
    for (
        const char* line :
        {R"(+TLSERR: 1,"Bad certificate",-151,"expired","notAfter=2021-01-01T00:00:00Z rtc=2025-06-01T12:00:00Z depth=0 cn=a issuer=b")",
         R"(+TLSERR: 1,"Bad certificate",-188,"unknown-ca","depth=0 cn=a issuer=b")",
         R"(+TLSERR: 1,"Bad certificate",-188,"self-signed","depth=0 cn=a issuer=a")",
         R"(+TLSERR: 1,"Bad certificate",-322,"hostname-mismatch","cn=a host=b")",
         R"(+TLSERR: 1,"Bad certificate",-383,"key-usage","depth=0 cn=a issuer=b")",
         R"(+TLSERR: 1,"Bad certificate",-232,"unsupported-algorithm","depth=0 cn=a issuer=b")",
         R"(+TLSERR: 2,"TLS failure",-313,"handshake-failure","alert=70 reason=x")",
         R"(+TLSERR: -985,"timeout",0,"timeout","idle=30s after=handshake")",
         R"(+TLSERR: -989,"connection refused",0,"network-error","")"}) {
        const auto e = parse_tls_error(line);
        ASSERT_TRUE(e) << line;
        EXPECT_FALSE(explain_tls_error(*e).starts_with(e->text + " (")) << "the generic fallback for " << line;
    }
}

TEST(TlsUrc, EstablishedAndHttpLines) {
    const auto e =
        parse_tls_established(R"(+TLSSTEP: "established","TLS_AES_128_GCM_SHA256","TLSv1.3",1,1116,63158347)");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->version, "TLSv1.3");
    EXPECT_TRUE(e->resumed);
    EXPECT_EQ(e->cycles, 63158347u);
    EXPECT_FALSE(parse_tls_established(R"(+TLSSTEP: "handshake")"));
    const auto h = parse_tls_http(R"(+TLSHTTP: 200,"OK","HTTP/1.1")");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->status_line(), "HTTP/1.1 200 OK");
    EXPECT_FALSE(parse_tls_http(R"(+TLSHTTP: 200,"OK)"));
    EXPECT_FALSE(parse_tls_error("+TLSERR: x"));
}

}  // namespace
}  // namespace q2686
