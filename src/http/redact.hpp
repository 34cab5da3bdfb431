#pragma once
// Redaction of secrets, in one place. Every URL, header and body excerpt that the HTTP layer logs or puts in a
// Failure message passes through these functions first.

#include <string>
#include <string_view>

namespace issuebridge::http {

inline constexpr std::string_view k_redacted = "********";

// `url` with userinfo (user:pass@) and the values of secret query parameters (key, token, private_token,
// access_token, client_secret, password, sig, signature, and any name containing "token", "secret" or
// "password") replaced by ********. Never fails; text that is not a URL is handled like redact_text.
std::string redact_url(std::string_view url);

// `value`, or ******** when `name` is a credential header (Authorization, Proxy-Authorization, PRIVATE-TOKEN,
// JOB-TOKEN, Cookie, Set-Cookie, X-API-Key and any name mentioning token, secret, api-key or session).
// For Authorization the scheme word stays ("Bearer ********"). Other values go through redact_text, since
// Link and Location values carry URLs.
std::string redact_header(std::string_view name, std::string_view value);

// Free text (an error body, a curl message) with URL userinfo, secret query parameters wherever they occur
// ("token=abc"), the credential after "Bearer "/"Basic ", and the string values of JSON members named like
// credentials ("access_token": "…", "password": "…") replaced by ********.
std::string redact_text(std::string_view text);

} // namespace issuebridge::http
