// Lists made for hundreds of rows, in Spanish, on a laptop and on a phone: sorting the
// users by a column, blocking two users at once through the confirmation, and adding
// three members to a project with the search-and-tick picker.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { api, launchBrowser, newPage, pathIs, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

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

/** The names in the users table, top to bottom. */
async function names() {
  return (await page.locator('#users-table tbody th[scope="row"] a').allInnerTexts()).map((n) => n.trim());
}

/** Ticks the row of `name` in the users table. */
async function tick(name) {
  await page.getByRole('checkbox', { name: `Marcar: ${name}`, exact: true }).check();
}

test('users sort, two are blocked at once, three join a project, in Spanish at two sizes', { timeout: 240_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  try {
    t.diagnostic('signing up and switching to Spanish');
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Listas SA');
    await page.fill('input[name="name"]', 'Zoe Admin');
    await page.fill('input[name="email"]', `zoe+${suffix}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(page, '/');
    await api(page, 'PATCH', '/me', { language: 'es' });

    t.diagnostic('inviting eight agents');
    const roles = await api(page, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template === true && r.name === 'Agent') ?? roles.items.find((r) => r.name === 'Agent');
    assert.ok(agentRole, JSON.stringify(roles));
    const people = ['Ana Arce', 'Bruno Bravo', 'Carla Cruz', 'Dario Diaz', 'Elif Ergin', 'Fatma Filiz', 'Gael Gil', 'Hugo Haro'];
    for (const name of people) {
      const email = `${name.split(' ')[0].toLowerCase()}+${suffix}@example.com`;
      await api(page, 'POST', '/users', { name, email, role_id: agentRole.id });
    }

    const sizes = [
      { label: 'laptop', width: 1366, height: 900, block: ['Ana Arce', 'Bruno Bravo'], members: ['Carla Cruz', 'Dario Diaz', 'Elif Ergin'] },
      { label: 'phone', width: 390, height: 844, block: ['Carla Cruz', 'Dario Diaz'], members: ['Fatma Filiz', 'Gael Gil', 'Hugo Haro'] },
    ];
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });

      t.diagnostic(`${size.label}: sorting the users by name, then the other way`);
      await page.goto(`${server.baseUrl}/users`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'es');
      const nameHeader = page.locator('#users-table thead a.sort-link', { hasText: 'Nombre' });
      await nameHeader.click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'name' && url.searchParams.get('dir') === 'asc');
      const ascending = await names();
      assert.deepEqual(ascending, [...ascending].sort((a, b) => a.localeCompare(b)), 'A to Z');
      await page.locator('#users-table thead a.sort-link', { hasText: 'Nombre' }).click();
      await page.waitForURL((url) => url.searchParams.get('dir') === 'desc');
      const descending = await names();
      assert.equal(descending[0], 'Zoe Admin');
      assert.deepEqual(descending, [...ascending].reverse(), 'Z to A');
      assert.equal(await page.locator('#users-table th[aria-sort="descending"]').count(), 1);
      await screenshot(page, `lists-users-sorted-${size.label}`);

      t.diagnostic(`${size.label}: blocking two users after the confirmation`);
      for (const name of size.block) await tick(name);
      await page.locator('#bulk-block').click();
      await pathIs(page, '/users/bulk');
      const question = await page.locator('#confirm-question').innerText();
      assert.match(question, /Bloquear a estos 2 usuarios/);
      assert.match(await page.locator('#consequences').innerText(), new RegExp(size.block.join(', ')));
      await screenshot(page, `lists-block-confirm-${size.label}`);
      await page.locator('#confirm-action').click();
      await page.locator('.notice, [role="status"]', { hasText: '2 cambiados' }).first().waitFor({ state: 'visible' });
      for (const name of size.block) {
        const row = page.locator('#users-table tbody tr', { hasText: name });
        await row.locator('.badge-off').waitFor({ state: 'visible' });
      }
      // The list came back in the order it was in.
      assert.equal((await names())[0], 'Zoe Admin');

      t.diagnostic(`${size.label}: adding three members with the picker`);
      await page.goto(`${server.baseUrl}/projects`);
      await page.fill('#new-project-name', `Proyecto ${size.label}`);
      await page.locator('#create-project').click();
      await pathIs(page, /^\/projects\/[^/]+$/);
      await page.fill('#user-q', suffix);
      await page.locator('#find-users').click();
      await page.waitForURL((url) => url.searchParams.get('user_q') === suffix);
      for (const name of size.members) {
        await page.locator('#user-picker label.check', { hasText: name }).locator('input').check();
      }
      await screenshot(page, `lists-picker-${size.label}`);
      await page.locator('#add-users-button').click();
      await page.waitForURL((url) => url.searchParams.get('saved') === '1');
      const list = page.locator('#project-user-list');
      for (const name of size.members) {
        await list.locator('li', { hasText: name }).waitFor({ state: 'visible' });
      }
      assert.equal(await list.locator('li').count(), 3);
    }
  } catch (error) {
    await screenshotOnFailure(page, 'lists');
    throw error;
  }
});
