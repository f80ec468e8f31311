#include "exchange/csv/csv_writer.h"

namespace backcare::exchange {

std::string NeutraliseCell(std::string_view cell) {
  if (!cell.empty()) {
    switch (cell.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
      case '\'':
        return "'" + std::string(cell);
      default:
        break;
    }
  }
  return std::string(cell);
}

std::string_view UnneutraliseCell(std::string_view cell) {
  if (cell.starts_with('\'')) cell.remove_prefix(1);
  return cell;
}

void AppendCsvRecord(std::string& out, std::span<const std::string> fields) {
  bool first = true;
  for (const std::string& field : fields) {
    if (!first) out += ',';
    first = false;
    const std::string cell = NeutraliseCell(field);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      out += cell;
      continue;
    }
    out += '"';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace backcare::exchange
