#include "app/crypto/totp.h"

#include <gtest/gtest.h>

#include <set>

namespace backcare::app::crypto {
namespace {

// True when every character of `text` is in `alphabet`.
bool OnlyOf(std::string_view text, std::string_view alphabet) {
  return text.find_first_not_of(alphabet) == std::string_view::npos;
}

constexpr std::string_view kUpperBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kLowerBase32 = "abcdefghijklmnopqrstuvwxyz234567";

// RFC 4648 section 10.
TEST(Base32Test, EncodesTheRfcVectorsWithoutPadding) {
  EXPECT_EQ(EncodeBase32(""), "");
  EXPECT_EQ(EncodeBase32("f"), "MY");
  EXPECT_EQ(EncodeBase32("fo"), "MZXQ");
  EXPECT_EQ(EncodeBase32("foo"), "MZXW6");
  EXPECT_EQ(EncodeBase32("foob"), "MZXW6YQ");
  EXPECT_EQ(EncodeBase32("fooba"), "MZXW6YTB");
  EXPECT_EQ(EncodeBase32("foobar"), "MZXW6YTBOI");
}

TEST(Base32Test, DecodesWhatItEncodesAndPaddedLowerCaseForms) {
  EXPECT_EQ(DecodeBase32("MZXW6YTBOI"), "foobar");
  EXPECT_EQ(DecodeBase32("mzxw6ytboi======"), "foobar");
  EXPECT_EQ(DecodeBase32("MZXW 6YTB OI"), "foobar");
  const std::string bytes("\x00\xff\x10\x80\x7f", 5);
  EXPECT_EQ(DecodeBase32(EncodeBase32(bytes)), bytes);
}

TEST(Base32Test, RefusesOtherCharactersImpossibleLengthsAndStrayBits) {
  EXPECT_EQ(DecodeBase32("MZXW1"), std::nullopt);  // '1' is not in the alphabet
  EXPECT_EQ(DecodeBase32("MZX"), std::nullopt);    // 3 symbols end no group
  EXPECT_EQ(DecodeBase32("M"), std::nullopt);      // nor does 1
  EXPECT_EQ(DecodeBase32("MZ"), std::nullopt);     // "MY" is "f"; "MZ" leaves a 1 bit over
  EXPECT_EQ(DecodeBase32("MY=Y"), std::nullopt);   // data after padding
}

// RFC 4226 appendix D: the secret "12345678901234567890", counters 0..9.
TEST(HotpTest, MatchesTheRfc4226Vectors) {
  const std::string key = "12345678901234567890";
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(HotpCode(key, counter), expected[counter]) << counter;
  }
}

// RFC 6238 appendix B, the SHA-1 rows (8 digits, 30-second steps).
TEST(TotpTest, MatchesTheRfc6238Sha1Vectors) {
  const std::string key = "12345678901234567890";
  const std::pair<std::int64_t, const char*> rows[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [seconds, code] : rows) {
    EXPECT_EQ(HotpCode(key, TotpStep(seconds), 8), code) << seconds;
  }
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(-1), -1);
}

TEST(TotpTest, AcceptsOneStepEitherSideAndNothingFurther) {
  const std::string secret = EncodeBase32("12345678901234567890");
  const std::int64_t step = TotpStep(1111111111);
  const std::string code = HotpCode("12345678901234567890", step);
  EXPECT_EQ(MatchTotp(secret, code, step), step);
  EXPECT_EQ(MatchTotp(secret, code, step - 1), step);  // the client's clock is 30 s ahead
  EXPECT_EQ(MatchTotp(secret, code, step + 1), step);  // or behind
  EXPECT_EQ(MatchTotp(secret, code, step + 2), std::nullopt);
  EXPECT_EQ(MatchTotp(secret, code, step - 2), std::nullopt);
  EXPECT_EQ(MatchTotp(secret, " " + code + " ", step), step);
  EXPECT_EQ(MatchTotp(secret, code.substr(0, 5), step), std::nullopt);
  EXPECT_EQ(MatchTotp(secret, code + "0", step), std::nullopt);
  EXPECT_EQ(MatchTotp(secret, "12a456", step), std::nullopt);
  EXPECT_EQ(MatchTotp("", code, step), std::nullopt);
  EXPECT_EQ(MatchTotp("not base32!", code, step), std::nullopt);
}

TEST(TotpTest, NewSecretsAre160BitsOfBase32AndDiffer) {
  const std::string a = NewTotpSecret();
  const std::string b = NewTotpSecret();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_TRUE(OnlyOf(a, kUpperBase32)) << a;
  EXPECT_EQ(DecodeBase32(a)->size(), 20u);
  EXPECT_NE(a, b);
}

TEST(TotpTest, TheOtpAuthUriNamesIssuerAccountAndParameters) {
  EXPECT_EQ(OtpAuthUri("backcare", "ada lovelace@clinic.example", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/backcare:ada%20lovelace@clinic.example?secret=JBSWY3DPEHPK3PXP"
            "&issuer=backcare&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodeTest, TenDistinctCodesInGroupsOfFour) {
  const std::vector<std::string> codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  for (const std::string& code : codes) {
    ASSERT_EQ(code.size(), 19u) << code;
    for (std::size_t dash : {4u, 9u, 14u}) EXPECT_EQ(code[dash], '-') << code;
    EXPECT_TRUE(OnlyOf(code, std::string(kLowerBase32) + "-")) << code;
    EXPECT_TRUE(RecoveryCodeHash(code).has_value());
  }
}

TEST(RecoveryCodeTest, TheHashIgnoresCaseSpacesAndDashesOnly) {
  const std::optional<std::string> hash = RecoveryCodeHash("abcd-efgh-ijkl-mn23");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->size(), 64u);
  EXPECT_EQ(RecoveryCodeHash("ABCD EFGH IJKL MN23"), hash);
  EXPECT_EQ(RecoveryCodeHash("abcdefghijklmn23"), hash);
  EXPECT_NE(RecoveryCodeHash("abcd-efgh-ijkl-mn24"), hash);
  EXPECT_EQ(RecoveryCodeHash("abcd-efgh-ijkl-mn2"), std::nullopt);    // 15 characters
  EXPECT_EQ(RecoveryCodeHash("abcd-efgh-ijkl-mn234"), std::nullopt);  // 17
  EXPECT_EQ(RecoveryCodeHash("abcd-efgh-ijkl-mn01"), std::nullopt);   // 0 and 1 are not base32
  EXPECT_EQ(RecoveryCodeHash("123456"), std::nullopt);                // an authenticator code
}

}  // namespace
}  // namespace backcare::app::crypto
