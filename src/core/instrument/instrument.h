// The outcome instruments backcare scores, as data: items with their answer ranges, the source
// each scoring rule comes from, licence notes, and the codes results are exchanged under (LOINC
// where one exists, a local code otherwise). Scoring is in score.h; change and responder rules
// in change.h. docs/instruments.md describes every instrument in prose.
//
// Sources:
//   NPRS       Numeric Pain Rating Scale, 0-10 (public domain; e.g. Farrar et al. 2001, Pain 94).
//   ODI v2.1a  Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine 2000;25(22):2940-53.
//              Distributed by Mapi Research Trust: item texts are not reproduced here.
//   RMDQ-24    Roland M, Morris R. A study of the natural history of back pain. Part I. Spine
//              1983;8(2):141-4. Item texts are not reproduced here.
//   PEG-3      Krebs EE et al. Development and initial validation of the PEG, a three-item scale
//              assessing pain intensity and interference. J Gen Intern Med 2009;24(6):733-8.
//   STarT Back Hill JC et al. A primary care back pain screening tool: identifying patient
//              subgroups for initial treatment. Arthritis Rheum 2008;59(5):632-41.
//              (c) Keele University: item texts are not reproduced here.
#ifndef BACKCARE_CORE_INSTRUMENT_INSTRUMENT_H_
#define BACKCARE_CORE_INSTRUMENT_INSTRUMENT_H_

#include <optional>
#include <span>
#include <string_view>

namespace backcare::instrument {

enum class InstrumentId { kNprs, kOdi, kRmdq, kPeg, kStartBack };

// The stable id used in files, the API and the CLI: "nprs", "odi", "rmdq", "peg", "startback".
std::string_view InstrumentName(InstrumentId id);

// The instrument with this id, or nullopt.
std::optional<InstrumentId> ParseInstrumentName(std::string_view name);

inline constexpr std::string_view kLoincSystem = "http://loinc.org";
inline constexpr std::string_view kLocalInstrumentSystem = "urn:backcare:instrument";

// A code in a code system; empty code = none defined.
struct Coding {
  std::string_view system;
  std::string_view code;
  bool empty() const { return code.empty(); }
};

struct Item {
  int number = 0;  // 1-based, as printed on the form
  int min_value = 0;
  int max_value = 0;
  // backcare's own short description of what the item asks (never the licensed item text).
  std::string_view topic;
  // The verbatim item text where its licence allows reproducing it (NPRS, PEG); else empty.
  std::string_view text;
  // Labels of the answers min_value..max_value where the form names them; else empty.
  std::span<const std::string_view> answer_labels;
};

struct InstrumentDefinition {
  InstrumentId id = InstrumentId::kNprs;
  std::string_view name;       // InstrumentName(id)
  std::string_view title;      // "Oswestry Disability Index v2.1a"
  std::string_view source;     // citation of the scoring rule
  std::string_view copyright;  // licence note shown wherever the form is used
  std::span<const Item> items;
  // Largest number of missing items for which the instrument is still scorable (ODI: 2).
  int max_missing_items = 0;
  // Scores with two decimals (ODI, PEG) or whole numbers (NPRS, RMDQ, STarT Back total).
  bool whole_number_score = true;
  int score_min = 0;
  int score_max = 0;
  // Minimal important change in points (Ostelo 2008): NPRS 2, ODI 10, RMDQ 5; none for PEG and
  // STarT Back.
  std::optional<int> mcid_points;
  Coding panel_code;     // the questionnaire as a whole
  Coding score_code;     // the total score
  Coding subscale_code;  // STarT Back psychosocial subscale
  Coding risk_code;      // STarT Back risk group
};

// Every instrument, in InstrumentId order.
std::span<const InstrumentDefinition> InstrumentCatalog();

// The definition of `id`; never null.
const InstrumentDefinition& GetInstrument(InstrumentId id);

}  // namespace backcare::instrument

#endif  // BACKCARE_CORE_INSTRUMENT_INSTRUMENT_H_
