import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Condition } from 'fhir/r4.d.ts';
import { ehrLaunchUrl, launchChromium, startSmartStack, type SmartStack } from '../helpers/smart-stack.ts';

const SHOTS = 'test-output/smart-app';
let stack: SmartStack;
let browser: Browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startSmartStack(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await stack?.close();
});

async function conditionsOf(patient: string): Promise<Condition[]> {
  return stack.simulator.store.search<Condition>(`Condition?patient=Patient/${patient}&category=encounter-diagnosis`);
}

/** Later tests accept the same code on the same encounter: each starts from the chart as it was. */
async function removeAccepted(patient: string, code: string): Promise<void> {
  for (const c of await conditionsOf(patient))
    if (c.id && c.code?.coding?.some((x) => x.code === code))
      await stack.simulator.store.handle('DELETE', `/Condition/${c.id}`);
}

/** Under 600 px a code is one line: opens J44.1's row (a no-op when wide, where there is none). */
async function openCode(page: Pick<Page, 'getByRole'>, code: string): Promise<void> {
  const row = page.getByRole('button', { name: new RegExp(`^${code.replace('.', '\\.')} `) });
  if ((await row.count()) > 0 && (await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

test("in the EHR's 400 px sidebar frame triage leads with its evidence, codes are one line until opened, and Accept writes the Condition", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(stack.simulator.launcherUrl);
  await page.getByRole('button', { name: 'Launch Chartside for Avery Demoperson' }).click();
  const frame = page.frameLocator('#chartside');
  await frame.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).waitFor();
  const sidebar = await page.locator('#chartside').boundingBox();
  assert.ok(sidebar && sidebar.width <= 401, `the sidebar frame is 400 px wide (${sidebar?.width})`);
  const fold = sidebar.y + sidebar.height;

  // Triage first: its level above the fold, a reason with its evidence on screen.
  const level = await frame.getByRole('status', { name: /Suggested triage level/ }).boundingBox();
  const heading = await frame.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).boundingBox();
  assert.ok(level && heading && level.y + level.height <= fold, 'the level is above the fold');
  assert.ok(level.y < heading.y, 'triage comes before the codes');
  const reason = frame.getByRole('list', { name: 'Reasons' }).getByRole('listitem').first();
  await reason.waitFor();
  const reasonBox = await reason.boundingBox();
  assert.ok(reasonBox && reasonBox.y + reasonBox.height <= fold, 'a reason is on screen');
  assert.ok((await reason.locator('q, cite').count()) > 0, 'the reason shows its evidence');

  // Codes: one line each, nothing to act on until opened.
  const row = frame.getByRole('button', { name: /^J44\.1 / });
  assert.equal(await row.getAttribute('aria-expanded'), 'false');
  const rowBox = await row.boundingBox();
  assert.ok(rowBox && rowBox.height <= 48, `a code row is one line (${rowBox?.height}px)`);
  assert.equal(await frame.getByRole('button', { name: 'Accept J44.1' }).count(), 0);
  await page.screenshot({ path: `${SHOTS}/ehr-launch-sidebar.png` });
  await row.click();
  assert.equal(await row.getAttribute('aria-expanded'), 'true');

  const before = (await conditionsOf('demo-avery')).length;
  await frame.getByRole('button', { name: 'Accept J44.1' }).click();
  await frame.getByText(/Added to the chart: J44\.1/).waitFor();
  await page.screenshot({ path: `${SHOTS}/accepted-code.png` });
  const conditions = await conditionsOf('demo-avery');
  assert.equal(conditions.length, before + 1);
  const created = conditions.find((c) => c.code?.coding?.[0]?.code === 'J44.1');
  assert.equal(created?.code?.coding?.[0]?.system, 'http://hl7.org/fhir/sid/icd-10-cm');
  assert.equal(created?.encounter?.reference, 'Encounter/demo-enc-avery');
  assert.equal(created?.recorder?.reference, 'Practitioner/sim-practitioner');
  assert.equal(stack.feedback.records.at(-1)?.outcome, 'accepted');
  assert.equal(stack.feedback.records.at(-1)?.service, 'chartside-smart-app');
  await page.close();
  await removeAccepted('demo-avery', 'J44.1');
});

test('at 400 px triage leads with its evidence on screen; a second Accept of a code writes nothing and says so', async () => {
  const open = async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 700 } });
    await page.goto(await ehrLaunchUrl(stack.simulator, 'demo-jordan', { encounter: 'demo-enc-jordan' }));
    await page.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).waitFor();
    return page;
  };
  const [first, second] = [await open(), await open()];
  const level = await first.getByRole('status', { name: /Suggested triage level/ }).boundingBox();
  const codes = await first.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).boundingBox();
  assert.ok(level && codes && level.y + level.height <= 700, 'the level is above the fold');
  assert.ok(level.y < codes.y, 'triage comes before the codes');
  const reason = first.getByRole('list', { name: 'Reasons' }).locator('li').first();
  if ((await first.getByRole('list', { name: 'Reasons' }).count()) > 0) {
    const box = await reason.boundingBox();
    assert.ok(box && box.y + box.height <= 700, 'a reason and its evidence are on screen');
  } else {
    await first.getByText(/No discriminator fired/).waitFor();
  }
  await first.screenshot({ path: `${SHOTS}/sidebar-400-triage-first.png` });

  const firstRow = first.getByRole('button', { expanded: false }).first();
  await firstRow.click();
  const accept = first.getByRole('button', { name: /^Accept / }).first();
  const label = (await accept.getAttribute('aria-label')) ?? '';
  const code = label.replace('Accept ', '');
  const count = async () =>
    (await conditionsOf('demo-jordan')).filter((c) => c.code?.coding?.some((x) => x.code === code)).length;
  const before = await count();
  await accept.click();
  await first.getByText(new RegExp(`Added to the chart: ${code.replace('.', '\\.')}`)).waitFor();
  assert.equal(await count(), before + 1);
  const created = (await conditionsOf('demo-jordan')).find((c) => c.code?.coding?.some((x) => x.code === code));
  assert.deepEqual(created?.meta?.tag?.[0]?.code, 'chartside');

  // The second page read the chart before the write: its Accept finds the Condition and writes nothing.
  await openCode(second, code);
  await second.getByRole('button', { name: label }).click();
  await second.getByText(/Already on the chart: .*Nothing was written/).waitFor();
  assert.equal(await count(), before + 1);
  // Refreshed, the code shows as already on the chart, with nothing to accept.
  await first.getByRole('button', { name: 'Refresh suggestions' }).click();
  await first
    .getByRole('button', { name: new RegExp(`^${code.replace('.', '\\.')} .*already on the chart$`) })
    .waitFor();
  assert.equal(await first.getByRole('button', { name: label }).count(), 0);
  await Promise.all([first.close(), second.close()]);
  await removeAccepted('demo-jordan', code);
});

test('a standalone launch picks the patient at the EHR and shows the patient banner from FHIR', async () => {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  await page.goto(`${stack.chartsideUrl}/smart/launch?iss=${encodeURIComponent(stack.simulator.fhirBase)}`);
  await page.getByRole('button', { name: 'Choose Jordan Sampleton' }).click();
  await page.getByRole('banner', { name: 'Patient' }).getByText('Jordan Sampleton').waitFor();
  await page.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).waitFor();
  await page.screenshot({ path: `${SHOTS}/standalone-launch-full-width.png`, fullPage: true });
  await page.close();
});

test('an expired access token is refreshed with online_access, for Chartside and for writes to the EHR', async () => {
  const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
  await page.goto(await ehrLaunchUrl(stack.simulator, 'demo-avery', { encounter: 'demo-enc-avery' }));
  await page.getByRole('button', { name: /^J44\.1 / }).waitFor();
  await openCode(page, 'J44.1');
  await page.getByRole('button', { name: 'Accept J44.1' }).waitFor();
  const refreshes = stack.simulator.grants.refreshCount;
  stack.simulator.grants.expireAccessTokens();
  await page.getByRole('button', { name: 'Refresh suggestions' }).click();
  await page.getByRole('button', { name: /^J44\.1 / }).waitFor();
  await openCode(page, 'J44.1');
  await page.getByRole('button', { name: 'Accept J44.1' }).waitFor();
  assert.equal(stack.simulator.grants.refreshCount, refreshes + 1);
  stack.simulator.grants.expireAccessTokens();
  await page.getByRole('button', { name: 'Accept J44.1' }).click();
  await page.getByText(/Added to the chart: J44\.1/).waitFor();
  assert.equal(stack.simulator.grants.refreshCount, refreshes + 2);
  await page.close();
  await removeAccepted('demo-avery', 'J44.1');
});

test('a callback with a state Chartside did not issue is refused with a relaunch message', async () => {
  const launch = await fetch(await ehrLaunchUrl(stack.simulator, 'demo-avery'), { redirect: 'manual' });
  const authorize = await fetch(launch.headers.get('location') ?? '', { redirect: 'manual' });
  const callback = new URL(authorize.headers.get('location') ?? '');
  assert.ok(callback.searchParams.get('code'));
  callback.searchParams.set('state', 'forged-state-value-0123456789');
  const page = await browser.newPage({ viewport: { width: 380, height: 700 } });
  const response = await page.goto(callback.toString());
  assert.equal(response?.status(), 400);
  await page.getByRole('alert').getByText('This sign-in could not be verified').waitFor();
  await page.getByText(/Open Chartside again from the patient/).waitFor();
  await page.screenshot({ path: `${SHOTS}/wrong-state.png` });
  await page.close();
});

test('the sidebar at 380 px wide shows codes and triage without horizontal scrolling', async () => {
  const page = await browser.newPage({ viewport: { width: 380, height: 1000 } });
  await page.goto(await ehrLaunchUrl(stack.simulator, 'demo-avery', { banner: true, style: true }));
  await page.getByRole('button', { name: /^J44\.1 / }).waitFor();
  await openCode(page, 'J44.1');
  await page.getByRole('button', { name: 'Accept J44.1' }).waitFor();
  await page.getByRole('banner', { name: 'Patient' }).getByText('Avery Demoperson').waitFor();
  await page.getByRole('button', { name: 'Show evidence in chart' }).first().click();
  await page.getByRole('region', { name: 'Chart text with evidence highlighted' }).first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const wide = await page.evaluate<string>(`(() => {
    const out = [];
    const stack = [document];
    while (stack.length) {
      const root = stack.pop();
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > 381) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
        if (el.shadowRoot) stack.push(el.shadowRoot);
      }
    }
    return out.slice(0, 8).join('; ');
  })()`);
  assert.ok(width <= 380, `scrollWidth ${width}: ${wide}`);
  await page.screenshot({ path: `${SHOTS}/sidebar-380.png`, fullPage: true });
  await page.close();
});

test('parts of the chart the EHR does not grant are named in the app, and suggestions come from the rest', async () => {
  // An EHR registration that grants no medication or allergy scope: the EHR refuses those reads (403).
  const narrow = await startSmartStack(
    {},
    {
      scopes:
        'launch openid fhirUser online_access patient/Patient.rs patient/Encounter.rs patient/Condition.rs ' +
        'patient/Condition.c patient/Observation.rs patient/DocumentReference.rs patient/Procedure.rs ' +
        'patient/DiagnosticReport.rs',
    },
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(narrow.simulator.launcherUrl);
    await page.getByRole('button', { name: 'Launch Chartside for Avery Demoperson' }).click();
    const frame = page.frameLocator('#chartside');
    await frame.getByRole('heading', { name: /Suggested ICD-10-CM codes/ }).waitFor();
    const notice = frame.getByRole('status').filter({ hasText: 'Not read from the EHR' });
    await notice.waitFor();
    const said = (await notice.textContent()) ?? '';
    assert.match(said, /active medications \(the EHR did not grant access\)/);
    assert.match(said, /allergies \(the EHR did not grant access\)/);
    assert.doesNotMatch(said, /laboratory/);
    await openCode(frame, 'J44.1');
    await frame.getByRole('button', { name: 'Accept J44.1' }).waitFor();
    const logs = narrow.logs.join('\n');
    assert.match(logs, /medications:forbidden/);
    assert.ok(!logs.includes('Demoperson'));
    await page.close();
  } finally {
    await narrow.close();
  }
});
