// The public verify page prints a title in the font the PDF embeds: a
// certificate whose internship title is Malayalam is opened in Chromium
// with JavaScript off, and the page fetches Noto Sans Malayalam from
// /api/ib/fonts/ and renders the title with it (the web font, not a system
// font of the same name), while unicode-range keeps the other scripts'
// fonts (Arabic, Tamil, …) from being downloaded at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/server.mjs';
import { makeWorld, certify } from '../lib/world.mjs';
import { browserMissing, launch } from '../lib/browser.mjs';

const skip = browserMissing() || false;
let srv, w, browser;

const TITLE = 'ഡാറ്റ വിശകലനം: കർഷക വിപണി പഠനം';
const MALAYALAM = 'Noto Sans Malayalam';
const OTHER_SCRIPTS = ['Noto Sans Tamil', 'Noto Sans Kannada', 'Noto Sans Devanagari', 'Noto Sans Arabic'];

before(async () => {
  if (skip) return;
  srv = await start();
  w = await makeWorld(srv.url);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

/**
 * Opens a page in a context with JavaScript off (the verify page needs
 * none) and records every font file the page asks /api/ib/fonts/ for.
 */
async function openNoJS(path) {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const fonts = [];
  page.on('response', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith('/api/ib/fonts/')) {
      fonts.push({ file: pathname.slice('/api/ib/fonts/'.length), status: r.status(), type: r.headers()['content-type'] });
    }
  });
  await page.goto(srv.url + path);
  // Fonts load after layout: wait until every font the page needs is in.
  await page.evaluate(() => document.fonts.ready);
  return { ctx, page, fonts };
}

/** The families the FontFaceSet of the page declares, with each face's weight and status. */
function fontFaces(page) {
  return page.evaluate(() => [...document.fonts].map((f) => ({ family: f.family.replace(/^"|"$/g, ''), weight: f.weight, status: f.status })));
}

test('the font files are served: 200 font/ttf, cacheable; an unknown file is 404', { skip }, async () => {
  const res = await fetch(`${srv.url}/api/ib/fonts/NotoSansMalayalam-Regular.ttf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'font/ttf');
  assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(body.readUInt32BE(0), 0x00010000, 'a TrueType font (sfnt version 1.0)');

  for (const file of ['NoSuchFont.ttf', 'NotoSansMalayalam-Regular.otf', '..%2Fgo.mod']) {
    const miss = await fetch(`${srv.url}/api/ib/fonts/${file}`);
    assert.equal(miss.status, 404, file);
  }
});

test('the verify page renders a Malayalam title in the certificate’s Malayalam font, and fetches no other script’s font', { skip, timeout: 120_000 }, async () => {
  const cert = await certify(w, { title: TITLE });
  const { ctx, page, fonts } = await openNoJS(`/verify/${cert.number}`);

  // The page works without JavaScript, as before: no script, the state and the title shown.
  assert.equal(await page.locator('script').count(), 0, 'the verify page has no script');
  assert.equal(await page.getByRole('status').textContent(), 'VALID');
  const title = page.locator('xpath=//dt[normalize-space()="Internship"]/following-sibling::dd[1]');
  assert.equal(await title.textContent(), TITLE);

  // Exactly the Malayalam regular file was downloaded, from /api/ib/fonts/:
  // the title is the page's only Malayalam and is not bold, and no
  // character of the page is in the other scripts' unicode-ranges.
  assert.deepEqual(fonts, [{ file: 'NotoSansMalayalam-Regular.ttf', status: 200, type: 'font/ttf' }]);
  const resources = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.startsWith('/api/ib/fonts/'))
    .map((e) => ({ path: new URL(e.name).pathname, initiator: e.initiatorType })));
  assert.deepEqual(resources, [{ path: '/api/ib/fonts/NotoSansMalayalam-Regular.ttf', initiator: 'css' }]);

  // The page's @font-face rules declare every script's family; only
  // Malayalam 400 is loaded, the others stay unloaded.
  const faces = await fontFaces(page);
  const face = (family, weight) => faces.find((f) => f.family === family && f.weight === weight);
  assert.equal(face(MALAYALAM, '400')?.status, 'loaded', `the Malayalam face is loaded: ${JSON.stringify(faces)}`);
  assert.equal(face(MALAYALAM, '700')?.status, 'unloaded');
  for (const family of OTHER_SCRIPTS) {
    for (const weight of ['400', '700']) assert.equal(face(family, weight)?.status, 'unloaded', `${family} ${weight} is declared and not loaded`);
  }
  // (check() alone proves little: it is true too when no face of the family is declared.)
  assert.equal(await page.evaluate(([f, t]) => document.fonts.check(`16px "${f}"`, t), [MALAYALAM, TITLE]), true);

  // What Chromium actually drew the title with: its Malayalam glyphs come
  // from the web font (a custom font), not from a system font of the same
  // name; a system font draws at most the spaces and the colon.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  await cdp.send('DOM.getDocument', { depth: -1 });
  const { searchId, resultCount } = await cdp.send('DOM.performSearch', { query: '//dt[normalize-space()="Internship"]/following-sibling::dd[1]' });
  assert.equal(resultCount, 1);
  const { nodeIds: [nodeId] } = await cdp.send('DOM.getSearchResults', { searchId, fromIndex: 0, toIndex: 1 });
  const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  const web = used.filter((f) => f.isCustomFont);
  assert.deepEqual(web.map((f) => f.familyName), [MALAYALAM], `the title's fonts: ${JSON.stringify(used)}`);
  const others = used.filter((f) => !f.isCustomFont).reduce((n, f) => n + f.glyphCount, 0);
  const nonMalayalam = [...TITLE].filter((c) => !/[\u0D00-\u0D7F]/.test(c)).length;
  assert.ok(others <= nonMalayalam, `system fonts drew ${others} glyphs of the title: ${JSON.stringify(used)}`);
  assert.ok(web[0].glyphCount >= 15, `the web font drew ${web[0].glyphCount} glyphs`);
  await ctx.close();
});

test('a page in Latin only downloads no font at all', { skip, timeout: 60_000 }, async () => {
  const { ctx, page, fonts } = await openNoJS('/verify/IB-2026-ZZZZZZZZ');
  assert.equal(await page.getByRole('status').textContent(), 'NOT FOUND');
  assert.deepEqual(fonts, []);
  const faces = await fontFaces(page);
  assert.ok(faces.some((f) => f.family === MALAYALAM), 'the page declares the fonts');
  assert.ok(faces.every((f) => f.status === 'unloaded'), JSON.stringify(faces));
  await ctx.close();
});
