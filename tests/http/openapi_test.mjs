// Checks docs/openapi.yaml against the server: (1) the spec and the route table agree in both
// directions, including each route's roles (x-roles); (2) every recorded real response (status
// and body, from http_api_test.py --samples) is documented and validates against its schema.
// Usage: node openapi_test.mjs SPEC.yaml ROUTES.json SAMPLES.json
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const [specFile, routesFile, samplesFile] = process.argv.slice(2);
const spec = parse(readFileSync(specFile, "utf8"));
const routes = JSON.parse(readFileSync(routesFile, "utf8"));
const samples = JSON.parse(readFileSync(samplesFile, "utf8"));
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error("FAIL: " + message);
};

// (1) Agreement, both directions.
const methods = ["get", "post", "put", "patch", "delete"];
const specOps = new Map();
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const method of methods) {
    if (item[method]) specOps.set(`${method.toUpperCase()} ${path}`, item[method]);
  }
}
const tableOps = new Map(routes.map((route) => [`${route.method} ${route.pattern}`, route]));
for (const key of tableOps.keys()) {
  if (!specOps.has(key)) fail(`route ${key} is not in docs/openapi.yaml`);
}
for (const key of specOps.keys()) {
  if (!tableOps.has(key)) fail(`docs/openapi.yaml documents ${key}, which the server does not route`);
}
for (const [key, route] of tableOps) {
  const op = specOps.get(key);
  if (!op) continue;
  const want = [...route.roles].sort().join(",");
  const have = [...(op["x-roles"] ?? [])].sort().join(",");
  if (want !== have) fail(`${key}: x-roles [${have}] but the route table allows [${want}]`);
  if (op.summary !== route.summary) fail(`${key}: summary "${op.summary}" differs from the table's "${route.summary}"`);
  if ((route.access === "public") !== (Array.isArray(op.security) && op.security.length === 0)) {
    fail(`${key}: security does not match access '${route.access}'`);
  }
}

// (2) Real responses against the schemas. Local refs "#/components/X/Y" are rewritten to a
// registered schema holding every component.
const rewrite = (node) => {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node && typeof node === "object") {
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/components/")
        ? "components.json#/" + value.slice("#/components/".length)
        : rewrite(value);
    }
    return out;
  }
  return node;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: "components.json", ...rewrite(spec.components) });
const resolveResponse = (response) => {
  while (response && response.$ref) {
    const name = response.$ref.replace("#/components/responses/", "");
    response = spec.components.responses[name];
  }
  return response;
};
const validators = new Map();
let validated = 0;
for (const sample of samples) {
  const key = `${sample.method} ${sample.pattern}`;
  const op = specOps.get(key);
  if (!op) {
    fail(`sample for undocumented ${key}`);
    continue;
  }
  const status = String(sample.status);
  const response = resolveResponse(op.responses?.[status] ?? (sample.status >= 400 ? op.responses?.default : undefined));
  if (!response) {
    fail(`${key}: status ${status} is not documented`);
    continue;
  }
  if (response.content?.["text/calendar"]) {
    if (!sample.body.startsWith("BEGIN:VCALENDAR\r\n")) fail(`${key} ${status}: not an iCalendar body: ${sample.body.slice(0, 200)}`);
    validated++;
    continue;
  }
  if (response.content?.["application/fhir+ndjson"]) {
    // A bulk export file: one JSON resource per line.
    const lines = sample.body.split("\n").filter((line) => line !== "");
    if (lines.length === 0 || !lines.every((line) => typeof JSON.parse(line).resourceType === "string")) {
      fail(`${key} ${status}: not an NDJSON body: ${sample.body.slice(0, 200)}`);
    }
    validated++;
    continue;
  }
  if (response.content?.["text/html"]) {
    // The printable report: one whole HTML document, nothing to run.
    if (!sample.body.startsWith("<!DOCTYPE html>") || !sample.body.trimEnd().endsWith("</html>") || sample.body.includes("<script")) {
      fail(`${key} ${status}: not a self-contained HTML document: ${sample.body.slice(0, 200)}`);
    }
    validated++;
    continue;
  }
  if (response.content?.["text/csv"]) {
    // A CSV export (docs/csv.md): a header row of column names, CRLF after every record.
    if (!/^[a-z_]+(,[a-z_]+)*\r\n/.test(sample.body)) fail(`${key} ${status}: not a CSV body: ${sample.body.slice(0, 200)}`);
    validated++;
    continue;
  }
  const schema = (response.content?.["application/json"] ?? response.content?.["application/fhir+json"])?.schema;
  if (!schema) {
    if (sample.body !== "") fail(`${key} ${status}: documented without a body, got ${sample.body.slice(0, 200)}`);
    validated++;
    continue;
  }
  const cacheKey = `${key} ${status}`;
  if (!validators.has(cacheKey)) validators.set(cacheKey, ajv.compile(rewrite(schema)));
  const validate = validators.get(cacheKey);
  let body;
  try {
    body = JSON.parse(sample.body);
  } catch {
    fail(`${key} ${status}: body is not JSON`);
    continue;
  }
  if (!validate(body)) {
    fail(`${key} ${status}: ${ajv.errorsText(validate.errors)} in ${sample.body.slice(0, 300)}`);
  }
  validated++;
}
const covered = new Set(samples.map((sample) => `${sample.method} ${sample.pattern}`));
for (const key of tableOps.keys()) {
  if (!covered.has(key)) fail(`no real response of ${key} was validated`);
}
if (failures.length > 0) {
  console.error(`${failures.length} failure(s)`);
  process.exit(1);
}
console.log(`openapi: ${tableOps.size} routes agree; ${validated} real responses validate`);
