// The built-in server's test PKI (emulator/tls/server/test_pki.h), made by the real openssl program in
// a scratch cache folder and read back with the host wolfSSL (tls/dissector/x509_certificate.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "tls/dissector/x509_certificate.h"
#include "tls/server/test_pki.h"

namespace q2686 {
namespace {

namespace fs = std::filesystem;

// RFC 4648 base64, as between a PEM block's armour lines (other characters are skipped).
std::vector<std::uint8_t> base64_decode(std::string_view text) {
    std::vector<std::uint8_t> out;
    unsigned bits = 0, value = 0;
    for (char c : text) {
        const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char* at = c ? std::strchr(alphabet, c) : nullptr;
        if (!at) continue;
        value = value << 6 | static_cast<unsigned>(at - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(value >> bits));
        }
    }
    return out;
}

std::vector<std::uint8_t> pem_to_der(const std::string& block) {
    const std::size_t body = block.find('\n');
    const std::size_t end = block.find("-----END");
    return base64_decode(std::string_view(block).substr(body, end - body));
}

// The certificates of a PEM file, decoded.
std::vector<CertificateInfo> certificates_in(const fs::path& pem) {
    const std::string text = read_text_file(pem);
    std::vector<CertificateInfo> out;
    for (std::size_t at = text.find("-----BEGIN CERTIFICATE-----"); at != std::string::npos;
         at = text.find("-----BEGIN CERTIFICATE-----", at + 1)) {
        const std::size_t end = text.find("-----END CERTIFICATE-----", at);
        const std::string block = text.substr(at, end + 25 - at);
        const auto der = pem_to_der(block);
        out.push_back(parse_x509_certificate(der));
    }
    return out;
}

class TestPkiFolder : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "q2686-pki-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir = pattern;
    }
    void TearDown() override { fs::remove_all(dir); }
    fs::path dir;
};

TEST_F(TestPkiFolder, CaIssuedCertificateComesWithItsIntermediateAndTheRequestedDates) {
    const TestPki pki(dir);
    ServerCertificateSpec spec;
    spec.hostname = "device.example.com";
    spec.not_before = CertificateDate::parse("2025-03-01");
    spec.not_after = CertificateDate::parse("2026-03-01T12:00:00Z");
    const ServerCredentials credentials = pki.server(spec);
    const std::vector<CertificateInfo> chain = certificates_in(credentials.chain);
    ASSERT_EQ(chain.size(), 2u);
    EXPECT_EQ(chain[0].subject_cn, "device.example.com");
    EXPECT_EQ(chain[0].issuer_cn, "q2686emu Test Intermediate CA");
    EXPECT_EQ(chain[0].not_before, 1740787200) << "2025-03-01T00:00:00Z";
    EXPECT_EQ(chain[0].not_after, 1772366400) << "2026-03-01T12:00:00Z";
    EXPECT_EQ(chain[0].dns_names, std::vector<std::string>{"device.example.com"});
    EXPECT_EQ(chain[0].key, "RSA 2048-bit");
    EXPECT_EQ(chain[1].subject_cn, "q2686emu Test Intermediate CA");
    EXPECT_EQ(chain[1].issuer_cn, "q2686emu Test Root CA");
    const std::vector<CertificateInfo> root = certificates_in(pki.root_ca());
    ASSERT_EQ(root.size(), 1u);
    EXPECT_EQ(root[0].subject_cn, "q2686emu Test Root CA");
}

TEST_F(TestPkiFolder, SelfSignedAndUnknownCaCertificatesHaveNoIntermediate) {
    const TestPki pki(dir);
    ServerCertificateSpec self;
    self.issuer = CertificateIssuer::SelfSigned;
    const auto self_chain = certificates_in(pki.server(self).chain);
    ASSERT_EQ(self_chain.size(), 1u);
    EXPECT_EQ(self_chain[0].issuer_cn, "api.example.com");
    ServerCertificateSpec unknown;
    unknown.issuer = CertificateIssuer::UnknownCa;
    const auto unknown_chain = certificates_in(pki.server(unknown).chain);
    ASSERT_EQ(unknown_chain.size(), 1u);
    EXPECT_EQ(unknown_chain[0].issuer_cn, "q2686emu Other CA");
}

TEST_F(TestPkiFolder, ExtraNamesMakeAChainLargerThanOneTlsRecord) {
    const TestPki pki(dir);
    ServerCertificateSpec spec;
    spec.extra_names = 800;
    const ServerCredentials credentials = pki.server(spec);
    const std::string text = read_text_file(credentials.chain);
    std::size_t der_bytes = 0;
    for (std::size_t at = text.find("-----BEGIN CERTIFICATE-----"); at != std::string::npos;
         at = text.find("-----BEGIN CERTIFICATE-----", at + 1))
        der_bytes += pem_to_der(text.substr(at, text.find("-----END CERTIFICATE-----", at) + 25 - at)).size();
    EXPECT_GT(der_bytes, 16u * 1024) << "past the 2^14 bytes of one TLS record (RFC 8446 §5.1)";
    const std::vector<CertificateInfo> chain = certificates_in(credentials.chain);
    ASSERT_EQ(chain.size(), 2u);
    ASSERT_EQ(chain[0].dns_names.size(), 801u);
    EXPECT_EQ(chain[0].dns_names[0], "api.example.com");
    EXPECT_EQ(chain[0].dns_names[800], "n800.api.example.com");
    EXPECT_NE(credentials.chain, pki.server(ServerCertificateSpec{}).chain) << "its own cache entry";
}

TEST_F(TestPkiFolder, TheSameRequestGivesTheSameFilesAndAnotherRequestOthers) {
    const TestPki pki(dir);
    ServerCertificateSpec spec;
    const ServerCredentials first = pki.server(spec);
    const std::string bytes = read_text_file(first.chain);
    const TestPki again(dir);
    EXPECT_EQ(read_text_file(again.server(spec).chain), bytes) << "cached";
    spec.not_after = CertificateDate::parse("2035-01-01");
    EXPECT_NE(read_text_file(pki.server(spec).chain), bytes);
    EXPECT_EQ(pki.server(spec).key, first.key) << "one server key per key type";
}

TEST_F(TestPkiFolder, RelativeCacheFolderWorksFromAnyWorkingDirectory) {
    const fs::path before = fs::current_path();
    fs::current_path(dir);
    ServerCertificateSpec spec;
    spec.key = ServerKeyType::EcP256;
    ServerCredentials credentials;
    EXPECT_NO_THROW(credentials = TestPki("relative/pki").server(spec)) << "openssl runs in a subfolder";
    fs::current_path(before);
    EXPECT_TRUE(credentials.chain.is_absolute());
    EXPECT_TRUE(fs::exists(credentials.chain));
}

TEST(TestPki, FolderThatCannotBeMadeIsAClearError) {
    try {
        TestPki pki("/proc/self/q2686-cannot-be-here");
        FAIL() << "accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot create the PKI cache"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace q2686
