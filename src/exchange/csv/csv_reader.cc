#include "exchange/csv/csv_reader.h"

#include <csv.h>

#include <cstdint>
#include <utility>

namespace backcare::exchange {
namespace {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1Fu;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0Fu;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) ||
        (length == 4 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// No trimming: RFC 4180 keeps spaces as part of the field.
int NoSpace(unsigned char /*c*/) { return 0; }

struct ReadState {
  const CsvReadOptions* options = nullptr;
  CsvTable table;
  CsvRecord current;
  std::vector<CsvProblem> current_problems;
  int line = 0;            // the line being fed
  bool need_start = true;  // the next record's start line is not known yet
};

void OnField(void* data, std::size_t size, void* state_pointer) {
  auto& state = *static_cast<ReadState*>(state_pointer);
  if (state.need_start) {
    state.current.line = state.line;
    state.need_start = false;
  }
  const std::size_t index = state.current.fields.size();
  std::string_view text(static_cast<const char*>(data), data == nullptr ? 0 : size);
  if (size > state.options->max_field_bytes) {
    state.current_problems.push_back(
        {state.current.line, index,
         "field longer than " + std::to_string(state.options->max_field_bytes) + " bytes"});
    text = {};
  } else if (!IsValidUtf8(text)) {
    state.current_problems.push_back({state.current.line, index, "field is not valid UTF-8"});
    text = {};
  }
  state.current.fields.emplace_back(text);
}

void OnRecord(int /*terminator*/, void* state_pointer) {
  auto& state = *static_cast<ReadState*>(state_pointer);
  if (state.current_problems.empty()) {
    state.table.records.push_back(std::move(state.current));
  } else {
    for (CsvProblem& problem : state.current_problems) {
      state.table.problems.push_back(std::move(problem));
    }
  }
  state.current = CsvRecord{};
  state.current_problems.clear();
  state.need_start = true;
}

bool IsBlankLine(std::string_view line) {
  return line == "\n" || line == "\r\n" || line == "\r" || line.empty();
}

}  // namespace

CsvTable ReadCsv(std::string_view text, const CsvReadOptions& options) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  ReadState state;
  state.options = &options;
  csv_parser parser{};
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_space_func(&parser, NoSpace);
  bool broken = false;
  std::size_t at = 0;
  while (at < text.size()) {
    // A line ends with LF, CRLF or a lone CR (libcsv ends a record at either).
    std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) {
      end = text.size();
    } else {
      const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
      end += crlf ? 2u : 1u;
    }
    const std::string_view line = text.substr(at, end - at);
    ++state.line;
    if (state.need_start && !IsBlankLine(line)) {
      state.current.line = state.line;
      state.need_start = false;
    }
    if (csv_parse(&parser, line.data(), line.size(), OnField, OnRecord, &state) != line.size()) {
      state.table.problems.push_back(
          {state.line, state.current.fields.size(),
           "a quote inside an unquoted field, or text after a closing quote"});
      broken = true;
      break;
    }
    at = end;
  }
  if (!broken && csv_fini(&parser, OnField, OnRecord, &state) != 0) {
    state.table.problems.push_back({state.current.line, state.current.fields.size(),
                                    "a quoted field is not closed at the end of the file"});
  }
  csv_free(&parser);
  return std::move(state.table);
}

}  // namespace backcare::exchange
