#include "exchange/csv/clinic_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <limits>
#include <map>
#include <utility>

#include "core/base/text.h"
#include "core/instrument/instrument.h"
#include "exchange/csv/csv_reader.h"
#include "exchange/csv/csv_writer.h"

namespace backcare::exchange {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kPatientColumns = {"patient_id"sv,    "family_name"sv, "given_name"sv,
                                        "date_of_birth"sv, "phone"sv,       "email"sv};
constexpr std::array kCourseColumns = {"course_id"sv,   "patient_id"sv,        "therapist_id"sv,
                                       "protocol_id"sv, "protocol_version"sv,  "start_date"sv,
                                       "status"sv,      "discharge_outcome"sv, "discharged_on"sv};
constexpr std::array kSessionColumns = {"session_id"sv,
                                        "patient_id"sv,
                                        "patient_email"sv,
                                        "patient_family_name"sv,
                                        "patient_given_name"sv,
                                        "patient_date_of_birth"sv,
                                        "course_id"sv,
                                        "protocol_id"sv,
                                        "protocol_version"sv,
                                        "course_start_date"sv,
                                        "course_status"sv,
                                        "therapist_id"sv,
                                        "therapist_license_number"sv,
                                        "start"sv,
                                        "end"sv,
                                        "status"sv,
                                        "phase_id"sv};
constexpr std::array kResponseColumns = {"response_id"sv,
                                         "patient_id"sv,
                                         "patient_email"sv,
                                         "patient_family_name"sv,
                                         "patient_given_name"sv,
                                         "patient_date_of_birth"sv,
                                         "course_id"sv,
                                         "course_start_date"sv,
                                         "instrument"sv,
                                         "checkpoint_id"sv,
                                         "taken_at"sv,
                                         "answers"sv,
                                         "score"sv,
                                         "score_status"sv};
constexpr std::array kAdherenceColumns = {"patient_id"sv, "date"sv, "exercise_id"sv, "completion"sv,
                                          "pain_rating"sv};

constexpr std::array kKinds = {CsvKind::kPatients, CsvKind::kCourses, CsvKind::kSessions,
                               CsvKind::kResponses, CsvKind::kAdherence};

std::string Id(std::int64_t id) { return id > 0 ? std::to_string(id) : std::string(); }

std::string Number(double value) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string();
}

std::string Answers(const std::vector<std::optional<int>>& answers) {
  std::string out;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i > 0) out += ';';
    if (answers[i]) out += std::to_string(*answers[i]);
  }
  return out;
}

void PatientColumns(const clinic::Patient& patient, std::vector<std::string>& row) {
  row.push_back(patient.email);
  row.push_back(patient.family_name);
  row.push_back(patient.given_name);
  row.push_back(clinic::FormatDate(patient.date_of_birth));
}

// Finds `id` in a list sorted by id.
template <typename T, typename IdT>
const T* FindById(std::span<const T> items, IdT id) {
  const auto found = std::ranges::lower_bound(items, id, {}, &T::id);
  return found != items.end() && found->id == id ? &*found : nullptr;
}

}  // namespace

std::string_view CsvKindName(CsvKind kind) {
  switch (kind) {
    case CsvKind::kPatients:
      return "patients";
    case CsvKind::kCourses:
      return "courses";
    case CsvKind::kSessions:
      return "sessions";
    case CsvKind::kResponses:
      return "responses";
    case CsvKind::kAdherence:
      return "adherence";
  }
  return "patients";
}

std::optional<CsvKind> ParseCsvKind(std::string_view name) {
  for (CsvKind kind : kKinds) {
    if (CsvKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::span<const CsvKind> AllCsvKinds() { return kKinds; }

std::span<const std::string_view> CsvColumns(CsvKind kind) {
  switch (kind) {
    case CsvKind::kPatients:
      return kPatientColumns;
    case CsvKind::kCourses:
      return kCourseColumns;
    case CsvKind::kSessions:
      return kSessionColumns;
    case CsvKind::kResponses:
      return kResponseColumns;
    case CsvKind::kAdherence:
      return kAdherenceColumns;
  }
  return kPatientColumns;
}

std::string CsvHeader(CsvKind kind) {
  std::vector<std::string> names;
  for (std::string_view name : CsvColumns(kind)) names.emplace_back(name);
  std::string out;
  AppendCsvRecord(out, names);
  return out;
}

std::string FormatCsvInstant(clinic::Timestamp at) {
  std::string text = clinic::FormatInstant(at);
  const std::int64_t micros = clinic::ToUnixMicros(at);
  const std::int64_t fraction = ((micros % 1000000) + 1000000) % 1000000;
  if (fraction != 0) {
    char digits[16];
    std::snprintf(digits, sizeof digits, ".%06lld", static_cast<long long>(fraction));
    text.insert(text.size() - 1, digits);
  }
  return text;
}

std::optional<clinic::Timestamp> ParseCsvInstant(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SS" + optional ".f{1,6}" + "Z".
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text.back() != 'Z') {
    return std::nullopt;
  }
  const std::optional<clinic::Date> date = clinic::ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  const std::optional<clinic::Timestamp> midnight = clinic::StartOfDayUtc(*date);
  if (!midnight) return std::nullopt;
  const auto two = [&](std::size_t at) -> int {
    const char a = text[at];
    const char b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
    return (a - '0') * 10 + (b - '0');
  };
  const int hours = two(11);
  const int minutes = two(14);
  const int seconds = two(17);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  const std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest.size() < 2 || rest.size() > 7 || rest[0] != '.') return std::nullopt;
    std::int64_t scale = 100000;
    for (char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
      micros += (c - '0') * scale;
      scale /= 10;
    }
  }
  return *midnight + std::chrono::hours(hours) + std::chrono::minutes(minutes) +
         std::chrono::seconds(seconds) + std::chrono::microseconds(micros);
}

void AppendCsvRows(CsvKind kind, std::span<const clinic::Patient> patients,
                   const ports::PatientRecords& records,
                   std::span<const clinic::Therapist> therapists, std::string& out) {
  std::vector<std::string> row;
  std::map<std::int64_t, const clinic::Course*> courses;
  for (const clinic::Course& course : records.courses) courses[course.id.value()] = &course;
  const auto course_of = [&](std::optional<CourseId> id) -> const clinic::Course* {
    if (!id) return nullptr;
    const auto found = courses.find(id->value());
    return found == courses.end() ? nullptr : found->second;
  };
  const auto emit = [&] {
    AppendCsvRecord(out, row);
    row.clear();
  };
  switch (kind) {
    case CsvKind::kPatients:
      for (const clinic::Patient& patient : patients) {
        row = {Id(patient.id.value()), patient.family_name,
               patient.given_name,     clinic::FormatDate(patient.date_of_birth),
               patient.phone,          patient.email};
        emit();
      }
      return;
    case CsvKind::kCourses:
      for (const clinic::Course& course : records.courses) {
        if (FindById(patients, course.patient_id) == nullptr) continue;
        row = {
            Id(course.id.value()),
            Id(course.patient_id.value()),
            course.therapist_id ? Id(course.therapist_id->value()) : std::string(),
            course.protocol_id,
            std::to_string(course.protocol_version),
            clinic::FormatDate(course.start_date),
            std::string(clinic::CourseStatusName(course.status)),
            course.discharge
                ? std::string(NameOf(clinic::kDischargeOutcomeNames, course.discharge->outcome))
                : std::string(),
            course.discharge ? clinic::FormatDate(course.discharge->discharged_on) : std::string()};
        emit();
      }
      return;
    case CsvKind::kSessions:
      for (const clinic::Session& session : records.sessions) {
        const clinic::Patient* patient = FindById(patients, session.patient_id);
        const clinic::Course* course = course_of(session.course_id);
        if (patient == nullptr || course == nullptr) continue;
        const clinic::Therapist* therapist = FindById(therapists, session.therapist_id);
        row = {Id(session.id.value()), Id(patient->id.value())};
        PatientColumns(*patient, row);
        row.push_back(Id(course->id.value()));
        row.push_back(course->protocol_id);
        row.push_back(std::to_string(course->protocol_version));
        row.push_back(clinic::FormatDate(course->start_date));
        row.emplace_back(clinic::CourseStatusName(course->status));
        row.push_back(Id(session.therapist_id.value()));
        row.push_back(therapist != nullptr ? therapist->license_number : std::string());
        row.push_back(FormatCsvInstant(session.start));
        row.push_back(FormatCsvInstant(session.end));
        row.emplace_back(clinic::SessionStatusName(session.status));
        row.push_back(session.phase_id);
        emit();
      }
      return;
    case CsvKind::kResponses:
      for (const clinic::QuestionnaireResponse& response : records.responses) {
        const clinic::Patient* patient = FindById(patients, response.patient_id);
        if (patient == nullptr) continue;
        const clinic::Course* course = course_of(response.course_id);
        row = {Id(response.id.value()), Id(patient->id.value())};
        PatientColumns(*patient, row);
        row.push_back(course != nullptr ? Id(course->id.value()) : std::string());
        row.push_back(course != nullptr ? clinic::FormatDate(course->start_date) : std::string());
        row.emplace_back(instrument::InstrumentName(response.instrument_id));
        row.push_back(response.checkpoint_id);
        row.push_back(FormatCsvInstant(response.taken_at));
        row.push_back(Answers(response.answers));
        row.push_back(response.score ? Number(*response.score) : std::string());
        row.emplace_back(instrument::ScoreStatusName(response.score_status));
        emit();
      }
      return;
    case CsvKind::kAdherence:
      for (const clinic::AdherenceEntry& entry : records.adherence) {
        if (FindById(patients, entry.patient_id) == nullptr) continue;
        row = {Id(entry.patient_id.value()), clinic::FormatDate(entry.date), entry.exercise_id,
               entry.completion == clinic::Completion::kDone ? "done" : "not_done",
               entry.pain_rating ? std::to_string(*entry.pain_rating) : std::string()};
        emit();
      }
      return;
  }
}

namespace {

// Reads the cells of one record, collecting every problem.
class RowReader {
 public:
  RowReader(std::string_view source, std::span<const std::string_view> columns,
            const CsvRecord& record, std::vector<FieldError>& errors)
      : source_(source), columns_(columns), record_(record), errors_(errors) {}

  bool ok() const { return ok_; }
  int line() const { return record_.line; }

  void Fail(std::size_t column, std::string message) {
    ok_ = false;
    errors_.push_back({std::string(source_) + ":" + std::to_string(record_.line),
                       "column " + std::string(columns_[column]), std::move(message)});
  }

  std::string_view Raw(std::size_t column) const { return record_.fields[column]; }

  // A single-line text of at most `max_chars` characters (an apostrophe added by the export's
  // neutralisation removed); required ones must not be empty.
  std::string Text(std::size_t column, std::size_t max_chars, bool required) {
    const std::string_view text = UnneutraliseCell(Raw(column));
    if (text.empty()) {
      if (required) Fail(column, "expected a value");
      return {};
    }
    std::size_t chars = 0;
    for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    if (chars > max_chars) {
      Fail(column, "expected at most " + std::to_string(max_chars) + " characters, got " +
                       std::to_string(chars));
      return {};
    }
    if (std::optional<std::string> problem = TextProblem(text, TextShape::kSingleLine)) {
      Fail(column, std::move(*problem));
      return {};
    }
    return std::string(text);
  }

  std::optional<clinic::Date> DateCell(std::size_t column, bool required) {
    const std::string_view text = Raw(column);
    if (text.empty()) {
      if (required) Fail(column, "expected a date YYYY-MM-DD");
      return std::nullopt;
    }
    std::optional<clinic::Date> date = clinic::ParseDate(text);
    if (!date) Fail(column, "expected a date YYYY-MM-DD");
    return date;
  }

  clinic::Timestamp Instant(std::size_t column) {
    std::optional<clinic::Timestamp> at = ParseCsvInstant(Raw(column));
    if (!at) {
      Fail(column, "expected a UTC time YYYY-MM-DDTHH:MM:SSZ");
      return {};
    }
    return *at;
  }

  // An integer in [min, max]; empty is nullopt (a problem when required).
  std::optional<std::int64_t> Integer(std::size_t column, std::int64_t min, std::int64_t max,
                                      bool required) {
    const std::string_view text = Raw(column);
    if (text.empty()) {
      if (required) Fail(column, "expected an integer");
      return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
      Fail(column,
           "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
      return std::nullopt;
    }
    return value;
  }

  template <typename Enum, std::size_t N>
  std::optional<Enum> OneOf(std::size_t column, const EnumNames<Enum, N>& names) {
    const std::string_view text = Raw(column);
    std::string list;
    for (const auto& entry : names) {
      if (entry.name == text) return entry.value;
      if (!list.empty()) list += ", ";
      list += entry.name;
    }
    Fail(column, "expected one of: " + list);
    return std::nullopt;
  }

  clinic::PatientKey Patient(std::size_t email, std::size_t family_name, std::size_t given_name,
                             std::size_t date_of_birth) {
    clinic::PatientKey key;
    key.email = Text(email, 320, false);
    key.family_name = Text(family_name, 200, true);
    key.given_name = Text(given_name, 200, false);
    key.date_of_birth = DateCell(date_of_birth, true).value_or(clinic::Date{});
    return key;
  }

 private:
  std::string_view source_;
  std::span<const std::string_view> columns_;
  const CsvRecord& record_;
  std::vector<FieldError>& errors_;
  bool ok_ = true;
};

// Reads `text` and checks the header and each record's field count; calls `parse` for each
// well-formed record (which returns nullopt when the row has a problem).
template <typename Row, typename Parse>
ParsedCsv<Row> ParseFile(std::string_view text, std::string_view source, CsvKind kind,
                         Parse parse) {
  ParsedCsv<Row> parsed;
  const std::span<const std::string_view> columns = CsvColumns(kind);
  const CsvTable table = ReadCsv(text);
  const auto location = [&](int line) { return std::string(source) + ":" + std::to_string(line); };
  const auto column_name = [&](std::size_t index) {
    return index < columns.size() ? "column " + std::string(columns[index])
                                  : "column " + std::to_string(index + 1);
  };
  std::string expected;
  for (std::string_view name : columns) {
    if (!expected.empty()) expected += ',';
    expected += name;
  }
  // The header comes first: problems reading it (or none) leave nothing to check rows against.
  const bool header_read = !table.records.empty() && table.records.front().line == 1 &&
                           (table.problems.empty() || table.problems.front().line > 1);
  if (!header_read) {
    parsed.errors.push_back({location(1), "", "expected the header " + expected});
    return parsed;
  }
  const std::vector<std::string>& header = table.records.front().fields;
  for (std::size_t i = 0; i < std::max(header.size(), columns.size()); ++i) {
    if (i >= header.size() || i >= columns.size() || header[i] != columns[i]) {
      parsed.errors.push_back({location(1), column_name(i), "expected the header " + expected});
      return parsed;
    }
  }
  std::size_t next_problem = 0;
  const auto flush_problems_before = [&](int line) {
    while (next_problem < table.problems.size() && table.problems[next_problem].line < line) {
      const CsvProblem& problem = table.problems[next_problem++];
      parsed.errors.push_back(
          {location(problem.line), column_name(problem.field), problem.message});
    }
  };
  for (std::size_t r = 1; r < table.records.size(); ++r) {
    const CsvRecord& record = table.records[r];
    flush_problems_before(record.line);
    if (r > kMaxImportRows) {
      parsed.errors.push_back(
          {location(record.line), "", "more than " + std::to_string(kMaxImportRows) + " rows"});
      return parsed;
    }
    if (record.fields.size() != columns.size()) {
      parsed.errors.push_back({location(record.line), "",
                               "expected " + std::to_string(columns.size()) + " fields, got " +
                                   std::to_string(record.fields.size())});
      continue;
    }
    RowReader reader(source, columns, record, parsed.errors);
    std::optional<Row> row = parse(reader);
    if (row && reader.ok()) parsed.rows.push_back(std::move(*row));
  }
  flush_problems_before(std::numeric_limits<int>::max());
  return parsed;
}

std::optional<std::vector<std::optional<int>>> ParseAnswers(RowReader& reader, std::size_t column) {
  const std::string_view text = reader.Raw(column);
  std::vector<std::optional<int>> answers;
  std::size_t at = 0;
  while (true) {
    const std::size_t end = std::min(text.find(';', at), text.size());
    const std::string_view item = text.substr(at, end - at);
    if (item.empty()) {
      answers.emplace_back();
    } else {
      int value = 0;
      const auto [last, error] = std::from_chars(item.data(), item.data() + item.size(), value);
      if (error != std::errc() || last != item.data() + item.size() || value < 0 || value > 1000) {
        reader.Fail(column, "expected item answers 0-1000 separated by ';' (blank = not answered)");
        return std::nullopt;
      }
      answers.emplace_back(value);
    }
    if (end == text.size()) break;
    at = end + 1;
  }
  return answers;
}

}  // namespace

ParsedCsv<clinic::PatientImportRow> ParsePatientsCsv(std::string_view text,
                                                     std::string_view source) {
  return ParseFile<clinic::PatientImportRow>(
      text, source, CsvKind::kPatients,
      [](RowReader& reader) -> std::optional<clinic::PatientImportRow> {
        clinic::PatientImportRow row;
        row.line = reader.line();
        reader.Integer(0, 1, INT64_MAX, false);  // the exporting database's id: checked, unused
        row.patient.family_name = reader.Text(1, 200, true);
        row.patient.given_name = reader.Text(2, 200, false);
        row.patient.date_of_birth = reader.DateCell(3, true).value_or(clinic::Date{});
        row.patient.phone = reader.Text(4, 50, false);
        row.patient.email = reader.Text(5, 320, false);
        return row;
      });
}

ParsedCsv<clinic::SessionImportRow> ParseSessionsCsv(std::string_view text,
                                                     std::string_view source) {
  return ParseFile<clinic::SessionImportRow>(
      text, source, CsvKind::kSessions,
      [](RowReader& reader) -> std::optional<clinic::SessionImportRow> {
        clinic::SessionImportRow row;
        row.line = reader.line();
        reader.Integer(0, 1, INT64_MAX, false);
        reader.Integer(1, 1, INT64_MAX, false);
        row.patient = reader.Patient(2, 3, 4, 5);
        reader.Integer(6, 1, INT64_MAX, false);
        row.protocol_id = reader.Text(7, 200, true);
        row.protocol_version = static_cast<int>(reader.Integer(8, 1, 1000000, true).value_or(0));
        row.course_start_date = reader.DateCell(9, true).value_or(clinic::Date{});
        row.course_status =
            reader.OneOf(10, clinic::kCourseStatusNames).value_or(clinic::CourseStatus::kActive);
        reader.Integer(11, 1, INT64_MAX, false);
        row.therapist_license_number = reader.Text(12, 100, true);
        row.session.start = reader.Instant(13);
        row.session.end = reader.Instant(14);
        row.session.status =
            reader.OneOf(15, clinic::kSessionStatusNames).value_or(clinic::SessionStatus::kBooked);
        row.session.phase_id = reader.Text(16, 200, false);
        if (reader.ok() && row.session.end <= row.session.start) {
          reader.Fail(14, "expected a time after start");
        }
        return row;
      });
}

ParsedCsv<clinic::ResponseImportRow> ParseResponsesCsv(std::string_view text,
                                                       std::string_view source) {
  return ParseFile<clinic::ResponseImportRow>(
      text, source, CsvKind::kResponses,
      [](RowReader& reader) -> std::optional<clinic::ResponseImportRow> {
        clinic::ResponseImportRow row;
        row.line = reader.line();
        reader.Integer(0, 1, INT64_MAX, false);
        reader.Integer(1, 1, INT64_MAX, false);
        row.patient = reader.Patient(2, 3, 4, 5);
        reader.Integer(6, 1, INT64_MAX, false);
        row.course_start_date = reader.DateCell(7, false);
        const std::optional<instrument::InstrumentId> id =
            instrument::ParseInstrumentName(reader.Raw(8));
        if (!id) {
          std::string names;
          for (const auto& definition : instrument::InstrumentCatalog()) {
            if (!names.empty()) names += ", ";
            names += definition.name;
          }
          reader.Fail(8, "expected one of: " + names);
        } else {
          row.response.instrument_id = *id;
        }
        row.response.checkpoint_id = reader.Text(9, 200, false);
        row.response.taken_at = reader.Instant(10);
        if (auto answers = ParseAnswers(reader, 11)) row.response.answers = std::move(*answers);
        // score (12) and score_status (13) are computed values: recomputed on import.
        return row;
      });
}

}  // namespace backcare::exchange
