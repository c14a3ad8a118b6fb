// The operator's workspace in a real browser: an administrator sets up a campaign, a
// field the "closed" status requires and a case for a new operator; the operator finds
// it in My cases, logs a contact attempt, is told what closing needs, and closes it.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { api, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let adminContext;
let operatorContext;
let admin;
let operator;

before(
  async () => {
    server = await startServer();
    adminContext = await launchBrowser();
    admin = await newPage(adminContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const context of [operatorContext, adminContext]) {
    await context?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  }
  await server?.stop();
});

test('an operator logs an attempt and closes a case once it has what closing requires', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('signing up a company');
    await admin.goto(`${server.baseUrl}/signup`);
    await admin.fill('input[name="company"]', 'Lovelace Collections');
    await admin.fill('input[name="name"]', 'Ada Lovelace');
    await admin.fill('input[name="email"]', `ada+${suffix}@example.com`);
    await admin.fill('input[name="password"]', PASSWORD);
    await admin.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(admin, '/');

    t.diagnostic('a campaign, a field "closed" requires, an operator and her case');
    const queue = await api(admin, 'POST', '/queues', { name: 'Collections line' });
    const campaign = await api(admin, 'POST', '/dialer-campaigns', { name: 'Spring arrears', queue_id: queue.id });
    await api(admin, 'POST', '/case-fields', { key: 'settlement_ref', label: 'Settlement reference', type: 'text' });
    await api(admin, 'PATCH', '/case-statuses/closed', { required_fields: ['settlement_ref'] });
    const roles = await api(admin, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && (r.based_on === 'agent' || r.name === 'Agent'));
    assert.ok(agentRole, 'the Agent template role');
    const invited = await api(admin, 'POST', '/users', {
      name: 'Olga Operator',
      email: `olga+${suffix}@example.com`,
      role_id: agentRole.id,
    });
    await api(admin, 'POST', '/cases', {
      campaign_id: campaign.id,
      customer: { name: 'Grace Hopper', document: 'X-1906', phones: ['+34 600 123 456'] },
      amount: 420.5,
      assignee_id: invited.id,
    });

    t.diagnostic('the operator accepts her invitation');
    operatorContext = await launchBrowser();
    operator = await newPage(operatorContext);
    await operator.goto(`${server.baseUrl}/accept-invite?token=${encodeURIComponent(invited.invite_token)}`);
    await operator.fill('#password', PASSWORD);
    await operator.locator('form button[type="submit"]').click();
    await operator.waitForURL((url) => url.pathname !== '/accept-invite');

    t.diagnostic('My cases lists the case under Active');
    await operator.goto(`${server.baseUrl}/`);
    await operator.locator('#menu a[href="/my-cases"]').click();
    await pathIs(operator, '/my-cases');
    assert.match(await operator.locator('#tab-active').innerText(), /1/);
    const row = operator.locator('#my-cases-table tbody tr', { hasText: 'Grace Hopper' });
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /420\.50/);
    await screenshot(operator, 'my-cases');
    await operator.fill('#my-cases-q', 'Grace');
    await operator.locator('#search-cases').click();
    await operator.waitForURL((url) => url.searchParams.get('q') === 'Grace');
    await row.locator('a').first().click();
    await pathIs(operator, /^\/cases\/[^/]+$/);
    const caseUrl = operator.url().split('?')[0];
    assert.equal(await operator.locator('h1').innerText(), 'Grace Hopper');

    t.diagnostic('logging a contact attempt');
    await operator.locator('#attempt-channel').selectOption('call');
    await operator.locator('#attempt-result').selectOption({ label: 'Contacted' });
    await operator.fill('#attempt-notes', 'Agreed to settle this week');
    await operator.locator('#log-attempt').click();
    await operator.waitForURL((url) => url.searchParams.get('logged') === '1');
    await operator.locator('#case-history li', { hasText: 'Agreed to settle this week' }).waitFor({ state: 'visible' });
    const back = new URL(await operator.locator('.breadcrumb a').getAttribute('href'), server.baseUrl);
    assert.equal(back.pathname, '/my-cases', 'the back link returns to the list the case came from');
    assert.equal(back.searchParams.get('q'), 'Grace', 'with its search, also after the attempt posted');

    t.diagnostic('the status form shows the field only for the status needing it');
    const settlement = operator.locator('#status-fields-settlement-ref');
    assert.equal(await settlement.isVisible(), false, 'hidden while "Active" is chosen');
    await operator.locator('#status-status').selectOption('closed');
    await settlement.waitFor({ state: 'visible' });

    t.diagnostic('closing without the required field is refused');
    await operator.locator('#change-status').click();
    const alert = operator.locator('.alert-error');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.innerText(), /These fields are required for this status: Settlement reference/);
    await operator.locator('#status-fields-settlement-ref-error').waitFor({ state: 'visible' });
    assert.equal(await operator.locator('#case-status').innerText(), 'Active', 'nothing changed');
    await screenshot(operator, 'case-status-missing-field');

    t.diagnostic('with the field it closes');
    await operator.fill('#status-fields-settlement-ref', 'SET-2026-001');
    await operator.locator('#change-status').click();
    await operator.waitForURL((url) => url.searchParams.get('moved') === '1');
    assert.equal(operator.url().split('?')[0], caseUrl);
    assert.equal(await operator.locator('#case-status').innerText(), 'Closed');
    assert.equal(await operator.locator('#fact-field-settlement-ref').innerText(), 'SET-2026-001');
    const history = operator.locator('#case-history');
    await history.locator('li', { hasText: 'Status changed' }).waitFor({ state: 'visible' });
    const attempt = history.locator('li', { hasText: 'Contact attempt' });
    assert.match(await attempt.innerText(), /Contacted/);
    await screenshot(operator, 'case-closed');

    t.diagnostic('the case left the Active tab for Closed');
    await operator.goto(`${server.baseUrl}/my-cases?status=closed`);
    await operator.locator('#my-cases-table', { hasText: 'Grace Hopper' }).waitFor({ state: 'visible' });
    assert.match(await operator.locator('#tab-active').innerText(), /0/);
  } catch (error) {
    await screenshotOnFailure(admin, 'cases-work-admin');
    await screenshotOnFailure(operator, 'cases-work-operator');
    throw error;
  }
});
