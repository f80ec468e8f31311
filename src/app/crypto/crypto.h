// The cryptography the use cases need, on libsodium (the only app folder that includes
// <sodium.h>): SHA-256 for the audit chain and API-token digests, random URL-safe tokens, and
// Argon2id password hashing behind the PasswordHasher interface (so the demo generator can reuse
// one hash per distinct demo password and tests can run fast).
#ifndef BACKCARE_APP_CRYPTO_CRYPTO_H_
#define BACKCARE_APP_CRYPTO_CRYPTO_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace backcare::app::crypto {

// Lower-case hex of SHA-256(data): 64 characters. Thread-safe.
std::string Sha256Hex(std::string_view data);

// `byte_count` bytes from the OS CSPRNG, encoded as URL-safe base64 without padding
// (32 bytes -> 43 characters). Thread-safe.
std::string RandomUrlSafeToken(std::size_t byte_count);

// Hashes and checks passwords. Implementations are thread-safe.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // A self-describing hash string (e.g. "$argon2id$v=19$m=65536,t=2,p=1$..."). kInternal when the
  // library runs out of memory.
  virtual Result<std::string> Hash(std::string_view password) = 0;
  // True when `password` matches `hash`; false for a wrong password or a malformed hash.
  virtual bool Verify(std::string_view hash, std::string_view password) = 0;
};

// Argon2id via crypto_pwhash_str with the INTERACTIVE limits (64 MiB, 2 passes: about 120 ms).
// At most 2 hashes or verifications run at once (each holds 64 MiB); further callers wait.
std::unique_ptr<PasswordHasher> NewArgon2idHasher();

// Wraps `inner` and remembers the hash of each distinct password, so hashing the same password
// again costs nothing (the demo generator: one Argon2id run per distinct demo password). Verify
// is delegated. Never use it for real accounts: equal passwords then share one salt.
std::unique_ptr<PasswordHasher> NewCachingHasher(std::unique_ptr<PasswordHasher> inner);

}  // namespace backcare::app::crypto

#endif  // BACKCARE_APP_CRYPTO_CRYPTO_H_
