#pragma once
// A throw-away certificate authority for TLS tests, made with OpenSSL's C API at test time (no openssl program,
// no files kept in the repository, nothing that expires between runs).

#include <filesystem>
#include <string>

namespace issuebridge::testing {

struct TestPki {
    std::filesystem::path ca_cert;         // the CA's certificate (PEM): what a client's ca_file names
    std::filesystem::path server_key;      // the key of both server certificates (PEM)
    std::filesystem::path server_cert;     // for 127.0.0.1 and localhost, signed by the CA
    std::filesystem::path other_host_cert; // for 'other.example' only, signed by the CA
};

// Writes a fresh CA and two server certificates into `dir`. Throws std::runtime_error when OpenSSL fails.
TestPki make_test_pki(const std::filesystem::path& dir);

} // namespace issuebridge::testing
