// Lighthouse (its default: a mid-range phone on a slow 4G connection, simulated) on each page,
// signed in, in Debian Chromium; each page three times, the run of median performance kept
// (a single run's simulated LCP varies by seconds). Used by scripts/bench.sh:
//   node scripts/bench/lighthouse.mjs <origin> <session cookie "name=value"> <name=path>...
// Prints one line per page: "page|performance|accessibility|best practices|FCP ms|LCP ms|TBT ms|CLS|
// failed audits".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM, chromium, origin, pages, session } from './pages.mjs';

const RUNS = 3;
const port = 9333;
// the session cookie in the browser's own jar, where Lighthouse finds it (it resets storage and
// cache between runs, never cookies): its `extraHeaders` would replace the Cookie header of every
// request, the language cookie the page sets included
const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'lighthouse-')), {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', `--remote-debugging-port=${port}`],
});
await browser.addCookies([{ ...session, httpOnly: true, sameSite: 'Lax' }]);
const categories = ['performance', 'accessibility', 'best-practices'];
const flags = {
  port,
  output: 'json',
  logLevel: 'error',
  onlyCategories: categories,
};
for (const { title, address } of pages) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push((await lighthouse(origin + address, flags)).lhr);
  runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const lhr = runs[Math.floor(RUNS / 2)];
  const score = (category) => Math.round(lhr.categories[category].score * 100);
  const audit = (id) => lhr.audits[id].numericValue;
  const failed = categories.flatMap((c) => lhr.categories[c].auditRefs)
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 0.9)
    .map((ref) => ref.id);
  console.log([
    title, score('performance'), score('accessibility'), score('best-practices'),
    Math.round(audit('first-contentful-paint')), Math.round(audit('largest-contentful-paint')),
    Math.round(audit('total-blocking-time')), audit('cumulative-layout-shift').toFixed(3),
    [...new Set(failed)].join(', ') || 'none',
  ].join('|'));
}
await browser.close();
