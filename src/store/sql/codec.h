// Text encodings of the list-valued fields the SQL stores keep in one column: questionnaire
// answers, identifier lists, and a session note's technique log and adverse events. Keeping a
// note's content in the note's own row makes "a signed note never changes" one database trigger.
//   answers:      "3,-,4"  (one item per answer, "-" = not answered; "" = no answers)
//   identifiers:  "a,b,c"  (identifiers are [a-z0-9_]+; "" = none)
//   records:      one record per line, fields separated by TAB; backslash, TAB and newline in
//                 free text escaped as \\ \t \n.
// Decoders return kDataCorruption naming `column` (never the content) on malformed input.
#ifndef BACKCARE_STORE_SQL_CODEC_H_
#define BACKCARE_STORE_SQL_CODEC_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"
#include "core/session/session_note.h"

namespace backcare::store::sql {

std::string EncodeAnswers(const std::vector<std::optional<int>>& answers);
Result<std::vector<std::optional<int>>> DecodeAnswers(std::string_view text);

std::string EncodeIdentifiers(const std::vector<std::string>& ids);
std::vector<std::string> DecodeIdentifiers(std::string_view text);

// Free texts, each escaped and followed by a TAB, so {} is "" and {""} is "\t".
std::string EncodeTexts(const std::vector<std::string>& texts);
Result<std::vector<std::string>> DecodeTexts(std::string_view text, std::string_view column);

std::string EncodeStripPasses(const std::vector<session::StripPass>& passes);
Result<std::vector<session::StripPass>> DecodeStripPasses(std::string_view text);
std::string EncodeTriggerPoints(const std::vector<session::TriggerPointHold>& holds);
Result<std::vector<session::TriggerPointHold>> DecodeTriggerPoints(std::string_view text);
std::string EncodeReleaseAreas(const std::vector<session::ReleaseArea>& areas);
Result<std::vector<session::ReleaseArea>> DecodeReleaseAreas(std::string_view text);
std::string EncodeAdverseEvents(const std::vector<session::AdverseEvent>& events);
Result<std::vector<session::AdverseEvent>> DecodeAdverseEvents(std::string_view text);

// Escapes backslash, TAB, newline and carriage return; Unescape is the inverse (nullopt on a
// dangling or unknown escape). The escaped form is also valid PostgreSQL COPY text (the COPY
// backslash sequences for these four characters are the same).
std::string Escape(std::string_view text);
// Escape(text) appended to `out`.
void AppendEscaped(std::string& out, std::string_view text);
std::optional<std::string> Unescape(std::string_view text);

}  // namespace backcare::store::sql

#endif  // BACKCARE_STORE_SQL_CODEC_H_
