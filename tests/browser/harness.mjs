// Shared helpers for the browser tests: a throwaway Switchboard server on
// SQLite, and a headless Chromium driven by playwright-core.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

/** The repository root (this file lives in tests/browser/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where screenshotOnFailure() and the tests write PNGs. */
export const screenshotDir = path.join(repoRoot, 'target', 'browser-screenshots');

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function serverBinary() {
  const bin = process.env.SWITCHBOARD_BIN || path.join('target', 'debug', 'switchboard');
  return path.resolve(repoRoot, bin);
}

/** The environment for the server, without SWITCHBOARD_* settings that could change its behaviour. */
function serverEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('SWITCHBOARD_') && key !== 'SWITCHBOARD_LOG') delete env[key];
  }
  return env;
}

function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function isHealthy(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `switchboard serve` on a free port with a fresh SQLite database in a
 * temp dir, and waits until GET /healthz answers 200. With `demo`, the server loads
 * the demo company (one user per template role, `switchboard demo`).
 *
 * @returns {Promise<{ baseUrl: string, databaseUrl: string, bin: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startServer({ demo = false } = {}) {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-browser-'));
  const logFile = path.join(dir, 'server.log');
  const baseUrl = `http://127.0.0.1:${port}`;
  const bin = serverBinary();
  const databaseUrl = `sqlite://${path.join(dir, 'sb.db')}`;
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--database', databaseUrl];
  if (demo) args.push('--demo');

  const logFd = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(bin, args, { cwd: dir, env: serverEnv(), stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  let spawnError = null;
  child.on('error', (error) => {
    spawnError = error;
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null && !spawnError) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let failure = null;
  for (;;) {
    if (spawnError) {
      failure = `cannot start ${bin}: ${spawnError.message}`;
      break;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      failure = `${bin} exited early (code ${child.exitCode}, signal ${child.signalCode})`;
      break;
    }
    if (await isHealthy(`${baseUrl}/healthz`)) break;
    if (Date.now() > deadline) {
      failure = `${baseUrl}/healthz did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s`;
      break;
    }
    await sleep(200);
  }

  if (failure) {
    const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
    console.error(`--- switchboard server log (${logFile}) ---\n${log}--- end of server log ---`);
    await stop();
    throw new Error(`${failure} (args: ${args.join(' ')})`);
  }
  return { baseUrl, databaseUrl, bin, logFile, stop };
}

/**
 * Launches headless Chromium with a fresh profile in a temp dir.
 * Returns the persistent BrowserContext; closing it ends the browser and
 * removes the profile.
 *
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchBrowser() {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // Remove the profile once the browser is gone: after close() (awaited, so
  // it's gone before the test process exits) or if the browser dies.
  const removeProfile = () => rm(userDataDir, { recursive: true, force: true });
  const close = context.close.bind(context);
  context.close = async (...args) => {
    try {
      await close(...args);
    } finally {
      await removeProfile();
    }
  };
  context.once('close', () => {
    removeProfile().catch(() => {});
  });
  return context;
}

/** Saves a full-page PNG to target/browser-screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Saves a screenshot of PAGE as NAME when a test fails. Never throws, so it
 * can't hide the original failure. Use it in a catch block before rethrowing,
 * or in afterEach when the test failed.
 */
export async function screenshotOnFailure(page, name) {
  if (!page || page.isClosed()) return null;
  try {
    const file = await screenshot(page, `FAILED-${name}`);
    console.error(`screenshot of the failure: ${file} (page: ${page.url()})`);
    return file;
  } catch (error) {
    console.error(`cannot take a failure screenshot: ${error.message}`);
    return null;
  }
}

/** The context's page, with the timeouts and window size every test uses. */
export async function newPage(context) {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(15_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

/** Waits until the page is at `test`: a path, or a pattern the path matches. */
export function pathIs(page, test) {
  return page.waitForURL((url) => (typeof test === 'string' ? url.pathname === test : test.test(url.pathname)));
}

/** Calls the JSON API from the page, with its session cookie and a JSON body. */
export async function api(page, method, path, body) {
  const answer = await page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    },
    { method, path, body },
  );
  assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body);
}

/** The JSON API of `server` with a bearer token (or none), from outside any browser:
 * the answer's JSON; an answer other than 2xx fails the test. */
export async function callApi(server, token, method, path, body) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
