#include "exchange/qr/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace backcare::exchange {
namespace {

constexpr std::size_t kQuietZone = 4;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) {
    return InvalidInput("QR code: nothing to encode");
  }
  const std::string data(text);
  // Version 0: the smallest version that holds the data.
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
  if (!code) {
    return InvalidInput("QR code: the text is too long for a QR code (" +
                        std::to_string(text.size()) + " bytes)");
  }
  QrMatrix matrix;
  matrix.width = code->width;
  matrix.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
  for (std::size_t i = 0; i < matrix.dark.size(); ++i) {
    matrix.dark[i] = (code->data[i] & 1) != 0;  // bit 0: dark module
  }
  return matrix;
}

Result<std::string> QrSvg(std::string_view text, int pixels) {
  ASSIGN_OR_RETURN(QrMatrix matrix, EncodeQr(text));
  const auto width = static_cast<std::size_t>(matrix.width);
  std::string path;
  for (std::size_t y = 0; y < width; ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      if (matrix.dark[y * width + x]) {
        path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) +
                "h1v1h-1z";
      }
    }
  }
  const std::string side = std::to_string(width + 2 * kQuietZone);
  const std::string size = std::to_string(pixels);
  return R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" + size + R"(" height=")" + size +
         R"(" viewBox="0 0 )" + side + " " + side +
         R"(" shape-rendering="crispEdges" role="img"><title>QR code for an authenticator )"
         R"(app</title><rect width=")" +
         side + R"(" height=")" + side + R"(" fill="#fff"/><path fill="#000" d=")" + path +
         R"("/></svg>)";
}

}  // namespace backcare::exchange
