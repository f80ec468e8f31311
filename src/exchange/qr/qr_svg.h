// A QR code as an SVG image, drawn from libqrencode's module matrix: what an authenticator app
// scans to enrol in two-step sign-in (the otpauth:// URI). One <path> of unit squares on a white
// background with the 4-module quiet zone the QR standard asks for; the image scales with its
// width/height attributes. Error correction level M (15 %), byte mode.
#ifndef BACKCARE_EXCHANGE_QR_QR_SVG_H_
#define BACKCARE_EXCHANGE_QR_QR_SVG_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace backcare::exchange {

// The modules of the QR code for `text`, row by row (true = dark), and its width in modules.
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;  // width * width
};

// kInvalidInput when the text is empty or too long for any QR version (over ~2,300 bytes at M).
Result<QrMatrix> EncodeQr(std::string_view text);

// An SVG document of the code, `pixels` wide and high, with an accessible <title>.
Result<std::string> QrSvg(std::string_view text, int pixels = 240);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_QR_QR_SVG_H_
