#include "store/sql/codec.h"

#include <charconv>

namespace backcare::store::sql {
namespace {

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) {
    return parts;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Error Corrupt(std::string_view column, std::size_t record, std::string_view what) {
  return DataCorruption("session_notes." + std::string(column) + ": record " +
                        std::to_string(record + 1) + ": " + std::string(what));
}

// Splits `text` into records of exactly `fields` unescaped fields.
Result<std::vector<std::vector<std::string>>> DecodeRecords(std::string_view text,
                                                            std::string_view column,
                                                            std::size_t fields) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> lines = Split(text, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string_view> parts = Split(lines[i], '\t');
    if (parts.size() != fields) {
      return Corrupt(
          column, i,
          "expected " + std::to_string(fields) + " fields, got " + std::to_string(parts.size()));
    }
    std::vector<std::string> record;
    for (std::string_view part : parts) {
      auto value = Unescape(part);
      if (!value) {
        return Corrupt(column, i, "bad escape");
      }
      record.push_back(std::move(*value));
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      out += '\n';
    }
    out += lines[i];
  }
  return out;
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* escape = nullptr;
    switch (text[i]) {
      case '\\':
        escape = "\\\\";
        break;
      case '\t':
        escape = "\\t";
        break;
      case '\n':
        escape = "\\n";
        break;
      case '\r':
        escape = "\\r";
        break;
      default:
        continue;
    }
    out.append(text.data() + start, i - start);
    out.append(escape, 2);
    start = i + 1;
  }
  out.append(text.data() + start, text.size() - start);
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(out, text);
  return out;
}

std::optional<std::string> Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i == text.size()) {
      return std::nullopt;
    }
    switch (text[i]) {
      case '\\':
        out += '\\';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::string EncodeAnswers(const std::vector<std::optional<int>>& answers) {
  std::string out;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += answers[i] ? std::to_string(*answers[i]) : "-";
  }
  return out;
}

Result<std::vector<std::optional<int>>> DecodeAnswers(std::string_view text) {
  std::vector<std::optional<int>> answers;
  for (std::string_view part : Split(text, ',')) {
    if (part == "-") {
      answers.push_back(std::nullopt);
      continue;
    }
    auto value = ParseInt(part);
    if (!value) {
      return DataCorruption("questionnaire_responses.answers: item " +
                            std::to_string(answers.size() + 1) + ": expected an integer or '-'");
    }
    answers.push_back(value);
  }
  return answers;
}

std::string EncodeIdentifiers(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += ids[i];
  }
  return out;
}

std::vector<std::string> DecodeIdentifiers(std::string_view text) {
  std::vector<std::string> ids;
  for (std::string_view part : Split(text, ',')) {
    ids.emplace_back(part);
  }
  return ids;
}

std::string EncodeTexts(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& text : texts) {
    AppendEscaped(out, text);
    out += '\t';
  }
  return out;
}

Result<std::vector<std::string>> DecodeTexts(std::string_view text, std::string_view column) {
  std::vector<std::string> texts;
  if (text.empty()) {
    return texts;
  }
  if (text.back() != '\t') {
    return DataCorruption(std::string(column) + ": expected a TAB after the last text");
  }
  std::size_t start = 0;
  for (std::size_t tab = text.find('\t'); tab != std::string_view::npos;
       start = tab + 1, tab = text.find('\t', start)) {
    auto value = Unescape(text.substr(start, tab - start));
    if (!value) {
      return DataCorruption(std::string(column) + ": text " + std::to_string(texts.size() + 1) +
                            ": bad escape");
    }
    texts.push_back(std::move(*value));
  }
  return texts;
}

std::string EncodeStripPasses(const std::vector<session::StripPass>& passes) {
  std::vector<std::string> lines;
  lines.reserve(passes.size());
  for (const auto& pass : passes) {
    lines.push_back(Escape(pass.region) + '\t' + std::string(session::SideName(pass.side)) + '\t' +
                    Escape(pass.direction) + '\t' + std::to_string(pass.passes));
  }
  return Join(lines);
}

Result<std::vector<session::StripPass>> DecodeStripPasses(std::string_view text) {
  ASSIGN_OR_RETURN(auto records, DecodeRecords(text, "strip_passes", 4));
  std::vector<session::StripPass> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto side = session::ParseSide(records[i][1]);
    auto passes = ParseInt(records[i][3]);
    if (!side || !passes) {
      return Corrupt("strip_passes", i, side ? "expected an integer" : "unknown side");
    }
    out.push_back({records[i][0], *side, records[i][2], *passes});
  }
  return out;
}

std::string EncodeTriggerPoints(const std::vector<session::TriggerPointHold>& holds) {
  std::vector<std::string> lines;
  lines.reserve(holds.size());
  for (const auto& hold : holds) {
    lines.push_back(Escape(hold.muscle) + '\t' + std::string(session::SideName(hold.side)) + '\t' +
                    std::to_string(hold.hold_seconds));
  }
  return Join(lines);
}

Result<std::vector<session::TriggerPointHold>> DecodeTriggerPoints(std::string_view text) {
  ASSIGN_OR_RETURN(auto records, DecodeRecords(text, "trigger_points", 3));
  std::vector<session::TriggerPointHold> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto side = session::ParseSide(records[i][1]);
    auto seconds = ParseInt(records[i][2]);
    if (!side || !seconds) {
      return Corrupt("trigger_points", i, side ? "expected an integer" : "unknown side");
    }
    out.push_back({records[i][0], *side, *seconds});
  }
  return out;
}

std::string EncodeReleaseAreas(const std::vector<session::ReleaseArea>& areas) {
  std::vector<std::string> lines;
  lines.reserve(areas.size());
  for (const auto& area : areas) {
    lines.push_back(Escape(area.area) + '\t' + std::to_string(area.minutes));
  }
  return Join(lines);
}

Result<std::vector<session::ReleaseArea>> DecodeReleaseAreas(std::string_view text) {
  ASSIGN_OR_RETURN(auto records, DecodeRecords(text, "release_areas", 2));
  std::vector<session::ReleaseArea> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto minutes = ParseInt(records[i][1]);
    if (!minutes) {
      return Corrupt("release_areas", i, "expected an integer");
    }
    out.push_back({records[i][0], *minutes});
  }
  return out;
}

std::string EncodeAdverseEvents(const std::vector<session::AdverseEvent>& events) {
  std::vector<std::string> lines;
  lines.reserve(events.size());
  for (const auto& event : events) {
    lines.push_back(std::string(session::AdverseEventKindName(event.kind)) + '\t' +
                    std::string(session::SeverityName(event.severity)) + '\t' + Escape(event.note));
  }
  return Join(lines);
}

Result<std::vector<session::AdverseEvent>> DecodeAdverseEvents(std::string_view text) {
  ASSIGN_OR_RETURN(auto records, DecodeRecords(text, "adverse_events", 3));
  std::vector<session::AdverseEvent> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto kind = session::ParseAdverseEventKind(records[i][0]);
    auto severity = session::ParseSeverity(records[i][1]);
    if (!kind || !severity) {
      return Corrupt("adverse_events", i, kind ? "unknown severity" : "unknown kind");
    }
    out.push_back({*kind, *severity, records[i][2]});
  }
  return out;
}

}  // namespace backcare::store::sql
