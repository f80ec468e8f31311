// backcare's FHIR Bulk Data export (docs/fhir.md "Bulk export") driven by a real client:
// @medplum/core's bulkExport (kick-off by POST with the parameters in the query string, then
// polling Content-Location until the manifest). Each file is downloaded with the same token, every
// line is judged by validate.mjs, and the ids of each file equal what a FHIR search of the clinic
// finds. Run by run.sh (BACKCARE_FHIR_URL, BACKCARE_FHIR_ENV).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MedplumClient } from '@medplum/core';
import { validateResource, formatProblems } from './validate.mjs';

const base = process.env.BACKCARE_FHIR_URL;
const envFile = process.env.BACKCARE_FHIR_ENV;
if (!base || !envFile) {
  throw new Error('bulk.test.mjs needs BACKCARE_FHIR_URL and BACKCARE_FHIR_ENV: run it through tests/fhir/run.sh');
}
const env = JSON.parse(readFileSync(envFile, 'utf8'));
const token = env.admin.token;
const headers = { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' };

function medplum() {
  const client = new MedplumClient({ baseUrl: new URL(base).origin + '/', fhirUrlPath: 'fhir/R4', fetch });
  client.setAccessToken(token);
  return client;
}

// The ids a search of the whole clinic finds, following every next link.
async function searchIds(type) {
  const ids = [];
  let url = `${base}/${type}?_count=200`;
  while (url) {
    const response = await fetch(url, { headers });
    assert.equal(response.status, 200, `search ${type}`);
    const bundle = await response.json();
    for (const entry of bundle.entry ?? []) ids.push(entry.resource.id);
    url = bundle.link.find((link) => link.relation === 'next')?.url;
  }
  return ids.sort();
}

async function download(output) {
  const response = await fetch(output.url, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `download ${output.type}`);
  assert.match(response.headers.get('content-type'), /^application\/fhir\+ndjson/);
  const text = await response.text();
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
}

let firstManifest;

test('a system-level export through Medplum: every file valid and equal to a search of the clinic', async () => {
  const manifest = await medplum().bulkExport(undefined, undefined, undefined, {
    pollStatusOnAccepted: true,
    pollStatusPeriod: 100,
  });
  firstManifest = manifest;
  assert.equal(manifest.requiresAccessToken, true);
  assert.deepEqual(manifest.error, []);
  assert.match(manifest.transactionTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  const types = manifest.output.map((output) => output.type);
  assert.equal(new Set(types).size, types.length, 'one file per type');
  for (const type of ['Organization', 'Practitioner', 'Patient', 'Observation', 'Appointment']) {
    assert.ok(types.includes(type), `the demo clinic has ${type} resources: ${types}`);
  }
  for (const output of manifest.output) {
    const resources = await download(output);
    assert.equal(resources.length, output.count, `${output.type}: the manifest's count`);
    for (const resource of resources) {
      assert.equal(resource.resourceType, output.type);
      const problems = validateResource(resource);
      assert.equal(problems.length, 0, `${output.type}/${resource.id}: ${formatProblems(problems)}`);
    }
    assert.deepEqual(resources.map((r) => r.id).sort(), await searchIds(output.type),
      `${output.type}: the file holds exactly what a search of the clinic finds`);
  }
});

test('a Patient-level export of two types, and _since after it finds nothing changed', async () => {
  const manifest = await medplum().bulkExport('Patient', 'Patient,Observation', undefined, {
    pollStatusOnAccepted: true,
    pollStatusPeriod: 100,
  });
  assert.deepEqual(manifest.output.map((output) => output.type).sort(), ['Observation', 'Patient']);
  const patients = manifest.output.find((output) => output.type === 'Patient');
  assert.equal(patients.count, (await searchIds('Patient')).length);

  // Nothing in the clinic changed since the first export began: a _since export of it is empty
  // once every resource carries meta.lastUpdated (schema 18).
  const since = await medplum().bulkExport('Patient', 'Patient,Observation', firstManifest.transactionTime, {
    pollStatusOnAccepted: true,
    pollStatusPeriod: 100,
  });
  assert.deepEqual(since.output, [], `nothing changed since ${firstManifest.transactionTime}`);
});

test('the files need the token that started the export', async () => {
  const output = firstManifest.output[0];
  const anonymous = await fetch(output.url);
  assert.equal(anonymous.status, 401);
  const therapist = await fetch(output.url, { headers: { Authorization: `Bearer ${env.therapist.token}` } });
  assert.equal(therapist.status, 403);
  const other = await fetch(output.url, { headers: { Authorization: `Bearer ${env.second_clinic.token}` } });
  assert.equal(other.status, 404);
});
