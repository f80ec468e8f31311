// Cross-checks a feed served at /cal/<token>.ics against the schedule the API returned, using
// ical.js (an independent RFC 5545 parser): the feed holds exactly the expected sessions (UID
// "session-<course>-<session id>@backcare"), each at the schedule's start and end instants, with
// STATUS CANCELLED for cancelled sessions, the plain summary, and no patient name anywhere.
// Usage: node check_server_feed.mjs SCHEDULE.json FEED.ics (therapist|patient):ID SINCE_ISO
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [scheduleFile, feedFile, who, since] = process.argv.slice(2);
const schedule = JSON.parse(readFileSync(scheduleFile, 'utf8'));
const text = readFileSync(feedFile, 'utf8');
const [kind, idText] = who.split(':');
const id = Number(idText);
let failures = 0;
const fail = (message) => {
  failures += 1;
  console.error(`FAIL ${who}: ${message}`);
};

const expected = new Map();
for (const entry of schedule) {
  const mine = kind === 'therapist' ? entry.therapist_id === id : entry.patient_id === id;
  if (mine && Date.parse(entry.start) >= Date.parse(since)) {
    expected.set(`session-${entry.course_id}-${entry.session_id}@backcare`, entry);
  }
  if (text.includes(entry.patient_name)) fail(`the feed names a patient (${entry.patient_name})`);
}
if (expected.size === 0) fail('the schedule has no sessions to compare (the check would be empty)');

const root = new ICAL.Component(ICAL.parse(text));
for (const zone of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const seen = new Set();
for (const component of root.getAllSubcomponents('vevent')) {
  const event = new ICAL.Event(component);
  if (seen.has(event.uid)) fail(`duplicate UID ${event.uid}`);
  seen.add(event.uid);
  const entry = expected.get(event.uid);
  if (!entry) {
    fail(`unexpected event ${event.uid}`);
    continue;
  }
  const start = event.startDate.toJSDate().toISOString().replace('.000Z', 'Z');
  const end = event.endDate.toJSDate().toISOString().replace('.000Z', 'Z');
  if (start !== entry.start) fail(`${event.uid}: starts ${start}, the schedule says ${entry.start}`);
  if (end !== entry.end) fail(`${event.uid}: ends ${end}, the schedule says ${entry.end}`);
  const status = component.getFirstPropertyValue('status');
  const want = entry.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED';
  if (status !== want) fail(`${event.uid}: STATUS ${status}, expected ${want}`);
  if (event.summary !== 'Massage session') fail(`${event.uid}: summary ${event.summary}`);
}
for (const uid of expected.keys()) {
  if (!seen.has(uid)) fail(`missing ${uid}`);
}
if (failures > 0) process.exit(1);
console.log(`${who}: ${seen.size} events match the schedule`);
