// Credentials for the FHIR server tests, made through backcare's own /api/v1 (docs/http.md):
//   node setup.mjs SERVER_URL LOGINS_JSON SECOND_ADMIN_EMAIL SECOND_ADMIN_PASSWORD > env.json
// Logs in as the demo admin, a therapist, the front desk and two patients (POST /api/v1/login),
// issues API tokens for the admin and the therapist (POST /api/v1/api-tokens; front desk and
// patients cannot issue tokens, so their session cookies are used), logs in as the second clinic's
// admin, issues its token and registers one patient there (POST /api/v1/patients). Prints one
// JSON object that server.test.mjs reads from the file named by BACKCARE_FHIR_ENV.

import { readFileSync } from 'node:fs';

const [serverUrl, loginsFile, secondEmail, secondPassword] = process.argv.slice(2);
if (!secondPassword) {
  console.error('usage: node setup.mjs SERVER_URL LOGINS_JSON SECOND_ADMIN_EMAIL SECOND_ADMIN_PASSWORD');
  process.exit(2);
}

async function call(method, path, { body, cookie, csrf, token } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, serverUrl), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* reported below */ }
  return { status: response.status, headers: response.headers, json, text };
}

function expectStatus(what, answer, status) {
  if (answer.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
}

async function login({ email, password, role }) {
  const answer = await call('POST', '/api/v1/login', { body: { email, password } });
  expectStatus(`login as the demo ${role}`, answer, 200);
  if (answer.json?.mfa_required) throw new Error(`login as ${role}: the demo login asks for two-step sign-in`);
  const session = answer.headers.getSetCookie().map((c) => c.split(';')[0])
    .find((c) => c.startsWith('backcare_session='));
  if (!session) throw new Error(`login as ${role}: no backcare_session cookie`);
  const { user, csrf_token: csrf } = answer.json;
  if (user.restriction !== null) {
    throw new Error(`login as ${role}: the session is restricted (${JSON.stringify(user.restriction)})`);
  }
  return { cookie: session, csrf, user };
}

async function issueToken(role, session) {
  const answer = await call('POST', '/api/v1/api-tokens', {
    body: { name: `fhir tests ${role}`, expires_in_days: 1 }, cookie: session.cookie, csrf: session.csrf,
  });
  expectStatus(`issue an API token as ${role}`, answer, 201);
  return answer.json.token;
}

const logins = JSON.parse(readFileSync(loginsFile, 'utf8'));
const first = (role) => {
  const found = logins.find((l) => l.role === role);
  if (!found) throw new Error(`${loginsFile}: no ${role} login`);
  return found;
};
const patientLogins = logins.filter((l) => l.role === 'patient');
if (patientLogins.length < 2) throw new Error(`${loginsFile}: fewer than two patient logins`);

const admin = await login(first('admin'));
const therapist = await login(first('therapist'));
const frontDesk = await login(first('front_desk'));
const patient = await login(patientLogins[0]);
const otherPatient = await login(patientLogins[1]);
const second = await login({ email: secondEmail, password: secondPassword, role: 'second clinic admin' });
if (second.user.clinic_id === admin.user.clinic_id) throw new Error('the second admin is in the first clinic');

const secondToken = await issueToken('second clinic admin', second);
const registered = await call('POST', '/api/v1/patients', {
  token: secondToken,
  body: { given_name: 'Isolation', family_name: 'Check', date_of_birth: '1970-01-02' },
});
expectStatus('register a patient in the second clinic', registered, 201);

const env = {
  server_url: serverUrl,
  clinic_id: admin.user.clinic_id,
  admin: { token: await issueToken('admin', admin) },
  therapist: { token: await issueToken('therapist', therapist), therapist_id: therapist.user.therapist_id },
  front_desk: { cookie: frontDesk.cookie },
  patient: { cookie: patient.cookie, patient_id: patient.user.patient_id },
  other_patient: { patient_id: otherPatient.user.patient_id },
  second_clinic: {
    clinic_id: second.user.clinic_id, token: secondToken, patient_id: registered.json.id,
  },
};
process.stdout.write(`${JSON.stringify(env, null, 2)}\n`);
