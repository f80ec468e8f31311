#include "core/instrument/instrument.h"

#include <array>
#include <string_view>

#include "core/base/check.h"

namespace backcare::instrument {
namespace {

constexpr std::array<std::string_view, 2> kNoYes = {"Disagree", "Agree"};
constexpr std::array<std::string_view, 2> kNotTickedTicked = {"Not ticked", "Ticked"};
constexpr std::array<std::string_view, 5> kBothersomeness = {"Not at all", "Slightly", "Moderately",
                                                             "Very much", "Extremely"};

constexpr std::array kNprsItems = {
    Item{1,
         0,
         10,
         "Pain intensity",
         "On a scale of 0 to 10, where 0 is no pain and 10 is the worst pain imaginable, what "
         "number best describes your pain?",
         {}},
};

// Section topics of ODI v2.1a; each section offers six statements scored 0-5.
constexpr std::array kOdiItems = {
    Item{1, 0, 5, "Pain intensity", "", {}}, Item{2, 0, 5, "Personal care", "", {}},
    Item{3, 0, 5, "Lifting", "", {}},        Item{4, 0, 5, "Walking", "", {}},
    Item{5, 0, 5, "Sitting", "", {}},        Item{6, 0, 5, "Standing", "", {}},
    Item{7, 0, 5, "Sleeping", "", {}},       Item{8, 0, 5, "Sex life", "", {}},
    Item{9, 0, 5, "Social life", "", {}},    Item{10, 0, 5, "Travelling", "", {}},
};

constexpr Item RmdqItem(int number) {
  return Item{number, 0, 1, "Statement about back pain today", "", kNotTickedTicked};
}
constexpr std::array kRmdqItems = {
    RmdqItem(1),  RmdqItem(2),  RmdqItem(3),  RmdqItem(4),  RmdqItem(5),  RmdqItem(6),
    RmdqItem(7),  RmdqItem(8),  RmdqItem(9),  RmdqItem(10), RmdqItem(11), RmdqItem(12),
    RmdqItem(13), RmdqItem(14), RmdqItem(15), RmdqItem(16), RmdqItem(17), RmdqItem(18),
    RmdqItem(19), RmdqItem(20), RmdqItem(21), RmdqItem(22), RmdqItem(23), RmdqItem(24),
};

constexpr std::array kPegItems = {
    Item{1,
         0,
         10,
         "Average pain in the past week",
         "What number best describes your pain on average in the past week? (0 = no pain, "
         "10 = pain as bad as you can imagine)",
         {}},
    Item{2,
         0,
         10,
         "Interference with enjoyment of life",
         "What number best describes how, during the past week, pain has interfered with your "
         "enjoyment of life? (0 = does not interfere, 10 = completely interferes)",
         {}},
    Item{3,
         0,
         10,
         "Interference with general activity",
         "What number best describes how, during the past week, pain has interfered with your "
         "general activity? (0 = does not interfere, 10 = completely interferes)",
         {}},
};

// Items 5-9 form the psychosocial subscale.
constexpr std::array kStartBackItems = {
    Item{1, 0, 1, "Referred leg pain", "", kNoYes},
    Item{2, 0, 1, "Shoulder or neck pain", "", kNoYes},
    Item{3, 0, 1, "Walking only short distances", "", kNoYes},
    Item{4, 0, 1, "Dressing more slowly", "", kNoYes},
    Item{5, 0, 1, "Fear of physical activity", "", kNoYes},
    Item{6, 0, 1, "Worrying thoughts", "", kNoYes},
    Item{7, 0, 1, "Catastrophising about the pain", "", kNoYes},
    Item{8, 0, 1, "Low mood (not enjoying things)", "", kNoYes},
    Item{9, 0, 4, "Bothersomeness in the past two weeks", "", kBothersomeness},
};

constexpr std::array kInstruments = {
    InstrumentDefinition{
        .id = InstrumentId::kNprs,
        .name = "nprs",
        .title = "Numeric Pain Rating Scale (0-10)",
        .source = "Numeric rating scale of pain intensity; responder thresholds Farrar JT et al. "
                  "Pain 2001;94(2):149-58 and Dworkin RH et al. J Pain 2008;9(2):105-21",
        .copyright = "Public domain; the wording is backcare's",
        .items = kNprsItems,
        .max_missing_items = 0,
        .whole_number_score = true,
        .score_min = 0,
        .score_max = 10,
        .mcid_points = 2,
        .panel_code = {},
        .score_code = {kLoincSystem, "72514-3"},
        .subscale_code = {},
        .risk_code = {},
    },
    InstrumentDefinition{
        .id = InstrumentId::kOdi,
        .name = "odi",
        .title = "Oswestry Disability Index v2.1a",
        .source = "Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine "
                  "2000;25(22):2940-53",
        .copyright = "ODI (c) Jeremy Fairbank; distributed by Mapi Research Trust. Item texts "
                     "are not reproduced; use a licensed form",
        .items = kOdiItems,
        .max_missing_items = 2,
        .whole_number_score = false,
        .score_min = 0,
        .score_max = 100,
        .mcid_points = 10,
        .panel_code = {kLoincSystem, "97908-8"},
        .score_code = {kLoincSystem, "97909-6"},
        .subscale_code = {},
        .risk_code = {},
    },
    InstrumentDefinition{
        .id = InstrumentId::kRmdq,
        .name = "rmdq",
        .title = "Roland-Morris Disability Questionnaire (24 items)",
        .source = "Roland M, Morris R. A study of the natural history of back pain. Part I. "
                  "Spine 1983;8(2):141-4",
        .copyright = "RMDQ (c) 1983 Martin Roland and Richard Morris. Item texts are not "
                     "reproduced; use the published form",
        .items = kRmdqItems,
        .max_missing_items = 0,
        .whole_number_score = true,
        .score_min = 0,
        .score_max = 24,
        .mcid_points = 5,
        .panel_code = {},
        .score_code = {kLocalInstrumentSystem, "rmdq-24-score"},
        .subscale_code = {},
        .risk_code = {},
    },
    InstrumentDefinition{
        .id = InstrumentId::kPeg,
        .name = "peg",
        .title = "PEG three-item pain scale (Pain, Enjoyment of life, General activity)",
        .source = "Krebs EE et al. J Gen Intern Med 2009;24(6):733-8",
        .copyright = "Public domain (developed with US Department of Veterans Affairs funding)",
        .items = kPegItems,
        .max_missing_items = 0,
        .whole_number_score = false,
        .score_min = 0,
        .score_max = 10,
        .mcid_points = std::nullopt,
        .panel_code = {kLoincSystem, "91148-7"},
        .score_code = {kLoincSystem, "91147-9"},
        .subscale_code = {},
        .risk_code = {},
    },
    InstrumentDefinition{
        .id = InstrumentId::kStartBack,
        .name = "startback",
        .title = "Keele STarT Back Screening Tool (9 items)",
        .source = "Hill JC et al. Arthritis Rheum 2008;59(5):632-41",
        .copyright = "STarT Back (c) Keele University. Item texts are not reproduced; use the "
                     "licensed form",
        .items = kStartBackItems,
        .max_missing_items = 0,
        .whole_number_score = true,
        .score_min = 0,
        .score_max = 9,
        .mcid_points = std::nullopt,
        .panel_code = {kLoincSystem, "91349-1"},
        .score_code = {kLoincSystem, "91351-7"},
        .subscale_code = {kLoincSystem, "91350-9"},
        .risk_code = {kLoincSystem, "91352-5"},
    },
};

}  // namespace

std::string_view InstrumentName(InstrumentId id) { return GetInstrument(id).name; }

std::optional<InstrumentId> ParseInstrumentName(std::string_view name) {
  for (const InstrumentDefinition& definition : kInstruments) {
    if (definition.name == name) return definition.id;
  }
  return std::nullopt;
}

std::span<const InstrumentDefinition> InstrumentCatalog() { return kInstruments; }

const InstrumentDefinition& GetInstrument(InstrumentId id) {
  const auto index = static_cast<std::size_t>(id);
  BACKCARE_CHECK(index < kInstruments.size() && kInstruments[index].id == id);
  return kInstruments[index];
}

}  // namespace backcare::instrument
