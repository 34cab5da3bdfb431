#include "support/tls.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace issuebridge::testing {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("test pki: ") + what + " failed");
    }
}

Key new_key() {
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    check(key != nullptr, "EC key generation");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr && X509_add_ext(cert, ext, -1) == 1, "adding an extension");
    X509_EXTENSION_free(ext);
}

// A certificate for `key` named `common_name`, signed by `issuer_key` (self-signed when `issuer` is null).
Cert new_cert(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key, long serial,
              const char* subject_alt_names) {
    Cert cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509* c = cert.get();
    check(X509_set_version(c, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(c), serial) == 1, "serial");
    check(X509_gmtime_adj(X509_getm_notBefore(c), -3600) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(c), 7 * 86400) != nullptr,
          "validity");
    check(X509_set_pubkey(c, key) == 1, "public key");
    X509_NAME* name = X509_get_subject_name(c);
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                                     -1, 0) == 1,
          "subject");
    X509* signer = issuer != nullptr ? issuer : c;
    check(X509_set_issuer_name(c, X509_get_subject_name(signer)) == 1, "issuer");
    add_extension(c, signer, NID_subject_key_identifier, "hash");
    if (issuer == nullptr) {
        add_extension(c, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(c, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(c, signer, NID_authority_key_identifier, "keyid:always");
        add_extension(c, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(c, signer, NID_key_usage, "critical,digitalSignature");
        add_extension(c, signer, NID_ext_key_usage, "serverAuth");
        add_extension(c, signer, NID_subject_alt_name, subject_alt_names);
    }
    check(X509_sign(c, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0, "signing");
    return cert;
}

void write_pem(const std::filesystem::path& path, X509* cert, EVP_PKEY* key) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "opening a PEM file");
    const bool ok = cert != nullptr ? PEM_write_X509(f, cert) == 1
                                    : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    check(ok, "writing a PEM file");
}

} // namespace

TestPki make_test_pki(const std::filesystem::path& dir) {
    const Key ca_key = new_key();
    const Cert ca = new_cert(ca_key.get(), "issuebridge test CA", nullptr, nullptr, 1, nullptr);
    const Key key = new_key();
    const Cert server = new_cert(key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2, "IP:127.0.0.1,DNS:localhost");
    const Cert other = new_cert(key.get(), "other.example", ca.get(), ca_key.get(), 3, "DNS:other.example");
    TestPki pki{dir / "ca.pem", dir / "server-key.pem", dir / "server.pem", dir / "other-host.pem"};
    write_pem(pki.ca_cert, ca.get(), nullptr);
    write_pem(pki.server_key, nullptr, key.get());
    write_pem(pki.server_cert, server.get(), nullptr);
    write_pem(pki.other_host_cert, other.get(), nullptr);
    return pki;
}

} // namespace issuebridge::testing
