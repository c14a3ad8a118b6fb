// The Owner opens Billing from the menu and reads the plan, the seats and the month's
// usage, in English, Spanish and Turkish.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

let server;
let context;
let page;

before(
  async () => {
    server = await startServer({ demo: true });
    context = await launchBrowser();
    page = await newPage(context);
  },
  { timeout: 90_000 },
);

after(async () => {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  await server?.stop();
});

/** The JSON API with a bearer token, from outside any browser. */
const call = (token, method, path, body) => callApi(server, token, method, path, body);

/** Runs `switchboard admin plan` against the server's database; its output. */
function planCommand(company, name, seats) {
  return new Promise((resolve, reject) => {
    execFile(
      server.bin,
      ['admin', 'plan', '--company', company, '--name', name, '--seats', seats, '--database', server.databaseUrl],
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}

/** What the page shows, figure by figure. */
async function shown() {
  const text = async (id) => (await page.locator(id).textContent()).trim();
  return {
    interactions: await text('#usage-interactions'),
    talk: await text('#usage-talk-minutes'),
    active: await text('#usage-active-users'),
    cases: await text('#usage-cases'),
  };
}

test('the Owner reads plan, seats and usage on the billing page in three languages', { timeout: 180_000 }, async (t) => {
  try {
    t.diagnostic('the demo Owner signs in and opens Billing from the menu');
    const admin = (await call(null, 'POST', '/auth/login', { email: 'admin@demo.example.com', password: 'demo-admin-2026' })).token;
    await page.goto(`${server.baseUrl}/login`);
    await page.fill('input[name="email"]', 'owner@demo.example.com');
    await page.fill('input[name="password"]', 'demo-owner-2026');
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await pathIs(page, '/');
    const menu = page.locator('#menu a[href="/billing"]');
    await menu.click();
    await pathIs(page, '/billing');
    assert.equal(await menu.getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('h1').textContent(), 'Billing');
    assert.equal(await page.locator('#plan-name').textContent(), 'Standard');
    assert.match(await page.locator('#seats').textContent(), /^\d+ \(unlimited\)$/);
    const api = await call(admin, 'GET', '/billing');
    const before = await shown();
    assert.deepEqual(before, {
      interactions: String(api.usage.interactions),
      talk: String(api.usage.talk_minutes),
      active: String(api.usage.active_users),
      cases: String(api.usage.cases),
    });

    t.diagnostic('two calls this month (90 s and 200 s) show up');
    const start = new Date(Date.now() - 10 * 60_000);
    for (const talk of [90, 200]) {
      const answered = new Date(start.getTime() + 5_000);
      await call(admin, 'POST', '/interactions', {
        channel: 'call',
        direction: 'inbound',
        started_at: start.toISOString(),
        answered_at: answered.toISOString(),
        ended_at: new Date(answered.getTime() + talk * 1_000).toISOString(),
      });
    }
    await page.reload();
    const now = await shown();
    assert.equal(Number(now.interactions), Number(before.interactions) + 2);
    const talked = (await call(admin, 'GET', '/billing')).usage;
    assert.equal(talked.talk_seconds, api.usage.talk_seconds + 290);
    assert.equal(now.talk, String(talked.talk_minutes));
    const csv = await page.locator('#billing-csv').getAttribute('href');
    assert.match(csv, /^\/api\/v1\/billing\/statement\.csv\?month=\d{4}-\d{2}$/);
    const statement = await page.evaluate(async (href) => (await fetch(href)).text(), csv);
    assert.ok(statement.split('\n').includes(`usage,interactions,${now.interactions}`), statement);
    await screenshot(page, 'billing-en');

    t.diagnostic('the operator sets a plan of 50 seats from the command line: the bar appears');
    const company = await call(admin, 'GET', '/company');
    assert.ok(company.id, JSON.stringify(company));
    const { stdout } = await planCommand(company.id, 'Team', '50');
    assert.match(stdout, /plan "Team" with 50 seats \(was "Standard" with unlimited\)/);
    await page.reload();
    assert.equal(await page.locator('#plan-name').textContent(), 'Team');
    assert.match(await page.locator('#seats').textContent(), /^\d+ of 50$/);
    await page.locator('#seats-bar').waitFor({ state: 'visible' });

    t.diagnostic('the month picker goes back a month');
    await page.locator('#billing-previous').click();
    await page.waitForURL((url) => url.searchParams.has('month'));
    await page.locator('#billing-next').waitFor({ state: 'visible' });

    for (const [language, title, of] of [
      ['es', 'Facturación', 'de 50'],
      ['tr', 'Faturalama', '/ 50'],
    ]) {
      t.diagnostic(`the page in ${language}`);
      const status = await page.evaluate(
        async (language) =>
          (
            await fetch('/api/v1/me', {
              method: 'PATCH',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ language }),
            })
          ).status,
        language,
      );
      assert.equal(status, 200);
      await page.goto(`${server.baseUrl}/billing`);
      assert.equal(await page.locator('h1').textContent(), title);
      assert.equal(await page.locator('#menu a[href="/billing"]').textContent(), title);
      assert.ok((await page.locator('#seats').textContent()).endsWith(of));
      assert.equal((await shown()).interactions, now.interactions);
      assert.equal(await page.locator('html').getAttribute('lang'), language);
      await screenshot(page, `billing-${language}`);
    }

    t.diagnostic('the page fits a phone');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/billing`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(sideways, false, 'the billing page scrolls sideways on a phone');
  } catch (error) {
    await screenshotOnFailure(page, 'billing');
    throw error;
  }
});
