// "/": one clinic day's sessions per therapist (a therapist starts on their own), with
// attend/miss for booked sessions, and the open alerts beside them for clinical staff.
// URL: /?date=YYYY-MM-DD&therapist=N|all (both optional; the clinic's today by default).

import { useState } from "preact/hooks";
import { ApiError, Get, Post } from "../api";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import {
  AddDays,
  ApiInstant,
  FormatDateTime,
  FormatDay,
  FormatTime,
  Humanize,
  IsDate,
  ZonedDate,
  ZonedMidnight,
} from "../format";
import { ReplanWords, type Replan } from "../replan";
import { Navigate, UseLocation } from "../router";
import { LoadClinic, SeesClinicalData, UseResource, UseSession } from "../session";
import type { Alert, Clinic, Patient, ScheduleEntry, Therapist } from "../types";

interface DayData {
  clinic: Clinic;
  therapists: Therapist[];
  sessions: ScheduleEntry[];
  date: string;
}

function TherapistName(t: Therapist): string {
  return [t.given_name, t.family_name].filter(Boolean).join(" ");
}

export function DayView() {
  const { user } = UseSession();
  const location = UseLocation();
  const requested_date = location.search.get("date");
  const therapist_param = location.search.get("therapist");
  const therapist_filter =
    therapist_param === "all"
      ? null
      : therapist_param && /^\d+$/.test(therapist_param)
        ? Number(therapist_param)
        : user.role === "therapist"
          ? user.therapist_id
          : null;

  const day = UseResource<DayData>(async () => {
    const [clinic, therapists] = await Promise.all([LoadClinic(), Get<Therapist[]>("/therapists")]);
    const date = IsDate(requested_date) ? requested_date : ZonedDate(new Date(), clinic.time_zone);
    const from = ApiInstant(ZonedMidnight(date, clinic.time_zone));
    const to = ApiInstant(ZonedMidnight(AddDays(date, 1), clinic.time_zone));
    const query = `from=${from}&to=${to}` + (therapist_filter ? `&therapist_id=${therapist_filter}` : "");
    const sessions = await Get<ScheduleEntry[]>("/schedule?" + query);
    return { clinic, therapists, sessions, date };
  }, `${requested_date}|${therapist_filter}`);

  const [status_message, setStatusMessage] = useState("");
  const [action_error, setActionError] = useState<string | undefined>(undefined);

  const go = (date: string, therapist: number | null) => {
    const params = new URLSearchParams();
    params.set("date", date);
    params.set("therapist", therapist === null ? "all" : String(therapist));
    Navigate("/?" + params.toString());
  };

  const mark = async (entry: ScheduleEntry, action: "attend" | "miss") => {
    setActionError(undefined);
    try {
      const replan = await Post<Replan | undefined>(`/sessions/${entry.session_id}/${action}`);
      setStatusMessage(`${entry.patient_name}: marked ${action === "attend" ? "attended" : "missed"}.` + ReplanWords(replan));
      day.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) setActionError(`Could not mark ${entry.patient_name}'s session: ${e.message}`);
    }
  };

  const data = day.data;
  const title = data ? "Day sheet · " + FormatDay(data.date) : "Day sheet";
  const can_mark = user.role === "therapist" || user.role === "front_desk";
  const today = data ? ZonedDate(new Date(), data.clinic.time_zone) : undefined;

  return (
    <div class={SeesClinicalData(user) ? "day-layout" : "day-layout single"}>
      <section class="day-sessions" aria-labelledby="day-heading">
        <div id="day-heading">
          <ScreenHeading title={title}>
            Day sheet{data && <span class="subtitle"> {FormatDay(data.date)}{data.date === today ? " (today)" : ""}</span>}
          </ScreenHeading>
        </div>
        {data && (
          <form class="toolbar" aria-label="Choose the day and therapist" onSubmit={(e) => e.preventDefault()}>
            <button type="button" class="secondary" onClick={() => go(AddDays(data.date, -1), therapist_filter)}>
              <span aria-hidden="true">← </span>Previous day
            </button>
            <div class="field inline">
              <label for="day-date">Date</label>
              <input
                id="day-date"
                type="date"
                value={data.date}
                onChange={(e) => {
                  const value = (e.currentTarget as HTMLInputElement).value;
                  if (IsDate(value)) go(value, therapist_filter);
                }}
              />
            </div>
            <button type="button" class="secondary" onClick={() => go(AddDays(data.date, 1), therapist_filter)}>
              Next day<span aria-hidden="true"> →</span>
            </button>
            {today && data.date !== today && (
              <button type="button" class="secondary" onClick={() => go(today, therapist_filter)}>
                Today
              </button>
            )}
            <div class="field inline">
              <label for="day-therapist">Therapist</label>
              <select
                id="day-therapist"
                value={therapist_filter === null ? "all" : String(therapist_filter)}
                onChange={(e) => {
                  const value = (e.currentTarget as HTMLSelectElement).value;
                  go(data.date, value === "all" ? null : Number(value));
                }}
              >
                <option value="all">All therapists</option>
                {data.therapists.map((t) => (
                  <option value={String(t.id)}>{TherapistName(t)}</option>
                ))}
              </select>
            </div>
          </form>
        )}
        <p class={status_message ? "notice" : "visually-hidden"} role="status" aria-live="polite">
          {status_message}
        </p>
        {action_error && (
          <p class="notice notice-error" role="alert">
            {action_error}
          </p>
        )}
        {day.error && <ErrorNotice error={day.error} what="the day's sessions" />}
        {!data && day.loading && <Loading what="the day's sessions" />}
        {data && (
          <SessionsByTherapist
            data={data}
            therapist_filter={therapist_filter}
            can_mark={can_mark}
            note_role={user.role === "therapist" ? "write" : user.role === "admin" ? "read" : null}
            onMark={mark}
          />
        )}
      </section>
      {SeesClinicalData(user) && <AlertsInbox can_acknowledge={user.role === "therapist"} />}
    </div>
  );
}

function SessionsByTherapist(props: {
  data: DayData;
  therapist_filter: number | null;
  can_mark: boolean;
  note_role: NoteRole;
  onMark: (entry: ScheduleEntry, action: "attend" | "miss") => void;
}) {
  const { data } = props;
  const groups = data.therapists
    .filter((t) => props.therapist_filter === null || t.id === props.therapist_filter)
    .map((t) => ({ therapist: t, sessions: data.sessions.filter((s) => s.therapist_id === t.id) }))
    .filter((g) => g.sessions.length > 0 || props.therapist_filter !== null);
  if (data.sessions.length === 0)
    return (
      <>
        <p class="empty">No sessions on this day{props.therapist_filter !== null ? " for this therapist" : ""}.</p>
        <NextDayWithSessions data={data} therapist_filter={props.therapist_filter} />
      </>
    );
  return (
    <>
      {groups.map(({ therapist, sessions }) => (
        <section class="therapist-day" aria-labelledby={`therapist-${therapist.id}`} data-testid="therapist-day">
          <h2 id={`therapist-${therapist.id}`}>
            {TherapistName(therapist)} <span class="count">({sessions.length} {sessions.length === 1 ? "session" : "sessions"})</span>
          </h2>
          {sessions.length === 0 ? (
            <p class="empty">No sessions on this day.</p>
          ) : (
            <ol class="session-list">
              {sessions.map((entry) => (
                <SessionCard
                  entry={entry}
                  time_zone={data.clinic.time_zone}
                  can_mark={props.can_mark}
                  note_role={props.note_role}
                  onMark={props.onMark}
                />
              ))}
            </ol>
          )}
        </section>
      ))}
    </>
  );
}

/** On an empty day: a link to the next day (within two weeks) that has sessions. */
function NextDayWithSessions(props: { data: DayData; therapist_filter: number | null }) {
  const { data, therapist_filter } = props;
  const tz = data.clinic.time_zone;
  const next = UseResource(async () => {
    const from = ApiInstant(ZonedMidnight(AddDays(data.date, 1), tz));
    const to = ApiInstant(ZonedMidnight(AddDays(data.date, 15), tz));
    const query = `from=${from}&to=${to}` + (therapist_filter ? `&therapist_id=${therapist_filter}` : "");
    const sessions = await Get<ScheduleEntry[]>("/schedule?" + query);
    const first = sessions.find((s) => s.status !== "cancelled");
    return first ? ZonedDate(new Date(first.start), tz) : null;
  }, `${data.date}|${therapist_filter}`);
  if (!next.data) return null;
  const params = new URLSearchParams({ date: next.data, therapist: therapist_filter === null ? "all" : String(therapist_filter) });
  return (
    <p>
      <Link href={"/?" + params.toString()}>Next day with sessions: {FormatDay(next.data)}</Link>
    </p>
  );
}

/** Who may open session notes from the day sheet: therapists write, admins read, others neither. */
type NoteRole = "write" | "read" | null;

/** The day sheet's link to a started session's note, in words for where the note stands. */
function NoteLink(props: { entry: ScheduleEntry; note_role: NoteRole }) {
  const { entry } = props;
  if (!props.note_role || entry.status === "cancelled" || entry.status === "missed") return null;
  if (Date.parse(entry.start) > Date.now()) return null;
  const stands = entry.note_status;
  if (props.note_role === "read" && stands === "none") return null;
  const words =
    stands === "signed" ? "View note" : stands === "draft" ? "Continue draft" : stands === "none" ? "New note" : "Note";
  return (
    <Link href={`/sessions/${entry.session_id}/note?patient=${entry.patient_id}`} class="note-link">
      {words}
      <span class="visually-hidden"> for {entry.patient_name}</span>
    </Link>
  );
}

function SessionCard(props: {
  entry: ScheduleEntry;
  time_zone: string;
  can_mark: boolean;
  note_role: NoteRole;
  onMark: (entry: ScheduleEntry, action: "attend" | "miss") => void;
}) {
  const { entry } = props;
  const precautions = entry.precautions;
  const has_precautions = !!precautions && (precautions.restrictions.length > 0 || precautions.areas_to_avoid.length > 0);
  return (
    <li class={"session-card status-" + entry.status} data-testid="session">
      <div class="session-time">
        <time dateTime={entry.start}>{FormatTime(entry.start, props.time_zone)}</time>–
        <time dateTime={entry.end}>{FormatTime(entry.end, props.time_zone)}</time>
      </div>
      <div class="session-main">
        <Link href={`/patients/${entry.patient_id}`} class="patient-link">
          {entry.patient_name}
        </Link>
        <div class="session-meta">
          <span class={"badge badge-" + entry.status}>{Humanize(entry.status)}</span>
          <span>Phase: {Humanize(entry.phase_id)}</span>
          <NoteLink entry={entry} note_role={props.note_role} />
        </div>
        {has_precautions && (
          <div class="precautions" data-testid="precautions">
            <strong>Precautions:</strong>
            <ul>
              {precautions!.restrictions.map((r) => (
                <li>
                  {r.action === "disable" ? "No " : "Modify "}
                  {Humanize(r.technique_id).toLowerCase()} ({Humanize(r.condition).toLowerCase()}){r.note ? `: ${r.note}` : ""}
                </li>
              ))}
              {precautions!.areas_to_avoid.map((a) => (
                <li>
                  Avoid {a.area ? Humanize(a.area).toLowerCase() : "the affected area"} ({Humanize(a.condition).toLowerCase()})
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {props.can_mark && entry.status === "booked" && Date.parse(entry.start) <= Date.now() && (
        <div class="session-actions">
          <button type="button" onClick={() => props.onMark(entry, "attend")} aria-label={`Mark ${entry.patient_name} attended`}>
            Attended
          </button>
          <button type="button" class="secondary" onClick={() => props.onMark(entry, "miss")} aria-label={`Mark ${entry.patient_name} missed`}>
            Missed
          </button>
        </div>
      )}
    </li>
  );
}

/** Alerts listed before "Show all"; the newest come first. */
const kAlertsShown = 8;

function AlertsInbox(props: { can_acknowledge: boolean }) {
  const alerts = UseResource(async () => {
    const [clinic, list, patients] = await Promise.all([LoadClinic(), Get<Alert[]>("/alerts"), Get<Patient[]>("/patients")]);
    const names = new Map(patients.map((p) => [p.id, [p.given_name, p.family_name].filter(Boolean).join(" ")]));
    return { clinic, list, names };
  }, "alerts");
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState("");
  const [show_all, setShowAll] = useState(false);

  const acknowledge = async (alert: Alert) => {
    setError(undefined);
    try {
      await Post(`/alerts/${alert.id}/acknowledge`);
      setMessage("Alert acknowledged.");
      alerts.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) setError("Could not acknowledge the alert: " + e.message);
    }
  };

  const data = alerts.data;
  const newest_first = data ? [...data.list].reverse() : [];
  const shown = show_all ? newest_first : newest_first.slice(0, kAlertsShown);
  return (
    <aside class="alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alerts{data && <span class="count"> ({data.list.length} open)</span>}
      </h2>
      <p class="visually-hidden" role="status" aria-live="polite">
        {message}
      </p>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {alerts.error && <ErrorNotice error={alerts.error} what="alerts" />}
      {!data && alerts.loading && <Loading what="alerts" />}
      {data && data.list.length === 0 && <p class="empty">No open alerts.</p>}
      {data && data.list.length > 0 && (
        <ul class="alert-list">
          {shown.map((alert) => (
            <li class={"alert-item severity-" + alert.severity} data-testid="alert">
              <div>
                <span class={"badge badge-" + alert.severity}>{Humanize(alert.severity)}</span> {Humanize(alert.kind)}
              </div>
              {alert.patient_id !== null && (
                <Link href={`/patients/${alert.patient_id}`}>{data.names.get(alert.patient_id) ?? `Patient ${alert.patient_id}`}</Link>
              )}
              {alert.detail && <div class="alert-detail">{alert.detail}</div>}
              <div class="muted">
                <time dateTime={alert.created_at}>{FormatDateTime(alert.created_at, data.clinic.time_zone)}</time>
              </div>
              {props.can_acknowledge && alert.kind === "red_flag" && alert.patient_id !== null && (
                // A red flag closes when the referral's outcome is recorded, never by a click.
                <Link href={`/patients/${alert.patient_id}/intake`} class="small">
                  Record the referral's outcome<span class="visually-hidden"> for {data.names.get(alert.patient_id) ?? `patient ${alert.patient_id}`}</span>
                </Link>
              )}
              {props.can_acknowledge && !(alert.kind === "red_flag" && alert.patient_id !== null) && (
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => acknowledge(alert)}
                  aria-label={`Acknowledge ${Humanize(alert.kind).toLowerCase()} alert${alert.patient_id !== null ? " for " + (data.names.get(alert.patient_id) ?? "patient " + alert.patient_id) : ""}`}
                >
                  Acknowledge
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {data && newest_first.length > kAlertsShown && (
        <button type="button" class="secondary small more" aria-expanded={show_all} onClick={() => setShowAll(!show_all)}>
          {show_all ? "Show the newest " + kAlertsShown : `Show all ${newest_first.length} alerts`}
        </button>
      )}
    </aside>
  );
}
