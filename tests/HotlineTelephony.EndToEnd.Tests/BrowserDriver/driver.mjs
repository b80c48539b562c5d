// A small remote control for headless Chromium, so xunit tests (Harness/BrowserSession.cs) can drive pages without a
// .NET Playwright package. One JSON request per line on stdin: {id, op, page?, ...}; one JSON answer per line on
// stdout: {id, ok, value} or {id, ok: false, error}. Page console messages and errors go to stderr for the test log.
// Each page gets its own browser context, so each holds its own sign-in cookie.
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // --no-sandbox: the tests run as root in CI, where Chromium refuses its sandbox.
  // The rest keep Chromium off the network: this machine's closed network refuses its background connections.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const pages = new Map();

function requirePage(name) {
  const page = pages.get(name);
  if (!page) throw new Error(`no page named '${name}'`);
  return page;
}

const operations = {
  async newPage({ page: name, width = 1280, height = 800 }) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: process.env.TZ || 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('console', (message) => console.error(`[${name}] console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
    pages.set(name, page);
    return true;
  },
  async goto({ page, url }) {
    await requirePage(page).goto(url, { waitUntil: 'domcontentloaded' });
    return requirePage(page).url();
  },
  async url({ page }) {
    return requirePage(page).url();
  },
  async fill({ page, selector, value }) {
    await requirePage(page).fill(selector, value);
    return true;
  },
  async select({ page, selector, value }) {
    return requirePage(page).selectOption(selector, value);
  },
  async click({ page, selector }) {
    await requirePage(page).click(selector);
    return true;
  },
  // Never waits: null when the element is not there, so the caller's own loop decides how long to wait.
  async text({ page, selector }) {
    return requirePage(page).evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  },
  async texts({ page, selector }) {
    return requirePage(page).evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent), selector);
  },
  async attribute({ page, selector, name }) {
    return requirePage(page).evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [selector, name]);
  },
  async inputValue({ page, selector }) {
    return requirePage(page).inputValue(selector);
  },
  // A JavaScript expression evaluated in the page; its value must be JSON.
  async evaluate({ page, expression }) {
    return requirePage(page).evaluate(expression);
  },
  async visible({ page, selector }) {
    return requirePage(page).isVisible(selector);
  },
  async screenshot({ page, path, fullPage = false }) {
    await requirePage(page).screenshot({ path, fullPage });
    return path;
  },
  async screenshotAll({ directory }) {
    const written = [];
    for (const [name, page] of pages) {
      const path = `${directory}/${name}.png`;
      try {
        await page.screenshot({ path, fullPage: true, timeout: 10000 });
        written.push(path);
      } catch (error) {
        console.error(`[${name}] screenshot failed: ${error.message}`);
      }
    }

    return written;
  },
  async close() {
    await browser.close();
    setTimeout(() => process.exit(0), 10);
    return true;
  },
};

const input = createInterface({ input: process.stdin });
// Requests run one at a time, in order: the test waits for each answer anyway, and a batch piped in must not race.
let queue = Promise.resolve();
input.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(() => handle(line));
});

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    console.error(`bad request line: ${line}`);
    return;
  }

  const operation = operations[request.op];
  try {
    if (!operation) throw new Error(`unknown op '${request.op}'`);
    const value = await operation(request);
    process.stdout.write(`${JSON.stringify({ id: request.id, ok: true, value: value ?? null })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ id: request.id, ok: false, error: String(error?.message ?? error) })}\n`);
  }
}

// The test process went away: finish what was asked, then leave no Chromium behind.
input.on('close', async () => {
  await queue;
  await browser.close().catch(() => {});
  process.exit(0);
});

process.stdout.write(`${JSON.stringify({ ready: true, version: browser.version() })}\n`);
