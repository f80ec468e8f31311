#include "exchange/fhir/fhir_search.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

#include <nlohmann/json.hpp>

namespace backcare::exchange::fhir {
namespace {

using enum ParamKind;

constexpr SearchParamDefinition kId = {"_id", kToken, "The resource id"};
constexpr SearchParamDefinition kLastUpdated = {
    "_lastUpdated", kDate, "When the resource last changed (meta.lastUpdated)"};
constexpr SearchParamDefinition kPatientParam = {"patient", kReference,
                                                 "The patient: 7 or Patient/7 (one value)"};

constexpr std::array kOrganizationParams = {kId, kLastUpdated};
constexpr std::array kPractitionerParams = {
    kId, kLastUpdated, SearchParamDefinition{"name", kString, "Starts a given or family name"}};
constexpr std::array kPatientParams = {
    kId, kLastUpdated, SearchParamDefinition{"name", kString, "Starts a given or family name"},
    SearchParamDefinition{"birthdate", kDate, "The date of birth"}};
constexpr std::array kObservationParams = {
    kId,
    kLastUpdated,
    kPatientParam,
    SearchParamDefinition{"code", kToken, "Observation.code: system|code"},
    SearchParamDefinition{"category", kToken, "survey (scores) or activity (home exercises)"},
    SearchParamDefinition{"date", kDate, "Observation.effective"}};
constexpr std::array kQuestionnaireResponseParams = {
    kId, kLastUpdated, kPatientParam,
    SearchParamDefinition{"authored", kDate, "When the answers were given"}};
constexpr std::array kAppointmentParams = {
    kId, kLastUpdated, kPatientParam, SearchParamDefinition{"date", kDate, "Appointment.start"},
    SearchParamDefinition{"status", kToken, "booked, fulfilled, noshow or cancelled"}};
constexpr std::array kEncounterParams = {kId, kLastUpdated, kPatientParam,
                                         SearchParamDefinition{"date", kDate, "Encounter.period"}};
constexpr std::array kCarePlanParams = {
    kId, kLastUpdated, kPatientParam,
    SearchParamDefinition{"status", kToken, "active, on-hold, completed or revoked"}};
constexpr std::array kProcedureParams = {
    kId, kLastUpdated, kPatientParam, SearchParamDefinition{"date", kDate, "Procedure.performed"},
    SearchParamDefinition{"code", kToken, "The technique: urn:backcare:technique|<id>"}};
constexpr std::array kFlagParams = {kId, kLastUpdated, kPatientParam,
                                    SearchParamDefinition{"status", kToken, "active or inactive"}};

std::optional<int> Digits(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return value;
}

std::int64_t DayMicros(std::chrono::year_month_day day) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::sys_days(day).time_since_epoch())
      .count();
}

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string_view> SplitCommas(std::string_view value) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t comma = value.find(',');
    parts.push_back(value.substr(0, comma));
    if (comma == std::string_view::npos) return parts;
    value.remove_prefix(comma + 1);
  }
}

// A parameter name as it may appear in a message: names outside [A-Za-z0-9_.:-]{1,40} are not
// repeated.
std::string Shown(std::string_view name) {
  bool plain =
      !name.empty() && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == ':' || c == '-';
      });
  return plain ? "'" + std::string(name) + "'" : std::string("(name not shown)");
}

Error BadParameter(std::string_view name, std::string_view expected) {
  return InvalidInput("search parameter " + Shown(name) + ": expected " + std::string(expected));
}

// --- Values of a resource, per search parameter ------------------------------------------------

const nlohmann::json* Member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string StringAt(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

void AddDate(const nlohmann::json& object, std::string_view key, std::vector<TimeRange>& out) {
  if (std::optional<TimeRange> range = ParseFhirDate(StringAt(object, key))) out.push_back(*range);
}

void AddPeriod(const nlohmann::json& object, std::string_view key, std::vector<TimeRange>& out) {
  const nlohmann::json* period = Member(object, key);
  if (period == nullptr) return;
  std::optional<TimeRange> start = ParseFhirDate(StringAt(*period, "start"));
  std::optional<TimeRange> end = ParseFhirDate(StringAt(*period, "end"));
  if (start && end) out.push_back({start->begin, end->end});
  if (start && !end) out.push_back({start->begin, INT64_MAX});
}

std::vector<TimeRange> DatesOf(const nlohmann::json& resource, ResourceType type,
                               std::string_view name) {
  std::vector<TimeRange> out;
  if (name == "_lastUpdated") {
    if (const nlohmann::json* meta = Member(resource, "meta")) AddDate(*meta, "lastUpdated", out);
  } else if (name == "birthdate") {
    AddDate(resource, "birthDate", out);
  } else if (name == "authored") {
    AddDate(resource, "authored", out);
  } else if (type == ResourceType::kObservation) {
    AddDate(resource, "effectiveDateTime", out);
  } else if (type == ResourceType::kAppointment) {
    AddDate(resource, "start", out);
  } else if (type == ResourceType::kEncounter) {
    AddPeriod(resource, "period", out);
  } else if (type == ResourceType::kProcedure) {
    AddPeriod(resource, "performedPeriod", out);
    AddDate(resource, "performedDateTime", out);
  }
  return out;
}

void AddCodings(const nlohmann::json* codeable,
                std::vector<std::pair<std::string, std::string>>& out) {
  if (codeable == nullptr) return;
  if (const nlohmann::json* codings = Member(*codeable, "coding"); codings && codings->is_array()) {
    for (const nlohmann::json& coding : *codings) {
      out.emplace_back(StringAt(coding, "system"), StringAt(coding, "code"));
    }
  }
}

std::vector<std::pair<std::string, std::string>> TokensOf(const nlohmann::json& resource,
                                                          std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  if (name == "_id") {
    out.emplace_back("", StringAt(resource, "id"));
  } else if (name == "status") {
    out.emplace_back("", StringAt(resource, "status"));
  } else if (name == "code") {
    AddCodings(Member(resource, "code"), out);
  } else if (name == "category") {
    if (const nlohmann::json* list = Member(resource, "category"); list && list->is_array()) {
      for (const nlohmann::json& codeable : *list) AddCodings(&codeable, out);
    }
  }
  return out;
}

std::vector<std::string> NamesOf(const nlohmann::json& resource) {
  std::vector<std::string> out;
  if (const nlohmann::json* names = Member(resource, "name"); names && names->is_array()) {
    for (const nlohmann::json& name : *names) {
      out.push_back(Lower(StringAt(name, "family")));
      if (const nlohmann::json* given = Member(name, "given"); given && given->is_array()) {
        for (const nlohmann::json& part : *given) {
          if (part.is_string()) out.push_back(Lower(part.get<std::string>()));
        }
      }
    }
  }
  return out;
}

// The patients a resource is about ("Patient/7" references; a Patient is about itself).
bool AboutPatient(const nlohmann::json& resource, ResourceType type, std::int64_t patient) {
  const std::string reference = "Patient/" + std::to_string(patient);
  if (type == ResourceType::kPatient) return StringAt(resource, "id") == std::to_string(patient);
  if (const nlohmann::json* subject = Member(resource, "subject")) {
    return StringAt(*subject, "reference") == reference;
  }
  if (const nlohmann::json* list = Member(resource, "participant"); list && list->is_array()) {
    for (const nlohmann::json& participant : *list) {
      if (const nlohmann::json* actor = Member(participant, "actor")) {
        if (StringAt(*actor, "reference") == reference) return true;
      }
    }
  }
  return false;
}

bool DateHolds(const DateValue& value, const TimeRange& target) {
  const TimeRange& p = value.range;
  bool eq = target.begin >= p.begin && target.end <= p.end;
  bool gt = target.end > p.end;
  bool lt = target.begin < p.begin;
  switch (value.prefix) {
    case DatePrefix::kEq:
      return eq;
    case DatePrefix::kGe:
      return eq || gt;
    case DatePrefix::kLe:
      return eq || lt;
    case DatePrefix::kGt:
      return gt;
    case DatePrefix::kLt:
      return lt;
  }
  return false;
}

bool CriterionHolds(const Criterion& criterion, ResourceType type, const nlohmann::json& resource) {
  switch (criterion.kind) {
    case kDate: {
      std::vector<TimeRange> dates = DatesOf(resource, type, criterion.name);
      return std::any_of(dates.begin(), dates.end(), [&](const TimeRange& date) {
        return std::all_of(criterion.dates.begin(), criterion.dates.end(),
                           [&](const DateValue& value) { return DateHolds(value, date); });
      });
    }
    case kToken: {
      std::vector<std::pair<std::string, std::string>> have = TokensOf(resource, criterion.name);
      for (const TokenValue& want : criterion.tokens) {
        for (const auto& [system, code] : have) {
          if (code == want.code && (!want.system || *want.system == system)) return true;
        }
      }
      return false;
    }
    case kString: {
      std::vector<std::string> names = NamesOf(resource);
      for (const std::string& want : criterion.strings) {
        for (const std::string& name : names) {
          if (name.starts_with(want)) return true;
        }
      }
      return false;
    }
    case kReference:
      return true;  // `patient` is query.patient
  }
  return false;
}

Result<DateValue> ParseDateValue(std::string_view name, std::string_view text) {
  DateValue value;
  static constexpr std::pair<std::string_view, DatePrefix> kPrefixes[] = {{"eq", DatePrefix::kEq},
                                                                          {"ge", DatePrefix::kGe},
                                                                          {"le", DatePrefix::kLe},
                                                                          {"gt", DatePrefix::kGt},
                                                                          {"lt", DatePrefix::kLt}};
  if (text.size() >= 2 && text[0] >= 'a' && text[0] <= 'z') {
    bool known = false;
    for (const auto& [prefix, kind] : kPrefixes) {
      if (text.starts_with(prefix)) {
        value.prefix = kind;
        text.remove_prefix(2);
        known = true;
        break;
      }
    }
    if (!known) return BadParameter(name, "a prefix eq, ge, le, gt or lt");
  }
  std::optional<TimeRange> range = ParseFhirDate(text);
  if (!range) {
    return BadParameter(name, "[prefix]YYYY[-MM[-DD[Thh:mm[:ss][Z|+hh:mm]]]]");
  }
  value.range = *range;
  return value;
}

Result<std::vector<TokenValue>> ParseTokens(std::string_view name, std::string_view text,
                                            bool code_only) {
  std::vector<TokenValue> tokens;
  for (std::string_view part : SplitCommas(text)) {
    TokenValue token;
    std::size_t bar = part.find('|');
    if (bar != std::string_view::npos) {
      if (code_only) return BadParameter(name, "an id without '|'");
      token.system = std::string(part.substr(0, bar));
      part.remove_prefix(bar + 1);
    }
    if (part.empty() || part.find('|') != std::string_view::npos) {
      return BadParameter(name, code_only ? "ids separated by commas" : "[system|]code");
    }
    if (code_only && !IsFhirId(part)) return BadParameter(name, "ids [A-Za-z0-9-.]{1,64}");
    token.code = std::string(part);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

std::optional<TimeRange> ParseFhirDate(std::string_view text) {
  // YYYY
  if (text.size() < 4) return std::nullopt;
  std::optional<int> year = Digits(text.substr(0, 4));
  if (!year || *year < 1) return std::nullopt;
  using std::chrono::day;
  using std::chrono::month;
  if (text.size() == 4) {
    auto first = std::chrono::year(*year) / month(1) / day(1);
    auto next = std::chrono::year(*year + 1) / month(1) / day(1);
    return TimeRange{DayMicros(first), DayMicros(next)};
  }
  if (text.size() < 7 || text[4] != '-') return std::nullopt;
  std::optional<int> mon = Digits(text.substr(5, 2));
  if (!mon || *mon < 1 || *mon > 12) return std::nullopt;
  if (text.size() == 7) {
    auto first = std::chrono::year(*year) / month(static_cast<unsigned>(*mon)) / day(1);
    auto next = *mon == 12
                    ? std::chrono::year(*year + 1) / month(1) / day(1)
                    : std::chrono::year(*year) / month(static_cast<unsigned>(*mon + 1)) / day(1);
    return TimeRange{DayMicros(first), DayMicros(next)};
  }
  if (text.size() < 10 || text[7] != '-') return std::nullopt;
  std::optional<int> dd = Digits(text.substr(8, 2));
  if (!dd) return std::nullopt;
  auto date = std::chrono::year(*year) / month(static_cast<unsigned>(*mon)) /
              day(static_cast<unsigned>(*dd));
  if (!date.ok()) return std::nullopt;
  std::int64_t midnight = DayMicros(date);
  if (text.size() == 10) return TimeRange{midnight, midnight + 86400 * kMicrosPerSecond};
  // Thh:mm[:ss[.f+]] then Z or +hh:mm / -hh:mm.
  if (text.size() < 16 || text[10] != 'T' || text[13] != ':') return std::nullopt;
  std::optional<int> hour = Digits(text.substr(11, 2));
  std::optional<int> minute = Digits(text.substr(14, 2));
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  std::int64_t at = midnight + (*hour * 3600LL + *minute * 60LL) * kMicrosPerSecond;
  std::int64_t width = 60 * kMicrosPerSecond;
  std::string_view rest = text.substr(16);
  if (rest.size() >= 3 && rest[0] == ':') {
    std::optional<int> second = Digits(rest.substr(1, 2));
    if (!second || *second > 59) return std::nullopt;
    at += *second * kMicrosPerSecond;
    width = kMicrosPerSecond;
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {
      std::size_t digits = 1;
      while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
      std::string_view fraction = rest.substr(1, digits - 1);
      if (fraction.empty() || fraction.size() > 6) return std::nullopt;
      std::optional<int> digits_value = Digits(fraction);
      if (!digits_value) return std::nullopt;
      std::int64_t micros = *digits_value;
      width = 1;
      for (std::size_t i = fraction.size(); i < 6; ++i) {
        micros *= 10;
        width *= 10;
      }
      at += micros;
      rest.remove_prefix(digits);
    }
  }
  if (rest == "Z") return TimeRange{at, at + width};
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') {
    return std::nullopt;
  }
  std::optional<int> zone_hours = Digits(rest.substr(1, 2));
  std::optional<int> zone_minutes = Digits(rest.substr(4, 2));
  if (!zone_hours || !zone_minutes || *zone_hours > 14 || *zone_minutes > 59) return std::nullopt;
  std::int64_t offset = (*zone_hours * 3600LL + *zone_minutes * 60LL) * kMicrosPerSecond;
  at += rest[0] == '+' ? -offset : offset;
  return TimeRange{at, at + width};
}

std::span<const SearchParamDefinition> SearchParams(ResourceType type) {
  switch (type) {
    case ResourceType::kOrganization:
      return kOrganizationParams;
    case ResourceType::kPractitioner:
      return kPractitionerParams;
    case ResourceType::kPatient:
      return kPatientParams;
    case ResourceType::kObservation:
      return kObservationParams;
    case ResourceType::kQuestionnaireResponse:
      return kQuestionnaireResponseParams;
    case ResourceType::kAppointment:
      return kAppointmentParams;
    case ResourceType::kEncounter:
      return kEncounterParams;
    case ResourceType::kCarePlan:
      return kCarePlanParams;
    case ResourceType::kProcedure:
      return kProcedureParams;
    case ResourceType::kFlag:
      return kFlagParams;
  }
  return {};
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

Result<SearchQuery> ParseSearch(ResourceType type,
                                std::span<const std::pair<std::string, std::string>> params) {
  SearchQuery query;
  query.type = type;
  bool count_seen = false;
  bool cursor_seen = false;
  for (const auto& [name, value] : params) {
    if (name == "_cursor") {
      if (cursor_seen || value.empty()) return BadParameter(name, "one paging position");
      cursor_seen = true;
      query.cursor = value;
      continue;
    }
    if (!query.canonical_query.empty()) query.canonical_query += '&';
    query.canonical_query += PercentEncode(name) + "=" + PercentEncode(value);
    if (name == "_count") {
      std::optional<int> count = value.size() <= 9 ? Digits(value) : std::optional<int>();
      if (count_seen || !count || *count < 1) return BadParameter(name, "one whole number >= 1");
      count_seen = true;
      query.count = std::min(*count, kMaxCount);
      continue;
    }
    if (name == "_format") {
      if (value != "json" && value != "application/fhir+json" && value != "application/json") {
        return BadParameter(name, "json (the only format served)");
      }
      continue;
    }
    const SearchParamDefinition* definition = nullptr;
    for (const SearchParamDefinition& candidate : SearchParams(type)) {
      if (candidate.name == name) definition = &candidate;
    }
    if (definition == nullptr) {
      if (name.find(':') != std::string::npos) {
        return InvalidInput("search parameter " + Shown(name.substr(0, name.find(':'))) +
                            ": modifiers are not supported");
      }
      return InvalidInput("unknown search parameter " + Shown(name) + " for " +
                          std::string(ResourceTypeName(type)));
    }
    if (value.empty()) return BadParameter(name, "a value");
    Criterion criterion;
    criterion.name = name;
    criterion.kind = definition->kind;
    switch (definition->kind) {
      case kReference: {
        if (query.patient) return BadParameter(name, "one patient");
        std::string_view id = value;
        if (id.starts_with("Patient/")) id.remove_prefix(8);
        std::int64_t patient = 0;
        auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), patient);
        if (error != std::errc() || end != id.data() + id.size() || patient <= 0) {
          return BadParameter(name, "a patient id (7 or Patient/7)");
        }
        query.patient = patient;
        continue;
      }
      case kDate:
        for (std::string_view part : SplitCommas(value)) {
          ASSIGN_OR_RETURN(DateValue date, ParseDateValue(name, part));
          criterion.dates.push_back(date);
        }
        if (criterion.dates.size() > 1) return BadParameter(name, "one date per occurrence");
        break;
      case kToken: {
        ASSIGN_OR_RETURN(criterion.tokens, ParseTokens(name, value, name == "_id"));
        break;
      }
      case kString:
        for (std::string_view part : SplitCommas(value)) {
          if (part.empty()) return BadParameter(name, "non-empty text");
          criterion.strings.push_back(Lower(part));
        }
        break;
    }
    query.criteria.push_back(std::move(criterion));
  }
  return query;
}

bool Matches(const SearchQuery& query, const nlohmann::json& resource) {
  if (query.patient && !AboutPatient(resource, query.type, *query.patient)) return false;
  return std::all_of(query.criteria.begin(), query.criteria.end(),
                     [&](const Criterion& c) { return CriterionHolds(c, query.type, resource); });
}

}  // namespace backcare::exchange::fhir
