// Recomputes the outcomes report's claim counts with DuckDB SQL over the raw cohort written as CSV
// by cohort_crosscheck (courses, attended sessions, NPRS answers, core-exercise dates), following
// the definitions of docs/analytics.md independently of backcare's code, and compares them with
// backcare's report. Usage: node duckdb_check.mjs DIR, where DIR holds spec.json, backcare.json
// and the four CSV files. Prints one line per claim and the DuckDB time as JSON on the last line;
// exits 1 when any count differs.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node duckdb_check.mjs DIR');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
const backcare = JSON.parse(readFileSync(join(dir, 'backcare.json'), 'utf8'));

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjects();
const csv = (name, columns) =>
  `read_csv('${join(dir, name)}', header = true, columns = {${columns}})`;

const loadStarted = performance.now();
await db.run(`CREATE TABLE courses AS SELECT * FROM ${csv('courses.csv',
  "'course_id': 'BIGINT', 'start': 'DATE', 'baseline': 'INTEGER', 'sciatic': 'INTEGER'")}`);
await db.run(`CREATE TABLE attended AS SELECT * FROM ${csv('attended.csv',
  "'course_id': 'BIGINT', 'date': 'DATE'")}`);
await db.run(`CREATE TABLE nprs AS SELECT * FROM ${csv('nprs.csv',
  "'course_id': 'BIGINT', 'seq': 'INTEGER', 'date': 'DATE', 'value': 'INTEGER', 'checkpoint': 'VARCHAR'")}`);
await db.run(`CREATE TABLE core AS SELECT * FROM ${csv('core.csv',
  "'course_id': 'BIGINT', 'date': 'DATE'")}`);
const loadMs = performance.now() - loadStarted;

const asOf = `DATE '${spec.as_of}'`;
// The anchor of a checkpoint for every evaluable course started by the report date.
function anchors(checkpoint) {
  if (checkpoint.week !== undefined) {
    return `SELECT course_id, start + ${7 * checkpoint.week} AS anchor FROM evaluable`;
  }
  const n = checkpoint.after_session;
  const fallbackDays = 7 * Math.ceil(n / spec.first_phase_sessions_per_week);
  return `SELECT e.course_id, COALESCE(a.date, e.start + ${fallbackDays}) AS anchor
          FROM evaluable e LEFT JOIN (
            SELECT course_id, date FROM (
              SELECT course_id, date,
                     row_number() OVER (PARTITION BY course_id ORDER BY date) AS nth
              FROM attended) WHERE nth = ${n}) a USING (course_id)`;
}

// k and n, intention to treat and complete case, per group (adherent or not, or one group).
async function countClaim(claim) {
  const checkpoint = spec.checkpoints[claim.checkpoint];
  const pct = claim.min_reduction_percent;
  const grouped = claim.kind === 'comparison';
  const sql = `
    WITH evaluable AS (SELECT * FROM courses WHERE baseline > 0 AND start <= ${asOf}),
    anchored AS (${anchors(checkpoint)}),
    due AS (SELECT a.course_id, a.anchor, e.baseline, e.start FROM anchored a
            JOIN evaluable e USING (course_id) WHERE ${asOf} >= a.anchor + 14),
    tagged AS (SELECT course_id, arg_max(value, (date, seq)) AS score FROM nprs
               WHERE checkpoint = '${claim.checkpoint}' GROUP BY course_id),
    untagged AS (SELECT n.course_id,
                        arg_min(n.value, (abs(n.date - d.anchor), n.date, -n.seq)) AS score
                 FROM nprs n JOIN due d USING (course_id)
                 WHERE coalesce(n.checkpoint, '') = '' AND n.date >= d.anchor - 7 AND n.date < d.anchor + 14
                 GROUP BY n.course_id),
    adherence AS (SELECT d.course_id, count(DISTINCT c.date) AS days FROM due d
                  JOIN core c ON c.course_id = d.course_id
                   AND c.date >= d.start + 14 AND c.date < d.start + 84
                  GROUP BY d.course_id),
    scored AS (SELECT d.course_id, d.baseline, COALESCE(t.score, u.score) AS score,
                      COALESCE(ad.days, 0) >= 35 AS adherent
               FROM due d LEFT JOIN tagged t USING (course_id)
               LEFT JOIN untagged u USING (course_id) LEFT JOIN adherence ad USING (course_id))
    SELECT ${grouped ? 'adherent' : 'true'} AS grp,
           count(*) AS itt_n,
           count(*) FILTER (WHERE score IS NOT NULL
                            AND 100 * (baseline - score) >= ${pct} * baseline) AS k,
           count(score) AS cc_n
    FROM scored GROUP BY grp`;
  const result = {};
  for (const row of await rows(sql)) {
    const group = grouped ? (row.grp ? 'adherent' : 'not_adherent') : 'all';
    result[group] = { k: Number(row.k), itt_n: Number(row.itt_n), cc_n: Number(row.cc_n) };
  }
  return result;
}

function backcareCounts(claim) {
  const reported = backcare.claims.find((c) => c.id === claim.id);
  const of = (group) => ({ k: group.itt.k, itt_n: group.itt.n, cc_n: group.complete_case.n });
  if (claim.kind === 'comparison') {
    return { adherent: of(reported.groups.adherent), not_adherent: of(reported.groups.not_adherent) };
  }
  return { all: of(reported) };
}

const queryStarted = performance.now();
let population = await rows(`SELECT count(*) FILTER (WHERE baseline > 0) AS courses,
                                    count(*) FILTER (WHERE baseline IS NULL OR baseline <= 0)
                                      AS not_evaluable
                             FROM courses WHERE start <= ${asOf}`);
population = { courses: Number(population[0].courses),
               not_evaluable: Number(population[0].not_evaluable) };
const counted = [];
for (const claim of spec.claims) counted.push([claim, await countClaim(claim)]);
const queryMs = performance.now() - queryStarted;

let failures = 0;
const sorted = (value) => JSON.stringify(value, Object.keys(value).flatMap((key) =>
  [key, ...Object.keys(value[key] ?? {})]).sort());
const same = (a, b) => sorted(a) === sorted(b);
if (population.courses !== backcare.population.courses ||
    population.not_evaluable !== backcare.population.not_evaluable) {
  console.log(`population: duckdb ${JSON.stringify(population)} backcare ${JSON.stringify(backcare.population)}`);
  failures++;
}
for (const [claim, duck] of counted) {
  const ours = backcareCounts(claim);
  // A group with no due course has no row in DuckDB's GROUP BY.
  for (const group of Object.keys(ours)) {
    duck[group] ??= { k: 0, itt_n: 0, cc_n: 0 };
  }
  const ok = same(duck, ours);
  if (!ok) failures++;
  console.log(`${ok ? 'same' : 'DIFFERENT'} ${claim.id}: duckdb ${JSON.stringify(duck)}` +
              (ok ? '' : ` backcare ${JSON.stringify(ours)}`));
}
console.log(JSON.stringify({ duckdb_load_ms: Math.round(loadMs), duckdb_query_ms: Math.round(queryMs),
                             courses: population.courses, failures }));
process.exit(failures === 0 ? 0 : 1);
