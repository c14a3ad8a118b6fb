// Enhanced security in a real browser: the switch through its confirmation, and a
// project membership taken away hiding a queue on the next page load.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let adminContext;
let memberContext;
let admin;
let member;

before(
  async () => {
    server = await startServer();
    adminContext = await launchBrowser();
    admin = await newPage(adminContext);
  },
  { timeout: 90_000 },
);

after(async () => {
  for (const context of [memberContext, adminContext]) {
    await context?.close().catch((error) => console.error(`closing a browser: ${error.message}`));
  }
  await server?.stop();
});

test('an admin switches to enhanced security and finds the Default project', { timeout: 120_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('signing up a company');
    await admin.goto(`${server.baseUrl}/signup`);
    await admin.fill('input[name="company"]', 'Babbage Calls');
    await admin.fill('input[name="name"]', 'Ada Lovelace');
    await admin.fill('input[name="email"]', `ada+${suffix}@example.com`);
    await admin.fill('input[name="password"]', PASSWORD);
    await admin.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(admin, '/');

    t.diagnostic('opening the settings from the menu');
    await admin.locator('#menu a[href="/settings"]').click();
    await pathIs(admin, '/settings');
    assert.match(await admin.locator('#security-mode').innerText(), /Simple/);
    const confirm = admin.locator('#confirm-switch');
    assert.equal(await confirm.isVisible(), false, 'the switch hides behind its confirmation');

    t.diagnostic('switching through the confirmation');
    await admin.locator('#switch-mode-open').click();
    await confirm.waitFor({ state: 'visible' });
    assert.match(await admin.locator('#switch-mode .warning').innerText(), /Default/);
    await screenshot(admin, 'security-switch-confirm');
    await confirm.click();
    await admin.waitForURL((url) => url.searchParams.get('saved') === '1');
    assert.match(await admin.locator('#security-mode').innerText(), /Enhanced/);

    t.diagnostic('the Default project tile');
    await admin.locator('#menu a[href="/projects"]').click();
    await pathIs(admin, '/projects');
    const tile = admin.locator('#project-tiles .tile', { hasText: 'Default' });
    await tile.waitFor({ state: 'visible' });
    await screenshot(admin, 'projects-default');
    await tile.locator('a').click();
    await pathIs(admin, /^\/projects\/[^/]+$/);
    await admin.locator('#project-user-list', { hasText: 'Ada Lovelace' }).waitFor({ state: 'visible' });
  } catch (error) {
    await screenshotOnFailure(admin, 'enhanced-switch');
    throw error;
  }
});

test('taking a user out of a project hides its queue on the next page load', { timeout: 180_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const memberEmail = `mia+${suffix}@example.com`;
  try {
    t.diagnostic('creating the project "Second"');
    await admin.goto(`${server.baseUrl}/projects`);
    await admin.fill('#new-project-name', 'Second');
    await admin.locator('#create-project').click();
    await pathIs(admin, /^\/projects\/[^/]+$/);
    const projectUrl = admin.url().split('?')[0];

    t.diagnostic('inviting a Manager');
    await admin.goto(`${server.baseUrl}/users`);
    await admin.fill('#invite-name', 'Mia Manager');
    await admin.fill('#invite-email', memberEmail);
    await admin.locator('#invite-role').selectOption({ label: 'Manager' });
    await admin.locator('#invite-user').click();
    const link = admin.locator('#one-time-link');
    await link.waitFor({ state: 'visible' });
    const inviteUrl = await link.inputValue();

    t.diagnostic('adding her to "Second" directly');
    await admin.goto(projectUrl);
    await admin.fill('#user-q', 'Mia');
    await admin.locator('#find-users').click();
    await admin.waitForURL((url) => url.searchParams.get('user_q') === 'Mia');
    await admin.locator('#user-picker label.check', { hasText: 'Mia Manager' }).locator('input').check();
    await admin.locator('#add-users-button').click();
    await admin.waitForURL((url) => url.searchParams.get('saved') === '1');
    await admin.locator('#project-user-list', { hasText: 'Mia Manager' }).waitFor({ state: 'visible' });
    await screenshot(admin, 'project-page');

    t.diagnostic('creating a queue in "Second"');
    await admin.goto(`${server.baseUrl}/config/queues`);
    await admin.fill('#new-name', 'Second line');
    await admin.locator('#new-projects label.check', { hasText: 'Second' }).locator('input').check();
    await admin.locator('#create-object').click();
    await pathIs(admin, /^\/config\/queues\/[^/]+$/);
    const queueUrl = admin.url().split('?')[0];
    await admin.locator('#who-can-see', { hasText: 'Mia Manager' }).waitFor({ state: 'visible' });
    await screenshot(admin, 'queue-who-can-see');

    t.diagnostic('she accepts the invitation and sees the queue');
    memberContext = await launchBrowser();
    member = await newPage(memberContext);
    await member.goto(inviteUrl);
    await member.fill('#password', PASSWORD);
    await member.locator('form button[type="submit"]').click();
    await member.waitForURL((url) => url.pathname !== '/accept-invite');
    await member.goto(`${server.baseUrl}/config/queues`);
    await member.locator('#objects-table', { hasText: 'Second line' }).waitFor({ state: 'visible' });
    assert.equal((await member.goto(queueUrl)).status(), 200);

    t.diagnostic('the admin takes her out of "Second"');
    await admin.goto(projectUrl);
    await admin.locator('#project-user-list li', { hasText: 'Mia Manager' }).locator('button').click();
    await admin.waitForURL((url) => url.searchParams.get('saved') === '1');
    assert.equal(await admin.locator('#project-user-list', { hasText: 'Mia Manager' }).count(), 0);

    t.diagnostic('on her next page load the queue is gone');
    await member.goto(`${server.baseUrl}/config/queues`);
    await member.locator('h1').waitFor({ state: 'visible' });
    assert.equal(await member.locator('a', { hasText: 'Second line' }).count(), 0, 'the queue is no longer listed');
    const response = await member.goto(queueUrl);
    assert.equal(response.status(), 404, 'the queue answers 404');
    await screenshot(member, 'queue-gone');

    t.diagnostic('the removal is in the audit log');
    await admin.goto(`${server.baseUrl}/audit?object_kind=project`);
    // The audit page words the action instead of showing its code.
    const entry = admin.locator('#audit-entries li', { hasText: 'Project member removed' }).first();
    await entry.locator('summary').click();
    await entry.locator('.diff-table', { hasText: /user_id|User/ }).waitFor({ state: 'visible' });
    await screenshot(admin, 'audit-member-removed');
  } catch (error) {
    await screenshotOnFailure(admin, 'project-removal-admin');
    await screenshotOnFailure(member, 'project-removal-member');
    throw error;
  }
});
