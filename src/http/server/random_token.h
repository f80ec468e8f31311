// Unguessable tokens for session ids and CSRF tokens: 32 random bytes from libsodium's CSPRNG,
// URL-safe base64 without padding (43 characters), safe in cookies and headers.
#ifndef BACKCARE_HTTP_SERVER_RANDOM_TOKEN_H_
#define BACKCARE_HTTP_SERVER_RANDOM_TOKEN_H_

#include <string>
#include <string_view>

namespace backcare::http {

// A fresh 43-character token. Thread-safe. Aborts (BACKCARE_CHECK) if libsodium cannot start.
std::string RandomToken();

// Compares two strings in time independent of where they differ (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace backcare::http

#endif  // BACKCARE_HTTP_SERVER_RANDOM_TOKEN_H_
