// Support tickets in a real browser: an operator reports a problem from the page he is
// on, the administrator answers it from the tickets list, and he reads the answer.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

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
    operatorContext = await launchBrowser();
    operator = await newPage(operatorContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const context of [operatorContext, adminContext]) {
    await context?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  }
  await server?.stop();
});

/** The JSON API with a bearer token, from outside any browser. */
const call = (token, method, path, body) => callApi(server, token, method, path, body);

test('an operator reports a problem, the administrator answers, he reads the answer', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const adminEmail = `ada+${suffix}@example.com`;
  let current = admin;
  try {
    t.diagnostic('signing up a company with an operator');
    await admin.goto(`${server.baseUrl}/signup`);
    await admin.fill('input[name="company"]', 'Lovelace Contact');
    await admin.fill('input[name="name"]', 'Ada Lovelace');
    await admin.fill('input[name="email"]', adminEmail);
    await admin.fill('input[name="password"]', PASSWORD);
    await admin.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(admin, '/');
    const token = (await call(null, 'POST', '/auth/login', { email: adminEmail, password: PASSWORD })).token;
    const roles = await call(token, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && r.based_on === 'agent');
    assert.ok(agentRole, 'the Agent template role');
    const omar = await call(token, 'POST', '/users', {
      name: 'Omar Operator',
      email: `omar+${suffix}@example.com`,
      role_id: agentRole.id,
    });

    t.diagnostic('the operator reports a problem from his cases');
    current = operator;
    await operator.goto(`${server.baseUrl}/accept-invite?token=${encodeURIComponent(omar.invite_token)}`);
    await operator.fill('#password', PASSWORD);
    await operator.locator('form button[type="submit"]').click();
    await operator.waitForURL((url) => url.pathname !== '/accept-invite');
    await operator.goto(`${server.baseUrl}/`);
    await operator.locator('#menu a[href="/my-cases"]').click();
    await pathIs(operator, '/my-cases');
    await operator.locator('#report-problem').click();
    await pathIs(operator, '/tickets/new');
    assert.equal(await operator.locator('#ticket-page').inputValue(), '/my-cases', 'the form knows the page');
    await operator.fill('#ticket-subject', 'The softphone is silent');
    await operator.fill('#ticket-body', 'No dial tone on any call since this morning.');
    await operator.locator('#send-ticket').click();
    await pathIs(operator, /^\/tickets\/[^/]+$/);
    await operator.locator('.alert-ok').waitFor({ state: 'visible' });
    assert.equal(await operator.locator('h1').innerText(), 'The softphone is silent');
    assert.equal(await operator.locator('#ticket-status').innerText(), 'Waiting for an answer');
    assert.equal(await operator.locator('#ticket-page').getAttribute('href'), '/my-cases');
    const ticketPath = new URL(operator.url()).pathname;
    await screenshot(operator, 'ticket-sent');

    t.diagnostic('the administrator answers from the tickets list');
    current = admin;
    await admin.goto(`${server.baseUrl}/`);
    await admin.locator('#menu a[href="/tickets"]').click();
    await pathIs(admin, '/tickets');
    const row = admin.locator('#tickets-table tbody tr', { hasText: 'The softphone is silent' });
    assert.match(await row.innerText(), /Omar Operator/);
    assert.match(await row.innerText(), /Waiting for an answer/);
    await row.locator('a').click();
    await pathIs(admin, ticketPath);
    await admin.fill('#reply-body', 'Please restart the softphone; we are checking the line.');
    await admin.locator('#send-reply').click();
    await admin.waitForURL((url) => url.pathname === ticketPath && url.searchParams.has('replied'));
    assert.equal(await admin.locator('#ticket-status').innerText(), 'Answered');

    t.diagnostic('the operator reads the answer');
    current = operator;
    await operator.locator('#menu a[href="/tickets"]').click();
    await pathIs(operator, '/tickets');
    const mine = operator.locator('#tickets-table tbody tr', { hasText: 'The softphone is silent' });
    assert.match(await mine.innerText(), /Answered/);
    await mine.locator('a').click();
    await pathIs(operator, ticketPath);
    const thread = operator.locator('#ticket-thread li');
    assert.equal(await thread.count(), 2);
    assert.match(await thread.nth(1).innerText(), /Ada Lovelace/);
    assert.match(await thread.nth(1).innerText(), /Please restart the softphone/);
    await screenshot(operator, 'ticket-answered');

    t.diagnostic('he closes it');
    await operator.locator('#close-ticket').click();
    await operator.waitForURL((url) => url.searchParams.has('closed'));
    assert.equal(await operator.locator('#ticket-status').innerText(), 'Closed');
    assert.equal(await operator.locator('#close-ticket').count(), 0);
  } catch (error) {
    await screenshotOnFailure(current, 'tickets');
    throw error;
  }
});
