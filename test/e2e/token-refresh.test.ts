import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ehrLaunchUrl, launchChromium, startSmartStack, type SmartStack } from '../helpers/smart-stack.ts';

// Oracle-Health-like short tokens: 65 s. The page's clock is Playwright's, so no test waits in real time.
let stack: SmartStack;
let browser: Browser;

/** Moves the page's clock a second at a time, letting each renewal's real request complete in between. */
async function runSeconds(page: Page, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await page.clock.runFor(1000);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

before(async () => {
  [stack, browser] = await Promise.all([startSmartStack({}, { accessTokenLifetimeS: 65 }), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await stack?.close();
});

test('with 65-second tokens the app renews about once per 49 s, not every 5 s', async () => {
  const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
  await page.clock.install();
  await page.goto(await ehrLaunchUrl(stack.simulator, 'demo-avery', { encounter: 'demo-enc-avery' }));
  await page.getByRole('button', { name: /^J44\.1 / }).waitFor();
  const start = stack.simulator.grants.refreshCount;
  await runSeconds(page, 75);
  assert.equal(stack.simulator.grants.refreshCount - start, 1, 'one token request in 75 s');
  await page.close();
});

test('when a background renewal fails, the suggestions stay on screen with a notice', async () => {
  const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
  await page.clock.install();
  await page.goto(await ehrLaunchUrl(stack.simulator, 'demo-avery', { encounter: 'demo-enc-avery' }));
  await page.getByRole('button', { name: /^J44\.1 / }).waitFor();
  stack.simulator.grants.revokeRefreshTokens();
  await runSeconds(page, 50);
  await page.getByText('Chartside could not renew the EHR session.').waitFor();
  assert.equal(await page.getByRole('button', { name: /^J44\.1 / }).isVisible(), true);
  await runSeconds(page, 20);
  await page.getByText('The EHR session has ended.').waitFor();
  assert.equal(await page.getByText('J44.1').first().isVisible(), true, 'the suggestions are still shown');
  await page.close();
});
