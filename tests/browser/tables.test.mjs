// Nothing is clipped: every page an Admin and an operator can reach, at 1366×900 and
// at 390×844, shows all of its content or lets the reader scroll to it. Wide tables
// scroll inside their card with the first column kept in view.
//
// The pages come from the menu of each user and, one level down, from the links on
// those pages (one page of each shape: /users/{id}, /reports/{name}, …), so a new
// page or report is visited without anyone adding it here.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';

import { api, launchBrowser, newPage, pathIs, screenshotOnFailure, startServer } from './harness.mjs';

const PASSWORD = 'correct-horse-battery-9';
const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

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

/** A path's shape: the segments that look like ids become `:id`. */
function shape(path) {
  return path
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-?[0-9a-f]{4}|^[0-9a-f]{20,}$/i.test(segment) ? ':id' : segment))
    .join('/');
}

/** Same-origin page links of the current page (no API, assets, downloads or sign-out). */
function pageLinks(selector) {
  return page.evaluate((selector) => {
    const links = [];
    for (const a of document.querySelectorAll(selector)) {
      if (a.hasAttribute('download')) continue;
      const url = new URL(a.getAttribute('href'), location.href);
      if (url.origin !== location.origin) continue;
      if (/^\/(api|static)\b|^\/logout\b/.test(url.pathname)) continue;
      links.push(url.pathname + url.search);
    }
    return links;
  }, selector);
}

/** Every page the signed-in user reaches from the menu, and one of each shape below it. */
async function reachablePages() {
  await page.goto(`${server.baseUrl}/`);
  const menu = [...new Set(await pageLinks('#menu a[href]'))];
  assert.ok(menu.length > 0, 'the menu has links');
  const seen = new Set(menu.map((href) => shape(href.split('?')[0])));
  const pages = [...menu];
  for (const href of menu) {
    await page.goto(`${server.baseUrl}${href}`);
    for (const link of await pageLinks('main a[href]')) {
      const key = shape(link.split('?')[0]);
      if (seen.has(key)) continue;
      seen.add(key);
      pages.push(link);
    }
  }
  return pages;
}

/**
 * What the current page clips: elements whose overflow is hidden or clipped while
 * their content is wider than they are (content nobody can scroll to), a page wider
 * than the window, and scrolling tables whose first column does not stay in view.
 */
function clipped() {
  return page.evaluate(() => {
    const describe = (el) => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const table = el.querySelector?.('table[id]');
      return `<${el.tagName.toLowerCase()}${id}${classes}>${table ? ` holding table#${table.id}` : ''}`;
    };
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
      problems.push(`the page is ${root.scrollWidth} px wide in a ${window.innerWidth} px window`);
    }
    for (const el of document.querySelectorAll('body, body *')) {
      if (el.closest('[hidden]')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none') continue;
      // Text for screen readers only (1 px, clipped on purpose).
      if (el.clientWidth <= 1 && el.clientHeight <= 1) continue;
      // A field's text longer than the field scrolls with the caret.
      if (el.matches('input, textarea, select')) continue;
      if (style.overflowX !== 'hidden' && style.overflowX !== 'clip') continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)} clips ${el.scrollWidth - el.clientWidth} px of ${el.scrollWidth} px`);
      }
    }
    for (const table of document.querySelectorAll('table')) {
      if (table.closest('[hidden]')) continue;
      let box = table.parentElement;
      while (box && box !== document.body && box.scrollWidth <= box.clientWidth + 1) box = box.parentElement;
      if (!box || box === document.body) continue;
      const first = table.querySelector('tr > :first-child');
      if (first && getComputedStyle(first).position !== 'sticky') {
        problems.push(`table${table.id ? `#${table.id}` : ''} scrolls sideways but its first column does not stay in view`);
      }
    }
    return problems;
  });
}

async function checkPages(t, who, pages) {
  const problems = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    for (const href of pages) {
      const response = await page.goto(`${server.baseUrl}${href}`);
      assert.ok(response.status() < 500, `${href} answers ${response.status()}`);
      for (const problem of await clipped()) {
        problems.push(`${who} at ${size.width} px, ${href}: ${problem}`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  t.diagnostic(`${who}: ${pages.length} pages at ${WIDTHS.length} widths`);
  assert.deepEqual(problems, [], `nothing is clipped:\n${problems.join('\n')}`);
}

test('no page clips a table or anything else, for an Admin and an operator, at 1366 and 390 px', { timeout: 300_000 }, async (t) => {
  const suffix = randomBytes(6).toString('hex');
  const operatorEmail = `olivia+${suffix}@example.com`;
  try {
    t.diagnostic('signing up a company');
    await page.goto(`${server.baseUrl}/signup`);
    await page.fill('input[name="company"]', 'Wide Tables Collections Ltd');
    await page.fill('input[name="name"]', 'Ada Lovelace-Byron');
    await page.fill('input[name="email"]', `ada+${suffix}@example.com`);
    await page.fill('input[name="password"]', PASSWORD);
    await page.locator('form[action="/signup"] button[type="submit"]').click();
    await pathIs(page, '/');

    t.diagnostic('a group, an operator in it, a queue, a campaign, cases, attempts and calls');
    const group = await api(page, 'POST', '/groups', { name: 'Collections floor North' });
    const roles = await api(page, 'GET', '/roles');
    const agentRole = roles.items.find((role) => role.name === 'Agent');
    const operator = await api(page, 'POST', '/users', {
      name: 'Olivia Operator-Longname',
      email: operatorEmail,
      role_id: agentRole.id,
      group_ids: [group.id],
    });
    // Outside the page, so the browser keeps the Admin's session.
    const accepted = await fetch(`${server.baseUrl}/api/v1/auth/accept-invite`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: operator.invite_token, password: PASSWORD }),
    });
    assert.ok(accepted.ok, `accepting the invitation: ${accepted.status}`);
    const queue = await api(page, 'POST', '/queues', { name: 'Inbound customer service line', service_level_seconds: 20 });
    const campaign = await api(page, 'POST', '/dialer-campaigns', { name: 'Spring renewals campaign', queue_id: queue.id });
    const now = Date.now();
    const at = (secondsAgo) => new Date(now - secondsAgo * 1000).toISOString();
    for (let n = 0; n < 12; n += 1) {
      const kase = await api(page, 'POST', '/cases', {
        campaign_id: campaign.id,
        customer: { name: `Bartholomew Featherstonehaugh-Cholmondeley ${n}`, phones: ['+44 20 7946 0958'], email: `customer${n}@example.com` },
        area: 'North-western collections area',
        amount: 12345.67 + n,
        due_date: '2024-01-15',
        status: n % 3 === 0 ? 'delinquent' : 'active',
        assignee_id: operator.id,
      });
      await api(page, 'POST', `/cases/${kase.id}/attempts`, { channel: 'call', result: n % 2 ? 'contacted' : 'no_answer' });
      await api(page, 'POST', '/interactions', {
        channel: 'call',
        direction: n % 2 ? 'inbound' : 'outbound',
        from: '+44 20 7946 0958',
        to: '+44 161 496 0000',
        queue_id: queue.id,
        campaign_id: campaign.id,
        agent_id: operator.id,
        case_id: kase.id,
        started_at: at(3600 + n * 60),
        answered_at: at(3590 + n * 60),
        ended_at: at(3400 + n * 60),
        disposition: 'promise_to_pay',
      });
    }

    t.diagnostic('the Admin: every reachable page');
    await checkPages(t, 'Admin', await reachablePages());

    t.diagnostic('the operator: every reachable page');
    const signedOut = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return response.status;
    });
    assert.ok(signedOut < 300, `signing out: ${signedOut}`);
    await page.goto(`${server.baseUrl}/login`);
    await page.fill('#email', operatorEmail);
    await page.fill('#password', PASSWORD);
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await pathIs(page, '/');
    const pages = await reachablePages();
    assert.ok(pages.includes('/my-cases'), 'the operator reaches their cases');
    await checkPages(t, 'operator', pages);
  } catch (error) {
    await screenshotOnFailure(page, 'tables');
    throw error;
  }
});
