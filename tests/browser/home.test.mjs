// The operator's home in a real browser: their day (state, callbacks due and late,
// cases by status, today's work against a KPI target) at a laptop's and a phone's
// width, in English and Spanish; pressing a state button moves the highlight to it.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let context;
let page;

before(
  async () => {
    server = await startServer();
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

/** No element of the page cuts off content it cannot scroll to. */
async function nothingClipped() {
  return page.evaluate(() => {
    const clipped = [];
    for (const el of document.querySelectorAll('#my-day *')) {
      const style = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && ['hidden', 'clip'].includes(style.overflowX)) {
        clipped.push(el.id || el.className || el.tagName);
      }
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth + 1) clipped.push('the page scrolls sideways');
    return clipped;
  });
}

/** Which state buttons say they are pressed. */
function pressed() {
  return page.evaluate(() =>
    [...document.querySelectorAll('#home-state button[aria-pressed="true"]')].map((b) => b.id),
  );
}

test('an operator finds their day on the home page', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('a company, an operator with cases and callbacks, a KPI target');
    const adminEmail = `ada+${suffix}@example.com`;
    const signup = await call(null, 'POST', '/signup', {
      company: 'Lovelace Contact',
      name: 'Ada Lovelace',
      email: adminEmail,
      password: PASSWORD,
    });
    const admin = signup.token;
    const roles = await call(admin, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && r.based_on === 'agent').id;
    const omar = await call(admin, 'POST', '/users', {
      name: 'Omar Operator',
      email: `omar+${suffix}@example.com`,
      role_id: agentRole,
    });
    const queue = await call(admin, 'POST', '/queues', { name: 'Collections' });
    const campaign = await call(admin, 'POST', '/dialer-campaigns', { name: 'Recobro', queue_id: queue.id });
    const at = (seconds) => new Date(Date.now() + seconds * 1000).toISOString();
    const cases = [];
    for (const [name, phone] of [['Carla Díaz-Montenegro de la Fuente', '+34 600 111 222'], ['Dario Gil', '600 333 444'], ['Elena Ruiz', '600 555 666']]) {
      cases.push(
        await call(admin, 'POST', '/cases', {
          campaign_id: campaign.id,
          customer: { name, phones: [phone] },
          assignee_id: omar.id,
        }),
      );
    }
    await call(admin, 'PUT', '/kpi-targets', { items: [{ metric: 'closes_per_day', scope: 'company', target: 2 }] });

    t.diagnostic('the operator signs in through the invitation');
    await page.goto(`${server.baseUrl}/accept-invite?token=${encodeURIComponent(omar.invite_token)}`);
    await page.fill('#password', PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname !== '/accept-invite');
    for (const [kase, when] of [[cases[0], at(-3600)], [cases[1], at(120)], [cases[2], at(86_400)]]) {
      const answer = await page.evaluate(
        async ({ id, when }) => {
          const response = await fetch(`/api/v1/cases/${id}/attempts`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ channel: 'call', result: 'no_answer', next_contact_at: when }),
          });
          return response.status;
        },
        { id: kase.id, when },
      );
      assert.equal(answer, 201, 'the attempt is logged');
    }

    for (const [lang, texts] of [
      ['en', { title: 'My day', late: 'Late', below: 'Below target', available: 'Available', paused: 'Pause' }],
      ['es', { title: 'Mi jornada', late: 'Con retraso', below: 'Por debajo del objetivo', available: 'Disponible', paused: 'Pausa' }],
    ]) {
      await page.evaluate(async (language) => {
        await fetch('/api/v1/me', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language }) });
      }, lang);
      for (const [width, height] of [[1366, 900], [390, 844]]) {
        t.diagnostic(`${lang} at ${width}×${height}`);
        await page.setViewportSize({ width, height });
        await page.goto(`${server.baseUrl}/`);
        await pathIs(page, '/');
        await page.locator('#my-day').waitFor({ state: 'visible' });
        assert.equal((await page.locator('h1').innerText()).trim(), texts.title);
        const due = page.locator('#home-due-list li');
        assert.equal(await due.count(), 2, 'the late callback and the one due in two minutes');
        assert.match(await due.first().innerText(), new RegExp(texts.late));
        assert.equal(await page.locator('#home-due-list .callback-late').count(), 1);
        assert.equal(await due.first().locator('a[href^="/cases/"]').getAttribute('href'), `/cases/${cases[0].id}`);
        assert.equal(await due.first().locator('a[href^="tel:"]').getAttribute('href'), 'tel:+34600111222');
        assert.equal(await page.locator('#home-next-list li').count(), 1);
        assert.match(await page.locator('#home-status-list a[href="/my-cases?status=active"]').innerText(), /3/);
        assert.match(await page.locator('#home-kpi-closes_per_day').innerText(), new RegExp(texts.below));
        assert.equal((await page.locator('#home-attempts').innerText()).trim(), '3');
        assert.equal(await page.locator('#home-state-on_call').isDisabled(), true, 'telephony sets it');
        for (const id of ['#home-state-available', '#home-state-paused', '#home-due-list', '#home-kpis']) {
          assert.ok(await page.locator(id).isVisible(), `${id} is visible`);
        }
        assert.deepEqual(await nothingClipped(), [], 'nothing is cut off');
        await screenshot(page, `home-${lang}-${width}`);
      }

      t.diagnostic(`${lang}: pressing a state moves the highlight`);
      await page.locator('#home-state-available').click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'available');
      assert.deepEqual(await pressed(), ['home-state-available']);
      assert.match(await page.locator('#home-state-available').getAttribute('class'), /button-current/);
      assert.match(await page.locator('#home-state-current').innerText(), new RegExp(texts.available));
      await page.fill('#home-state-reason', 'Coffee');
      await page.locator('#home-state-paused').click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'paused');
      assert.deepEqual(await pressed(), ['home-state-paused']);
      assert.match(await page.locator('#home-state-paused').innerText(), new RegExp(texts.paused));
      assert.equal(await page.locator('#home-state-available').getAttribute('aria-pressed'), 'false');
    }
  } catch (error) {
    await screenshotOnFailure(page, 'home');
    throw error;
  }
});
