// What a first visit of one page transfers, as Chromium fetches it until the page is hydrated:
// requests and bytes on the wire (compressed as served) by kind. Used by scripts/bench.sh:
//   node scripts/bench/first_load.mjs <origin> <session cookie "name=value"> <path>
// Prints one line per kind, "kind|requests|bytes", then "total|requests|bytes".
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('end2end/package.json'));
const { chromium } = require('@playwright/test');

const [origin, cookie, address] = process.argv.slice(2);
const [name, value] = cookie.split(/=(.*)/s);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext();
await context.addCookies([{ name, value, url: origin }]);
const page = await context.newPage();
const kinds = new Map();
const pending = [];
page.on('requestfinished', (request) => {
  pending.push((async () => {
    const sizes = await request.sizes();
    const url = new URL(request.url()).pathname;
    const kind = url.endsWith('.wasm') ? 'wasm'
      : url.endsWith('.js') ? 'js'
      : url.endsWith('.css') ? 'css'
      : request.resourceType() === 'document' ? 'html' : 'other';
    const [count, bytes] = kinds.get(kind) ?? [0, 0];
    kinds.set(kind, [count + 1, bytes + sizes.responseBodySize + sizes.responseHeadersSize]);
  })());
});
await page.goto(origin + address);
await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 60_000 });
await page.waitForLoadState('networkidle');
await Promise.all(pending);
let requests = 0;
let total = 0;
for (const [kind, [count, bytes]] of [...kinds].sort()) {
  console.log(`${kind}|${count}|${bytes}`);
  requests += count;
  total += bytes;
}
console.log(`total|${requests}|${total}`);
await browser.close();
