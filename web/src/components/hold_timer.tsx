// The trigger-point hold timer: a count-up started and stopped with Space (when focus is not in
// a field or on another control) or its button, shown in words and colour against the protocol's
// hold range, with a tone at the range's min and max; at the max it stops itself. Stopping hands
// the whole seconds held to `onStop`. Time comes from Date.now() read on a setInterval tick, so a
// test clock (Playwright's page.clock) drives it.

import { useEffect, useRef, useState } from "preact/hooks";

export interface HoldRange {
  min: number;
  max: number;
}

export type HoldZone = "below" | "in_range" | "stop";

export function HoldZoneOf(seconds: number, range: HoldRange): HoldZone {
  if (seconds >= range.max) return "stop";
  if (seconds >= range.min) return "in_range";
  return "below";
}

export function HoldZoneWords(zone: HoldZone, range: HoldRange): string {
  if (zone === "stop") return `stop: ${range.max} s reached`;
  if (zone === "in_range") return `in range (${range.min}–${range.max} s)`;
  return `below ${range.min} s`;
}

const kTickMs = 200;

/** Short sine beeps; the AudioContext is made on the user's click or key press (autoplay rules). */
class Tones {
  private context: AudioContext | null = null;

  Prepare(): void {
    if (this.context) {
      void this.context.resume().catch(() => undefined);
      return;
    }
    try {
      this.context = new AudioContext();
    } catch {
      this.context = null; // No audio: the words and colours still show the zone.
    }
  }

  Beep(frequency_hz: number, duration_ms: number): void {
    const context = this.context;
    if (!context) return;
    try {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency_hz;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      const start = context.currentTime;
      oscillator.start(start);
      oscillator.stop(start + duration_ms / 1000);
    } catch {
      // A failed tone must never stop the timer.
    }
  }
}

/** True when Space there belongs to the element (typing, a control's own activation). */
function SpaceBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return !!target.closest("input, textarea, select, button, a[href], summary, [role=button], [role=radio], dialog[open]");
}

export function HoldTimer(props: {
  range: HoldRange;
  /** Why the timer cannot be used (a disabled technique, a signed note); undefined when it can. */
  disabled?: boolean;
  label: string;
  onStop: (hold_seconds: number) => void;
}) {
  const { range } = props;
  const [started_at, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const tones = useRef(new Tones());
  const zone = HoldZoneOf(elapsed, range);
  const running = started_at !== null;

  // Latest values for the interval and key handlers.
  const state = useRef({ started_at, elapsed, range, onStop: props.onStop, disabled: props.disabled });
  state.current = { started_at, elapsed, range, onStop: props.onStop, disabled: props.disabled };

  const stop = (seconds: number) => {
    setStartedAt(null);
    setElapsed(seconds);
    const words = HoldZoneWords(HoldZoneOf(seconds, state.current.range), state.current.range);
    setAnnouncement(`Stopped at ${seconds} s (${words}).`);
    if (seconds > 0) state.current.onStop(seconds);
  };

  const toggle = () => {
    if (state.current.disabled) return;
    tones.current.Prepare();
    if (state.current.started_at === null) {
      setElapsed(0);
      setStartedAt(Date.now());
      setAnnouncement(`Timer started: ${HoldZoneWords("below", state.current.range)}.`);
    } else {
      stop(Math.floor((Date.now() - state.current.started_at) / 1000));
    }
  };

  useEffect(() => {
    if (started_at === null) return;
    let last = 0;
    const id = window.setInterval(() => {
      const { range: r } = state.current;
      const seconds = Math.floor((Date.now() - started_at) / 1000);
      if (seconds >= r.max) {
        window.clearInterval(id);
        tones.current.Beep(440, 600);
        stop(r.max);
        return;
      }
      if (last < r.min && seconds >= r.min) {
        tones.current.Beep(880, 250);
        setAnnouncement(`${seconds} s: ${HoldZoneWords("in_range", r)}.`);
      }
      last = seconds;
      setElapsed(seconds);
    }, kTickMs);
    return () => window.clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [started_at]);

  useEffect(() => {
    const on_key = (event: KeyboardEvent) => {
      if (event.key !== " " || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.defaultPrevented || SpaceBelongsTo(event.target)) return;
      event.preventDefault();
      toggle();
    };
    document.addEventListener("keydown", on_key);
    return () => document.removeEventListener("keydown", on_key);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div class={"hold-timer zone-" + (running || elapsed > 0 ? zone : "idle")} data-testid="hold-timer">
      <div class="hold-readout">
        <span class="hold-seconds" data-testid="hold-seconds">
          {elapsed} s
        </span>
        <span class="hold-zone" data-testid="hold-zone">
          {running || elapsed > 0 ? HoldZoneWords(zone, range) : `ready: hold ${range.min}–${range.max} s`}
        </span>
      </div>
      <button type="button" onClick={toggle} disabled={props.disabled} aria-keyshortcuts="Space">
        {running ? "Stop and log hold" : "Start hold timer"}
      </button>
      <p class="hint">
        {props.label}. Space starts and stops the timer when the cursor is not in a field; it stops itself at {range.max} s.
      </p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
