// Actions that cannot be undone ask first (a reason cases use: the count, cancel, retire;
// an unused one: deleted), and the skills page's bulk edit, in a real browser.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { callApi, launchBrowser, screenshot, screenshotOnFailure, startServer } from './harness.mjs';

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
    await page.setViewportSize({ width: 1366, height: 900 });
  },
  { timeout: 90_000 },
);

after(async () => {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  await server?.stop();
});

/** The JSON API with a bearer token, from outside any browser. */
const call = (token, method, path, body) => callApi(server, token, method, path, body);

function pathIs(path) {
  return page.waitForURL((url) => url.pathname === path);
}

test('a used reason asks with its count; cancel keeps it; an unused one is deleted; skills in bulk', { timeout: 150_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const email = `ada+${suffix}@example.com`;
  try {
    t.diagnostic('signing up a company');
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Analytical Engines Ltd');
    await page.fill('input[name="name"]', 'Ada Lovelace');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs('/');
    const admin = (await call(null, 'POST', '/auth/login', { email, password: PASSWORD })).token;

    t.diagnostic('a campaign, two reasons, twelve cases giving one of them');
    const queue = await call(admin, 'POST', '/queues', { name: 'Collections' });
    const campaign = await call(admin, 'POST', '/dialer-campaigns', { name: 'Spring', queue_id: queue.id });
    const used = await call(admin, 'POST', '/case-reasons', { name: 'Moved abroad' });
    const unused = await call(admin, 'POST', '/case-reasons', { name: 'Lost job' });
    for (let n = 0; n < 12; n += 1) {
      await call(admin, 'POST', '/cases', {
        campaign_id: campaign.id,
        customer: { name: `Customer ${n}` },
        reason_id: used.id,
      });
    }

    t.diagnostic('deleting the used reason asks first, with the count');
    await page.goto(`${server.baseUrl}/case-config`);
    await page.locator(`#delete-reason-${used.id}`).click();
    const consequences = page.locator('#consequences');
    await consequences.waitFor({ state: 'visible' });
    assert.match(await consequences.innerText(), /12 cases use this reason\./);
    assert.match(await page.locator('#confirm-blocked').innerText(), /retire it instead/);
    await screenshot(page, 'confirm-reason-in-use');

    t.diagnostic('cancel keeps it');
    await page.locator('#confirm-cancel').click();
    await pathIs('/case-config');
    await page.locator(`#row-reason-${used.id}`).waitFor({ state: 'visible' });
    const reasons = await call(admin, 'GET', '/case-reasons');
    assert.equal(reasons.items.length, 2);

    t.diagnostic('confirming retires it: the cases keep it');
    await page.locator(`#delete-reason-${used.id}`).click();
    await page.locator('#confirm-retire').click();
    await pathIs('/case-config');
    assert.match(await page.locator(`#row-reason-${used.id}`).innerText(), /Retired/);

    t.diagnostic('an unused reason: the confirmation deletes it');
    await page.locator(`#delete-reason-${unused.id}`).click();
    assert.match(await page.locator('#consequences').innerText(), /No case uses this reason\./);
    await page.locator('#confirm-action').click();
    await pathIs('/case-config');
    assert.equal(await page.locator(`#row-reason-${unused.id}`).count(), 0);
    assert.equal((await call(admin, 'GET', '/case-reasons')).items.length, 1);

    t.diagnostic('skills: one created on the page, given at a level to two ticked agents');
    const roles = await call(admin, 'GET', '/roles');
    const agentRole = roles.items.find((r) => r.template && /^agent$/i.test(r.name));
    const agents = [];
    for (const name of ['Grace Hopper', 'Alan Turing', 'Edsger Dijkstra']) {
      const created = await call(admin, 'POST', '/users', {
        name,
        email: `${name.split(' ')[0].toLowerCase()}+${suffix}@example.com`,
        role_id: agentRole.id,
      });
      agents.push(created.user ?? created);
    }
    await page.locator('#menu a[href="/skills"]').click();
    await pathIs('/skills');
    await page.fill('#new-skill-name', 'Spanish');
    await page.locator('#create-skill').click();
    await page.locator('.alert-ok').waitFor({ state: 'visible' });
    const skills = await call(admin, 'GET', '/skills');
    const spanish = skills.items.find((s) => s.name === 'Spanish');
    await page.locator(`#bulk-${agents[0].id}`).check();
    await page.locator(`#bulk-${agents[1].id}`).check();
    await page.selectOption('#bulk-skill', spanish.id);
    await page.selectOption('#bulk-level', '6');
    await page.locator('#apply-skills').click();
    assert.match(await page.locator('.alert-ok').innerText(), /The skills of 2 users were updated\./);
    const form = await page.locator('#skills-bulk-form').innerText();
    assert.match(form, /Grace Hopper[\s\S]*Spanish 6/);
    for (const [index, expected] of [[0, 6], [1, 6], [2, null]]) {
      const user = await call(admin, 'GET', `/users/${agents[index].id}`);
      const level = user.skills.find((s) => s.skill_id === spanish.id)?.level ?? null;
      assert.equal(level, expected, agents[index].name);
    }

    t.diagnostic('deleting the skill asks, saying who holds it');
    await page.locator(`#delete-skill-${spanish.id}`).click();
    assert.match(await page.locator('#consequences').innerText(), /2 users hold it and lose it\./);
    await page.locator('#confirm-cancel').click();
    await pathIs('/skills');
    assert.equal((await call(admin, 'GET', '/skills')).items.length, 1);
  } catch (error) {
    await screenshotOnFailure(page, 'confirm');
    throw error;
  }
});
