// Writing CSV (RFC 4180): comma separated, CRLF after every record, a field quoted when it holds
// a comma, a double quote, CR or LF (quotes inside doubled). Every field is first neutralised
// against formula injection (CWE-1236): a spreadsheet would run a cell that begins with '=', '+',
// '-', '@', TAB or CR as a formula, so such a cell gets a leading apostrophe, which spreadsheets
// show as text. A cell that already begins with an apostrophe gets one more, so reading undoes
// it exactly (UnneutraliseCell). Pure: strings in, strings out.
#ifndef BACKCARE_EXCHANGE_CSV_CSV_WRITER_H_
#define BACKCARE_EXCHANGE_CSV_CSV_WRITER_H_

#include <span>
#include <string>
#include <string_view>

namespace backcare::exchange {

// `cell` with a leading "'" when it begins with = + - @ TAB CR or an apostrophe; else unchanged.
std::string NeutraliseCell(std::string_view cell);
// The inverse of NeutraliseCell: drops one leading apostrophe when there is one.
std::string_view UnneutraliseCell(std::string_view cell);

// Appends one record (each field neutralised, then quoted when needed) and CRLF to `out`.
void AppendCsvRecord(std::string& out, std::span<const std::string> fields);

}  // namespace backcare::exchange

#endif  // BACKCARE_EXCHANGE_CSV_CSV_WRITER_H_
