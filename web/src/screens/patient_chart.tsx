// /patients/:id — the chart. Everyone on staff sees the header and the course timeline;
// therapists and admins also see the screening, NPRS against the expected band (chart +
// table), the objective measures' trends from the session notes (standing tolerance, modified
// Schober, fingertip-to-floor: the numbers behind the phase goals "improved standing tolerance" and
// "better spinal mobility"), other questionnaires and home-program adherence. Front desk never receives
// clinical data (the API refuses it), so the screen says so instead.

import { Get } from "../api";
import { CourseDischarge } from "../components/discharge";
import { ExpectedNprs, NprsChart } from "../components/nprs_chart";
import { MeasureChart } from "../components/measure_chart";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import { kMeasures, MeasureWords, type MeasureKey } from "../note_form";
import {
  AddDays,
  FormatDay,
  FormatInstantDate,
  FormatNumber,
  FormatShortDate,
  FormatTime,
  FormatWeek,
  Humanize,
  InstrumentName,
  ZonedDate,
} from "../format";
import { LoadClinic, SeesClinicalData, UseResource, UseSession } from "../session";
import type { ProtocolSummary, Clinic, Course, Note, Patient, Progress, ProgressPoint, ProtocolVersion, ScheduleEntry, ScoredResponse } from "../types";
import type { HomeProgram } from "../home_program_types";
import { PatientName } from "./patient_list";

interface ChartBase {
  clinic: Clinic;
  patient: Patient;
  courses: Course[];
  plan: ScheduleEntry[];
  protocols: ProtocolSummary[];
}

interface ClinicalData {
  progress: Progress;
  responses: ScoredResponse[];
  home_program: HomeProgram;
  /** null when the notes could not be read (the rest of the chart still shows). */
  notes: Note[] | null;
}

export function PatientChart(props: { patient_id: number }) {
  const { user } = UseSession();
  const id = props.patient_id;
  const clinical_allowed = SeesClinicalData(user);
  const base = UseResource<ChartBase>(async () => {
    const [clinic, patient, courses, plan, protocols] = await Promise.all([
      LoadClinic(),
      Get<Patient>(`/patients/${id}`),
      Get<Course[]>(`/patients/${id}/courses`),
      Get<ScheduleEntry[]>(`/patients/${id}/plan`),
      // The titles are a nicety: a failure here must not hide the chart.
      Get<ProtocolSummary[]>("/protocols").catch(() => [] as ProtocolSummary[]),
    ]);
    return { clinic, patient, courses, plan, protocols };
  }, "base" + id);
  const clinical = UseResource<ClinicalData | null>(async () => {
    if (!clinical_allowed) return null;
    const [progress, responses, home_program, notes] = await Promise.all([
      Get<Progress>(`/patients/${id}/progress`),
      Get<ScoredResponse[]>(`/patients/${id}/responses`),
      Get<HomeProgram>(`/patients/${id}/home-program`),
      Get<Note[]>(`/patients/${id}/notes`).catch(() => null),
    ]);
    return { progress, responses, home_program, notes };
  }, "clinical" + id + clinical_allowed);

  if (base.error) {
    return (
      <>
        <ScreenHeading title="Patient chart" />
        <ErrorNotice error={base.error} what="this patient" />
      </>
    );
  }
  if (!base.data) {
    return (
      <>
        <ScreenHeading title="Patient chart" />
        <Loading what="the chart" />
      </>
    );
  }
  const { clinic, patient, courses, plan, protocols } = base.data;
  const tz = clinic.time_zone;
  const name = PatientName(patient) || "(no name)";
  const active_course = courses.find((c) => c.id === patient.clinical?.active_course_id) ?? courses.find((c) => c.status === "active");

  return (
    <>
      <ScreenHeading title={name} />
      <ChartHeader patient={patient} active_course={active_course} protocols={protocols} />
      {clinical_allowed && (
        <p>
          {/* The server renders the report as one HTML page for print (GET /patients/{id}/report). */}
          <a href={`/api/v1/patients/${id}/report`} target="_blank" rel="noopener" data-testid="printable-report">
            Printable report
          </a>
        </p>
      )}
      {!active_course && (user.role === "therapist" || user.role === "front_desk") && (
        <p>
          <Link href={`/patients/${id}/intake`} class="button-link">
            {user.role === "therapist" ? "Intake: screening, baseline and course start" : "Start a course"}
          </Link>
        </p>
      )}
      {!clinical_allowed && (
        <p class="notice" data-testid="no-clinical">
          Scores, screening results and notes are shown to therapists and admins only. You can still see this patient's
          contact details and sessions.
        </p>
      )}
      {clinical_allowed && clinical.error && <ErrorNotice error={clinical.error} what="this patient's clinical data" />}
      {clinical_allowed && !clinical.data && clinical.loading && <Loading what="scores" />}
      {clinical.data && (
        <>
          <NprsSection progress={clinical.data.progress} time_zone={tz} />
          {clinical.data.notes && (
            <MeasureTrends notes={clinical.data.notes} plan={plan} course={active_course ?? courses[courses.length - 1]} time_zone={tz} />
          )}
          <OtherQuestionnaires responses={clinical.data.responses} time_zone={tz} />
        </>
      )}
      <CourseTimeline
        courses={courses}
        plan={plan}
        time_zone={tz}
        notes={user.role === "therapist" ? "write" : user.role === "admin" ? "read" : null}
        onDischarged={() => {
          base.reload();
          clinical.reload();
        }}
      />
      {clinical.data && <Adherence home_program={clinical.data.home_program} today={ZonedDate(new Date(), tz)} />}
    </>
  );
}

function ProtocolTitle(course: Course, protocols: ProtocolSummary[]): string {
  const found = protocols.find((p) => p.id === course.protocol_id && p.version === course.protocol_version);
  return `${found ? found.title : Humanize(course.protocol_id)}, version ${course.protocol_version}`;
}

function ChartHeader(props: { patient: Patient; active_course: Course | undefined; protocols: ProtocolSummary[] }) {
  const { patient, active_course } = props;
  const clinical = patient.clinical;
  return (
    <section aria-label="Patient summary" class="chart-header">
      <dl class="facts">
        <div>
          <dt>Date of birth</dt>
          <dd>
            <time dateTime={patient.date_of_birth}>{FormatDay(patient.date_of_birth, false)}</time>
          </dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{patient.phone || "—"}</dd>
        </div>
        {clinical && (
          <>
            <div>
              <dt>Screening decision</dt>
              <dd data-testid="screening-decision">{clinical.screening_decision ? Humanize(clinical.screening_decision) : "Not screened"}</dd>
            </div>
            <div>
              <dt>Tracked sciatic signs</dt>
              <dd>{clinical.tracked_signs.length ? clinical.tracked_signs.map(Humanize).join(", ") : "None"}</dd>
            </div>
          </>
        )}
        <div>
          <dt>Active course</dt>
          <dd>
            {active_course
              ? `Started ${FormatDay(active_course.start_date, false)} · ${ProtocolTitle(active_course, props.protocols)}`
              : "None"}
          </dd>
        </div>
      </dl>
      {clinical && (clinical.restrictions.length > 0 || clinical.areas_to_avoid.length > 0) && (
        <div class="precautions">
          <strong>Precautions:</strong>
          <ul>
            {clinical.restrictions.map((r) => (
              <li>
                {r.action === "disable" ? "No " : "Modify "}
                {Humanize(r.technique_id).toLowerCase()} ({Humanize(r.condition).toLowerCase()}){r.note ? `: ${r.note}` : ""}
              </li>
            ))}
            {clinical.areas_to_avoid.map((a) => (
              <li>
                Avoid {a.area ? Humanize(a.area).toLowerCase() : "the affected area"} ({Humanize(a.condition).toLowerCase()})
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function ExpectedRange(point: ProgressPoint): string {
  if (point.expected_min_percent === null || point.expected_max_percent === null) return "—";
  return `${FormatNumber(point.expected_min_percent)}–${FormatNumber(point.expected_max_percent)} %`;
}

function ExpectedNprsRange(point: ProgressPoint, baseline: number | null): string {
  const high = ExpectedNprs(baseline, point.expected_min_percent);
  const low = ExpectedNprs(baseline, point.expected_max_percent);
  if (high === null || low === null) return "—";
  return `${FormatNumber(low)}–${FormatNumber(high)}`;
}

function NprsSection(props: { progress: Progress; time_zone: string }) {
  const { progress } = props;
  const points = progress.points;
  const latest = points.length ? points[points.length - 1] : undefined;
  let sentence: string;
  if (!latest) sentence = "No NPRS scores on this course yet.";
  else if (latest.expected_min_percent === null || latest.expected_max_percent === null) {
    const last_banded = [...points].reverse().find((p) => p.expected_min_percent !== null && p.expected_max_percent !== null);
    sentence = `The protocol gives no expected band at week ${FormatWeek(latest.week)}.`;
    if (last_banded)
      sentence += ` Expected by week ${FormatWeek(last_banded.week)}: ${FormatNumber(last_banded.expected_min_percent)}–${FormatNumber(last_banded.expected_max_percent)} % reduction.`;
  }
  else
    sentence = `Expected by week ${FormatWeek(latest.week)}: ${FormatNumber(latest.expected_min_percent)}–${FormatNumber(latest.expected_max_percent)} % reduction.`;
  const latest_words = latest
    ? `Latest NPRS ${FormatNumber(latest.nprs)} (${latest.reduction_percent === null ? "reduction not evaluable" : FormatNumber(latest.reduction_percent) + " % reduction"} from a baseline of ${FormatNumber(progress.baseline_nprs)})${latest.status ? ": " + Humanize(latest.status).toLowerCase() : ""}.`
    : "";
  const label = latest
    ? `Line chart of ${points.length} NPRS scores against the expected band. ${latest_words} ${sentence} The table below lists every point.`
    : "No NPRS scores to chart.";

  return (
    <section aria-labelledby="nprs-heading" class="card">
      <h2 id="nprs-heading">Pain (NPRS) against the expected band</h2>
      {latest && (
        <p class="lead" data-testid="expected-sentence">
          {sentence}
        </p>
      )}
      {latest && <p>{latest_words}</p>}
      {progress.dose && (
        <p class="muted">
          Sessions attended: {progress.dose.attended} of {progress.dose.planned_to_date} planned to date.
        </p>
      )}
      {points.length === 0 ? (
        <p class="empty">{sentence}</p>
      ) : (
        <div class="nprs-layout">
          <NprsChart points={points} baseline={progress.baseline_nprs} label={label} />
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="nprs-table-caption">
            <table class="data-table" data-testid="nprs-table">
              <caption id="nprs-table-caption">NPRS scores (baseline {FormatNumber(progress.baseline_nprs)})</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Week</th>
                  <th scope="col">NPRS</th>
                  <th scope="col">Reduction</th>
                  <th scope="col">Expected reduction</th>
                  <th scope="col">Expected NPRS</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr data-response-id={String(p.response_id)}>
                    <td>
                      <time dateTime={p.taken_at}>{FormatShortDate(p.taken_at, props.time_zone)}</time>
                    </td>
                    <td>{FormatWeek(p.week)}</td>
                    <td data-col="nprs">{FormatNumber(p.nprs)}</td>
                    <td>{p.reduction_percent === null ? "—" : FormatNumber(p.reduction_percent) + " %"}</td>
                    <td>{ExpectedRange(p)}</td>
                    <td>{ExpectedNprsRange(p, progress.baseline_nprs)}</td>
                    <td>
                      {p.status ? (
                        <span class={"status-text status-" + p.status}>
                          <span class={"swatch swatch-dot dot-" + p.status} aria-hidden="true" /> {Humanize(p.status)}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

interface MeasurePoint {
  session_id: number;
  start: string;
  phase_id: string;
  value: number;
  signed: boolean;
}

/** Each measure's values from the patient's notes, by session start. */
export function MeasureSeries(notes: Note[], plan: ScheduleEntry[], key: MeasureKey): MeasurePoint[] {
  const points: MeasurePoint[] = [];
  for (const note of notes) {
    const value = note.objective_measures?.[key] ?? null;
    const session = plan.find((s) => s.session_id === note.session_id);
    if (value === null || !session) continue;
    points.push({ session_id: note.session_id, start: session.start, phase_id: session.phase_id, value, signed: note.status === "signed" });
  }
  return points.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** Which words of a phase goal each measure measures. */
const kGoalWords: Record<MeasureKey, RegExp> = {
  standing_tolerance_minutes: /standing tolerance/i,
  schober_cm: /mobility/i,
  fingertip_to_floor_cm: /mobility/i,
};

const kBetter: Record<MeasureKey, string> = {
  standing_tolerance_minutes: "longer is better",
  schober_cm: "more lengthening is better",
  fingertip_to_floor_cm: "a shorter distance is better",
};

/** "Initial relief goal: improved standing tolerance", from the course's protocol; null when no goal names the measure. */
export function PhaseGoalWords(protocol: ProtocolVersion | null | undefined, key: MeasureKey): string | null {
  for (const phase of protocol?.phases ?? []) {
    const goal = phase.goals.find((g) => kGoalWords[key].test(g));
    if (goal) return `${phase.name} goal: ${goal}`;
  }
  return null;
}

// The trends of the objective measures, one table each (date, phase, value), with the change
// from the first to the latest value, each beside the phase goal of the course's protocol it
// measures (standing tolerance: "improved standing tolerance" of initial relief; the Schober and
// fingertip-to-floor distances: "better spinal mobility" of structural change).
function MeasureTrends(props: { notes: Note[]; plan: ScheduleEntry[]; course: Course | undefined; time_zone: string }) {
  const { course } = props;
  // The goals are a nicety: without the protocol the trends still show.
  const protocol = UseResource<ProtocolVersion | null>(
    () =>
      course
        ? Get<ProtocolVersion>(`/protocols/${encodeURIComponent(course.protocol_id)}/versions/${course.protocol_version}`).catch(() => null)
        : Promise.resolve(null),
    `protocol|${course?.protocol_id}|${course?.protocol_version}`,
  );
  const series = kMeasures.map((m) => ({ measure: m, points: MeasureSeries(props.notes, props.plan, m.key) }));
  const any = series.some((s) => s.points.length > 0);
  return (
    <section aria-labelledby="measures-heading" class="card" data-testid="measure-trends">
      <h2 id="measures-heading">Objective measures</h2>
      {!any ? (
        <p class="empty">No objective measures recorded in this patient's session notes yet.</p>
      ) : (
        <div class="measure-trends">
          {series.map(({ measure, points }) => {
            const caption_id = "trend-" + measure.key;
            const first = points[0];
            const latest = points[points.length - 1];
            const change = first && latest && points.length > 1 ? latest.value - first.value : null;
            return (
              <section aria-labelledby={caption_id + "-heading"} data-testid={"trend-" + measure.key}>
                <h3 id={caption_id + "-heading"}>{measure.label}</h3>
                <p class="muted" data-testid={"trend-goal-" + measure.key}>
                  {[PhaseGoalWords(protocol.data, measure.key), kBetter[measure.key]].filter(Boolean).join(" · ")}
                </p>
                {points.length === 0 ? (
                  <p class="empty">Not measured yet.</p>
                ) : (
                  <>
                    <p data-testid={"trend-summary-" + measure.key}>
                      {change === null
                        ? `Measured once: ${MeasureWords(measure.key, latest.value)}.`
                        : `From ${MeasureWords(measure.key, first.value)} to ${MeasureWords(measure.key, latest.value)} (${change >= 0 ? "+" : "−"}${MeasureWords(measure.key, Math.abs(change))}) over ${points.length} measurements.`}
                    </p>
                    <MeasureChart
                      starts={points.map((p) => p.start)}
                      values={points.map((p) => p.value)}
                      axis_label={measure.unit}
                      label={`Line chart of ${points.length} ${measure.label.toLowerCase()} measurements. The table below lists every one.`}
                      testid={"trend-chart-" + measure.key}
                    />
                    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={caption_id}>
                      <table class="data-table">
                        <caption id={caption_id}>
                          {measure.label} ({measure.unit}) by session
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">Date</th>
                            <th scope="col">Phase</th>
                            <th scope="col">{measure.label}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {points.map((p) => (
                            <tr data-session-id={String(p.session_id)}>
                              <td>
                                <time dateTime={p.start}>{FormatShortDate(p.start, props.time_zone)}</time>
                              </td>
                              <td>{Humanize(p.phase_id)}</td>
                              <td data-col="value">
                                {MeasureWords(measure.key, p.value)}
                                {!p.signed && " (draft)"}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  </>
                )}
              </section>
            );
          })}
        </div>
      )}
    </section>
  );
}

function OtherQuestionnaires(props: { responses: ScoredResponse[]; time_zone: string }) {
  const others = props.responses.filter((r) => r.instrument !== "nprs");
  return (
    <section aria-labelledby="questionnaires-heading" class="card">
      <h2 id="questionnaires-heading">Other questionnaires</h2>
      {others.length === 0 ? (
        <p class="empty">No ODI, RMDQ, PEG or STarT Back responses yet.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="questionnaires-caption">
          <table class="data-table" data-testid="questionnaire-table">
            <caption id="questionnaires-caption">Questionnaire history</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Score</th>
                <th scope="col">Band</th>
                <th scope="col">Checkpoint</th>
              </tr>
            </thead>
            <tbody>
              {others.map((r) => (
                <tr>
                  <td>
                    <time dateTime={r.taken_at}>{FormatInstantDate(r.taken_at, props.time_zone)}</time>
                  </td>
                  <td>{InstrumentName(r.instrument)}</td>
                  <td>{r.score === null ? Humanize(r.score_status) : FormatNumber(r.score)}</td>
                  <td>{r.band ? Humanize(r.band) : "—"}</td>
                  <td>{r.checkpoint_id ? Humanize(r.checkpoint_id) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CourseTimeline(props: {
  courses: Course[];
  plan: ScheduleEntry[];
  time_zone: string;
  notes: "write" | "read" | null;
  onDischarged: () => void;
}) {
  const newest_first = [...props.courses].reverse();
  return (
    <section aria-labelledby="courses-heading" class="card">
      <h2 id="courses-heading">Course timeline</h2>
      {newest_first.length === 0 && <p class="empty">No courses yet.</p>}
      {newest_first.map((course) => {
        const sessions = props.plan.filter((s) => s.course_id === course.id);
        const phases: { phase_id: string; sessions: ScheduleEntry[] }[] = [];
        for (const s of sessions) {
          let phase = phases.find((p) => p.phase_id === s.phase_id);
          if (!phase) phases.push((phase = { phase_id: s.phase_id, sessions: [] }));
          phase.sessions.push(s);
        }
        return (
          <section aria-labelledby={`course-${course.id}`} class="course" data-testid="course">
            <h3 id={`course-${course.id}`}>
              Course from {FormatDay(course.start_date, false)} <span class={"badge badge-" + course.status}>{Humanize(course.status)}</span>
            </h3>
            <CourseDischarge course={course} sessions={sessions} onDischarged={props.onDischarged} />
            {phases.length === 0 && <p class="empty">No sessions booked.</p>}
            <ol class="phases">
              {phases.map((phase) => {
                const attended = phase.sessions.filter((s) => s.status === "attended").length;
                const counted = phase.sessions.filter((s) => s.status !== "cancelled").length;
                return (
                  <li class="phase">
                    <h4>
                      {Humanize(phase.phase_id)}{" "}
                      <span class="count">
                        ({attended} of {counted} attended)
                      </span>
                    </h4>
                    <ol class="phase-sessions">
                      {phase.sessions.map((s) => (
                        <li class={"phase-session status-" + s.status}>
                          <time dateTime={s.start}>
                            {FormatDay(ZonedDate(new Date(s.start), props.time_zone))} {FormatTime(s.start, props.time_zone)}
                          </time>{" "}
                          <span class={"badge badge-" + s.status}>{Humanize(s.status)}</span>
                          {props.notes &&
                            (props.notes === "write" || s.note_status === "draft" || s.note_status === "signed") &&
                            (s.status === "attended" || (s.status === "booked" && Date.parse(s.start) <= Date.now())) && (
                            <>
                              {" "}
                              <Link href={`/sessions/${s.session_id}/note?patient=${s.patient_id}`} class="note-link">
                                {s.note_status === "signed" ? "Note" : s.note_status === "draft" ? "Draft note" : "Write note"}
                                <span class="visually-hidden">
                                  {" "}
                                  of {FormatDay(ZonedDate(new Date(s.start), props.time_zone))}
                                </span>
                              </Link>
                            </>
                          )}
                        </li>
                      ))}
                    </ol>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </section>
  );
}

function Adherence(props: { home_program: HomeProgram; today: string }) {
  const { home_program } = props;
  const days = Array.from({ length: 14 }, (_, i) => AddDays(props.today, i - 13));
  const assigned = new Set(home_program.assignments.flatMap((a) => a.exercise_ids));
  const exercises = home_program.exercises.filter((e) => assigned.has(e.id));
  const entry = (exercise_id: string, date: string) =>
    home_program.recent.find((r) => r.exercise_id === exercise_id && r.date === date);
  const in_window = home_program.recent.filter((r) => days.includes(r.date) && assigned.has(r.exercise_id));
  const done = in_window.filter((r) => r.completion === "done").length;
  return (
    <section aria-labelledby="adherence-heading" class="card">
      <h2 id="adherence-heading">Home program: last 14 days</h2>
      {exercises.length === 0 ? (
        <p class="empty">No home program assigned.</p>
      ) : (
        <>
          <p data-testid="adherence-summary">
            {done} exercise-days logged as done and {in_window.length - done} as not done between {FormatDay(days[0], false)} and{" "}
            {FormatDay(days[13], false)}.
          </p>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="adherence-caption">
            <table class="data-table adherence">
              <caption id="adherence-caption">Adherence by exercise and day (✓ done, ✗ not done, blank: nothing logged)</caption>
              <thead>
                <tr>
                  <th scope="col">Exercise</th>
                  {days.map((d) => (
                    <th scope="col">
                      <abbr title={FormatDay(d)}>{d.slice(8)}</abbr>
                    </th>
                  ))}
                  <th scope="col">Done</th>
                </tr>
              </thead>
              <tbody>
                {exercises.map((e) => (
                  <tr>
                    <th scope="row">{e.name}</th>
                    {days.map((d) => {
                      const r = entry(e.id, d);
                      return (
                        <td class={r ? "adh-" + r.completion : "adh-none"}>
                          {r ? (r.completion === "done" ? "✓" : "✗") : ""}
                          <span class="visually-hidden">{r ? (r.completion === "done" ? " done" : " not done") : " nothing logged"}</span>
                        </td>
                      );
                    })}
                    <td>{days.filter((d) => entry(e.id, d)?.completion === "done").length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

