// Groups, an invitation, a custom role edited and handed out, and a role test, in a real browser.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { launchBrowser, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';

let server;
let context;
let page;

before(
  async () => {
    server = await startServer();
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(15_000);
    await page.setViewportSize({ width: 1280, height: 900 });
  },
  { timeout: 90_000 },
);

after(async () => {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  await server?.stop();
});

function waitForPath(test) {
  return page.waitForURL((url) => (typeof test === 'string' ? url.pathname === test : test.test(url.pathname)));
}

function menuLink(href) {
  return page.locator(`#menu a[href="${href}"]`);
}

/** Whether the page scrolls sideways at the current viewport width. */
function overflowsSideways() {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

test('groups, invitation, a custom role, mass assignment and a role test', { timeout: 120_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const adminEmail = `ada+${suffix}@example.com`;
  const inviteeEmail = `grace+${suffix}@example.com`;
  try {
    t.diagnostic('signing up a company');
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Analytical Engines Ltd');
    await page.fill('input[name="name"]', 'Ada Lovelace');
    await page.fill('input[name="email"]', adminEmail);
    await page.fill('input[name="password"]', PASSWORD);
    await page.locator('form[action="/signup"] button[type="submit"]').click();
    await waitForPath('/');
    for (const href of ['/users', '/groups', '/roles', '/api-tokens']) {
      await menuLink(href).waitFor({ state: 'visible' });
    }

    t.diagnostic('creating a group');
    await menuLink('/groups').click();
    await waitForPath('/groups');
    assert.equal(await menuLink('/groups').getAttribute('aria-current'), 'page');
    await page.fill('#new-group-name', 'Floor A');
    await page.locator('#create-group').click();
    await waitForPath(/^\/groups\/[^/]+$/);
    await page.locator('.alert-ok').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#group-name').inputValue(), 'Floor A');

    t.diagnostic('inviting a user as an Agent in the group');
    await page.goto(`${server.baseUrl}/users`);
    await page.fill('#invite-name', 'Grace Hopper');
    await page.fill('#invite-email', inviteeEmail);
    await page.locator('#invite-role').selectOption({ label: 'Agent' });
    await page.locator('form[action="/users"] label.check', { hasText: 'Floor A' }).locator('input').check();
    await page.locator('#invite-user').click();
    const link = page.locator('#one-time-link');
    await link.waitFor({ state: 'visible' });
    assert.match(await link.inputValue(), /\/accept-invite\?token=/);
    await page.locator('#users-table', { hasText: 'Grace Hopper' }).waitFor({ state: 'visible' });
    await screenshot(page, 'users-invited');

    t.diagnostic('creating the custom role "Team lead" based on Agent, scope own');
    await menuLink('/roles').click();
    await waitForPath('/roles');
    await page.fill('#new-role-name', 'Team lead');
    await page.fill('#new-role-description', 'Leads a team on the floor.');
    await page.locator('#new-role-based-on').selectOption('agent');
    await page.locator('#new-role-scope').selectOption('own');
    await page.locator('#create-role').click();
    await waitForPath(/^\/roles\/[^/]+$/);
    const roleUrl = page.url().split('?')[0];

    t.diagnostic('turning on permissions and saving');
    assert.ok(await page.locator('#perm-workspace-use').isChecked(), 'the role starts with the Agent permissions');
    assert.ok(!(await page.locator('#perm-users-view').isChecked()));
    for (const key of ['users-view', 'groups-view', 'cases-view']) {
      await page.locator(`#perm-${key}`).check();
    }
    await page.locator('#save-role').click();
    await page.waitForURL((url) => url.searchParams.get('saved') === '1');
    await page.locator('.alert-ok').waitFor({ state: 'visible' });
    for (const key of ['users-view', 'groups-view', 'cases-view']) {
      assert.ok(await page.locator(`#perm-${key}`).isChecked(), `${key} is saved`);
    }
    assert.equal(await page.locator('#role-scope').inputValue(), 'own');
    await screenshot(page, 'role-editor');

    t.diagnostic('assigning the role to the invited user, filtered by group');
    await page.locator('#role-group-filter').selectOption({ label: 'Floor A' });
    await page.locator('#filter-role-users').click();
    await page.waitForURL((url) => url.searchParams.has('group_id'));
    await page.locator('#assign-form label.check', { hasText: 'Grace Hopper' }).locator('input').check();
    await page.locator('#assign-users').click();
    await page.waitForURL((url) => url.searchParams.get('assigned') === '1');
    await page.locator('#role-holders', { hasText: 'Grace Hopper' }).waitFor({ state: 'visible' });

    t.diagnostic('the role editor fits a 390 px wide phone');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(roleUrl);
    assert.equal(await overflowsSideways(), false, 'the role editor does not scroll sideways at 390 px');
    await screenshot(page, 'role-editor-390');
    await page.goto(`${server.baseUrl}/users`);
    assert.equal(await overflowsSideways(), false, 'the users page does not scroll sideways at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    t.diagnostic('testing the role');
    await page.goto(roleUrl);
    await page.locator('#test-role').click();
    await waitForPath('/');
    const banner = page.locator('.role-test-banner[role="status"]');
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.innerText(), /Team lead/);
    await menuLink('/users').waitFor({ state: 'visible' });
    assert.equal(await menuLink('/roles').count(), 0, 'no Roles in the menu while testing');
    assert.equal(await menuLink('/api-tokens').count(), 0, 'no API tokens in the menu while testing');
    assert.equal(await menuLink('/groups').count(), 1, 'Groups is in the tested role');
    await screenshot(page, 'role-test-banner');

    t.diagnostic('ending the test');
    await page.locator('#end-role-test').click();
    // Ending the test returns to the role that was tested.
    await page.waitForURL(roleUrl);
    await menuLink('/roles').waitFor({ state: 'visible' });
    assert.equal(await page.locator('.role-test-banner').count(), 0, 'the banner is gone');
    assert.equal(await menuLink('/api-tokens').count(), 1);

    t.diagnostic('creating an API token shows its secret once');
    await menuLink('/api-tokens').click();
    await waitForPath('/api-tokens');
    await page.fill('#token-name', 'CRM sync');
    await page.locator('#token-role').selectOption({ label: 'Team lead' });
    await page.locator('#create-token').click();
    const secret = page.locator('#token-secret');
    await secret.waitFor({ state: 'visible' });
    assert.match(await secret.inputValue(), /^sbt_/);
    await screenshot(page, 'api-tokens');
  } catch (error) {
    await screenshotOnFailure(page, 'roles');
    throw error;
  }
});
