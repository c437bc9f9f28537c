// What scripts/bench/first_load.mjs and lighthouse.mjs share: their arguments,
//   <origin> <session cookie "name=value"> <name=path>...
// and the test suite's Playwright, whose Chromium is Debian's.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('end2end/package.json'));
export const { chromium } = require('@playwright/test');
export const CHROMIUM = '/usr/bin/chromium';

const [originArgument, cookieArgument, ...named] = process.argv.slice(2);
export const origin = originArgument;
const [name, value] = cookieArgument.split(/=(.*)/s);
/** The session cookie, as Playwright adds it to a browser's jar. */
export const session = { name, value, url: origin };
/** The pages to measure: a name for the table and the address to load. */
export const pages = named.map((page) => {
  const [title, address] = page.split(/=(.*)/s);
  return { title, address };
});
