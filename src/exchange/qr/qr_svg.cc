#include "exchange/qr/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace backcare::exchange {
namespace {

constexpr int kQuietZone = 4;

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
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
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
  const int size = matrix.width + 2 * kQuietZone;
  std::string path;
  for (int y = 0; y < matrix.width; ++y) {
    for (int x = 0; x < matrix.width; ++x) {
      if (matrix.dark[static_cast<std::size_t>(y * matrix.width + x)]) {
        path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) +
                "h1v1h-1z";
      }
    }
  }
  const std::string side = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(pixels) +
         "\" height=\"" + std::to_string(pixels) + "\" viewBox=\"0 0 " + side + " " + side +
         "\" shape-rendering=\"crispEdges\" role=\"img\"><title>QR code for an authenticator "
         "app</title><rect width=\"" +
         side + "\" height=\"" + side + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
         "\"/></svg>";
}

}  // namespace backcare::exchange
