#include "app/crypto/crypto.h"

#include <sodium.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <vector>

#include "core/base/check.h"

namespace backcare::app::crypto {
namespace {

void EnsureSodium() {
  static const int kInit = sodium_init();  // 0 = initialised now, 1 = already
  BACKCARE_CHECK(kInit >= 0);
}

// A counting semaphore of 2: each Argon2id run holds 64 MiB.
class Limiter {
 public:
  explicit Limiter(int slots) : free_(slots) {}
  void Acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      ++free_;
    }
    available_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable available_;
  int free_;
};

class Slot {
 public:
  explicit Slot(Limiter& limiter) : limiter_(limiter) { limiter_.Acquire(); }
  ~Slot() { limiter_.Release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  Limiter& limiter_;
};

class Argon2idHasher final : public PasswordHasher {
 public:
  Argon2idHasher() : limiter_(2) { EnsureSodium(); }

  Result<std::string> Hash(std::string_view password) override {
    char out[crypto_pwhash_STRBYTES];
    Slot slot(limiter_);
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return Internal("password hashing ran out of memory");
    }
    return std::string(out);
  }

  bool Verify(std::string_view hash, std::string_view password) override {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
      return false;
    }
    std::string terminated(hash);  // crypto_pwhash_str_verify needs a NUL-terminated string
    Slot slot(limiter_);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
  }

 private:
  Limiter limiter_;
};

class CachingHasher final : public PasswordHasher {
 public:
  explicit CachingHasher(std::unique_ptr<PasswordHasher> inner) : inner_(std::move(inner)) {}

  Result<std::string> Hash(std::string_view password) override {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(std::string(password));
    if (found != cache_.end()) {
      return found->second;
    }
    ASSIGN_OR_RETURN(std::string hash, inner_->Hash(password));
    cache_.emplace(std::string(password), hash);
    return hash;
  }

  bool Verify(std::string_view hash, std::string_view password) override {
    return inner_->Verify(hash, password);
  }

 private:
  std::unique_ptr<PasswordHasher> inner_;
  std::mutex mutex_;
  std::map<std::string, std::string> cache_;
};

}  // namespace

std::string Sha256Hex(std::string_view data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

std::string RandomUrlSafeToken(std::size_t byte_count) {
  EnsureSodium();
  std::vector<unsigned char> bytes(byte_count);
  randombytes_buf(bytes.data(), bytes.size());
  const std::size_t encoded_size =
      sodium_base64_ENCODED_LEN(byte_count, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string encoded(encoded_size, '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(encoded_size - 1);  // drop the NUL
  sodium_memzero(bytes.data(), bytes.size());
  return encoded;
}

std::unique_ptr<PasswordHasher> NewArgon2idHasher() { return std::make_unique<Argon2idHasher>(); }

std::unique_ptr<PasswordHasher> NewCachingHasher(std::unique_ptr<PasswordHasher> inner) {
  return std::make_unique<CachingHasher>(std::move(inner));
}

}  // namespace backcare::app::crypto
