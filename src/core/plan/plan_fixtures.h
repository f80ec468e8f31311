// Test and benchmark fixtures for planning: the source article's program as a Protocol value
// built in code (so core tests need no parser), a small clinic, and a date helper. Synthetic
// data only.
#ifndef BACKCARE_CORE_PLAN_PLAN_FIXTURES_H_
#define BACKCARE_CORE_PLAN_PLAN_FIXTURES_H_

#include <chrono>
#include <string>
#include <vector>

#include "core/plan/course_plan.h"
#include "core/protocol/protocol.h"

namespace backcare::plan::fixtures {

// The article's program: [0,4) 2 sessions a week at least 2 days apart; [4,12) 1 a week;
// [12,26) every 2 weeks until week 18, then every 4 weeks; 60-minute sessions; three techniques;
// checkpoints baseline, session_6, week_4, week_12 and followup_3m (week 25).
inline protocol::Protocol ArticleProtocol() {
  protocol::Protocol p;
  p.id = "deep-tissue-chronic-low-back-pain";
  p.version = 1;
  p.title = "Deep tissue massage for chronic low back pain";
  p.session_minutes = 60;
  protocol::Phase initial;
  initial.id = "initial_relief";
  initial.name = "Initial relief";
  initial.start_week = 0;
  initial.end_week = 4;
  initial.cadence.sessions_per_week = 2;
  initial.cadence.min_days_between_sessions = 2;
  protocol::Phase structural;
  structural.id = "structural_change";
  structural.name = "Structural change";
  structural.start_week = 4;
  structural.end_week = 12;
  structural.cadence.sessions_per_week = 1;
  protocol::Phase maintenance;
  maintenance.id = "maintenance";
  maintenance.name = "Maintenance";
  maintenance.start_week = 12;
  maintenance.end_week = 26;
  maintenance.cadence.interval_steps = {{2, 18}, {4, std::nullopt}};
  p.phases = {initial, structural, maintenance};
  for (const char* id : {"muscle_stripping", "trigger_point", "myofascial_release"}) {
    protocol::Technique technique;
    technique.id = id;
    technique.deep_pressure = std::string(id) != "myofascial_release";
    p.techniques.push_back(technique);
  }
  protocol::Checkpoint baseline;
  baseline.id = "baseline";
  baseline.at_baseline = true;
  protocol::Checkpoint session_6;
  session_6.id = "session_6";
  session_6.after_session = 6;
  protocol::Checkpoint week_4;
  week_4.id = "week_4";
  week_4.week = 4;
  protocol::Checkpoint week_12;
  week_12.id = "week_12";
  week_12.week = 12;
  protocol::Checkpoint followup;
  followup.id = "followup_3m";
  followup.week = 25;
  p.checkpoints = {baseline, session_6, week_4, week_12, followup};
  return p;
}

inline LocalDate Date(int y, unsigned m, unsigned d) {
  return LocalDate{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

inline WeeklyWindow Window(unsigned weekday, int start_hour, int end_hour) {
  return {std::chrono::weekday{weekday}, std::chrono::hours(start_hour),
          std::chrono::hours(end_hour)};
}

// A therapist working Mon-Fri 08:00-19:00 who delivers every article technique.
inline TherapistCalendar FullTimeTherapist(std::int64_t id) {
  TherapistCalendar t;
  t.id = TherapistId(id);
  for (unsigned day = 1; day <= 5; ++day) t.working_hours.push_back(Window(day, 8, 19));
  t.techniques = {"muscle_stripping", "trigger_point", "myofascial_release"};
  return t;
}

}  // namespace backcare::plan::fixtures

#endif  // BACKCARE_CORE_PLAN_PLAN_FIXTURES_H_
