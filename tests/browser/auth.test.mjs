// Sign up, sign out, sign in, and switch the UI language, in a real browser.

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
  },
  { timeout: 90_000 },
);

after(async () => {
  await context?.close().catch((error) => console.error(`closing the browser: ${error.message}`));
  await server?.stop();
});

/** Resolves once the page's path is PATHNAME, whether it already was or a navigation gets there. */
function waitForPath(pathname) {
  return page.waitForURL((url) => url.pathname === pathname);
}

function pathOf(p) {
  return new URL(p.url()).pathname;
}

/** The submit button of the form that holds FIELD. */
function submitOf(field) {
  return page.locator(`form:has([name="${field}"]) button[type="submit"]`);
}

async function expectDashboardMenu(linkText) {
  const link = page.locator('#menu a[href="/"]', { hasText: linkText });
  await link.first().waitFor({ state: 'visible' });
  assert.equal(await page.locator('nav#menu').count(), 1, 'there is one <nav id="menu">');
  assert.ok((await page.locator('h1').count()) >= 1, 'the page has an <h1>');
}

async function signIn(email, password) {
  await page.goto(`${server.baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await submitOf('password').click();
}

test('sign up, sign out, sign in and switch to Spanish', { timeout: 60_000 }, async (t) => {
  const email = `ada+${randomBytes(6).toString('hex')}@example.com`;
  try {
    t.diagnostic(`signing up as ${email}`);
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Analytical Engines Ltd');
    await page.fill('input[name="name"]', 'Ada Lovelace');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await submitOf('company').click();
    await waitForPath('/');
    await expectDashboardMenu('Dashboard');

    t.diagnostic('signing out');
    const signOut = page.locator('form[method="post"][action="/logout"] #sign-out');
    assert.equal(await signOut.count(), 1, '#sign-out is a button in <form method="post" action="/logout">');
    await signOut.click();
    await waitForPath('/login');

    t.diagnostic('a wrong password shows an error');
    await signIn(email, `${PASSWORD}-wrong`);
    await page.locator('.alert-error').first().waitFor({ state: 'visible' });
    assert.equal(pathOf(page), '/login', 'a wrong password stays on /login');
    assert.equal(await page.locator('#menu').count(), 0, 'no menu before signing in');

    t.diagnostic('signing in');
    await signIn(email, PASSWORD);
    await waitForPath('/');
    await expectDashboardMenu('Dashboard');

    t.diagnostic('switching the language to Spanish');
    await page.goto(`${server.baseUrl}/profile`);
    const language = page.locator('select[name="language"]');
    const languages = await language.locator('option').evaluateAll((options) => options.map((o) => o.value));
    for (const code of ['en', 'es', 'tr']) {
      assert.ok(languages.includes(code), `language options ${JSON.stringify(languages)} include ${code}`);
    }
    assert.equal(await page.locator('select[name="timezone"]').count(), 1, 'there is a timezone select');
    await language.selectOption('es');
    await page.locator('#save-profile').click();

    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await expectDashboardMenu('Panel');
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');
    assert.match(await page.locator('#menu a[href="/"]').first().innerText(), /Panel/);

    await screenshot(page, 'spanish-menu');
  } catch (error) {
    await screenshotOnFailure(page, 'auth');
    throw error;
  }
});
