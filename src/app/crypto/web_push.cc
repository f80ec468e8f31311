#include "app/crypto/web_push.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <utility>
#include <vector>

#include "core/base/check.h"

namespace backcare::app::crypto {
namespace {

// unique_ptr deleters for the OpenSSL objects used here.
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

constexpr char kCurveName[] = "prime256v1";  // P-256, secp256r1
constexpr std::size_t kPointBytes = 65;      // 0x04 || x || y
constexpr std::size_t kScalarBytes = 32;
constexpr std::size_t kAuthSecretBytes = 16;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kKeyBytes = 16;    // AES-128
constexpr std::size_t kNonceBytes = 12;  // the GCM IV

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// A failed OpenSSL call leaves errors on this thread's queue; a later TLS call on the same thread
// would read them as its own. Every expected failure path here ends with this.
std::nullptr_t ClearErrors() {
  ERR_clear_error();
  return nullptr;
}

// A P-256 key from the uncompressed `point` and, when given, the private `scalar` (then both
// halves in one key); null (errors cleared) when OpenSSL refuses them. Not yet checked.
PkeyPtr KeyFromData(std::string_view point, const BIGNUM* scalar) {
  const ParamBuildPtr build(OSSL_PARAM_BLD_new());
  BACKCARE_CHECK(build != nullptr);
  BACKCARE_CHECK(
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, kCurveName, 0) == 1);
  BACKCARE_CHECK(OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                  point.data(), point.size()) == 1);
  if (scalar != nullptr) {
    BACKCARE_CHECK(OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar) == 1);
  }
  const ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  BACKCARE_CHECK(params != nullptr);
  const PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  BACKCARE_CHECK(context != nullptr);
  EVP_PKEY* raw = nullptr;
  const int selection = scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  if (EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, selection, params.get()) != 1) {
    return ClearErrors();
  }
  return PkeyPtr(raw);
}

// The public key `point` (65 bytes, uncompressed) when it is a valid point of P-256; else null.
PkeyPtr PublicKeyFromPoint(std::string_view point) {
  if (point.size() != kPointBytes || point.front() != '\x04') return nullptr;
  PkeyPtr key = KeyFromData(point, nullptr);
  if (!key) return nullptr;
  const PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  BACKCARE_CHECK(check != nullptr);
  if (EVP_PKEY_public_check(check.get()) != 1) return ClearErrors();
  return key;
}

enum class KeyPairProblem { kNone, kPublicKey, kPrivateKey, kMismatch };

struct ImportedKeyPair {
  PkeyPtr key;  // null unless problem is kNone
  KeyPairProblem problem = KeyPairProblem::kNone;
  std::string public_point;
};

// `keys` as one EVP_PKEY holding both halves, after checking the point is on the curve, the
// scalar is in [1, n-1] and the point is the scalar's.
ImportedKeyPair ImportKeyPair(const VapidKeyPair& keys) {
  ImportedKeyPair imported;
  const std::optional<std::string> point = Base64UrlDecode(keys.public_key);
  if (!point || PublicKeyFromPoint(*point) == nullptr) {
    imported.problem = KeyPairProblem::kPublicKey;
    return imported;
  }
  std::optional<std::string> scalar = Base64UrlDecode(keys.private_key);
  if (!scalar || scalar->size() != kScalarBytes) {
    imported.problem = KeyPairProblem::kPrivateKey;
    return imported;
  }
  const BignumPtr private_number(
      BN_bin2bn(Bytes(*scalar), static_cast<int>(scalar->size()), nullptr));
  sodium_memzero(scalar->data(), scalar->size());
  BACKCARE_CHECK(private_number != nullptr);
  PkeyPtr key = KeyFromData(*point, private_number.get());
  if (!key) {
    imported.problem = KeyPairProblem::kPrivateKey;
    return imported;
  }
  const PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  BACKCARE_CHECK(check != nullptr);
  if (EVP_PKEY_private_check(check.get()) != 1) {
    ClearErrors();
    imported.problem = KeyPairProblem::kPrivateKey;
    return imported;
  }
  if (EVP_PKEY_pairwise_check(check.get()) != 1) {
    ClearErrors();
    imported.problem = KeyPairProblem::kMismatch;
    return imported;
  }
  imported.key = std::move(key);
  imported.public_point = *point;
  return imported;
}

// Appends the field errors for a key pair that failed to import, under `prefix` ("sender").
void AddKeyPairErrors(KeyPairProblem problem, const std::string& prefix,
                      std::vector<FieldError>& fields) {
  switch (problem) {
    case KeyPairProblem::kNone:
      return;
    case KeyPairProblem::kPublicKey:
      fields.push_back({"", prefix + ".public_key",
                        "expected an uncompressed P-256 public key in base64url (87 characters)"});
      return;
    case KeyPairProblem::kPrivateKey:
      fields.push_back({"", prefix + ".private_key",
                        "expected a 32-byte P-256 private scalar in base64url (43 characters)"});
      return;
    case KeyPairProblem::kMismatch:
      fields.push_back(
          {"", prefix + ".public_key", "expected the public key of " + prefix + ".private_key"});
      return;
  }
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  const unsigned char* done = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                   Bytes(data), data.size(), mac.data(), &mac_length);
  BACKCARE_CHECK(done != nullptr && mac_length == 32);
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_length);
}

// HKDF-Expand (RFC 5869 section 2.3) with SHA-256 for `length` <= 32: one block, T(1).
std::string HkdfExpandOneBlock(std::string_view prk, std::string_view info, std::size_t length) {
  BACKCARE_CHECK(length <= 32);
  std::string block = HmacSha256(prk, std::string(info) + '\x01');
  block.resize(length);
  return block;
}

// The ECDH shared secret: the x coordinate of private * peer, 32 bytes.
std::string EcdhSecret(EVP_PKEY* private_key, EVP_PKEY* peer_public) {
  const PkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, private_key, nullptr));
  BACKCARE_CHECK(context != nullptr);
  BACKCARE_CHECK(EVP_PKEY_derive_init(context.get()) == 1);
  BACKCARE_CHECK(EVP_PKEY_derive_set_peer(context.get(), peer_public) == 1);
  std::size_t length = 0;
  BACKCARE_CHECK(EVP_PKEY_derive(context.get(), nullptr, &length) == 1);
  std::string secret(length, '\0');
  BACKCARE_CHECK(EVP_PKEY_derive(context.get(), Bytes(secret), &length) == 1);
  BACKCARE_CHECK(length == kScalarBytes);
  secret.resize(length);
  return secret;
}

// AES-128-GCM of `plaintext` with no associated data: the ciphertext followed by the 16-byte tag.
std::string Aes128GcmSeal(std::string_view key, std::string_view nonce,
                          std::string_view plaintext) {
  BACKCARE_CHECK(key.size() == kKeyBytes && nonce.size() == kNonceBytes);
  const CipherCtxPtr context(EVP_CIPHER_CTX_new());
  BACKCARE_CHECK(context != nullptr);
  BACKCARE_CHECK(EVP_EncryptInit_ex2(context.get(), EVP_aes_128_gcm(), Bytes(key), Bytes(nonce),
                                     nullptr) == 1);
  std::string sealed(plaintext.size() + kTagBytes, '\0');
  int written = 0;
  BACKCARE_CHECK(EVP_EncryptUpdate(context.get(), Bytes(sealed), &written, Bytes(plaintext),
                                   static_cast<int>(plaintext.size())) == 1);
  int final_written = 0;
  BACKCARE_CHECK(EVP_EncryptFinal_ex(context.get(), Bytes(sealed) + written, &final_written) == 1);
  BACKCARE_CHECK(static_cast<std::size_t>(written + final_written) == plaintext.size());
  BACKCARE_CHECK(EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                     Bytes(sealed) + plaintext.size()) == 1);
  return sealed;
}

std::string RandomBytes(std::size_t count) {
  std::string bytes(count, '\0');
  BACKCARE_CHECK(RAND_bytes(Bytes(bytes), static_cast<int>(count)) == 1);
  return bytes;
}

// True when `text` can go between JSON quotes as it is: no '"', '\\' or control character.
bool IsPlainJsonString(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

// ECDSA P-256 over SHA-256 of `data`, as the 64-byte r || s of RFC 7515 appendix A.3 (OpenSSL
// gives the DER ECDSA-Sig-Value of RFC 3279).
std::string SignEs256(EVP_PKEY* key, std::string_view data) {
  const MdCtxPtr context(EVP_MD_CTX_new());
  BACKCARE_CHECK(context != nullptr);
  BACKCARE_CHECK(EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1);
  std::size_t der_length = 0;
  BACKCARE_CHECK(EVP_DigestSign(context.get(), nullptr, &der_length, Bytes(data), data.size()) ==
                 1);
  std::string der(der_length, '\0');
  BACKCARE_CHECK(EVP_DigestSign(context.get(), Bytes(der), &der_length, Bytes(data), data.size()) ==
                 1);
  const unsigned char* cursor = Bytes(der);
  const EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length)));
  BACKCARE_CHECK(signature != nullptr);
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(signature.get(), &r, &s);
  std::string raw(2 * kScalarBytes, '\0');
  BACKCARE_CHECK(BN_bn2binpad(r, Bytes(raw), kScalarBytes) == kScalarBytes);
  BACKCARE_CHECK(BN_bn2binpad(s, Bytes(raw) + kScalarBytes, kScalarBytes) == kScalarBytes);
  return raw;
}

}  // namespace

VapidKeyPair NewVapidKeyPair() {
  const PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kCurveName));
  BACKCARE_CHECK(key != nullptr);
  std::string point(kPointBytes, '\0');
  std::size_t point_length = 0;
  BACKCARE_CHECK(EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, Bytes(point),
                                                 point.size(), &point_length) == 1);
  BACKCARE_CHECK(point_length == kPointBytes && point.front() == '\x04');
  BIGNUM* raw_private = nullptr;
  BACKCARE_CHECK(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw_private) == 1);
  const BignumPtr private_number(raw_private);
  std::string scalar(kScalarBytes, '\0');
  BACKCARE_CHECK(BN_bn2binpad(private_number.get(), Bytes(scalar), kScalarBytes) == kScalarBytes);
  VapidKeyPair pair{Base64UrlEncode(point), Base64UrlEncode(scalar)};
  sodium_memzero(scalar.data(), scalar.size());
  return pair;
}

std::string Base64UrlEncode(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), Bytes(bytes), bytes.size(), kVariant);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  // No characters to ignore and no end pointer: any character outside the alphabet, '=' included,
  // fails the whole decoding, as do stray bits in the last character and a 4n+1 length.
  if (sodium_base642bin(Bytes(bytes), bytes.size(), text.data(), text.size(), nullptr, &length,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  bytes.resize(length);
  return bytes;
}

Result<std::string> EncryptPushPayload(std::string_view plaintext, std::string_view ua_public_b64,
                                       std::string_view auth_secret_b64) {
  return EncryptPushPayloadWith(plaintext, ua_public_b64, auth_secret_b64, NewVapidKeyPair(),
                                RandomBytes(kSaltBytes));
}

Result<std::string> EncryptPushPayloadWith(std::string_view plaintext,
                                           std::string_view ua_public_b64,
                                           std::string_view auth_secret_b64,
                                           const VapidKeyPair& sender, std::string_view salt) {
  std::vector<FieldError> fields;
  const std::optional<std::string> ua_public = Base64UrlDecode(ua_public_b64);
  const PkeyPtr ua_key = ua_public ? PublicKeyFromPoint(*ua_public) : nullptr;
  if (ua_key == nullptr) {
    fields.push_back({"", "keys.p256dh",
                      "expected an uncompressed P-256 public key in base64url (87 characters)"});
  }
  const std::optional<std::string> auth_secret = Base64UrlDecode(auth_secret_b64);
  if (!auth_secret || auth_secret->size() != kAuthSecretBytes) {
    fields.push_back({"", "keys.auth", "expected a 16-byte secret in base64url (22 characters)"});
  }
  if (plaintext.size() > kMaxPushPayloadBytes) {
    fields.push_back({"", "payload",
                      "expected at most " + std::to_string(kMaxPushPayloadBytes) + " bytes, got " +
                          std::to_string(plaintext.size())});
  }
  const ImportedKeyPair as = ImportKeyPair(sender);
  AddKeyPairErrors(as.problem, "sender", fields);
  if (salt.size() != kSaltBytes) {
    fields.push_back({"", "salt", "expected 16 bytes, got " + std::to_string(salt.size())});
  }
  if (!fields.empty()) {
    // The message first: the order in which arguments are evaluated is unspecified.
    std::string message = "push message: " + std::to_string(fields.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(fields));
  }

  // RFC 8291 section 3.3: the input keying material from the ECDH secret and the auth secret.
  std::string ecdh_secret = EcdhSecret(as.key.get(), ua_key.get());
  std::string prk_key = HmacSha256(*auth_secret, ecdh_secret);  // HKDF-Extract
  std::string key_info = "WebPush: info";
  key_info += '\0';
  key_info += *ua_public;
  key_info += as.public_point;
  std::string ikm = HkdfExpandOneBlock(prk_key, key_info, 32);

  // RFC 8188 section 2.2 and 2.3: the content-encryption key and nonce from IKM and the salt.
  std::string prk = HmacSha256(salt, ikm);
  std::string cek =
      HkdfExpandOneBlock(prk, std::string("Content-Encoding: aes128gcm") + '\0', kKeyBytes);
  std::string nonce =
      HkdfExpandOneBlock(prk, std::string("Content-Encoding: nonce") + '\0', kNonceBytes);

  // One record, so it is the last: the plaintext and the 0x02 delimiter, no padding (RFC 8188
  // section 2; RFC 8291 section 4). The record number 0 XORs nothing into the nonce.
  std::string record(plaintext);
  record += '\x02';
  std::string body(salt);
  body += std::string_view("\x00\x00\x10\x00", 4);  // rs = 4096, uint32 big-endian
  body += static_cast<char>(kPointBytes);           // idlen
  body += as.public_point;                          // keyid
  body += Aes128GcmSeal(cek, nonce, record);
  BACKCARE_CHECK(body.size() <= kPushRecordSizeBytes);

  for (std::string* secret : {&ecdh_secret, &prk_key, &ikm, &prk, &cek, &nonce}) {
    sodium_memzero(secret->data(), secret->size());
  }
  return body;
}

Result<std::string> VapidAuthorization(std::string_view audience_origin, std::string_view subject,
                                       std::int64_t expires_at_unix_seconds,
                                       const VapidKeyPair& keys) {
  std::vector<FieldError> fields;
  if (audience_origin.empty() || !IsPlainJsonString(audience_origin)) {
    fields.push_back({"", "audience",
                      "expected the push service's origin without '\"', '\\' or control "
                      "characters"});
  }
  if (!IsPlainJsonString(subject)) {
    fields.push_back({"", "subject",
                      "expected a mailto: or https: URL without '\"', '\\' or control characters"});
  }
  const ImportedKeyPair imported = ImportKeyPair(keys);
  AddKeyPairErrors(imported.problem, "vapid", fields);
  if (!fields.empty()) {
    std::string message = "VAPID token: " + std::to_string(fields.size()) + " invalid field(s)";
    return InvalidInput(std::move(message), std::move(fields));
  }
  const std::string header = R"({"typ":"JWT","alg":"ES256"})";
  // No "sub" without a contact (RFC 8292 section 2.1 only recommends one).
  const std::string contact =
      subject.empty() ? std::string() : R"(,"sub":")" + std::string(subject) + R"(")";
  const std::string claims = R"({"aud":")" + std::string(audience_origin) + R"(","exp":)" +
                             std::to_string(expires_at_unix_seconds) + contact + "}";
  const std::string signing_input = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
  const std::string signature = SignEs256(imported.key.get(), signing_input);
  return "vapid t=" + signing_input + "." + Base64UrlEncode(signature) +
         ", k=" + Base64UrlEncode(imported.public_point);
}

}  // namespace backcare::app::crypto
