// The administrator's Reassign page in a real browser: an administrator seeds 30
// unassigned cases and three operators through the API, ticks and unticks the page's
// cases at once, chooses every case matching the filter and the three operators (found
// by name, with the open cases each holds), previews the distribution (nothing changes
// yet), confirms it, and the API then shows ten cases with each operator.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { api, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';
const CASES = 30;

let server;
let adminContext;
let admin;

before(
  async () => {
    server = await startServer();
    adminContext = await launchBrowser();
    admin = await newPage(adminContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  await adminContext?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  await server?.stop();
});

/** How many cases the API lists for `query`. */
async function count(page, query) {
  const listed = await api(page, 'GET', `/cases?${query}&count=true&limit=1`);
  return listed.total;
}

test('an administrator distributes 30 cases over 3 operators', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('signing up a company');
    await admin.goto(`${server.baseUrl}/signup`);
    await admin.fill('input[name="company"]', 'Hopper Collections');
    await admin.fill('input[name="name"]', 'Grace Hopper');
    await admin.fill('input[name="email"]', `grace+${suffix}@example.com`);
    await admin.fill('input[name="password"]', PASSWORD);
    await admin.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(admin, '/');

    t.diagnostic('a campaign, three operators and 30 unassigned cases');
    const queue = await api(admin, 'POST', '/queues', { name: 'Collections line' });
    const campaign = await api(admin, 'POST', '/dialer-campaigns', { name: 'Winter arrears', queue_id: queue.id });
    const roles = await api(admin, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && (r.based_on === 'agent' || r.name === 'Agent'));
    assert.ok(agentRole, 'the Agent template role');
    const operators = [];
    for (const name of ['Olga Operator', 'Omar Operator', 'Oona Operator']) {
      const first = name.split(' ')[0].toLowerCase();
      operators.push(
        await api(admin, 'POST', '/users', { name, email: `${first}+${suffix}@example.com`, role_id: agentRole.id }),
      );
    }
    for (let n = 0; n < CASES; n += 1) {
      await api(admin, 'POST', '/cases', {
        campaign_id: campaign.id,
        customer: { name: `Customer ${String(n).padStart(2, '0')}`, document: `D-${n}` },
      });
    }
    assert.equal(await count(admin, 'assignee=none'), CASES);

    t.diagnostic('the Reassign page lists the open cases');
    await admin.goto(`${server.baseUrl}/cases`);
    await admin.locator('#section-reassign').click();
    await pathIs(admin, '/cases/reassign');
    await admin.locator('#filter-assignee').selectOption('none');
    await admin.locator('#filter-cases').click();
    await admin.waitForURL((url) => url.searchParams.get('assignee') === 'none');
    assert.equal(await admin.locator('#reassign-table tbody tr').count(), CASES);

    t.diagnostic('ticking the page ticks every case on it, and unticking one shows it');
    const tickPage = admin.locator('#tick-page');
    await tickPage.check();
    assert.equal(await admin.locator('input[name="case_ids"]:checked').count(), CASES);
    await admin.locator('input[name="case_ids"]').first().uncheck();
    assert.equal(await tickPage.evaluate((box) => box.indeterminate), true);
    await tickPage.click();
    assert.equal(await admin.locator('input[name="case_ids"]:checked').count(), CASES, 'ticks the rest');
    await tickPage.uncheck();
    assert.equal(await admin.locator('input[name="case_ids"]:checked').count(), 0);

    t.diagnostic('all cases matching the filter, the three operators found by name, preview');
    await admin.locator('#scope-all').check();
    assert.match(await admin.locator('#scope-all-label').innerText(), /All 30 cases/);
    for (const operator of operators) {
      assert.match(await admin.locator(`label[for="operator-${operator.id}"]`).innerText(), /0 open/);
    }
    await admin.locator('#operator-filter').fill('operator');
    await admin.locator('#operators-tick-shown').click();
    assert.equal(await admin.locator('input[name="operator_ids"]:checked').count(), 3, 'not the administrator');
    for (const operator of operators) {
      assert.equal(await admin.locator(`#operator-${operator.id}`).isChecked(), true, operator.name);
    }
    await screenshot(admin, 'cases-reassign-choice');
    await admin.locator('#preview-distribution').click();
    const preview = admin.locator('#preview-table');
    await preview.waitFor({ state: 'visible' });
    assert.match(await admin.locator('#preview-moved').innerText(), /30 cases/);
    for (const operator of operators) {
      const row = admin.locator(`#preview-${operator.id}`);
      assert.match(await row.innerText(), new RegExp(operator.name));
      assert.equal((await row.locator('.preview-received').innerText()).trim(), '10');
      assert.equal((await row.locator('.preview-load').innerText()).trim(), '10');
    }
    await screenshot(admin, 'cases-reassign-preview');
    assert.equal(await count(admin, 'assignee=none'), CASES, 'a preview changes nothing');

    t.diagnostic('confirming assigns them');
    await admin.locator('#confirm-distribution').click();
    await admin.waitForURL((url) => url.pathname === '/cases/reassign' && url.searchParams.get('distributed') === '30');
    await admin.locator('.alert-ok', { hasText: '30 cases were distributed.' }).waitFor({ state: 'visible' });
    await screenshot(admin, 'cases-reassign-done');

    t.diagnostic('each operator holds ten, nothing is left unassigned');
    for (const operator of operators) {
      assert.equal(await count(admin, `assignee=${operator.id}`), 10, operator.name);
    }
    assert.equal(await count(admin, 'assignee=none'), 0);
    await admin.goto(`${server.baseUrl}/cases/reassign`);
    for (const operator of operators) {
      assert.match(await admin.locator(`label[for="operator-${operator.id}"]`).innerText(), /10 open/);
    }
    await admin.goto(`${server.baseUrl}/cases?view=assigned`);
    assert.match(await admin.locator('#tab-assigned').innerText(), /30/);
    await admin.locator('#cases-table tbody tr').first().waitFor({ state: 'visible' });
    await screenshot(admin, 'cases-assigned');
  } catch (error) {
    await screenshotOnFailure(admin, 'cases-admin');
    throw error;
  }
});
