// "/week": the front desk's week across therapists. Each date has a lane per therapist: working
// hours are white, time outside them (and closures) shaded, sessions placed by their clinic-local
// time. A session moves by drag and drop onto a lane, or from the keyboard (select it, arrows move
// the target: up/down 15 minutes, left/right a day, then Enter); the server's booking rules decide
// (opening hours, closures, one session a day, the phase's spacing), so a move that would break
// the course's cadence is refused with the rule's words. Cancel, attend and miss are here too.
// URL: /week?start=YYYY-MM-DD&therapist=N|all (the week containing `start`; this week by default).

import { useRef, useState } from "preact/hooks";
import { ApiError, Get, Post } from "../api";
import { ErrorNotice, Link, Loading, ScreenHeading } from "../components/ui";
import {
  AddDays,
  ApiInstant,
  FormatDay,
  FormatMinutes,
  FormatTime,
  Humanize,
  IsDate,
  MondayOf,
  ParseMinutes,
  ZonedDate,
  ZonedMidnight,
  ZonedMinutes,
  ZonedTime,
} from "../format";
import { ReplanWords, type Replan } from "../replan";
import { Navigate, UseLocation } from "../router";
import { LoadClinic, SeesClinicalData, UseResource, UseSession } from "../session";
import type { Clinic, ScheduleEntry, Therapist, TherapistAvailability } from "../types";

const kPxPerMinute = 0.8; // 48 px an hour
const kStep = 15; // minutes a keyboard move or a drop snaps to

interface WeekData {
  clinic: Clinic;
  therapists: Therapist[];
  sessions: ScheduleEntry[];
  availability: TherapistAvailability[];
  monday: string;
}

/** Where a selected session would move: a clinic date, minutes after midnight, a therapist. */
interface Target {
  date: string;
  minutes: number;
  therapist_id: number;
}

interface Placed {
  entry: ScheduleEntry;
  date: string;
  start: number; // minutes after local midnight
  end: number;
}

const Minutes = (text: string) => ParseMinutes(text) ?? 0;

function TherapistName(t: { given_name: string; family_name: string }): string {
  return [t.given_name, t.family_name].filter(Boolean).join(" ");
}

export function WeekGrid() {
  const { user } = UseSession();
  const location = UseLocation();
  const start_param = location.search.get("start");
  const therapist_param = location.search.get("therapist");
  const filter = therapist_param && /^\d+$/.test(therapist_param) ? Number(therapist_param) : null;

  const week = UseResource<WeekData>(async () => {
    const [clinic, therapists] = await Promise.all([LoadClinic(), Get<Therapist[]>("/therapists")]);
    const tz = clinic.time_zone;
    const monday = MondayOf(IsDate(start_param) ? start_param : ZonedDate(new Date(), tz));
    const next = AddDays(monday, 7);
    const only = filter ? `&therapist_id=${filter}` : "";
    const [sessions, availability] = await Promise.all([
      Get<ScheduleEntry[]>(
        `/schedule?from=${ApiInstant(ZonedMidnight(monday, tz))}&to=${ApiInstant(ZonedMidnight(next, tz))}${only}`,
      ),
      Get<TherapistAvailability[]>(`/availability?from=${monday}&to=${next}${only}`),
    ]);
    return { clinic, therapists, sessions, availability, monday };
  }, `${start_param}|${filter}`);

  const [selected_id, setSelectedId] = useState<number | null>(null);
  const [target, setTarget] = useState<Target | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // Where the pointer took the dragged session, in px below its top edge.
  const grab_offset = useRef(0);

  const data = week.data;
  const can_change = user.role === "therapist" || user.role === "front_desk";
  const go = (start: string, therapist: number | null) => {
    const params = new URLSearchParams({ start, therapist: therapist === null ? "all" : String(therapist) });
    setSelectedId(null);
    setTarget(null);
    Navigate("/week?" + params.toString());
  };

  if (!data)
    return (
      <>
        <ScreenHeading title="Week" />
        {week.error ? <ErrorNotice error={week.error} what="the week's schedule" /> : <Loading what="the week's schedule" />}
      </>
    );

  const tz = data.clinic.time_zone;
  const placed: Placed[] = data.sessions.map((entry) => ({
    entry,
    date: ZonedDate(new Date(entry.start), tz),
    start: ZonedMinutes(entry.start, tz),
    end: ZonedMinutes(entry.end, tz) || 24 * 60,
  }));
  const dates = [0, 1, 2, 3, 4, 5, 6]
    .map((i) => AddDays(data.monday, i))
    .filter(
      (date, i) =>
        i < 5 ||
        placed.some((p) => p.date === date) ||
        data.availability.some((a) => a.days.some((d) => d.date === date && d.open.length > 0)),
    );
  const lanes = data.availability.map((a) => ({ id: a.therapist_id, name: TherapistName(a) }));
  for (const p of placed)
    if (!lanes.some((l) => l.id === p.entry.therapist_id)) {
      const t = data.therapists.find((x) => x.id === p.entry.therapist_id);
      lanes.push({ id: p.entry.therapist_id, name: t ? TherapistName(t) : `Therapist ${p.entry.therapist_id}` });
    }
  let axis_start = 8 * 60;
  let axis_end = 19 * 60;
  for (const a of data.availability)
    for (const d of a.days)
      for (const w of d.open) {
        axis_start = Math.min(axis_start, Minutes(w.start));
        axis_end = Math.max(axis_end, Minutes(w.end));
      }
  for (const p of placed) {
    axis_start = Math.min(axis_start, Math.floor(p.start / 60) * 60);
    axis_end = Math.max(axis_end, Math.ceil(p.end / 60) * 60);
  }
  const height = (axis_end - axis_start) * kPxPerMinute;
  const selected = placed.find((p) => p.entry.session_id === selected_id) ?? null;
  const today = ZonedDate(new Date(), tz);
  const now = Date.now();
  const movable = (p: Placed) => can_change && p.entry.status === "booked" && Date.parse(p.entry.start) > now;
  const duration = selected ? selected.end - selected.start : 0;

  const select = (p: Placed | null) => {
    setSelectedId(p ? p.entry.session_id : null);
    setTarget(p ? { date: p.date, minutes: p.start, therapist_id: p.entry.therapist_id } : null);
    setError(undefined);
  };

  const move = async (p: Placed, to: Target) => {
    if (to.date === p.date && to.minutes === p.start && to.therapist_id === p.entry.therapist_id) return;
    setBusy(true);
    setError(undefined);
    const words = `${FormatDay(to.date)} ${FormatMinutes(to.minutes)} with ${lanes.find((l) => l.id === to.therapist_id)?.name ?? "therapist " + to.therapist_id}`;
    try {
      await Post(`/sessions/${p.entry.session_id}/reschedule`, {
        new_start: ApiInstant(ZonedTime(to.date, to.minutes, tz)),
        therapist_id: to.therapist_id,
      });
      setStatus(`Moved ${p.entry.patient_name}'s session to ${words}.`);
      week.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) {
        setError(`${p.entry.patient_name}'s session stays where it was: it cannot move to ${words}. ${e.message}`);
        setTarget({ date: p.date, minutes: p.start, therapist_id: p.entry.therapist_id });
      }
    } finally {
      setBusy(false);
    }
  };

  const act = async (p: Placed, action: "cancel" | "attend" | "miss") => {
    setBusy(true);
    setError(undefined);
    try {
      const replan = await Post<Replan | undefined>(`/sessions/${p.entry.session_id}/${action}`);
      const done = { cancel: "cancelled", attend: "marked attended", miss: "marked missed" }[action];
      setStatus(`${p.entry.patient_name}'s session of ${FormatDay(p.date)} ${FormatMinutes(p.start)}: ${done}.` + ReplanWords(replan));
      select(null);
      week.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) setError(`Could not change ${p.entry.patient_name}'s session: ${e.message}`);
    } finally {
      setBusy(false);
    }
  };

  const onKey = (p: Placed, event: KeyboardEvent) => {
    if (selected_id !== p.entry.session_id || !target || !movable(p)) return;
    const index = dates.indexOf(target.date);
    let next: Target | null = null;
    if (event.key === "ArrowUp") next = { ...target, minutes: Math.max(axis_start, target.minutes - kStep) };
    else if (event.key === "ArrowDown") next = { ...target, minutes: Math.min(axis_end - duration, target.minutes + kStep) };
    else if (event.key === "ArrowLeft" && index > 0) next = { ...target, date: dates[index - 1] };
    else if (event.key === "ArrowRight" && index < dates.length - 1) next = { ...target, date: dates[index + 1] };
    else if (event.key === "Escape") next = { date: p.date, minutes: p.start, therapist_id: p.entry.therapist_id };
    else if (event.key === "Enter") {
      event.preventDefault();
      void move(p, target);
      return;
    }
    if (next) {
      event.preventDefault();
      setTarget(next);
    }
  };

  return (
    <>
      <ScreenHeading title={"Week of " + FormatDay(data.monday)}>
        Week<span class="subtitle"> of {FormatDay(data.monday)}</span>
      </ScreenHeading>
      <form class="toolbar" aria-label="Choose the week and therapist" onSubmit={(e) => e.preventDefault()}>
        <button type="button" class="secondary" onClick={() => go(AddDays(data.monday, -7), filter)}>
          <span aria-hidden="true">← </span>Previous week
        </button>
        <button type="button" class="secondary" onClick={() => go(AddDays(data.monday, 7), filter)}>
          Next week<span aria-hidden="true"> →</span>
        </button>
        {MondayOf(today) !== data.monday && (
          <button type="button" class="secondary" onClick={() => go(today, filter)}>
            This week
          </button>
        )}
        <div class="field inline">
          <label for="week-therapist">Therapist</label>
          <select
            id="week-therapist"
            value={filter === null ? "all" : String(filter)}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              go(data.monday, value === "all" ? null : Number(value));
            }}
          >
            <option value="all">All therapists</option>
            {data.therapists
              .filter((t) => t.state === "active")
              .map((t) => (
                <option value={String(t.id)}>{TherapistName(t)}</option>
              ))}
          </select>
        </div>
      </form>
      <p class={status ? "notice" : "visually-hidden"} role="status" aria-live="polite" data-testid="week-status">
        {status}
      </p>
      {error && (
        <p class="notice notice-error" role="alert" data-testid="week-error">
          {error}
        </p>
      )}
      <p class="hint">
        {can_change
          ? "Select a session, then drag it to a new place, or use the arrow keys (up/down: 15 minutes, left/right: a day) and Enter. Shaded time is outside working hours."
          : "Shaded time is outside working hours."}
      </p>
      <div class={selected && target ? "week-layout with-panel" : "week-layout"}>
        <div class="week-scroll">
          <div class="week-grid" data-testid="week-grid" data-axis-start={axis_start} data-px-per-minute={kPxPerMinute}>
            <div class="wg-times" aria-hidden="true" style={{ height: `${height}px` }}>
              {HourMarks(axis_start, axis_end).map((m) => (
                <span class="wg-hour" style={{ top: `${(m - axis_start) * kPxPerMinute}px` }}>
                  {FormatMinutes(m)}
                </span>
              ))}
            </div>
            {dates.map((date) => (
              <section class="wg-day" aria-label={FormatDay(date)} data-date={date}>
                <h2 class="wg-day-head">
                  {FormatDay(date, true).replace(/ \d{4}$/, "")}
                  {date === today && <span class="badge badge-booked">today</span>}
                </h2>
                <div class="wg-lanes">
                  {lanes.map((lane) => {
                    const day = data.availability.find((a) => a.therapist_id === lane.id)?.days.find((d) => d.date === date);
                    return (
                      <div class="wg-lane-col">
                        <p class="wg-lane-head" title={lane.name}>
                          {lane.name}
                        </p>
                        {day?.closed && <p class="wg-closed">Closed: {day.closed}</p>}
                        <div
                          class="wg-lane"
                          data-testid="lane"
                          data-date={date}
                          data-therapist={lane.id}
                          style={{ height: `${height}px` }}
                          onDragOver={(e) => {
                            if (selected && movable(selected)) e.preventDefault();
                          }}
                          onDrop={(e) => {
                            e.preventDefault();
                            if (!selected || !movable(selected)) return;
                            const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
                            const raw = axis_start + (e.clientY - rect.top - grab_offset.current) / kPxPerMinute;
                            const minutes = Math.min(axis_end - duration, Math.max(axis_start, Math.round(raw / kStep) * kStep));
                            const to = { date, minutes, therapist_id: lane.id };
                            setTarget(to);
                            void move(selected, to);
                          }}
                        >
                          {day?.open.map((w) => (
                            <div
                              class="wg-open"
                              aria-hidden="true"
                              style={{
                                top: `${(Minutes(w.start) - axis_start) * kPxPerMinute}px`,
                                height: `${(Minutes(w.end) - Minutes(w.start)) * kPxPerMinute}px`,
                              }}
                            />
                          ))}
                          {selected && target && target.date === date && target.therapist_id === lane.id &&
                            (target.date !== selected.date || target.minutes !== selected.start || target.therapist_id !== selected.entry.therapist_id) && (
                              <div
                                class="wg-target"
                                data-testid="move-target"
                                aria-hidden="true"
                                style={{ top: `${(target.minutes - axis_start) * kPxPerMinute}px`, height: `${duration * kPxPerMinute}px` }}
                              >
                                {FormatMinutes(target.minutes)}
                              </div>
                            )}
                          {placed
                            .filter((p) => p.date === date && p.entry.therapist_id === lane.id)
                            .map((p) => (
                              <SessionBlock
                                placed={p}
                                top={(p.start - axis_start) * kPxPerMinute}
                                height={Math.max(18, (p.end - p.start) * kPxPerMinute)}
                                selected={p.entry.session_id === selected_id}
                                same_course={!!selected && selected.entry.course_id === p.entry.course_id && p.entry.session_id !== selected_id}
                                draggable={movable(p)}
                                lane_name={lane.name}
                                onSelect={() => select(p.entry.session_id === selected_id ? null : p)}
                                onDragStart={(e) => {
                                  select(p);
                                  const top = (e.currentTarget as HTMLElement).getBoundingClientRect().top;
                                  grab_offset.current = e.clientY - top;
                                  e.dataTransfer?.setData("text/plain", EntryWords(p));
                                }}
                                onKeyDown={(e) => onKey(p, e)}
                              />
                            ))}
                        </div>
                      </div>
                    );
                  })}
                </div>
              </section>
            ))}
          </div>
        </div>
        {selected && target && (
          <SessionPanel
            placed={selected}
            course_sessions={placed.filter((p) => p.entry.course_id === selected.entry.course_id && p.entry.status !== "cancelled")}
            target={target}
            lanes={lanes}
            clinic={data.clinic}
            can_change={can_change}
            movable={movable(selected)}
            clinical={SeesClinicalData(user)}
            busy={busy}
            now={now}
            onTarget={setTarget}
            onMove={() => void move(selected, target)}
            onAction={(action) => void act(selected, action)}
            onClose={() => select(null)}
          />
        )}
      </div>
    </>
  );
}

/** What a dragged session carries as text (for drops outside the grid). */
function EntryWords(p: Placed): string {
  return `${p.entry.patient_name}, ${FormatDay(p.date)} ${FormatMinutes(p.start)}`;
}

function HourMarks(start: number, end: number): number[] {
  const marks: number[] = [];
  for (let m = Math.ceil(start / 60) * 60; m < end; m += 60) marks.push(m);
  return marks;
}

function SessionBlock(props: {
  placed: Placed;
  top: number;
  height: number;
  selected: boolean;
  same_course: boolean;
  draggable: boolean;
  lane_name: string;
  onSelect: () => void;
  onDragStart: (event: DragEvent) => void;
  onKeyDown: (event: KeyboardEvent) => void;
}) {
  const { entry, date, start, end } = props.placed;
  const classes = ["wg-session", "status-" + entry.status];
  if (props.selected) classes.push("selected");
  if (props.same_course) classes.push("same-course");
  return (
    <button
      type="button"
      class={classes.join(" ")}
      data-testid="week-session"
      data-session={entry.session_id}
      aria-pressed={props.selected}
      aria-label={`${FormatDay(date)} ${FormatMinutes(start)} to ${FormatMinutes(end)}, ${entry.patient_name}, ${Humanize(entry.status)}, with ${props.lane_name}`}
      draggable={props.draggable}
      style={{ top: `${props.top}px`, height: `${props.height}px` }}
      onClick={props.onSelect}
      onDragStart={props.onDragStart}
      onKeyDown={props.onKeyDown}
    >
      <span class="wg-session-time">{FormatMinutes(start)}</span> {entry.patient_name}
    </button>
  );
}

function SessionPanel(props: {
  placed: Placed;
  course_sessions: Placed[];
  target: Target;
  lanes: { id: number; name: string }[];
  clinic: Clinic;
  can_change: boolean;
  movable: boolean;
  clinical: boolean;
  busy: boolean;
  now: number;
  onTarget: (target: Target) => void;
  onMove: () => void;
  onAction: (action: "cancel" | "attend" | "miss") => void;
  onClose: () => void;
}) {
  const { entry, date, start, end } = props.placed;
  const { target } = props;
  const tz = props.clinic.time_zone;
  const started = Date.parse(entry.start) <= props.now;
  const changed = target.date !== date || target.minutes !== start || target.therapist_id !== entry.therapist_id;
  const sessions = [...props.course_sessions].sort((a, b) => a.entry.start.localeCompare(b.entry.start));
  const [confirm_cancel, setConfirmCancel] = useState(false);
  return (
    <aside class="week-panel" aria-labelledby="panel-heading" data-testid="session-panel">
      <h2 id="panel-heading">{entry.patient_name}</h2>
      <p>
        {FormatDay(date)} {FormatMinutes(start)}–{FormatMinutes(end)} with{" "}
        {props.lanes.find((l) => l.id === entry.therapist_id)?.name} · <span class="badge">{Humanize(entry.status)}</span>
      </p>
      {props.clinical && (
        <p>
          <Link href={`/patients/${entry.patient_id}`}>Open chart</Link>
        </p>
      )}
      <h3>This course this week</h3>
      <ol class="course-week" data-testid="course-week">
        {sessions.map((p, i) => {
          const gap = i > 0 ? (Date.parse(p.date) - Date.parse(sessions[i - 1].date)) / 86_400_000 : null;
          return (
            <li>
              {FormatDay(p.date)} {FormatTime(p.entry.start, tz)}
              {gap !== null && <span class="muted"> ({gap === 1 ? "1 day" : `${gap} days`} after the previous one)</span>}
              {p.entry.session_id === entry.session_id && <span class="muted"> — this session</span>}
            </li>
          );
        })}
      </ol>
      {props.movable && (
        <form
          class="move-form"
          aria-label="Move this session"
          onSubmit={(e) => {
            e.preventDefault();
            props.onMove();
          }}
        >
          <h3>Move to</h3>
          <div class="inline-fields">
            <div class="field">
              <label for="move-date">Date</label>
              <input
                id="move-date"
                type="date"
                value={target.date}
                onChange={(e) => {
                  const value = (e.currentTarget as HTMLInputElement).value;
                  if (IsDate(value)) props.onTarget({ ...target, date: value });
                }}
              />
            </div>
            <div class="field">
              <label for="move-time">Time</label>
              <input
                id="move-time"
                type="time"
                step={kStep * 60}
                value={FormatMinutes(target.minutes)}
                onChange={(e) => {
                  const value = ParseMinutes((e.currentTarget as HTMLInputElement).value);
                  if (value !== null) props.onTarget({ ...target, minutes: value });
                }}
              />
            </div>
            <div class="field">
              <label for="move-therapist">Therapist</label>
              <select
                id="move-therapist"
                value={String(target.therapist_id)}
                onChange={(e) => props.onTarget({ ...target, therapist_id: Number((e.currentTarget as HTMLSelectElement).value) })}
              >
                {props.lanes.map((l) => (
                  <option value={String(l.id)}>{l.name}</option>
                ))}
              </select>
            </div>
          </div>
          <div class="button-row">
            <button type="submit" disabled={!changed || props.busy}>
              Move session
            </button>
          </div>
        </form>
      )}
      {props.can_change && entry.status === "booked" && (
        <div class="button-row">
          {!started && !confirm_cancel && (
            <button type="button" class="secondary" disabled={props.busy} onClick={() => setConfirmCancel(true)}>
              Cancel session
            </button>
          )}
          {!started && confirm_cancel && (
            <>
              <p role="alert">Cancel this session? The course is then re-planned: a make-up session is booked where one fits.</p>
              <button type="button" disabled={props.busy} onClick={() => props.onAction("cancel")}>
                Yes, cancel it
              </button>
              <button type="button" class="secondary" onClick={() => setConfirmCancel(false)}>
                Keep it
              </button>
            </>
          )}
          {started && (
            <>
              <button type="button" class="secondary" disabled={props.busy} onClick={() => props.onAction("attend")}>
                Mark attended
              </button>
              <button type="button" class="secondary" disabled={props.busy} onClick={() => props.onAction("miss")}>
                Mark missed
              </button>
            </>
          )}
        </div>
      )}
      <div class="button-row">
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </aside>
  );
}
