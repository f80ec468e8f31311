#include "exchange/qr/qr_svg.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/status_matchers.h"

namespace backcare::exchange {
namespace {

constexpr std::string_view kUri =
    "otpauth://totp/backcare:ada@clinic.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=backcare&algorithm=SHA1&digits=6&period=30";

// A finder pattern: a 7x7 dark ring, a light ring inside it, and a dark 3x3 core.
bool FinderAt(const QrMatrix& m, int top, int left) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = y == 0 || y == 6 || x == 0 || x == 6;
      const bool core = y >= 2 && y <= 4 && x >= 2 && x <= 4;
      const auto at = static_cast<std::size_t>(top + y) * static_cast<std::size_t>(m.width) +
                      static_cast<std::size_t>(left + x);
      if (m.dark[at] != (ring || core)) {
        return false;
      }
    }
  }
  return true;
}

TEST(QrTest, AnOtpAuthUriGivesAVersionSizedSymbolWithItsFinderPatterns) {
  ASSERT_OK_AND_ASSIGN(QrMatrix matrix, EncodeQr(kUri));
  // Versions are 21, 25, 29, ... modules wide. The URI is 132 bytes; at level M in byte mode
  // version 7 holds 122 bytes and version 8 holds 152 (ISO/IEC 18004 table 7): version 8, 49.
  ASSERT_EQ(kUri.size(), 132u);
  EXPECT_EQ((matrix.width - 17) % 4, 0);
  EXPECT_EQ(matrix.width, 49);
  EXPECT_TRUE(FinderAt(matrix, 0, 0));
  EXPECT_TRUE(FinderAt(matrix, 0, matrix.width - 7));
  EXPECT_TRUE(FinderAt(matrix, matrix.width - 7, 0));
  EXPECT_FALSE(FinderAt(matrix, matrix.width - 7, matrix.width - 7));
}

TEST(QrTest, TheSvgDrawsOneSquarePerDarkModuleInsideAQuietZone) {
  ASSERT_OK_AND_ASSIGN(QrMatrix matrix, EncodeQr(kUri));
  ASSERT_OK_AND_ASSIGN(std::string svg, QrSvg(kUri, 200));
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" "
                      "viewBox=\"0 0 57 57\"",
                      0),
            0u);
  EXPECT_NE(svg.find("<title>QR code for an authenticator app</title>"), std::string::npos);
  std::size_t squares = 0;
  for (std::size_t at = svg.find("h1v1h-1z"); at != std::string::npos;
       at = svg.find("h1v1h-1z", at + 1)) {
    ++squares;
  }
  EXPECT_EQ(squares,
            static_cast<std::size_t>(std::count(matrix.dark.begin(), matrix.dark.end(), true)));
  // The top-left module of the top-left finder sits 4 modules in.
  EXPECT_NE(svg.find("d=\"M4 4h1v1h-1z"), std::string::npos);
}

TEST(QrTest, RefusesNothingAndTooMuch) {
  EXPECT_ERROR(EncodeQr(""), ErrorCode::kInvalidInput);
  ASSERT_ERROR_AND_ASSIGN(Error error, EncodeQr(std::string(5000, 'x')), ErrorCode::kInvalidInput);
  EXPECT_EQ(error.message, "QR code: the text is too long for a QR code (5000 bytes)");
}

}  // namespace
}  // namespace backcare::exchange
