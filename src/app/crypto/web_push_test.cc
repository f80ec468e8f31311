#include "app/crypto/web_push.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace backcare::app::crypto {
namespace {

// RFC 8291 appendix A ("Intermediate Values for Encryption"), the example of section 5: the
// values as published, line breaks removed.
constexpr std::string_view kRfcPlaintext = "When I grow up, I want to be a watermelon";
constexpr std::string_view kRfcAsPublic =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
constexpr std::string_view kRfcAsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr std::string_view kRfcUaPublic =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kRfcUaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
constexpr std::string_view kRfcSalt = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr std::string_view kRfcAuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr std::string_view kRfcBody =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6T"
    "lzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4"
    "a-fN";

// --- Test-side OpenSSL, written from the RFCs independently of web_push.cc. ---

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

std::string Decoded(std::string_view base64url) {
  const std::optional<std::string> bytes = Base64UrlDecode(base64url);
  EXPECT_TRUE(bytes.has_value()) << base64url;
  return bytes.value_or("");
}

// An EC P-256 key from its uncompressed point and, when given, its private scalar.
PkeyPtr P256Key(std::string_view point, std::optional<std::string_view> scalar = std::nullopt) {
  std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>> build(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0);
  OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                   point.size());
  std::unique_ptr<BIGNUM, Deleter<BN_free>> d;
  if (scalar) {
    d.reset(BN_bin2bn(Bytes(*scalar), static_cast<int>(scalar->size()), nullptr));
    OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get());
  }
  std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>> params(
      OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(context.get());
  EVP_PKEY_fromdata(context.get(), &key, scalar ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                    params.get());
  EXPECT_NE(key, nullptr);
  return PkeyPtr(key);
}

std::string Hmac(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(data), data.size(), mac.data(),
       &length);
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

// The user agent's side of RFC 8291 section 3 and RFC 8188 section 2 for a one-record body.
// Nullopt when the header is malformed or the tag does not verify.
std::optional<std::string> DecryptPushBody(std::string_view body, std::string_view ua_public,
                                           std::string_view ua_private,
                                           std::string_view auth_secret) {
  if (body.size() < 21) return std::nullopt;
  const std::string_view salt = body.substr(0, 16);
  const std::size_t idlen = static_cast<unsigned char>(body[20]);
  if (body.size() < 21 + idlen + 17) return std::nullopt;
  const std::string_view as_public = body.substr(21, idlen);
  const std::string_view sealed = body.substr(21 + idlen);

  PkeyPtr ua_key = P256Key(ua_public, ua_private);
  PkeyPtr as_key = P256Key(as_public);
  PkeyCtxPtr derive(EVP_PKEY_CTX_new_from_pkey(nullptr, ua_key.get(), nullptr));
  std::string ecdh_secret(32, '\0');
  std::size_t secret_length = ecdh_secret.size();
  if (EVP_PKEY_derive_init(derive.get()) != 1 ||
      EVP_PKEY_derive_set_peer(derive.get(), as_key.get()) != 1 ||
      EVP_PKEY_derive(derive.get(), Bytes(ecdh_secret), &secret_length) != 1) {
    return std::nullopt;
  }
  const std::string prk_key = Hmac(auth_secret, ecdh_secret);
  const std::string key_info =
      std::string("WebPush: info") + '\0' + std::string(ua_public) + std::string(as_public);
  const std::string ikm = Hmac(prk_key, key_info + '\x01');
  const std::string prk = Hmac(salt, ikm);
  const std::string cek =
      Hmac(prk, std::string("Content-Encoding: aes128gcm") + '\0' + '\x01').substr(0, 16);
  const std::string nonce =
      Hmac(prk, std::string("Content-Encoding: nonce") + '\0' + '\x01').substr(0, 12);

  const std::string_view ciphertext = sealed.substr(0, sealed.size() - 16);
  std::string tag(sealed.substr(sealed.size() - 16));
  std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>> cipher(EVP_CIPHER_CTX_new());
  std::string record(ciphertext.size(), '\0');
  int written = 0;
  int final_written = 0;
  if (EVP_DecryptInit_ex2(cipher.get(), EVP_aes_128_gcm(), Bytes(cek), Bytes(nonce), nullptr) !=
          1 ||
      EVP_DecryptUpdate(cipher.get(), Bytes(record), &written, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(cipher.get(), Bytes(record) + written, &final_written) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  // The last record ends with 0x02 and then only zero padding.
  while (!record.empty() && record.back() == '\0') record.pop_back();
  if (record.empty() || record.back() != '\x02') return std::nullopt;
  record.pop_back();
  return record;
}

// ES256 verification of a JWS raw r || s signature (RFC 7515 appendix A.3), converted back to
// the DER ECDSA-Sig-Value OpenSSL verifies.
bool VerifyEs256(std::string_view public_point, std::string_view data,
                 std::string_view raw_signature) {
  if (raw_signature.size() != 64) return false;
  PkeyPtr key = P256Key(public_point);
  std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>> signature(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(Bytes(raw_signature), 32, nullptr);
  BIGNUM* s = BN_bin2bn(Bytes(raw_signature) + 32, 32, nullptr);
  ECDSA_SIG_set0(signature.get(), r, s);  // takes r and s
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(signature.get(), &der);
  std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>> context(EVP_MD_CTX_new());
  const bool verified =
      der_length > 0 &&
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
      EVP_DigestVerify(context.get(), der, static_cast<std::size_t>(der_length), Bytes(data),
                       data.size()) == 1;
  OPENSSL_free(der);
  ERR_clear_error();
  return verified;
}

// d * G on P-256 as an uncompressed point, computed here with the EC_POINT arithmetic.
std::string PublicPointOf(std::string_view scalar) {
  std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>> group(
      EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>> point(EC_POINT_new(group.get()));
  std::unique_ptr<BIGNUM, Deleter<BN_free>> d(
      BN_bin2bn(Bytes(scalar), static_cast<int>(scalar.size()), nullptr));
  EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, nullptr);
  std::string out(65, '\0');
  const std::size_t length = EC_POINT_point2oct(
      group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, Bytes(out), out.size(), nullptr);
  out.resize(length);
  return out;
}

std::vector<std::string> FieldPaths(const Error& error) {
  std::vector<std::string> paths;
  for (const FieldError& field : error.fields) paths.push_back(field.path);
  return paths;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    parts.emplace_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// --- Base64url ---

// RFC 4648 section 10, in the URL-safe alphabet without padding.
TEST(Base64UrlTest, EncodesTheRfcVectorsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64UrlTest, DecodesWhatItEncodes) {
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_EQ(Base64UrlDecode("Zg"), "f");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf");
  const std::string bytes("\x00\xff\x10\x80\x7f", 5);
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
}

TEST(Base64UrlTest, RefusesPaddingOtherAlphabetsAndImpossibleLengths) {
  for (const std::string_view text : {"Zg==", "Zm8=", "+/+/", "Zm9v YmFy", "Zm9vY", "Zh", "Z"}) {
    EXPECT_EQ(Base64UrlDecode(text), std::nullopt) << text;
  }
}

// --- RFC 8291 encryption ---

TEST(WebPushEncryptTest, ReproducesTheRfc8291AppendixAExample) {
  const VapidKeyPair sender{std::string(kRfcAsPublic), std::string(kRfcAsPrivate)};
  ASSERT_OK_AND_ASSIGN(const std::string body,
                       EncryptPushPayloadWith(kRfcPlaintext, kRfcUaPublic, kRfcAuthSecret, sender,
                                              Decoded(kRfcSalt)));
  EXPECT_EQ(Base64UrlEncode(body), kRfcBody);
}

TEST(WebPushEncryptTest, TheTestDecryptionOpensTheRfcExample) {
  // Checks the test's own decryption against the published body before it is trusted below.
  EXPECT_EQ(DecryptPushBody(Decoded(kRfcBody), Decoded(kRfcUaPublic), Decoded(kRfcUaPrivate),
                            Decoded(kRfcAuthSecret)),
            kRfcPlaintext);
  std::string tampered = Decoded(kRfcBody);
  tampered.back() = static_cast<char>(tampered.back() ^ 1);
  EXPECT_EQ(DecryptPushBody(tampered, Decoded(kRfcUaPublic), Decoded(kRfcUaPrivate),
                            Decoded(kRfcAuthSecret)),
            std::nullopt);
}

TEST(WebPushEncryptTest, FreshEncryptionsDecryptToThePlaintextAndDiffer) {
  const std::string text = R"({"title":"Session tomorrow","url":"/portal"})";
  ASSERT_OK_AND_ASSIGN(const std::string first,
                       EncryptPushPayload(text, kRfcUaPublic, kRfcAuthSecret));
  ASSERT_OK_AND_ASSIGN(const std::string second,
                       EncryptPushPayload(text, kRfcUaPublic, kRfcAuthSecret));
  EXPECT_NE(first, second);
  EXPECT_NE(first.substr(0, 16), second.substr(0, 16));                    // fresh salts
  EXPECT_NE(first.substr(21, 65), second.substr(21, 65));                  // fresh sender keys
  EXPECT_EQ(first.substr(16, 5), std::string("\x00\x00\x10\x00\x41", 5));  // rs 4096, idlen 65
  EXPECT_EQ(first.size(), 86 + text.size() + 1 + 16);
  for (const std::string& body : {first, second}) {
    EXPECT_EQ(DecryptPushBody(body, Decoded(kRfcUaPublic), Decoded(kRfcUaPrivate),
                              Decoded(kRfcAuthSecret)),
              text);
  }
}

TEST(WebPushEncryptTest, TakesAtMost3993BytesSoTheBodyFitsIn4096) {
  ASSERT_OK_AND_ASSIGN(const std::string body,
                       EncryptPushPayload(std::string(3993, 'x'), kRfcUaPublic, kRfcAuthSecret));
  EXPECT_EQ(body.size(), 4096u);
  EXPECT_EQ(
      DecryptPushBody(body, Decoded(kRfcUaPublic), Decoded(kRfcUaPrivate), Decoded(kRfcAuthSecret)),
      std::string(3993, 'x'));
  ASSERT_ERROR_AND_ASSIGN(const Error error,
                          EncryptPushPayload(std::string(3994, 'x'), kRfcUaPublic, kRfcAuthSecret),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "push message: 1 invalid field(s)");
  ASSERT_EQ(error.fields.size(), 1u);
  EXPECT_EQ(error.fields[0].path, "payload");
  EXPECT_EQ(error.fields[0].message, "expected at most 3993 bytes, got 3994");
}

TEST(WebPushEncryptTest, NamesEachBadSubscriptionKey) {
  const std::string off_curve = Base64UrlEncode('\x04' + std::string(64, '\xff'));
  const std::string short_auth = Base64UrlEncode(std::string(15, 'a'));
  struct Case {
    std::string p256dh;
    std::string auth;
    std::vector<std::string> paths;
  };
  const std::vector<Case> cases = {
      {off_curve, std::string(kRfcAuthSecret), {"keys.p256dh"}},
      {std::string(kRfcUaPublic), short_auth, {"keys.auth"}},
      {std::string(kRfcUaPublic), Base64UrlEncode(std::string(17, 'a')), {"keys.auth"}},
      {std::string(kRfcUaPublic), "BTBZMqHH6r4Tts7J_aSIgg==", {"keys.auth"}},
      // The compressed form of a valid point and a point with its y changed.
      {Base64UrlEncode('\x02' + Decoded(kRfcUaPublic).substr(1, 32)),
       std::string(kRfcAuthSecret),
       {"keys.p256dh"}},
      {Base64UrlEncode(Decoded(kRfcUaPublic).substr(0, 64) + '\x01'),
       std::string(kRfcAuthSecret),
       {"keys.p256dh"}},
      {"not base64!", "", {"keys.p256dh", "keys.auth"}},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(const Error error, EncryptPushPayload("hello", c.p256dh, c.auth),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldPaths(error), c.paths) << c.p256dh << " / " << c.auth;
    // A refused key leaves no OpenSSL error behind for a later TLS call on this thread.
    EXPECT_EQ(ERR_peek_error(), 0u) << c.p256dh;
  }
  ASSERT_ERROR_AND_ASSIGN(const Error error, EncryptPushPayload("hello", off_curve, short_auth),
                          ErrorCode::kInvalidInput);
  EXPECT_EQ(error.ToString(),
            "push message: 2 invalid field(s)\n"
            "keys.p256dh: expected an uncompressed P-256 public key in base64url (87 characters)\n"
            "keys.auth: expected a 16-byte secret in base64url (22 characters)");
}

TEST(WebPushEncryptTest, NamesABadSenderKeyPairOrSalt) {
  const VapidKeyPair rfc{std::string(kRfcAsPublic), std::string(kRfcAsPrivate)};
  const VapidKeyPair other = NewVapidKeyPair();
  struct Case {
    VapidKeyPair sender;
    std::string salt;
    std::vector<std::string> paths;
  };
  const std::vector<Case> cases = {
      {{rfc.public_key, other.private_key}, Decoded(kRfcSalt), {"sender.public_key"}},
      {{rfc.public_key, "short"}, Decoded(kRfcSalt), {"sender.private_key"}},
      {rfc, "too short", {"salt"}},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(
        const Error error,
        EncryptPushPayloadWith("hello", kRfcUaPublic, kRfcAuthSecret, c.sender, c.salt),
        ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldPaths(error), c.paths);
  }
}

// --- RFC 8292 VAPID ---

constexpr std::string_view kAudience = "https://push.example.net";
constexpr std::string_view kSubject = "mailto:clinic@example.org";
constexpr std::int64_t kExpiry = 1700000000;

struct ParsedAuthorization {
  std::string header;
  std::string claims;
  std::string signing_input;
  std::string signature;
  std::string k;
};

ParsedAuthorization Parse(std::string_view value) {
  ParsedAuthorization parsed;
  EXPECT_TRUE(value.starts_with("vapid t=")) << value;
  const std::size_t comma = value.find(", k=");
  EXPECT_NE(comma, std::string_view::npos) << value;
  const std::string_view token = value.substr(8, comma - 8);
  parsed.k = std::string(value.substr(comma + 4));
  const std::vector<std::string> parts = Split(token, '.');
  EXPECT_EQ(parts.size(), 3u) << token;
  if (parts.size() != 3) return parsed;
  parsed.header = Decoded(parts[0]);
  parsed.claims = Decoded(parts[1]);
  parsed.signing_input = parts[0] + "." + parts[1];
  parsed.signature = Decoded(parts[2]);
  return parsed;
}

TEST(VapidAuthorizationTest, SignsAnEs256TokenTheKeyVerifies) {
  const VapidKeyPair keys{std::string(kRfcAsPublic), std::string(kRfcAsPrivate)};
  ASSERT_OK_AND_ASSIGN(const std::string value,
                       VapidAuthorization(kAudience, kSubject, kExpiry, keys));
  const ParsedAuthorization parsed = Parse(value);
  EXPECT_EQ(parsed.header, R"({"typ":"JWT","alg":"ES256"})");
  EXPECT_EQ(
      parsed.claims,
      R"({"aud":"https://push.example.net","exp":1700000000,"sub":"mailto:clinic@example.org"})");
  EXPECT_EQ(parsed.k, kRfcAsPublic);
  EXPECT_EQ(parsed.signature.size(), 64u);
  EXPECT_TRUE(VerifyEs256(Decoded(parsed.k), parsed.signing_input, parsed.signature));

  // Without a contact the token has no "sub".
  ASSERT_OK_AND_ASSIGN(const std::string anonymous,
                       VapidAuthorization(kAudience, "", kExpiry, keys));
  const ParsedAuthorization no_sub = Parse(anonymous);
  EXPECT_EQ(no_sub.claims, R"({"aud":"https://push.example.net","exp":1700000000})");
  EXPECT_TRUE(VerifyEs256(Decoded(no_sub.k), no_sub.signing_input, no_sub.signature));
}

TEST(VapidAuthorizationTest, ATamperedClaimOrSignatureFailsVerification) {
  const VapidKeyPair keys{std::string(kRfcAsPublic), std::string(kRfcAsPrivate)};
  ASSERT_OK_AND_ASSIGN(const std::string value,
                       VapidAuthorization(kAudience, kSubject, kExpiry, keys));
  const ParsedAuthorization parsed = Parse(value);
  std::string claims = parsed.claims;
  claims.replace(claims.find("1700000000"), 10, "1900000000");
  const std::string tampered_input = Base64UrlEncode(parsed.header) + "." + Base64UrlEncode(claims);
  EXPECT_FALSE(VerifyEs256(Decoded(kRfcAsPublic), tampered_input, parsed.signature));
  std::string signature = parsed.signature;
  signature[40] = static_cast<char>(signature[40] ^ 0x10);
  EXPECT_FALSE(VerifyEs256(Decoded(kRfcAsPublic), parsed.signing_input, signature));
  const VapidKeyPair other = NewVapidKeyPair();
  EXPECT_FALSE(VerifyEs256(Decoded(other.public_key), parsed.signing_input, parsed.signature));
}

TEST(VapidAuthorizationTest, RefusesUnescapableClaimsAndBadKeys) {
  const VapidKeyPair keys{std::string(kRfcAsPublic), std::string(kRfcAsPrivate)};
  const VapidKeyPair other = NewVapidKeyPair();
  // The group order n of P-256: not a valid scalar, nor is 0.
  const std::string order = Base64UrlEncode(std::string(
      "\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xbc\xe6\xfa\xad\xa7\x17\x9e"
      "\x84\xf3\xb9\xca\xc2\xfc\x63\x25\x51",
      32));
  struct Case {
    std::string audience;
    std::string subject;
    VapidKeyPair keys;
    std::vector<std::string> paths;
  };
  const std::vector<Case> cases = {
      {"", std::string(kSubject), keys, {"audience"}},
      {"https://a\"b", std::string(kSubject), keys, {"audience"}},
      {std::string(kAudience), "mailto:a\\b", keys, {"subject"}},
      {std::string(kAudience), "mailto:a\nb", keys, {"subject"}},
      {std::string(kAudience),
       std::string(kSubject),
       {keys.public_key, other.private_key},
       {"vapid.public_key"}},
      {std::string(kAudience),
       std::string(kSubject),
       {keys.public_key, order},
       {"vapid.private_key"}},
      {std::string(kAudience),
       std::string(kSubject),
       {keys.public_key, Base64UrlEncode(std::string(32, '\0'))},
       {"vapid.private_key"}},
      {std::string(kAudience),
       std::string(kSubject),
       {keys.public_key, "yfWPiYE"},
       {"vapid.private_key"}},
      {std::string(kAudience),
       std::string(kSubject),
       {"BAAA", keys.private_key},
       {"vapid.public_key"}},
      {"\x01", "\"", keys, {"audience", "subject"}},
  };
  for (const Case& c : cases) {
    ASSERT_ERROR_AND_ASSIGN(const Error error,
                            VapidAuthorization(c.audience, c.subject, kExpiry, c.keys),
                            ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldPaths(error), c.paths) << c.audience << " / " << c.subject;
    EXPECT_EQ(ERR_peek_error(), 0u) << c.keys.public_key << " / " << c.keys.private_key;
  }
  ASSERT_ERROR_AND_ASSIGN(
      const Error error,
      VapidAuthorization(kAudience, kSubject, kExpiry, {keys.public_key, other.private_key}),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(error.ToString(),
            "VAPID token: 1 invalid field(s)\n"
            "vapid.public_key: expected the public key of vapid.private_key");
}

// --- Key pairs ---

TEST(VapidKeyPairTest, TheRfcPrivateKeysGiveTheirPublishedPublicKeys) {
  // Checks PublicPointOf, used below, on the two published pairs of RFC 8291 appendix A.
  EXPECT_EQ(Base64UrlEncode(PublicPointOf(Decoded(kRfcAsPrivate))), kRfcAsPublic);
  EXPECT_EQ(Base64UrlEncode(PublicPointOf(Decoded(kRfcUaPrivate))), kRfcUaPublic);
}

TEST(VapidKeyPairTest, NewPairsAreFreshAndThePublicKeyIsThePrivateKeys) {
  const VapidKeyPair first = NewVapidKeyPair();
  const VapidKeyPair second = NewVapidKeyPair();
  EXPECT_NE(first, second);
  for (const VapidKeyPair& pair : {first, second}) {
    EXPECT_EQ(pair.public_key.size(), 87u);
    EXPECT_EQ(pair.private_key.size(), 43u);
    EXPECT_TRUE(pair.public_key.starts_with('B'));
    EXPECT_EQ(Base64UrlEncode(PublicPointOf(Decoded(pair.private_key))), pair.public_key);
    ASSERT_OK_AND_ASSIGN(const std::string value,
                         VapidAuthorization(kAudience, kSubject, kExpiry, pair));
    const ParsedAuthorization parsed = Parse(value);
    EXPECT_TRUE(VerifyEs256(Decoded(pair.public_key), parsed.signing_input, parsed.signature));
  }
}

}  // namespace
}  // namespace backcare::app::crypto
