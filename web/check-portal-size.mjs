// Holds the patient portal to its budget (issue #16): the JavaScript portal.html loads — its entry
// and every chunk reachable from it by static or dynamic import — must come to at most 80 KB
// gzipped (gzip -9, as build-web.sh stores it). Run after `vite build`; exits 1 over budget.
// Usage: node check-portal-size.mjs [DIST]   (prints the figure either way)

import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const kBudgetBytes = 80 * 1024;
const dist = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "dist"));

const html = readFileSync(path.join(dist, "portal.html"), "utf8");
const pending = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
if (pending.length === 0) {
  console.error(`check-portal-size: no script in ${path.join(dist, "portal.html")}`);
  process.exit(1);
}

const seen = new Map();
while (pending.length > 0) {
  const url = pending.pop();
  if (seen.has(url)) continue;
  const code = readFileSync(path.join(dist, url));
  seen.set(url, gzipSync(code, { level: 9 }).length);
  // Chunks name each other relatively ("./uplot-Ab12.js") within assets/.
  for (const m of code.toString("utf8").matchAll(/(?:from|import)\s*\(?\s*["'](\.\/[^"']+\.js)["']/g)) {
    pending.push(path.posix.join(path.posix.dirname(url), m[1]));
  }
}

const total = [...seen.values()].reduce((a, b) => a + b, 0);
const files = [...seen.entries()].map(([url, bytes]) => `${url} ${(bytes / 1024).toFixed(1)} KB`).join(", ");
const verdict = total <= kBudgetBytes ? "within" : "OVER";
console.log(`portal JS: ${(total / 1024).toFixed(1)} KB gzipped, ${verdict} the ${kBudgetBytes / 1024} KB budget (${files})`);
process.exit(total <= kBudgetBytes ? 0 : 1);
