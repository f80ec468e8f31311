// Intake, the day-one path: /intake registers a new patient, then /patients/:id/intake takes them
// through the safety screening (therapists), the baseline questionnaires (therapists) and the
// start of a course with its plan (therapists and front desk). A referral decision is shown as
// an alert and offers no course. Front desk never sees screening results: the course start's
// refusal is put in words that do not name the decision.

import { useState } from "preact/hooks";
import { Get, Post } from "../api";
import { InstrumentItems, ItemErrors } from "../components/instrument_items";
import { ErrorNotice, FormError, Link, Loading, ScreenHeading, SelectField, TextField, AsApiError } from "../components/ui";
import type { ApiError } from "../api";
import { FormatDay, Humanize, InstrumentName, ZonedDate } from "../format";
import { Navigate } from "../router";
import { DecisionAllowsTreatment, DecisionWords, LoadConditions } from "../screening_catalog";
import { LoadClinic, SeesClinicalData, UseResource, UseSession } from "../session";
import type {
  Clinic,
  ClinicSettings,
  Course,
  Instrument,
  IntakeResult,
  Patient,
  ProtocolDetail,
  ScheduleEntry,
  ScoredResponse,
  StartedCourse,
  Therapist,
} from "../types";
import { CourseTimeline } from "./patient_chart";
import { DecisionPanel, ScreeningStep } from "./intake_screening";
import { PatientName } from "./patient_list";

const kRegistrationFields = ["given_name", "family_name", "date_of_birth", "phone", "email"];

/** /intake: registration. Any staff role may register a patient. */
export function IntakeRegistration() {
  const [form, setForm] = useState({ given_name: "", family_name: "", date_of_birth: "", phone: "", email: "" });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, string> = { family_name: form.family_name, date_of_birth: form.date_of_birth };
      for (const key of ["given_name", "phone", "email"] as const) if (form[key].trim()) body[key] = form[key];
      const created = await Post<{ id: number }>("/patients", body);
      Navigate(`/patients/${created.id}/intake`);
    } catch (e) {
      setError(AsApiError(e));
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenHeading title="New patient" />
      <p class="muted">Step 1 of 4: registration. Screening, baseline questionnaires and the course follow.</p>
      <form class="card form-narrow" onSubmit={submit} noValidate aria-label="Register a patient">
        <FormError error={error} shown_paths={kRegistrationFields} />
        <TextField id="given_name" label="Given name" value={form.given_name} autocomplete="off" error={error?.fieldMessage("given_name")} onInput={set("given_name")} />
        <TextField id="family_name" label="Family name" required value={form.family_name} autocomplete="off" error={error?.fieldMessage("family_name")} onInput={set("family_name")} />
        <TextField id="date_of_birth" label="Date of birth" type="date" required value={form.date_of_birth} error={error?.fieldMessage("date_of_birth")} onInput={set("date_of_birth")} />
        <TextField id="phone" label="Phone" type="tel" value={form.phone} autocomplete="off" error={error?.fieldMessage("phone")} onInput={set("phone")} />
        <TextField id="email" label="Email" type="email" value={form.email} autocomplete="off" error={error?.fieldMessage("email")} onInput={set("email")} />
        <button type="submit" disabled={busy}>
          {busy ? "Registering…" : "Register patient"}
        </button>
      </form>
    </>
  );
}

interface IntakeBase {
  clinic: Clinic;
  patient: Patient;
  courses: Course[];
  plan: ScheduleEntry[];
  therapists: Therapist[];
}

/** /patients/:id/intake: screening, baseline questionnaires, course start and plan. */
export function PatientIntake(props: { patient_id: number }) {
  const { user } = UseSession();
  const id = props.patient_id;
  const screens = user.role === "therapist";
  const starts_courses = user.role === "therapist" || user.role === "front_desk";
  const base = UseResource<IntakeBase>(async () => {
    const [clinic, patient, courses, plan, therapists] = await Promise.all([
      LoadClinic(),
      Get<Patient>(`/patients/${id}`),
      Get<Course[]>(`/patients/${id}/courses`),
      Get<ScheduleEntry[]>(`/patients/${id}/plan`),
      Get<Therapist[]>("/therapists"),
      LoadConditions(),
    ]);
    return { clinic, patient, courses, plan, therapists };
  }, "intake" + id);
  const [screening, setScreening] = useState<IntakeResult | null>(null);
  const [started, setStarted] = useState<StartedCourse | null>(null);
  const [outcome_message, setOutcomeMessage] = useState<string | undefined>(undefined);

  if (base.error)
    return (
      <>
        <ScreenHeading title="Intake" />
        <ErrorNotice error={base.error} what="this patient" />
      </>
    );
  if (!base.data)
    return (
      <>
        <ScreenHeading title="Intake" />
        <Loading what="the patient" />
      </>
    );
  const { clinic, patient, courses, plan, therapists } = base.data;
  const name = PatientName(patient) || "(no name)";
  const decision = screening?.decision ?? patient.clinical?.screening_decision ?? null;
  const referral = decision !== null && !DecisionAllowsTreatment(decision);
  const active = courses.find((c) => c.status === "active" || c.status === "paused");

  const decision_block = (
    <>
      {screening && <DecisionPanel result={screening} />}
      {!screening && decision && SeesClinicalData(user) && (
        <p class={referral ? "referral" : "notice"} role={referral ? "alert" : undefined} data-testid="previous-decision">
          Latest screening: <strong>{DecisionWords(decision)}</strong>
          {referral && ". No course can start until the referral's outcome is recorded."}
        </p>
      )}
    </>
  );

  return (
    <>
      <ScreenHeading title={"Intake: " + name}>
        Intake: <span data-testid="intake-name">{name}</span>
      </ScreenHeading>
      <p>
        Registered · born <time dateTime={patient.date_of_birth}>{FormatDay(patient.date_of_birth, false)}</time> ·{" "}
        <Link href={`/patients/${id}`}>Open the chart</Link>
      </p>

      {outcome_message && (
        <p class="notice notice-ok" role="status" data-testid="outcome-recorded">
          {outcome_message}
        </p>
      )}
      {referral && decision_block}
      {referral && screens && (
        <ReferralOutcomeStep
          patient_id={id}
          today={ZonedDate(new Date(), clinic.time_zone)}
          onRecorded={(message) => {
            setOutcomeMessage(message);
            setScreening(null);
            base.reload();
          }}
        />
      )}
      {screens && <ScreeningStep patient_id={id} onScreened={setScreening} previous={patient.clinical?.screening_decision ?? null} />}
      {!screens && SeesClinicalData(user) && (
        <p class="notice">Screening and baseline questionnaires are recorded by a therapist.</p>
      )}
      {!referral && decision_block}
      {screens && !referral && decision && <BaselineStep patient_id={id} />}

      {active ? (
        <section class="card" aria-labelledby="course-step">
          <h2 id="course-step">Course</h2>
          <p data-testid="course-started">
            A course started {FormatDay(active.start_date, false)}.{" "}
            {started ? `${started.session_ids.length} sessions booked.` : ""}
          </p>
          {started && <UnplacedList started={started} />}
        </section>
      ) : (
        starts_courses &&
        !referral && (
          <CourseStep
            patient_id={id}
            clinic={clinic}
            therapists={therapists}
            screened={decision !== null || !SeesClinicalData(user)}
            onStarted={(result) => {
              setStarted(result);
              base.reload();
            }}
          />
        )
      )}
      {!starts_courses && !active && (
        <p class="notice">A therapist or the front desk starts the course once the screening allows treatment.</p>
      )}
      {active && (
        <CourseTimeline courses={courses.filter((c) => c.id === active.id)} plan={plan} time_zone={clinic.time_zone} notes={null} onDischarged={base.reload} />
      )}
    </>
  );
}

/** Step 2: the safety screening's findings, by the catalogue's groups. */
interface InstrumentState {
  answers: (number | null)[];
  result?: ScoredResponse;
  general?: string;
  items: Record<number, string>;
}

/** Step 3: the baseline questionnaires the protocol's baseline checkpoint names. */
function BaselineStep(props: { patient_id: number }) {
  const loaded = UseResource(async () => {
    const [instruments, responses, settings] = await Promise.all([
      Get<Instrument[]>("/instruments"),
      Get<ScoredResponse[]>(`/patients/${props.patient_id}/responses`),
      Get<ClinicSettings>("/clinic"),
    ]);
    let wanted = ["nprs", "odi", "startback"];
    if (settings.protocol) {
      const protocol = await Get<ProtocolDetail>(`/protocols/${encodeURIComponent(settings.protocol.id)}/versions/${settings.protocol.version}`).catch(() => null);
      const baseline = protocol?.checkpoints?.find((c) => c.at_baseline);
      if (baseline) wanted = baseline.instruments;
    }
    return {
      instruments: wanted.map((w) => instruments.find((i) => i.id === w)).filter((i): i is Instrument => !!i),
      done: responses.filter((r) => r.checkpoint_id === "baseline"),
    };
  }, "baseline" + props.patient_id);
  const [state, setState] = useState<Record<string, InstrumentState>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);

  if (loaded.error) return <ErrorNotice error={loaded.error} what="the questionnaires" />;
  if (!loaded.data) return <Loading what="the questionnaires" />;
  const { instruments, done } = loaded.data;
  const of = (i: Instrument): InstrumentState => state[i.id] ?? { answers: i.items.map(() => null), items: {} };
  const resultOf = (i: Instrument) => of(i).result ?? done.find((r) => r.instrument === i.id);

  const answer = (i: Instrument, index: number, value: number) =>
    setState((s) => {
      const current = s[i.id] ?? { answers: i.items.map(() => null), items: {} };
      const answers = [...current.answers];
      answers[index] = value;
      return { ...s, [i.id]: { ...current, answers } };
    });

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    const next: Record<string, InstrumentState> = { ...state };
    let sent = 0;
    for (const i of instruments) {
      const current = of(i);
      if (resultOf(i) || current.answers.every((a) => a === null)) continue;
      sent++;
      const unanswered = current.answers.filter((a) => a === null).length;
      if (unanswered > i.max_missing_items) {
        // The server would store it unscored; a baseline must be scorable.
        next[i.id] = {
          ...current,
          items: {},
          general: `${unanswered} items are unanswered: answer at least ${i.items.length - i.max_missing_items} of ${i.items.length} so the baseline can be scored.`,
        };
        continue;
      }
      try {
        const result = await Post<ScoredResponse>(`/patients/${props.patient_id}/responses`, {
          instrument: i.id,
          answers: current.answers,
          checkpoint_id: "baseline",
        });
        next[i.id] = { ...current, result, general: undefined, items: {} };
      } catch (e) {
        const error = AsApiError(e);
        const { items, general } = ItemErrors(error.fields, error.message);
        next[i.id] = { ...current, items, general: general.join("; ") || undefined };
      }
    }
    setState(next);
    if (sent === 0) setMessage("Answer at least one questionnaire before saving.");
    setBusy(false);
  };

  return (
    <section class="card" aria-labelledby="baseline-step">
      <h2 id="baseline-step">Baseline questionnaires</h2>
      <form onSubmit={submit} noValidate>
        {instruments.map((i) => {
          const s = of(i);
          const result = resultOf(i);
          return (
            <fieldset class="instrument" data-testid={"instrument-" + i.id}>
              <legend>
                {InstrumentName(i.id)}: {i.title}
              </legend>
              {result ? (
                <p class="saved" data-testid={"baseline-" + i.id}>
                  Saved: {result.score === null ? Humanize(result.score_status).toLowerCase() : `score ${result.score}`}
                  {result.band ? ` (${Humanize(result.band).toLowerCase()})` : ""}
                </p>
              ) : (
                <>
                  <p class="hint">
                    {i.copyright}. Up to {i.max_missing_items} unanswered item{i.max_missing_items === 1 ? "" : "s"} allowed.
                  </p>
                  {s.general && (
                    <p class="field-error" role="alert" data-testid={"error-" + i.id}>
                      {s.general}
                    </p>
                  )}
                  <InstrumentItems instrument={i} answers={s.answers} errors={s.items} onAnswer={(index, value) => answer(i, index, value)} />
                </>
              )}
            </fieldset>
          );
        })}
        {message && (
          <p class="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {instruments.some((i) => !resultOf(i)) && (
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save baseline questionnaires"}
          </button>
        )}
      </form>
    </section>
  );
}

/** Step 4: start the course; the planner books every session it can place. */
function CourseStep(props: {
  patient_id: number;
  clinic: Clinic;
  therapists: Therapist[];
  screened: boolean;
  onStarted: (result: StartedCourse) => void;
}) {
  const { user } = UseSession();
  const active = props.therapists.filter((t) => t.state === "active");
  const [start_date, setStartDate] = useState(ZonedDate(new Date(), props.clinic.time_zone));
  const [therapist, setTherapist] = useState(String(user.therapist_id ?? active[0]?.id ?? ""));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { start_date };
      if (therapist) body.therapist_id = Number(therapist);
      props.onStarted(await Post<StartedCourse>(`/patients/${props.patient_id}/courses`, body));
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  let general: string | undefined;
  let therapist_error = error?.fieldMessage("therapist_id");
  if (error && error.status === 404 && /therapist/.test(error.message)) therapist_error = error.message;
  else if (error && error.status === 409 && user.role === "front_desk")
    // The refusal names the screening decision, which front desk does not see.
    general = "The course cannot start yet: the patient needs a therapist's screening that allows treatment, and no other active course.";

  return (
    <section class="card" aria-labelledby="course-step">
      <h2 id="course-step">Start the course</h2>
      {!props.screened && <p class="notice">Save the screening first: a course starts only after a screening that allows treatment.</p>}
      <form class="form-narrow" onSubmit={submit} noValidate>
        {general ? (
          <FormError text={general} />
        ) : (
          <FormError error={therapist_error && error?.fields.length === 0 ? undefined : error} shown_paths={["start_date", "therapist_id"]} />
        )}
        <TextField id="start_date" label="First day" type="date" required value={start_date} error={error?.fieldMessage("start_date")} onInput={setStartDate} />
        <SelectField
          id="therapist_id"
          label="Therapist"
          value={therapist}
          options={active.map((t) => ({ value: String(t.id), label: [t.given_name, t.family_name].filter(Boolean).join(" ") }))}
          error={therapist_error}
          onChange={setTherapist}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Planning…" : "Start course"}
        </button>
      </form>
    </section>
  );
}

/** The sessions the planner could not place, each with its reason. */
function UnplacedList(props: { started: StartedCourse }) {
  const { unplaced } = props.started;
  if (unplaced.length === 0) return <p data-testid="unplaced">Every session of the plan is booked.</p>;
  return (
    <div class="precautions" data-testid="unplaced">
      <strong>
        {unplaced.length} session{unplaced.length === 1 ? "" : "s"} could not be booked:
      </strong>
      <ul>
        {unplaced.map((u) => (
          <li>
            {Humanize(u.phase_id)}, week {u.week} ({FormatDay(u.window_first, false)} – {FormatDay(u.window_last, false)}):{" "}
            {Humanize(u.reason).toLowerCase()} — {u.detail}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A referral's outcome: a medical clearance (treatment may start) or the end of treatment. */
function ReferralOutcomeStep(props: { patient_id: number; today: string; onRecorded: (message: string) => void }) {
  const [outcome, setOutcome] = useState<"cleared" | "discontinued">("cleared");
  const [cleared_on, setClearedOn] = useState(props.today);
  const [source, setSource] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, string> = { outcome };
    if (outcome === "cleared") Object.assign(body, { cleared_on, source });
    if (note.trim()) body.note = note;
    try {
      const result = await Post<{ decision: string; allows_treatment: boolean }>(`/patients/${props.patient_id}/referral-outcome`, body);
      props.onRecorded(
        result.allows_treatment
          ? `Clearance recorded. The decision is now: ${DecisionWords(result.decision)}.`
          : "Discontinuation recorded: treatment ends here.",
      );
    } catch (e) {
      setError(AsApiError(e));
    }
    setBusy(false);
  };

  return (
    <section class="card" aria-labelledby="outcome-step">
      <h2 id="outcome-step">Record the referral's outcome</h2>
      <form class="form-narrow" onSubmit={submit} noValidate>
        <FormError error={error} shown_paths={["outcome", "cleared_on", "source", "note"]} />
        <fieldset>
          <legend>Outcome</legend>
          <div class="check">
            <input type="radio" id="outcome-cleared" name="outcome" checked={outcome === "cleared"} onChange={() => setOutcome("cleared")} />
            <label for="outcome-cleared">Medically cleared: treatment may start</label>
          </div>
          <div class="check">
            <input type="radio" id="outcome-discontinued" name="outcome" checked={outcome === "discontinued"} onChange={() => setOutcome("discontinued")} />
            <label for="outcome-discontinued">Discontinued: no treatment</label>
          </div>
        </fieldset>
        {outcome === "cleared" && (
          <>
            <TextField id="outcome-cleared-on" label="Cleared on" type="date" value={cleared_on} error={error?.fieldMessage("cleared_on")} onInput={setClearedOn} />
            <TextField id="outcome-source" label="Cleared by" hint="Who gave the clearance, e.g. the GP." autocomplete="off" value={source} error={error?.fieldMessage("source")} onInput={setSource} />
          </>
        )}
        <TextField
          id="outcome-note"
          label={outcome === "discontinued" ? "Why treatment is discontinued" : "Note (optional)"}
          autocomplete="off"
          value={note}
          error={error?.fieldMessage("note")}
          onInput={setNote}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Record outcome"}
        </button>
      </form>
    </section>
  );
}
