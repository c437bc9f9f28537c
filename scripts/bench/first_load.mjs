// What a first visit of each page transfers, as Chromium fetches it until the page is hydrated
// (each page in a new browser context: nothing cached): requests, bytes on the wire (compressed
// as served) and raw bytes, by kind. Used by scripts/bench.sh:
//   node scripts/bench/first_load.mjs <origin> <session cookie "name=value"> <name=path>...
// Prints one line per page and kind, "page|kind|requests|wire bytes|raw bytes", the kind
// "total" last for each page.
import { CHROMIUM, chromium, origin, pages, session } from './pages.mjs';

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});

async function firstLoad(address) {
  const context = await browser.newContext();
  await context.addCookies([session]);
  const page = await context.newPage();
  const kinds = new Map();
  const pending = [];
  page.on('requestfinished', (request) => {
    pending.push((async () => {
      const sizes = await request.sizes();
      const raw = (await (await request.response())?.body())?.length ?? 0;
      const url = new URL(request.url()).pathname;
      const kind = url.endsWith('.wasm') ? 'wasm'
        : url.endsWith('.js') ? 'js'
        : url.endsWith('.css') ? 'css'
        : request.resourceType() === 'document' ? 'html' : 'other';
      const [count, wire, decoded] = kinds.get(kind) ?? [0, 0, 0];
      kinds.set(kind, [count + 1, wire + sizes.responseBodySize + sizes.responseHeadersSize, decoded + raw]);
    })());
  });
  await page.goto(origin + address);
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await context.close();
  return [...kinds].sort();
}

for (const { title, address } of pages) {
  let total = [0, 0, 0];
  for (const [kind, counts] of await firstLoad(address)) {
    console.log(`${title}|${kind}|${counts.join('|')}`);
    total = total.map((t, i) => t + counts[i]);
  }
  console.log(`${title}|total|${total.join('|')}`);
}
await browser.close();
