// Reading CSV files (RFC 4180) exported or prepared for `backcare import csv`: UTF-8 text, comma
// separated, fields optionally in double quotes (a quote inside doubled, line breaks allowed
// inside quotes), records ended by CRLF or LF, a UTF-8 byte-order mark at the start ignored.
// Parsing is Debian's libcsv (strict mode, no trimming of spaces); this module adds what it
// lacks: the line each record starts on, a cap on field size, UTF-8 checks and exact problems.
// Pure text in, values out: no file I/O.
#ifndef BACKCARE_EXCHANGE_CSV_CSV_READER_H_
#define BACKCARE_EXCHANGE_CSV_CSV_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace backcare::exchange {

// One record: the line it starts on (1-based; line 1 is the header; lines end with LF, CRLF or a
// lone CR) and its fields.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// One problem found while reading: its line, the field's index in the record (0-based), and a
// message that never quotes the field's text.
struct CsvProblem {
  int line = 0;
  std::size_t field = 0;
  std::string message;
  friend bool operator==(const CsvProblem&, const CsvProblem&) = default;
};

struct CsvReadOptions {
  // A longer field is a problem "field longer than N bytes" (its text is dropped).
  std::size_t max_field_bytes = 10000;
};

// What ReadCsv found: every record (the header first) and every problem, in line order. A
// record with a problem is left out of `records`. After a structural problem (a quote inside an
// unquoted field, text after a closing quote, a quote still open at the end of the file) the
// rest of the text is not read: that problem is the last one.
struct CsvTable {
  std::vector<CsvRecord> records;
  std::vector<CsvProblem> problems;
};

// Reads `text`. Empty lines between records are skipped. Problems:
//   "a quoted field is not closed at the end of the file"     (line of the record's start)
//   "a quote inside an unquoted field, or text after a closing quote"
//   "field longer than 10000 bytes"
//   "field is not valid UTF-8"
CsvTable ReadCsv(std::string_view text, const CsvReadOptions& options = {});

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_CSV_CSV_READER_H_
