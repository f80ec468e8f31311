// Cross-checks backcare's iCalendar feeds against the plan it printed as JSON, using ical.js (an
// independent RFC 5545 parser): every expected session appears once with the same UID, local
// start and end, TZID, STATUS, SEQUENCE and summary, and the VTIMEZONE maps each local start to
// the plan's UTC instant.
// Usage: node check_feeds.mjs PLAN.json patient=FEED.ics [therapist:ID=FEED.ics ...]
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [planFile, ...feeds] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
let failures = 0;
const fail = (message) => {
  failures += 1;
  console.error(`FAIL ${message}`);
};

function expectedEvents(who) {
  if (who === 'patient') {
    return plan.sessions.map((s) => ({ session: s, status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED' }));
  }
  const id = Number(who.split(':')[1]);
  return plan.sessions
    .filter((s) => s.therapist === id || s.released_therapists.includes(id))
    .map((s) => ({
      session: s,
      status: s.therapist !== id || s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    }));
}

for (const spec of feeds) {
  const [who, file] = spec.split('=');
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  const zones = root.getAllSubcomponents('vtimezone');
  if (zones.length !== 1) fail(`${who}: expected 1 VTIMEZONE, got ${zones.length}`);
  for (const zone of zones) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = new Map();
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (events.has(event.uid)) fail(`${who}: duplicate UID ${event.uid}`);
    events.set(event.uid, { event, component });
  }
  const expected = expectedEvents(who);
  if (events.size !== expected.length) {
    fail(`${who}: expected ${expected.length} events, got ${events.size}`);
  }
  for (const { session, status } of expected) {
    const found = events.get(session.uid);
    const where = `${who} ${session.uid}`;
    if (!found) {
      fail(`${where}: missing`);
      continue;
    }
    const { event, component } = found;
    const start = event.startDate;
    const end = event.endDate;
    if (start.toString().slice(0, 16) !== session.local_start) {
      fail(`${where}: DTSTART ${start.toString()} != ${session.local_start}`);
    }
    if (end.toString().slice(0, 16) !== session.local_end) {
      fail(`${where}: DTEND ${end.toString()} != ${session.local_end}`);
    }
    const tzid = component.getFirstProperty('dtstart').getParameter('tzid');
    if (tzid !== plan.time_zone || start.zone.tzid !== plan.time_zone) {
      fail(`${where}: TZID ${tzid} (resolved ${start.zone.tzid}) != ${plan.time_zone}`);
    }
    const utcMillis = Date.parse(session.utc_start.replace('Z', ':00Z'));
    if (start.toUnixTime() * 1000 !== utcMillis) {
      fail(`${where}: VTIMEZONE maps ${start.toString()} to ${new Date(start.toUnixTime() * 1000).toISOString()}, plan says ${session.utc_start}`);
    }
    const gotStatus = component.getFirstPropertyValue('status');
    if (gotStatus !== status) fail(`${where}: STATUS ${gotStatus} != ${status}`);
    if (event.sequence !== session.sequence) {
      fail(`${where}: SEQUENCE ${event.sequence} != ${session.sequence}`);
    }
    if (event.summary !== 'Massage session') fail(`${where}: SUMMARY '${event.summary}'`);
  }
  console.log(`${who}: ${events.size} events checked against ${planFile}`);
}
if (failures > 0) {
  console.error(`${failures} mismatch(es)`);
  process.exit(1);
}
