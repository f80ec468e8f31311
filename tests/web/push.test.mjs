// Web Push in the browser, with Chromium's push service disabled (headless Chromium has none): the
// page's PushManager is replaced by one that hands out a subscription whose keys this test made
// and whose endpoint is a push service run here (an HTTP server on loopback; run.sh starts the
// server with --push-hosts 127.0.0.1). A patient turns notifications on under My details; the
// subscription is stored with the browser's keys and the clinic's VAPID key was the one given to
// subscribe(); the test notification reaches the push service as RFC 8030 asks, its VAPID token
// (RFC 8292) verifies against the clinic's public key, and its aes128gcm body (RFC 8291) decrypts
// with the npm `http_ece` library to the clinic's name and a line with no clinical detail. The
// service worker shows that payload as a notification. A subscription the push service says is
// gone (410) is deleted; a patient turns notifications off again. axe: no serious or critical
// violation.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import http from "node:http";
import { after, before, test } from "node:test";
import ece from "http_ece";
import { ApiClient, AssertAccessible, AssertNoProblems, LaunchBrowser, Logins, LoginFor, NewPage } from "./lib.mjs";

const kPhone = { width: 390, height: 844 };

let browser;
let push_service;
let push_origin;
const received = []; // { path, headers, body: Buffer }
let next_status = 201;

before(async () => {
  browser = await LaunchBrowser();
  push_service = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ method: request.method, path: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(next_status).end();
    });
  });
  await new Promise((resolve) => push_service.listen(0, "127.0.0.1", resolve));
  push_origin = `http://127.0.0.1:${push_service.address().port}`;
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => push_service?.close(resolve));
});

function B64Url(buffer) {
  return Buffer.from(buffer).toString("base64url");
}

/** A browser's subscription keys: a P-256 key pair and a 16-byte auth secret. */
function BrowserKeys() {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, p256dh: B64Url(ecdh.getPublicKey()), auth: B64Url(crypto.randomBytes(16)) };
}

/** Verifies the "vapid t=<JWT>, k=<key>" header against `public_key`; returns the JWT's claims. */
function VerifyVapid(authorization, public_key) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  assert.ok(match, `Authorization is a VAPID header: ${authorization}`);
  const [, jwt, k] = match;
  assert.equal(k, public_key, "k= is the clinic's public key");
  const [header, claims, signature] = jwt.split(".");
  assert.deepEqual(JSON.parse(Buffer.from(header, "base64url")), { typ: "JWT", alg: "ES256" });
  const point = Buffer.from(public_key, "base64url");
  const key = crypto.createPublicKey({
    key: { kty: "EC", crv: "P-256", x: B64Url(point.subarray(1, 33)), y: B64Url(point.subarray(33, 65)) },
    format: "jwk",
  });
  const valid = crypto.verify("sha256", Buffer.from(`${header}.${claims}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  assert.ok(valid, "the ES256 signature verifies with the clinic's public key");
  return JSON.parse(Buffer.from(claims, "base64url"));
}

test("a patient turns on phone notifications and the test notification is an RFC 8291 message", async () => {
  const patients = Logins().filter((l) => l.role === "patient");
  const login = patients[patients.length - 3];
  const api = await ApiClient.LogIn(login.email, login.password);
  const patient_id = api.user.patient_id;
  const patient = await api.Get(`/patients/${patient_id}`);
  const setup = await api.Get(`/patients/${patient_id}/push-subscriptions`);
  assert.equal(setup.available, true, "run.sh serves with push on (--push-hosts 127.0.0.1)");
  assert.match(setup.public_key, /^B[A-Za-z0-9_-]{86}$/);
  assert.deepEqual(setup.subscriptions, []);

  const keys = BrowserKeys();
  const endpoint = `${push_origin}/push/${B64Url(crypto.randomBytes(12))}`;
  const page = await NewPage(browser, kPhone);
  await page.context().grantPermissions(["notifications"]);
  // The push service is disabled in this Chromium: subscribe() hands out the test's subscription
  // and keeps the applicationServerKey it was given.
  await page.addInitScript(({ endpoint, p256dh, auth }) => {
    let current = null;
    PushManager.prototype.subscribe = async function (options) {
      const bytes = new Uint8Array(options.applicationServerKey);
      window.__application_server_key = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      current = {
        endpoint,
        expirationTime: null,
        toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
        unsubscribe: async () => {
          current = null;
          return true;
        },
      };
      return current;
    };
    PushManager.prototype.getSubscription = async function () {
      return current;
    };
  }, { endpoint, p256dh: keys.p256dh, auth: keys.auth });

  await page.goto(`/portal/patients/${patient_id}/details`);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password", { exact: true }).fill(login.password);
  await page.getByRole("button", { name: "Log in" }).click();
  const section = page.getByTestId("push-section");
  const turn_on = section.getByRole("button", { name: "Turn on notifications on this phone" });
  await turn_on.waitFor();
  const form = page.getByTestId("reminders-form");
  assert.equal(await form.getByLabel("Appointment reminders as a phone notification").isDisabled(), true, "no phone yet");
  await AssertAccessible(page, "portal details with phone notifications off");

  await turn_on.click();
  await section.getByTestId("push-status").filter({ hasText: "Notifications are on for this phone." }).waitFor();
  assert.equal(await page.evaluate(() => window.__application_server_key), setup.public_key, "subscribe() got the clinic's key");
  const stored = await api.Get(`/patients/${patient_id}/push-subscriptions`);
  assert.equal(stored.subscriptions.length, 1);
  assert.equal(stored.subscriptions[0].endpoint, endpoint);
  // The first phone starts with both kinds of reminder as notifications.
  const reminders = await api.Get(`/patients/${patient_id}/reminders`);
  assert.equal(reminders.appointment_push, true);
  assert.equal(reminders.nudge_push, true);
  await form.getByLabel("Daily reminder as a phone notification").waitFor();
  assert.equal(await form.getByLabel("Daily reminder as a phone notification").isChecked(), true);
  await AssertAccessible(page, "portal details with phone notifications on");

  // The test notification, as the push service receives it.
  received.length = 0;
  next_status = 201;
  await section.getByRole("button", { name: "Send a test notification" }).click();
  await section.getByTestId("push-status").filter({ hasText: "Sent." }).waitFor();
  assert.equal(received.length, 1);
  const message = received[0];
  assert.equal(message.method, "POST");
  assert.equal(push_origin + message.path, endpoint);
  assert.equal(message.headers["content-encoding"], "aes128gcm");
  assert.equal(message.headers["ttl"], "3600");
  assert.equal(message.headers["urgency"], "normal");
  const claims = VerifyVapid(message.headers["authorization"], setup.public_key);
  assert.equal(claims.aud, push_origin, "the token is for the push service's origin");
  const now = Date.now() / 1000;
  assert.ok(claims.exp > now && claims.exp <= now + 24 * 3600, `exp within 24 h: ${claims.exp}`);
  // RFC 8291: salt(16) | rs(4) | idlen(1) = 65 | keyid = the server's one-time public key.
  assert.equal(message.body.readUInt32BE(16), 4096);
  assert.equal(message.body[20], 65);
  assert.equal(message.body[21], 0x04);
  const plaintext = ece.decrypt(message.body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.auth }).toString("utf8");
  const [title, body] = plaintext.split("\n");
  const { clinic } = await api.Get(`/patients/${patient_id}/portal`);
  assert.equal(title, clinic.name);
  assert.match(body, /Notifications are on/);
  for (const name of [patient.given_name, patient.family_name]) {
    assert.ok(!plaintext.includes(name), `no "${name}" on the lock screen`);
  }
  for (const clinical of ["back", "pain", "exercise", "therap"]) {
    assert.ok(!body.toLowerCase().includes(clinical), `nothing clinical ("${clinical}") in "${body}"`);
  }

  // The service worker shows that payload (a push event made in the worker with the decrypted text).
  const [worker] = page.context().serviceWorkers();
  assert.ok(worker, "the portal's service worker runs");
  const shown = await worker.evaluate(async (text) => {
    self.dispatchEvent(new PushEvent("push", { data: text }));
    for (let i = 0; i < 50; ++i) {
      const list = await self.registration.getNotifications();
      if (list.length > 0) return list.map((n) => ({ title: n.title, body: n.body }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }, plaintext);
  assert.deepEqual(shown, [{ title, body }]);

  // Off again: the subscription is deleted and the phone's choices are disabled.
  await section.getByRole("button", { name: "Turn off on this phone" }).click();
  await section.getByTestId("push-status").filter({ hasText: "Notifications are off for this phone." }).waitFor();
  assert.deepEqual((await api.Get(`/patients/${patient_id}/push-subscriptions`)).subscriptions, []);
  await section.getByRole("button", { name: "Turn on notifications on this phone" }).waitFor();
  AssertNoProblems(page);
  await page.context().close();
});

test("a subscription the push service calls gone is deleted; staff cannot subscribe a browser", async () => {
  const patients = Logins().filter((l) => l.role === "patient");
  const login = patients[patients.length - 4];
  const api = await ApiClient.LogIn(login.email, login.password);
  const patient_id = api.user.patient_id;
  const keys = BrowserKeys();
  const endpoint = `${push_origin}/push/gone-${B64Url(crypto.randomBytes(8))}`;
  const created = await api.Call("POST", `/patients/${patient_id}/push-subscriptions`, {
    endpoint,
    expirationTime: null,
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  received.length = 0;
  next_status = 410;
  const sent = await api.Call("POST", `/patients/${patient_id}/push-subscriptions/test`, {});
  next_status = 201;
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.deepEqual(sent.body, { sent: 0, gone: 1, failed: 0 });
  assert.equal(received.length, 1);
  assert.deepEqual((await api.Get(`/patients/${patient_id}/push-subscriptions`)).subscriptions, []);

  // A push service this server does not send to, and a key that is not a P-256 point.
  const elsewhere = await api.Call("POST", `/patients/${patient_id}/push-subscriptions`, {
    endpoint: "https://push.attacker.example/x",
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  });
  assert.equal(elsewhere.status, 422);
  assert.deepEqual(elsewhere.body.error.fields.map((f) => f.path), ["endpoint"]);

  const therapist = LoginFor("therapist");
  const staff = await ApiClient.LogIn(therapist.email, therapist.password);
  const refused = await staff.Call("POST", `/patients/${patient_id}/push-subscriptions`, {
    endpoint,
    keys: { p256dh: keys.p256dh, auth: keys.auth },
  });
  assert.equal(refused.status, 403);
});
