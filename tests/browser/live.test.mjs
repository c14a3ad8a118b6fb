// Live monitoring in a real browser: a supervisor keeps /live open while an agent of
// her group changes state from the workspace; her board follows without a reload, drops
// the agent when he leaves her group, and says so when her own access ends.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let supervisorContext;
let agentContext;
let supervisor;
let agent;

before(
  async () => {
    server = await startServer();
    supervisorContext = await launchBrowser();
    supervisor = await newPage(supervisorContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const context of [agentContext, supervisorContext]) {
    await context?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  }
  await server?.stop();
});

/** The JSON API with a bearer token, from outside any browser. */
const call = (token, method, path, body) => callApi(server, token, method, path, body);

async function acceptInvite(page, token) {
  await page.goto(`${server.baseUrl}/accept-invite?token=${encodeURIComponent(token)}`);
  await page.fill('#password', PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/accept-invite');
}

/** Sets the agent's state with the workspace's "My state" form. */
async function setState(state, reason) {
  if (reason !== undefined) await agent.fill('#my-state-reason', reason);
  await agent.locator(`#my-state-${state}`).click();
  await agent.waitForURL((url) => url.searchParams.get('state') === state);
  await agent.locator('#my-state-notice').waitFor({ state: 'visible' });
}

test('a supervisor watches her agent change state without reloading', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const adminEmail = `ada+${suffix}@example.com`;
  try {
    t.diagnostic('signing up a company');
    await supervisor.goto(`${server.baseUrl}/signup`);
    await supervisor.fill('input[name="company"]', 'Lovelace Contact');
    await supervisor.fill('input[name="name"]', 'Ada Lovelace');
    await supervisor.fill('input[name="email"]', adminEmail);
    await supervisor.fill('input[name="password"]', PASSWORD);
    await supervisor.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(supervisor, '/');
    const admin = (await call(null, 'POST', '/auth/login', { email: adminEmail, password: PASSWORD })).token;
    // No telephony platform here: agents pick "On a call" themselves.
    await call(admin, 'PATCH', '/company', { settings: { manual_call_states: true } });

    t.diagnostic('a supervisor, an agent, their group and a queue');
    const roles = await call(admin, 'GET', '/roles');
    const role = (template) => {
      const found = roles.items.find((r) => r.template && r.based_on === template);
      assert.ok(found, `the ${template} template role`);
      return found.id;
    };
    const sara = await call(admin, 'POST', '/users', {
      name: 'Sara Supervisor',
      email: `sara+${suffix}@example.com`,
      role_id: role('supervisor'),
    });
    const omar = await call(admin, 'POST', '/users', {
      name: 'Omar Operator',
      email: `omar+${suffix}@example.com`,
      role_id: role('agent'),
    });
    const group = await call(admin, 'POST', '/groups', {
      name: 'Morning shift',
      supervisor_ids: [sara.id],
      member_ids: [omar.id],
    });
    await call(admin, 'POST', '/queues', { name: 'Morning line', supervisor_ids: [sara.id] });

    t.diagnostic('the agent says he is available from his workspace');
    agentContext = await launchBrowser();
    agent = await newPage(agentContext);
    await acceptInvite(agent, omar.invite_token);
    await agent.goto(`${server.baseUrl}/`);
    await agent.locator('#menu a[href="/my-cases"]').click();
    await pathIs(agent, '/my-cases');
    assert.equal(await agent.locator('#menu a[href="/live"]').count(), 0, 'agents have no live board');
    await setState('available');
    assert.match(await agent.locator('#my-state-notice').innerText(), /Available/);
    await screenshot(agent, 'my-state');

    t.diagnostic('the supervisor opens the live board');
    await supervisor.locator('#sign-out').click();
    await pathIs(supervisor, '/login');
    await acceptInvite(supervisor, sara.invite_token);
    await supervisor.goto(`${server.baseUrl}/`);
    const stream = supervisor.waitForResponse((r) => r.url().endsWith('/api/v1/live/stream'));
    await supervisor.locator('#menu a[href="/live"]').click();
    await pathIs(supervisor, '/live');
    assert.equal((await stream).status(), 200);
    const row = supervisor.locator(`#agent-${omar.id}`);
    const badge = row.locator('[data-cell="state"]');
    assert.equal(await badge.innerText(), 'Available');
    assert.equal(await row.locator('[data-cell="groups"]').innerText(), 'Morning shift');
    const queue = supervisor.locator('#queues-table tbody tr', { hasText: 'Morning line' });
    await queue.waitFor({ state: 'visible' });
    // Marks this document: a reload would lose it.
    await supervisor.evaluate(() => {
      window.liveTestMark = true;
    });

    t.diagnostic('time in state counts up by itself');
    const elapsed = row.locator('[data-cell="elapsed"]');
    const first = await elapsed.innerText();
    await supervisor.waitForFunction(
      ([id, before]) => document.querySelector(`#agent-${id} [data-cell="elapsed"]`).textContent !== before,
      [omar.id, first],
    );

    t.diagnostic('the agent pauses; the board follows');
    await setState('paused', 'Coffee break');
    await supervisor.waitForFunction((id) => {
      const state = document.querySelector(`#agent-${id} [data-cell="state"]`);
      return state && state.textContent === 'Paused';
    }, omar.id);
    assert.equal(await row.locator('[data-cell="reason"]').innerText(), 'Coffee break');
    assert.match(await badge.getAttribute('class'), /badge-wait/);
    assert.match(await elapsed.innerText(), /^0:0\d$/, 'time in the new state starts again');
    assert.equal(await supervisor.evaluate(() => window.liveTestMark), true, 'no reload');
    assert.equal(await supervisor.locator('#live-status-note').count(), 0, 'connected');
    await screenshot(supervisor, 'live-board');

    t.diagnostic('out of her group, he leaves her board at once');
    await call(admin, 'PATCH', `/groups/${group.id}`, { member_ids: [] });
    await row.waitFor({ state: 'detached' });
    await setState('on_call');
    await supervisor.locator('#agents-none').waitFor({ state: 'visible' });
    await queue.waitFor({ state: 'visible' });
    assert.equal(await supervisor.evaluate(() => window.liveTestMark), true, 'no reload');

    t.diagnostic('when her role loses the board, the page says so and stops');
    await call(admin, 'PATCH', `/groups/${group.id}`, { member_ids: [omar.id] });
    await row.waitFor({ state: 'visible' });
    await setState('available');
    await call(admin, 'PATCH', `/users/${sara.id}`, { role_id: role('agent') });
    await setState('offline');
    const note = supervisor.locator('#live-status-note');
    await note.waitFor({ state: 'visible' });
    assert.equal(await note.getAttribute('data-kind'), 'ended');
    assert.match(await note.innerText(), /access to the live boards ended/);
    await screenshot(supervisor, 'live-access-ended');
  } catch (error) {
    await screenshotOnFailure(supervisor, 'live-supervisor');
    await screenshotOnFailure(agent, 'live-agent');
    throw error;
  }
});
