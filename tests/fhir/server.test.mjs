// backcare's FHIR R4 read API (docs/fhir.md: /fhir/R4 on `backcare serve`) checked from
// outside with independent tools: fhir-kit-client searches and reads, and every resource is judged
// by validate.mjs (StructureDefinitions, the R4 JSON schema, FHIRPath invariants and backcare's
// rules). Run by run.sh, which serves a demo clinic plus a second clinic and passes
//   BACKCARE_FHIR_URL  the base, http://127.0.0.1:PORT/fhir/R4
//   BACKCARE_FHIR_ENV  the JSON file setup.mjs wrote: tokens, cookies and ids per role.
// The tests run in order: the admin's crawl of every type comes first and later tests compare
// with what it found.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client } from 'fhir-kit-client';
import { validateResource, formatProblems } from './validate.mjs';

const base = process.env.BACKCARE_FHIR_URL;
const envFile = process.env.BACKCARE_FHIR_ENV;
if (!base || !envFile) {
  throw new Error('server.test.mjs needs BACKCARE_FHIR_URL and BACKCARE_FHIR_ENV: run it through tests/fhir/run.sh');
}
const env = JSON.parse(readFileSync(envFile, 'utf8'));

// docs/fhir.md's types and their search parameters (besides _id, token, and _lastUpdated, date,
// on every type). _count is a result parameter: the CapabilityStatement may list it (as a number)
// or leave it out.
const CONTRACT = {
  Organization: {},
  Practitioner: { name: 'string' },
  Patient: { name: 'string', birthdate: 'date' },
  Observation: { patient: 'reference', code: 'token', category: 'token', date: 'date' },
  QuestionnaireResponse: { patient: 'reference', authored: 'date' },
  Appointment: { patient: 'reference', date: 'date', status: 'token' },
  Encounter: { patient: 'reference', date: 'date' },
  CarePlan: { patient: 'reference', status: 'token' },
  Procedure: { patient: 'reference', date: 'date', code: 'token' },
  Flag: { patient: 'reference', status: 'token' },
};
const TYPES = Object.keys(CONTRACT);
const CLINICAL_TYPES = ['Observation', 'QuestionnaireResponse', 'Encounter', 'CarePlan', 'Procedure', 'Flag'];
const FRONT_DESK_TYPES = ['Organization', 'Practitioner', 'Patient', 'Appointment'];

// Id shapes from docs/fhir.md.
const ID_SHAPES = {
  Organization: /^\d+$/,
  Practitioner: /^\d+$/,
  Patient: /^\d+$/,
  Observation: /^(score-\d+|adh-\d+-\d{8}-[A-Za-z0-9.-]+)$/,
  QuestionnaireResponse: /^\d+$/,
  Appointment: /^\d+$/,
  Encounter: /^\d+$/,
  CarePlan: /^course-\d+$/,
  Procedure: /^\d+-\d+$/,
  Flag: /^(screening|alert)-\d+$/,
};

const LOINC = 'http://loinc.org';
const NPRS = '72514-3';
const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
const PAGE = 5;

// ---------------------------------------------------------------------------------------------
// Helpers

function authHeaders(auth) {
  if (!auth) return {};
  if (auth.token) return { authorization: `Bearer ${auth.token}` };
  return { cookie: auth.cookie };
}

function clientFor(auth) {
  return new Client({ baseUrl: base, customHeaders: authHeaders(auth) });
}

// A plain request (fetch), for statuses and headers the client hides. `path` is relative to base.
async function raw(path, { auth = env.admin, method = 'GET', headers = {} } = {}) {
  const response = await fetch(`${base}/${path}`, {
    method, headers: { accept: 'application/fhir+json', ...authHeaders(auth), ...headers },
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* json stays null */ }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json, text };
}

function excerpt(answer) {
  return `HTTP ${answer.status} ${answer.contentType}: ${answer.text.slice(0, 400)}`;
}

function assertFhirJson(answer) {
  assert.match(answer.contentType, /^application\/fhir\+json(;|$)/, excerpt(answer));
  assert.ok(answer.json !== null, `not JSON: ${excerpt(answer)}`);
}

function assertValid(resource, what) {
  const problems = validateResource(resource);
  assert.equal(problems.length, 0, `${what}:\n${formatProblems(problems)}`);
}

// An error answer: the status, a valid OperationOutcome with an error issue of `code`.
function assertOutcome(answer, status, code, what) {
  assert.equal(answer.status, status, `${what}: ${excerpt(answer)}`);
  assertFhirJson(answer);
  assert.equal(answer.json.resourceType, 'OperationOutcome', `${what}: ${excerpt(answer)}`);
  assertValid(answer.json, what);
  assert.ok(answer.json.issue.some((i) => i.severity === 'error' && (code === undefined || i.code === code)),
    `${what}: expected an error issue${code ? ` with code "${code}"` : ''}: ${excerpt(answer)}`);
}

function refId(reference, type) {
  const prefix = `${type}/`;
  return typeof reference === 'string' && reference.startsWith(prefix) ? reference.slice(prefix.length) : null;
}

function hasCoding(concepts, system, code) {
  return [concepts].flat().filter(Boolean)
    .some((c) => (c.coding ?? []).some((x) => x.system === system && x.code === code));
}

function subjectOf(resource) {
  if (resource.resourceType === 'Patient') return resource.id;
  if (resource.resourceType === 'Appointment') {
    const actor = (resource.participant ?? []).map((p) => p.actor?.reference).find((r) => refId(r, 'Patient'));
    return refId(actor, 'Patient');
  }
  return refId(resource.subject?.reference, 'Patient');
}

// Runs a search with fhir-kit-client and follows every `next` link with nextPage to the end.
// Checks each page (a valid searchset Bundle, no total, a self link, at most _count entries of
// `type`, fullUrl ending in type/id, search.mode match) and that no id repeats. Returns
// {resources, pages, nextUrls}.
async function crawl(client, type, searchParams = {}, what = type) {
  const count = Number(searchParams._count ?? 50);
  const resources = [];
  const seen = new Set();
  const nextUrls = [];
  let bundle = await client.search({ resourceType: type, searchParams });
  let pages = 0;
  for (;;) {
    pages += 1;
    assert.ok(pages <= 10000, `${what}: more than 10000 pages`);
    const where = `${what} page ${pages}`;
    assert.equal(bundle.resourceType, 'Bundle', where);
    assert.equal(bundle.type, 'searchset', where);
    assert.equal(bundle.total, undefined, `${where}: the contract has no total`);
    assertValid(bundle, where);
    assert.ok((bundle.link ?? []).some((l) => l.relation === 'self' && l.url), `${where}: no self link`);
    const entries = bundle.entry ?? [];
    assert.ok(entries.length <= count, `${where}: ${entries.length} entries for _count=${count}`);
    for (const entry of entries) {
      const r = entry.resource;
      assert.equal(r.resourceType, type, `${where}: an entry of type ${r.resourceType}`);
      assert.equal(entry.search?.mode, 'match', `${where}: ${type}/${r.id} search.mode`);
      assert.ok(entry.fullUrl?.endsWith(`/${type}/${r.id}`), `${where}: fullUrl ${entry.fullUrl} for ${type}/${r.id}`);
      assert.ok(!seen.has(r.id), `${where}: ${type}/${r.id} repeats (pages overlap)`);
      seen.add(r.id);
      resources.push(r);
    }
    const next = (bundle.link ?? []).find((l) => l.relation === 'next');
    if (!next) break;
    assert.ok(entries.length > 0, `${where}: an empty page with a next link`);
    nextUrls.push(next.url);
    bundle = await client.nextPage({ bundle });
  }
  return { resources, pages, nextUrls };
}

// Microseconds since the epoch of a FHIR instant/dateTime (Date.parse keeps only milliseconds,
// and the server compares the fraction it is given).
function micros(text) {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return Date.parse(text) * 1000;
  const fraction = (m[2] ?? '.').slice(1).padEnd(6, '0').slice(0, 6);
  return Date.parse(m[1] + m[3]) * 1000 + Number(fraction);
}

// The range [lo, hi] (microseconds, both included) that a FHIR date, dateTime or instant covers:
// a year, month or (UTC) day, or the second (or the fraction given) of a dateTime.
function rangeOf(text) {
  const date = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text);
  if (date) {
    const [, y, m, d] = date;
    const lo = Date.UTC(+y, m ? +m - 1 : 0, d ? +d : 1);
    const next = d ? Date.UTC(+y, +m - 1, +d + 1) : m ? Date.UTC(+y, +m, 1) : Date.UTC(+y + 1, 0, 1);
    return [lo * 1000, next * 1000 - 1];
  }
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  const lo = micros(text);
  return [lo, lo + 10 ** (6 - Math.min(fraction.length, 6)) - 1];
}

// FHIR's prefixes on ranges (R4 search.html): the target [lo, hi] against the value's [vlo, vhi].
// ge: the target reaches past the value, or the value contains the target; lt: the target starts
// before the value, or ... (le and gt mirror them).
function rangeMatches(prefix, [lo, hi], [vlo, vhi]) {
  const contained = lo >= vlo && hi <= vhi;
  switch (prefix) {
    case 'ge': return hi > vhi || contained;
    case 'gt': return hi > vhi;
    case 'le': return lo < vlo || contained;
    case 'lt': return lo < vlo;
    default: throw new Error(prefix);
  }
}

const idsOf = (resources) => resources.map((r) => r.id).sort();

// What the admin's crawl found, by type; filled by the first crawl test.
const found = {};
const nextLinks = {};
function foundOf(type) {
  assert.ok(found[type], `the admin crawl of ${type} did not run or failed; see the first failures`);
  return found[type];
}

// ---------------------------------------------------------------------------------------------

test('GET metadata without credentials: a valid CapabilityStatement with exactly the contract', async () => {
  const answer = await raw('metadata', { auth: null });
  assert.equal(answer.status, 200, excerpt(answer));
  assertFhirJson(answer);
  const cs = answer.json;
  assert.equal(cs.resourceType, 'CapabilityStatement');
  assertValid(cs, 'CapabilityStatement');
  assert.equal(cs.status, 'active');
  assert.equal(cs.kind, 'instance');
  assert.equal(cs.fhirVersion, '4.0.1');
  assert.ok((cs.format ?? []).includes('json'), `format ${JSON.stringify(cs.format)}`);
  assert.equal(cs.rest?.length, 1, 'one rest entry');
  assert.equal(cs.rest[0].mode, 'server');
  const listed = Object.fromEntries(cs.rest[0].resource.map((r) => [r.type, r]));
  assert.deepEqual(Object.keys(listed).sort(), [...TYPES].sort(), 'resource types');
  for (const type of TYPES) {
    const r = listed[type];
    assert.deepEqual((r.interaction ?? []).map((i) => i.code).sort(), ['read', 'search-type'], `${type} interactions`);
    const params = Object.fromEntries((r.searchParam ?? []).map((p) => [p.name, p.type]));
    if ('_count' in params) {
      assert.equal(params._count, 'number', `${type}: _count type`);
      delete params._count;
    }
    assert.deepEqual(params, { _id: 'token', _lastUpdated: 'date', ...CONTRACT[type] }, `${type} search parameters`);
  }
});

test('fhir-kit-client reads the CapabilityStatement too', async () => {
  const cs = await new Client({ baseUrl: base }).capabilityStatement();
  assert.equal(cs.resourceType, 'CapabilityStatement');
});

test('admin: every type searched with _count=5, every next page followed, every entry valid', async (t) => {
  const client = clientFor(env.admin);
  for (const type of TYPES) {
    await t.test(type, async () => {
      const result = await crawl(client, type, { _count: PAGE }, `admin ${type}`);
      for (const r of result.resources) {
        assert.match(r.id, ID_SHAPES[type], `${type}/${r.id}: not the contract's id shape`);
      }
      // The demo clinic has data of every type (Flag: screening decisions or alerts).
      assert.ok(result.resources.length > 0, `no ${type} in the demo clinic`);
      found[type] = result.resources;
      nextLinks[type] = result.nextUrls;
    });
  }
  const counts = Object.fromEntries(TYPES.map((type) => [type, found[type]?.length]));
  t.diagnostic(`resources found: ${JSON.stringify(counts)}`);
  assert.equal(foundOf('Organization').length, 1, 'the admin sees exactly its own clinic');
  assert.equal(found.Organization[0].id, String(env.clinic_id));
  assert.ok(TYPES.some((type) => (nextLinks[type] ?? []).length > 0), 'no search needed a second page');
});

test('admin: each found resource read by id equals its search entry', async (t) => {
  const client = clientFor(env.admin);
  for (const type of TYPES) {
    await t.test(type, async () => {
      for (const r of foundOf(type)) {
        let read;
        try {
          read = await client.read({ resourceType: type, id: r.id });
        } catch (error) {
          const response = error.response;
          assert.fail(`read ${type}/${r.id}: HTTP ${response?.status}: ${JSON.stringify(response?.data).slice(0, 300)}`);
        }
        assert.deepEqual(read, r, `${type}/${r.id}: the read differs from the search entry`);
      }
    });
  }
});

test('references between the served resources resolve to found resources', () => {
  const ids = Object.fromEntries(TYPES.map((t) => [t, new Set(foundOf(t).map((r) => r.id))]));
  const dangling = [];
  for (const type of TYPES) {
    for (const r of found[type]) {
      const refs = [];
      (function walk(node) {
        if (Array.isArray(node)) { node.forEach(walk); return; }
        if (node === null || typeof node !== 'object') return;
        if (typeof node.reference === 'string') refs.push(node.reference);
        Object.values(node).forEach(walk);
      })(r);
      for (const ref of refs) {
        const [refType, refId] = ref.split('/');
        if (ids[refType] && !ids[refType].has(refId)) dangling.push(`${type}/${r.id} -> ${ref}`);
      }
    }
  }
  assert.deepEqual(dangling.slice(0, 20), [], `${dangling.length} references point at nothing the search finds`);
});

test('Encounters are exactly the fulfilled Appointments, and scores derive from their responses', () => {
  const fulfilled = foundOf('Appointment').filter((a) => a.status === 'fulfilled').map((a) => a.id).sort();
  assert.deepEqual(idsOf(foundOf('Encounter')), fulfilled);
  for (const e of found.Encounter) {
    assert.equal(e.status, 'finished', `Encounter/${e.id}`);
    assert.equal(e.class?.code, 'AMB', `Encounter/${e.id} class`);
  }
  for (const o of foundOf('Observation').filter((x) => x.id.startsWith('score-'))) {
    assert.deepEqual(o.derivedFrom?.map((d) => d.reference), [`QuestionnaireResponse/${o.id.slice('score-'.length)}`],
      `Observation/${o.id} derivedFrom`);
  }
  for (const p of foundOf('CarePlan')) assert.equal(p.intent, 'plan', `CarePlan/${p.id}`);
  const statuses = new Set(found.Appointment.map((a) => a.status));
  for (const s of statuses) assert.ok(['booked', 'fulfilled', 'noshow', 'cancelled'].includes(s), `Appointment status ${s}`);
});

// The NPRS observations of the patient who has the most of them.
function nprsByPatient() {
  const byPatient = new Map();
  for (const o of foundOf('Observation').filter((x) => hasCoding(x.code, LOINC, NPRS))) {
    const p = subjectOf(o);
    byPatient.set(p, [...(byPatient.get(p) ?? []), o]);
  }
  return [...byPatient.entries()].sort((a, b) => b[1].length - a[1].length);
}

test('NPRS (LOINC 72514-3) Observations exist and are 0..10', () => {
  const nprs = foundOf('Observation').filter((o) => hasCoding(o.code, LOINC, NPRS));
  assert.ok(nprs.length > 0, 'no NPRS Observation in the demo clinic');
  for (const o of nprs) {
    const v = o.valueQuantity?.value;
    assert.ok(typeof v === 'number' && v >= 0 && v <= 10, `Observation/${o.id}: NPRS value ${JSON.stringify(v)}`);
    assert.ok(hasCoding(o.category, CATEGORY_SYSTEM, 'survey'), `Observation/${o.id}: category survey`);
  }
});

test('Observation?patient=&code=loinc|72514-3 returns exactly that patient\'s NPRS Observations', async () => {
  const client = clientFor(env.admin);
  const [patient, expected] = nprsByPatient()[0];
  // fhir-kit-client percent-encodes the system|code token.
  const bySystem = await crawl(client, 'Observation',
    { patient, code: `${LOINC}|${NPRS}`, _count: PAGE }, 'patient+code');
  assert.deepEqual(idsOf(bySystem.resources), idsOf(expected));
  const byReference = await crawl(client, 'Observation',
    { patient: `Patient/${patient}`, code: `${LOINC}|${NPRS}`, _count: PAGE }, 'Patient/id+code');
  assert.deepEqual(idsOf(byReference.resources), idsOf(expected));
  const byCodeOnly = await crawl(client, 'Observation', { patient, code: NPRS }, 'patient+bare code');
  assert.deepEqual(idsOf(byCodeOnly.resources), idsOf(expected));
  const otherSystem = await crawl(client, 'Observation', { patient, code: `http://snomed.info/sct|${NPRS}` }, 'wrong system');
  assert.deepEqual(otherSystem.resources, []);
});

test('date=ge..&date=le.. narrows the patient\'s NPRS Observations to the window', async () => {
  const client = clientFor(env.admin);
  const [patient, observations] = nprsByPatient()[0];
  const byTime = new Map(observations.filter((o) => o.effectiveDateTime)
    .map((o) => [micros(o.effectiveDateTime), o.effectiveDateTime]));
  const instants = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  assert.ok(instants.length >= 3, `patient ${patient} has only ${instants.length} distinct NPRS times`);
  const low = instants[1];
  const high = instants[instants.length - 2];
  const inWindow = observations.filter((o) => rangeMatches('ge', rangeOf(o.effectiveDateTime), rangeOf(low))
    && rangeMatches('le', rangeOf(o.effectiveDateTime), rangeOf(high)));
  assert.ok(inWindow.length < observations.length, 'the window must leave some out');
  const narrowed = await crawl(client, 'Observation',
    { patient, code: `${LOINC}|${NPRS}`, date: [`ge${low}`, `le${high}`], _count: PAGE }, 'date window');
  assert.deepEqual(idsOf(narrowed.resources), idsOf(inWindow), `window ge${low} le${high}`);
  // gt/lt exclude the bounds themselves.
  const open = await crawl(client, 'Observation',
    { patient, code: `${LOINC}|${NPRS}`, date: [`gt${low}`, `lt${high}`] }, 'open date window');
  const strictly = observations.filter((o) => rangeMatches('gt', rangeOf(o.effectiveDateTime), rangeOf(low))
    && rangeMatches('lt', rangeOf(o.effectiveDateTime), rangeOf(high)));
  assert.deepEqual(idsOf(open.resources), idsOf(strictly), `window gt${low} lt${high}`);
});

test('category=activity returns only (and all) adherence Observations; survey only scores', async () => {
  const client = clientFor(env.admin);
  const all = foundOf('Observation');
  const activity = await crawl(client, 'Observation', { category: 'activity', _count: 200 }, 'category=activity');
  for (const o of activity.resources) {
    assert.ok(hasCoding(o.category, CATEGORY_SYSTEM, 'activity'), `Observation/${o.id} category`);
    assert.ok(o.id.startsWith('adh-') && typeof o.valueBoolean === 'boolean', `Observation/${o.id}`);
  }
  assert.deepEqual(idsOf(activity.resources),
    idsOf(all.filter((o) => hasCoding(o.category, CATEGORY_SYSTEM, 'activity'))));
  assert.ok(activity.resources.length > 0, 'no adherence Observation in the demo clinic');
  const survey = await crawl(client, 'Observation', { category: `${CATEGORY_SYSTEM}|survey`, _count: 200 }, 'category=survey');
  assert.deepEqual(idsOf(survey.resources), idsOf(all.filter((o) => o.id.startsWith('score-'))));
});

test('_id, name, birthdate and status searches find what the crawl says they should', async () => {
  const client = clientFor(env.admin);
  const patient = foundOf('Patient')[0];
  const byId = await crawl(client, 'Patient', { _id: patient.id }, '_id');
  assert.deepEqual(idsOf(byId.resources), [patient.id]);
  if (patient.birthDate) {
    const byBirth = await crawl(client, 'Patient', { birthdate: patient.birthDate }, 'birthdate');
    assert.deepEqual(idsOf(byBirth.resources), idsOf(found.Patient.filter((p) => p.birthDate === patient.birthDate)));
  }
  const family = patient.name?.[0]?.family;
  if (family) {
    const byName = await crawl(client, 'Patient', { name: family }, 'name');
    assert.ok(idsOf(byName.resources).includes(patient.id), `name=${family} misses Patient/${patient.id}`);
  }
  for (const type of ['Appointment', 'CarePlan', 'Flag']) {
    const status = foundOf(type)[0].status;
    const byStatus = await crawl(client, type, { status }, `${type} status`);
    assert.deepEqual(idsOf(byStatus.resources), idsOf(found[type].filter((r) => r.status === status)), `${type}?status=${status}`);
  }
  for (const type of ['QuestionnaireResponse', 'Appointment', 'Encounter', 'CarePlan', 'Procedure', 'Flag']) {
    const subject = subjectOf(foundOf(type)[0]);
    const byPatient = await crawl(client, type, { patient: subject }, `${type} patient`);
    assert.deepEqual(idsOf(byPatient.resources), idsOf(found[type].filter((r) => subjectOf(r) === subject)),
      `${type}?patient=${subject}`);
  }
});

test('date and authored searches with ge/gt/le/lt follow FHIR\'s range rules on each dated type', async (t) => {
  const client = clientFor(env.admin);
  const period = (p) => (p?.start ? [rangeOf(p.start)[0], p.end ? rangeOf(p.end)[1] : Infinity] : null);
  const dated = [
    ['QuestionnaireResponse', 'authored', (r) => (r.authored ? rangeOf(r.authored) : null)],
    ['Appointment', 'date', (r) => (r.start ? rangeOf(r.start) : null)],
    ['Encounter', 'date', (r) => period(r.period)],
    ['Procedure', 'date', (r) => (r.performedDateTime ? rangeOf(r.performedDateTime) : period(r.performedPeriod))],
    ['Observation', 'date', (r) => (r.effectiveDateTime ? rangeOf(r.effectiveDateTime) : period(r.effectivePeriod))],
  ];
  for (const [type, param, rangeFor] of dated) {
    await t.test(`${type}?${param}`, async () => {
      const resources = foundOf(type);
      const starts = resources.map(rangeFor).filter(Boolean).map(([lo]) => lo).sort((a, b) => a - b);
      assert.ok(starts.length >= 2, `${type}: fewer than two resources with a ${param}`);
      // A value 17.25 s after the middle start: no record's boundary falls within its millisecond.
      const valueMs = Math.floor(starts[Math.floor(starts.length / 2)] / 1000) + 17250;
      const value = new Date(valueMs).toISOString();
      const valueRange = [valueMs * 1000, valueMs * 1000 + 999];
      for (const prefix of ['ge', 'gt', 'le', 'lt']) {
        const result = await crawl(client, type, { [param]: `${prefix}${value}`, _count: 200 }, `${type}?${param}=${prefix}`);
        const expected = resources.filter((r) => rangeFor(r) && rangeMatches(prefix, rangeFor(r), valueRange));
        assert.deepEqual(idsOf(result.resources), idsOf(expected), `${type}?${param}=${prefix}${value}`);
      }
      // A whole UTC day (eq, the default): the records whose range lies within it.
      const day = value.slice(0, 10);
      const dayRange = rangeOf(day);
      const onDay = await crawl(client, type, { [param]: day, _count: 200 }, `${type}?${param}=${day}`);
      const expected = resources.filter((r) => rangeFor(r) && rangeFor(r)[0] >= dayRange[0] && rangeFor(r)[1] <= dayRange[1]);
      assert.deepEqual(idsOf(onDay.resources), idsOf(expected), `${type}?${param}=${day}`);
    });
  }
});

test('_lastUpdated matches exactly the resources that carry meta.lastUpdated, split by ge/lt', async (t) => {
  // docs/fhir.md: until schema 18 no resource carries meta.lastUpdated, so the search finds none.
  const client = clientFor(env.admin);
  for (const type of TYPES) {
    await t.test(type, async () => {
      const resources = foundOf(type);
      const stamped = resources.filter((r) => r.meta?.lastUpdated);
      const any = await crawl(client, type, { _lastUpdated: 'ge1970-01-01', _count: 200 }, `${type}?_lastUpdated=ge1970`);
      assert.deepEqual(idsOf(any.resources), idsOf(stamped), `${type}?_lastUpdated=ge1970-01-01`);
      if (stamped.length === 0) return;
      const times = [...new Set(stamped.map((r) => r.meta.lastUpdated))].sort((a, b) => micros(a) - micros(b));
      const middle = times[Math.floor(times.length / 2)];
      const ge = await crawl(client, type, { _lastUpdated: `ge${middle}`, _count: 200 }, `${type}?_lastUpdated=ge`);
      assert.deepEqual(idsOf(ge.resources),
        idsOf(stamped.filter((r) => rangeMatches('ge', rangeOf(r.meta.lastUpdated), rangeOf(middle)))), `ge${middle}`);
      const lt = await crawl(client, type, { _lastUpdated: `lt${middle}`, _count: 200 }, `${type}?_lastUpdated=lt`);
      assert.deepEqual(idsOf(lt.resources),
        idsOf(stamped.filter((r) => rangeMatches('lt', rangeOf(r.meta.lastUpdated), rangeOf(middle)))), `lt${middle}`);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Negatives: each a 4xx with a valid OperationOutcome.

test('an unknown search parameter is 400, not silently dropped', async () => {
  assertOutcome(await raw('Patient?foo=1'), 400, 'invalid', 'Patient?foo=1');
  assertOutcome(await raw('Observation?subject=Patient/1'), 400, 'invalid', 'Observation?subject= (not in the contract)');
});

test('_count: not a whole number >= 1 is 400; above 200 gives pages of 200', async () => {
  assertOutcome(await raw('Patient?_count=abc'), 400, 'invalid', '_count=abc');
  assertOutcome(await raw('Patient?_count=-1'), 400, 'invalid', '_count=-1');
  assertOutcome(await raw('Patient?_count=0'), 400, 'invalid', '_count=0');
  assertOutcome(await raw('Patient?_count=1.5'), 400, 'invalid', '_count=1.5');
  assertOutcome(await raw('Patient?_count=2&_count=3'), 400, 'invalid', '_count twice');
  const clamped = await raw('Observation?_count=100000');
  assert.equal(clamped.status, 200, excerpt(clamped));
  assertFhirJson(clamped);
  const entries = clamped.json.entry ?? [];
  const total = foundOf('Observation').length;
  assert.equal(entries.length, Math.min(total, 200), `_count=100000 with ${total} Observations`);
  assert.equal((clamped.json.link ?? []).some((l) => l.relation === 'next'), total > 200, 'next link');
  const byDefault = await raw('Observation');
  assert.equal((byDefault.json.entry ?? []).length, Math.min(total, 50), 'the default page is 50');
});

test('malformed dates, modifiers, _include, _sort and bad cursors are 400', async () => {
  assertOutcome(await raw('Observation?date=notadate'), 400, 'invalid', 'date=notadate');
  assertOutcome(await raw('Observation?date=2026-13-45'), 400, 'invalid', 'date=2026-13-45');
  assertOutcome(await raw('Observation?date=xx2026-01-01'), 400, 'invalid', 'date with an unknown prefix');
  assertOutcome(await raw('Observation?code:text=x'), 400, 'invalid', 'code:text=x');
  assertOutcome(await raw('Patient?name:exact=x'), 400, 'invalid', 'name:exact=x');
  assertOutcome(await raw('Patient?_include=Patient:organization'), 400, 'invalid', '_include');
  assertOutcome(await raw('Observation?_revinclude=Provenance:target'), 400, 'invalid', '_revinclude');
  assertOutcome(await raw('Patient?_sort=name'), 400, 'invalid', '_sort');
  assertOutcome(await raw('Patient?_cursor=not-a-cursor'), 400, 'invalid', 'a made-up _cursor');
});

test('an unknown or unserved type is 404', async () => {
  assertOutcome(await raw('Foo'), 404, 'not-found', 'Foo');
  assertOutcome(await raw('Condition'), 404, 'not-found', 'Condition (not served)');
  assertOutcome(await raw('Condition/1'), 404, 'not-found', 'Condition/1');
});

test('missing and malformed ids are 404 (or 400 for a malformed one)', async () => {
  assertOutcome(await raw('Patient/999999999'), 404, 'not-found', 'Patient/999999999');
  assertOutcome(await raw('Observation/score-999999999'), 404, 'not-found', 'Observation/score-999999999');
  assertOutcome(await raw('CarePlan/course-999999999'), 404, 'not-found', 'CarePlan/course-999999999');
  for (const bad of ['muscle_stripping', 'a'.repeat(65), '-1', 'x%20y']) {
    const answer = await raw(`Patient/${bad}`);
    assert.ok([400, 404].includes(answer.status), `Patient/${bad}: ${excerpt(answer)}`);
    assertOutcome(answer, answer.status, undefined, `Patient/${bad}`);
  }
});

test('no credentials: 401 on search and read; a bad token: 401', async () => {
  assertOutcome(await raw('Patient', { auth: null }), 401, undefined, 'Patient without credentials');
  assertOutcome(await raw(`Patient/${foundOf('Patient')[0].id}`, { auth: null }), 401, undefined, 'read without credentials');
  assertOutcome(await raw('Patient', { auth: { token: 'bct_1_not-a-real-token' } }), 401, undefined, 'a made-up token');
});

test('writes are not part of the read API: 405', async () => {
  const answer = await raw('Patient', { method: 'POST', headers: { 'content-type': 'application/fhir+json' } });
  assertOutcome(answer, 405, 'invalid', 'POST Patient');
  const put = await raw(`Patient/${foundOf('Patient')[0].id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' } });
  assertOutcome(put, 405, 'invalid', 'PUT Patient/id');
});

// ---------------------------------------------------------------------------------------------
// Roles and isolation

test('therapist token: every type of the clinic, valid', async (t) => {
  const client = clientFor(env.therapist);
  for (const type of TYPES) {
    await t.test(type, async () => {
      const result = await crawl(client, type, { _count: 200 }, `therapist ${type}`);
      assert.deepEqual(idsOf(result.resources), idsOf(foundOf(type)), `therapist ${type}`);
    });
  }
});

test('front desk: Organization, Practitioner, Patient and Appointment; clinical types 403', async (t) => {
  const client = clientFor(env.front_desk);
  for (const type of FRONT_DESK_TYPES) {
    await t.test(`${type} allowed`, async () => {
      const result = await crawl(client, type, { _count: 200 }, `front desk ${type}`);
      assert.deepEqual(idsOf(result.resources), idsOf(foundOf(type)), `front desk ${type}`);
    });
  }
  for (const type of CLINICAL_TYPES) {
    await t.test(`${type} forbidden`, async () => {
      assertOutcome(await raw(type, { auth: env.front_desk }), 403, 'forbidden', `front desk ${type} search`);
      const id = foundOf(type)[0].id;
      assertOutcome(await raw(`${type}/${id}`, { auth: env.front_desk }), 403, 'forbidden', `front desk ${type}/${id}`);
    });
  }
});

test('patient: own Patient 200, another 404, searches only their own compartment, other types 403', async () => {
  const self = String(env.patient.patient_id);
  const other = String(env.other_patient.patient_id);
  assert.notEqual(self, other);
  const mine = await raw(`Patient/${self}`, { auth: env.patient });
  assert.equal(mine.status, 200, excerpt(mine));
  assertFhirJson(mine);
  assert.deepEqual(mine.json, foundOf('Patient').find((p) => p.id === self));
  assertOutcome(await raw(`Patient/${other}`, { auth: env.patient }), 404, 'not-found', 'another patient');

  const client = clientFor(env.patient);
  const patients = await crawl(client, 'Patient', {}, 'patient Patient');
  assert.deepEqual(idsOf(patients.resources), [self]);
  for (const type of ['Observation', 'QuestionnaireResponse', 'Appointment', 'Encounter', 'CarePlan']) {
    const result = await crawl(client, type, { _count: 200 }, `patient ${type}`);
    const foreign = result.resources.filter((r) => subjectOf(r) !== self).map((r) => r.id);
    assert.deepEqual(foreign, [], `patient ${type}: records of others`);
    assert.deepEqual(idsOf(result.resources), idsOf(foundOf(type).filter((r) => subjectOf(r) === self)),
      `patient ${type}: not the whole own compartment`);
  }
  const observations = foundOf('Observation').filter((r) => subjectOf(r) === self);
  assert.ok(observations.length > 0, `the demo patient ${self} has no Observation: the check above proves little`);
  const otherObservation = foundOf('Observation').find((r) => subjectOf(r) === other);
  if (otherObservation) {
    assertOutcome(await raw(`Observation/${otherObservation.id}`, { auth: env.patient }), 404, 'not-found',
      'another patient\'s Observation');
  }
  const forced = await crawl(client, 'Observation', { patient: other }, 'patient=<other>');
  assert.deepEqual(forced.resources, [], 'a patient=<other> search must be empty');
  // docs/fhir.md: as in /api/v1, a patient reads no Organization, Practitioner, Procedure or Flag.
  for (const type of ['Organization', 'Practitioner', 'Procedure', 'Flag']) {
    assertOutcome(await raw(type, { auth: env.patient }), 403, 'forbidden', `patient ${type} search`);
  }
});

test('second clinic: the first clinic\'s records are 404 and never in its searches', async (t) => {
  const second = env.second_clinic;
  const firstPatient = foundOf('Patient')[0].id;
  assertOutcome(await raw(`Patient/${firstPatient}`, { auth: second }), 404, 'not-found', 'first clinic patient');
  assertOutcome(await raw(`Organization/${env.clinic_id}`, { auth: second }), 404, 'not-found', 'first clinic Organization');
  for (const type of CLINICAL_TYPES) {
    const id = foundOf(type)[0].id;
    assertOutcome(await raw(`${type}/${id}`, { auth: second }), 404, 'not-found', `first clinic ${type}/${id}`);
  }
  const client = clientFor(second);
  for (const type of TYPES) {
    await t.test(`search ${type}`, async () => {
      const result = await crawl(client, type, { _count: 200 }, `second clinic ${type}`);
      const firstIds = new Set(foundOf(type).map((r) => r.id));
      const leaked = result.resources.filter((r) => firstIds.has(r.id)).map((r) => r.id);
      assert.deepEqual(leaked, [], `second clinic ${type}: the first clinic's records`);
    });
  }
  const patients = await crawl(client, 'Patient', {}, 'second clinic Patient');
  assert.deepEqual(idsOf(patients.resources), [String(second.patient_id)]);
  const organizations = await crawl(client, 'Organization', {}, 'second clinic Organization');
  assert.deepEqual(idsOf(organizations.resources), [String(second.clinic_id)]);
  // Searches naming the first clinic's patient find nothing.
  const named = await crawl(client, 'Observation', { patient: firstPatient }, 'second clinic patient=<first>');
  assert.deepEqual(named.resources, []);
});

test('a next link of the admin\'s search gives another clinic nothing of the first', async () => {
  const type = TYPES.find((t) => (nextLinks[t] ?? []).length > 0);
  assert.ok(type, 'no next link to replay');
  const url = nextLinks[type][0];
  const response = await fetch(url, {
    headers: { accept: 'application/fhir+json', ...authHeaders(env.second_clinic) },
  });
  const body = await response.json();
  if (response.status === 200) {
    const firstIds = new Set(found[type].map((r) => r.id));
    const leaked = (body.entry ?? []).map((e) => e.resource.id).filter((id) => firstIds.has(id));
    assert.deepEqual(leaked, [], `${url} with the second clinic's token`);
  } else {
    assert.ok(response.status >= 400 && response.status < 500, `${url}: HTTP ${response.status}`);
    assert.equal(body.resourceType, 'OperationOutcome');
    assertValid(body, 'replayed cursor');
  }
});
