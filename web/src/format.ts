// Dates and times in the clinic's time zone, and the words staff read for API enum values.

/** YYYY-MM-DD of `instant` in `time_zone`. */
export function ZonedDate(instant: Date, time_zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: time_zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Milliseconds `time_zone` is ahead of UTC at `instant_ms`. */
function ZoneOffsetMs(instant_ms: number, time_zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: time_zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(instant_ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const as_utc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return as_utc - Math.floor(instant_ms / 1000) * 1000;
}

/** The UTC instant at which the clinic's day `date` (YYYY-MM-DD) starts. */
export function ZonedMidnight(date: string, time_zone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const naive = Date.UTC(y, m - 1, d);
  let guess = naive - ZoneOffsetMs(naive, time_zone);
  guess = naive - ZoneOffsetMs(guess, time_zone);
  return new Date(guess);
}

/** `date` plus `days` (calendar arithmetic on YYYY-MM-DD). */
export function AddDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function IsDate(value: string | null): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value + "T00:00:00Z"));
}

/** "2026-12-07T08:00:00Z" for the API's Instant parameters. */
export function ApiInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function FormatTime(instant: string, time_zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, hour: "2-digit", minute: "2-digit" }).format(
    new Date(instant),
  );
}

export function FormatDateTime(instant: string, time_zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: time_zone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(instant));
}

export function FormatInstantDate(instant: string, time_zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, day: "numeric", month: "short", year: "numeric" }).format(
    new Date(instant),
  );
}

/** "10/08/2026": compact, for table cells. */
export function FormatShortDate(instant: string, time_zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: time_zone, day: "2-digit", month: "2-digit", year: "numeric" }).format(
    new Date(instant),
  );
}

/** A calendar date (YYYY-MM-DD, no zone) in words: "Mon 7 Dec 2026". */
export function FormatDay(date: string, with_weekday = true): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: with_weekday ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** snake_case API identifiers as words: "initial_relief" → "Initial relief". */
export function Humanize(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const kRoleNames: Record<string, string> = {
  admin: "Admin",
  therapist: "Therapist",
  front_desk: "Front desk",
  patient: "Patient",
};

export function RoleName(role: string): string {
  return kRoleNames[role] ?? Humanize(role);
}

const kInstrumentNames: Record<string, string> = {
  nprs: "NPRS",
  odi: "ODI",
  rmdq: "RMDQ",
  peg: "PEG",
  startback: "STarT Back",
};

export function InstrumentName(id: string): string {
  return kInstrumentNames[id] ?? id.toUpperCase();
}

export function FormatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** Weeks as staff say them: whole weeks plainly, otherwise one decimal. */
export function FormatWeek(week: number): string {
  return Number.isInteger(week) ? String(week) : week.toFixed(1);
}

/** Minutes after the clinic's local midnight at `instant` (0..1439). */
export function ZonedMinutes(instant: string, time_zone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: time_zone,
    hourCycle: "h23",
    hour: "numeric",
    minute: "numeric",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/** The UTC instant of local time `minutes` after midnight on the clinic's day `date`. */
export function ZonedTime(date: string, minutes: number, time_zone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  let guess = naive - ZoneOffsetMs(naive, time_zone);
  guess = naive - ZoneOffsetMs(guess, time_zone);
  return new Date(guess);
}

/** "HH:MM" for minutes after midnight, and back (null when not a time of day). */
export function FormatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
export function ParseMinutes(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : null;
}

/** The Monday on or before `date` (ISO weeks start on Monday). */
export function MondayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return AddDays(date, -((weekday + 6) % 7));
}

/**
 * A session's User-Agent in a few words, "Firefox 128 on Windows", from its browser and system
 * tokens; an unknown one is cut to 40 characters, an empty one is "Unknown device".
 */
export function ShortUserAgent(user_agent: string): string {
  const ua = user_agent.trim();
  if (!ua) return "Unknown device";
  const browsers: [RegExp, string][] = [
    [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
    [/\bOPR\/(\d+)/, "Opera"],
    [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
    [/\bHeadlessChrome\/(\d+)/, "Headless Chrome"],
    [/\b(?:Chrome|CriOS)\/(\d+)/, "Chrome"],
    [/\bChromium\/(\d+)/, "Chromium"],
    [/\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//, "Safari"],
  ];
  const systems: [RegExp, string][] = [
    [/Windows NT/, "Windows"],
    [/Android/, "Android"],
    [/iPhone|iPod/, "iPhone"],
    [/iPad/, "iPad"],
    [/CrOS/, "ChromeOS"],
    [/Mac OS X|Macintosh/, "macOS"],
    [/Linux|X11/, "Linux"],
  ];
  let browser: string | undefined;
  for (const [pattern, name] of browsers) {
    const match = pattern.exec(ua);
    if (match) {
      browser = `${name} ${match[1]}`;
      break;
    }
  }
  const system = systems.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser) return system ? `${browser} on ${system}` : browser;
  return ua.length > 40 ? ua.slice(0, 39) + "…" : ua;
}
