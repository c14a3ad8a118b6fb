// Pause reasons in a real browser, in Spanish: the administrator creates "Almuerzo"
// with a 30-minute maximum on /pause-reasons, the operator picks it on their home, and
// the supervisor's live board shows it without a reload.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let adminContext;
let agentContext;
let admin;
let agent;

before(
  async () => {
    server = await startServer();
    adminContext = await launchBrowser();
    admin = await newPage(adminContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const context of [agentContext, adminContext]) {
    await context?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  }
  await server?.stop();
});

/** The JSON API with a bearer token, from outside any browser. */
const call = (token, method, path, body) => callApi(server, token, method, path, body);

test('an administrator configures "Almuerzo", an operator pauses with it, the board shows it', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const adminEmail = `ada+${suffix}@example.com`;
  let current = admin;
  try {
    t.diagnostic('a company whose administrator and operator read Spanish');
    const signup = await call(null, 'POST', '/signup', {
      company: 'Lovelace Contact',
      name: 'Ada Lovelace',
      email: adminEmail,
      password: PASSWORD,
    });
    const token = signup.token;
    await call(token, 'PATCH', '/me', { language: 'es' });
    const roles = await call(token, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && r.based_on === 'agent').id;
    const omar = await call(token, 'POST', '/users', {
      name: 'Omar Operador',
      email: `omar+${suffix}@example.com`,
      role_id: agentRole,
    });

    t.diagnostic('the administrator creates the reason on /pause-reasons');
    await admin.goto(`${server.baseUrl}/login`);
    await admin.fill('input[name="email"]', adminEmail);
    await admin.fill('input[name="password"]', PASSWORD);
    await admin.locator('form[action="/login"] button[type="submit"]').click();
    await pathIs(admin, '/');
    await admin.locator('#menu a[href="/pause-reasons"]').click();
    await pathIs(admin, '/pause-reasons');
    assert.equal((await admin.locator('h1').innerText()).trim(), 'Motivos de pausa');
    await admin.fill('#new-pause-reason-name', 'Almuerzo');
    await admin.fill('#new-pause-reason-max', '30');
    await admin.locator('#create-pause-reason').click();
    await admin.waitForURL((url) => url.searchParams.get('done') === 'created');
    assert.match(await admin.locator('.alert-ok').innerText(), /Se creó el motivo de pausa/);
    const row = admin.locator('#pause-reasons-table tbody tr');
    assert.equal(await row.count(), 1);
    assert.equal(await row.locator('input[name="name"]').inputValue(), 'Almuerzo');
    assert.equal(await row.locator('input[name="max_minutes"]').inputValue(), '30');
    await screenshot(admin, 'pause-reasons-es');

    t.diagnostic('the administrator keeps the live board open');
    await admin.goto(`${server.baseUrl}/live`);
    await admin.locator('#agents-none').waitFor({ state: 'visible' });

    t.diagnostic('the operator picks it on their home');
    agentContext = await launchBrowser();
    agent = await newPage(agentContext);
    current = agent;
    await agent.goto(`${server.baseUrl}/accept-invite?token=${encodeURIComponent(omar.invite_token)}`);
    await agent.fill('#password', PASSWORD);
    await agent.locator('form button[type="submit"]').click();
    await agent.waitForURL((url) => url.pathname !== '/accept-invite');
    await agent.evaluate(async () => {
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ language: 'es' }) });
    });
    await agent.goto(`${server.baseUrl}/`);
    await agent.locator('#home-state').waitFor({ state: 'visible' });
    assert.equal(await agent.locator('#home-state-reason').count(), 0, 'no free text once reasons exist');
    const choice = agent.locator('#home-state-pause button', { hasText: 'Almuerzo' });
    assert.match(await choice.innerText(), /máx\. 30 min/);
    await choice.click();
    await agent.waitForURL((url) => url.searchParams.get('state') === 'paused');
    assert.equal(await agent.locator('#home-state-pause button', { hasText: 'Almuerzo' }).getAttribute('aria-pressed'), 'true');
    assert.match(await agent.locator('#home-state-current').innerText(), /Almuerzo/);
    await screenshot(agent, 'pause-home-es');

    t.diagnostic('the board shows the reason without a reload');
    current = admin;
    const line = admin.locator(`#agent-${omar.id}`);
    await line.waitFor({ state: 'visible' });
    await admin.waitForFunction(
      (id) => document.querySelector(`#agent-${id} [data-cell="reason"]`)?.textContent === 'Almuerzo',
      omar.id,
    );
    assert.equal((await line.locator('[data-cell="state"]').innerText()).trim(), 'En pausa');
    assert.equal(await line.locator('[data-cell="over"]').isVisible(), false, 'within its maximum');
    await screenshot(admin, 'pause-live-es');
  } catch (error) {
    await screenshotOnFailure(current, 'pause');
    throw error;
  }
});
