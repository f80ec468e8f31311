// What the SQL of each aggregate (clinics.cc, patients.cc, ... beside this file) is written with:
// statement parameters from record fields, a Mapping from a table's rows to a record, SELECT
// helpers that read the rows and give the store's kNotFound message, INSERT ... RETURNING id, and
// the reference checks writes make. Internal to src/store/sql; every function runs on the
// caller's open transaction and returns the connection's errors unchanged.
#ifndef BACKCARE_STORE_SQL_MAPPING_H_
#define BACKCARE_STORE_SQL_MAPPING_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/ids.h"
#include "core/base/result.h"
#include "core/clinic/time.h"
#include "store/common/validation.h"
#include "store/sql/connection.h"

namespace backcare::store::sql {

using Params = std::vector<Value>;

// A statement parameter from a record field: ids, integers and flags (0/1) as integers, dates as
// "YYYY-MM-DD", timestamps as microseconds since the epoch, an absent optional as NULL.
template <typename Tag>
Value V(StrongId<Tag> id) {
  return id.value();
}
template <typename Tag>
Value V(const std::optional<StrongId<Tag>>& id) {
  return id ? Value(id->value()) : Value();
}
inline Value V(std::int64_t value) { return value; }
inline Value V(int value) { return static_cast<std::int64_t>(value); }
inline Value V(std::string value) { return Value(std::move(value)); }
inline Value V(std::string_view value) { return Value(std::string(value)); }
inline Value V(clinic::Date date) { return clinic::FormatDate(date); }
inline Value V(clinic::Timestamp at) { return clinic::ToUnixMicros(at); }
inline Value V(const std::optional<int>& value) { return value ? V(*value) : Value(); }
inline Value V(const std::optional<double>& value) { return value ? Value(*value) : Value(); }
inline Value V(const std::optional<clinic::Timestamp>& at) { return at ? V(*at) : Value(); }
inline Value V(bool value) { return static_cast<std::int64_t>(value ? 1 : 0); }

// The parts joined into one statement.
std::string Cat(std::initializer_list<std::string_view> parts);

// Reads one result row into a record, or kDataCorruption naming the table and column.
template <typename T>
using ReadRow = Result<T> (*)(const Row&);

// How a table's rows are selected and read into records of type T.
template <typename T>
struct Mapping {
  std::string_view columns;  // the select list, in the order `read` reads it
  std::string_view from;     // a table, or a join
  std::string_view what;     // one row in a kNotFound message: "<what> <id> not found"
  ReadRow<T> read;
};

// "SELECT <columns> FROM <from> <tail>", where `tail` holds the WHERE, ORDER BY and LIMIT.
template <typename T>
std::string SelectSql(const Mapping<T>& mapping, std::string_view tail) {
  return Cat({"SELECT ", mapping.columns, " FROM ", mapping.from, " ", tail});
}

// Every row of `sql` read with `read`, in the statement's order.
template <typename T>
Result<std::vector<T>> QueryAll(Connection& db, std::string_view sql, const Params& params,
                                ReadRow<T> read) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, db.Query(sql, params));
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    ASSIGN_OR_RETURN(T value, read(row));
    out.push_back(std::move(value));
  }
  return out;
}

// The first row of `sql` read with `read`, or nullopt when there is none.
template <typename T>
Result<std::optional<T>> QueryFirst(Connection& db, std::string_view sql, const Params& params,
                                    ReadRow<T> read) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, db.Query(sql, params));
  if (rows.empty()) {
    return std::optional<T>();
  }
  ASSIGN_OR_RETURN(T value, read(rows[0]));
  return std::optional<T>(std::move(value));
}

// QueryAll / QueryFirst of SelectSql(mapping, tail).
template <typename T>
Result<std::vector<T>> SelectAll(Connection& db, const Mapping<T>& mapping, std::string_view tail,
                                 const Params& params) {
  return QueryAll(db, SelectSql(mapping, tail), params, mapping.read);
}
template <typename T>
Result<std::optional<T>> SelectFirst(Connection& db, const Mapping<T>& mapping,
                                     std::string_view tail, const Params& params) {
  return QueryFirst(db, SelectSql(mapping, tail), params, mapping.read);
}

// The first row of SelectSql(mapping, tail), or kNotFound "<mapping.what> <id> not found".
template <typename T>
Result<T> SelectOne(Connection& db, const Mapping<T>& mapping, std::string_view tail,
                    const Params& params, std::int64_t id) {
  ASSIGN_OR_RETURN(std::optional<T> row, SelectFirst(db, mapping, tail, params));
  if (!row) {
    return NotFoundError(mapping.what, id);
  }
  return std::move(*row);
}

// The id an INSERT ... RETURNING id into `table` gave; kInternal when it gave no row.
Result<std::int64_t> ReadId(const std::vector<Row>& rows, std::string_view table);

// Runs `insert` (an INSERT into `table` ending in RETURNING id) and returns the new row's id.
template <typename Id>
Result<Id> Insert(Connection& db, std::string_view table, std::string_view insert,
                  const Params& params) {
  ASSIGN_OR_RETURN(std::vector<Row> rows, db.Query(insert, params));
  ASSIGN_OR_RETURN(std::int64_t id, ReadId(rows, table));
  return Id(id);
}

// Runs a statement that changes rows; OK or its error (the number of rows changed is dropped).
Status Write(Connection& db, std::string_view sql, const Params& params);

// Whether `table` holds row `id` in the clinic.
Result<bool> Exists(Connection& db, std::string_view table, ClinicId clinic_id, std::int64_t id);
// Whether `course_id` is a course of `patient_id` in the clinic.
Result<bool> CourseOfPatientExists(Connection& db, ClinicId clinic_id, CourseId course_id,
                                   PatientId patient_id);

// kNotFound "<what> <id> not found" unless `table` holds row `id` in the clinic.
Status Require(Connection& db, std::string_view table, std::string_view what, ClinicId clinic_id,
               std::int64_t id);
// kNotFound "course <id> not found" unless it is a course of `patient_id` in the clinic.
Status RequireCourseOf(Connection& db, ClinicId clinic_id, CourseId course_id,
                       PatientId patient_id);
// kNotFound "clinic <id> not found" unless the clinic exists.
Status RequireClinic(Connection& db, ClinicId clinic_id);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_MAPPING_H_
