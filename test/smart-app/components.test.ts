import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/smart-stack.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = 'test-output/smart-app';
let browser: Browser;
let bundle: string;

const SUGGESTION = {
  id: 's0',
  code: 'J44.1',
  display: 'Chronic obstructive pulmonary disease with (acute) exacerbation',
  billable: true,
  needsSpecificity: false,
  confidence: 0.92,
  evidence: [{ text: 'acute exacerbation of COPD', start: 10, end: 36 }],
  rationale: 'documented',
  source: 'rules',
  excludes1Conflicts: [],
};
const TEXT = 'Findings: acute exacerbation of COPD with wheeze.';

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const result = await build({
    stdin: {
      contents: ['coding-panel', 'code-suggestion', 'code-search', 'evidence-text', 'triage-panel', 'patient-banner']
        .map((c) => `import './smart-app/src/components/${c}.ts';`)
        .join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'browser',
    define: { FHIRCLIENT_PURE: 'true' },
  });
  bundle = result.outputFiles[0]?.text ?? '';
  browser = await launchChromium();
});
after(() => browser?.close());

async function pageWith(html: string, width = 400): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.setContent(`<!doctype html><html lang="en"><body>${html}</body></html>`);
  await page.addScriptTag({ content: bundle, type: 'module' });
  return page;
}

test('evidence-text highlights exactly the evidence spans of the de-identified text', async () => {
  const page = await pageWith('<evidence-text></evidence-text>');
  await page.evaluate(({ text, spans }) => Object.assign(document.querySelector('evidence-text')!, { text, spans }), {
    text: TEXT,
    spans: SUGGESTION.evidence,
  });
  const marks = page.locator('evidence-text mark');
  assert.equal(await marks.count(), 1);
  assert.equal(await marks.first().textContent(), 'acute exacerbation of COPD');
  await page.close();
});

test('triage-panel shows the level as a word and colour, each reason with its evidence, what would change it and a disagreement', async () => {
  const page = await pageWith('<triage-panel></triage-panel>');
  await page.evaluate(() =>
    Object.assign(document.querySelector('triage-panel')!, {
      triage: {
        level: 'EMERGENT',
        floor: 'EMERGENT',
        rationale: 'EMERGENT: SpO2 below 92% (CTAS).',
        redFlags: [],
        discriminators: [
          {
            id: 'spo2-danger-alone',
            name: 'SpO2 below 92%',
            protocol: 'CTAS',
            source: 'CTAS 2016 (Bullard et al., CJEM 2017)',
            level: 'EMERGENT',
            evidence: [{ kind: 'fhir', ref: 'Observation/ox-1', text: 'spo2 86 %' }],
          },
          {
            id: 'breathlessness',
            name: 'shortness of breath',
            protocol: 'MTS',
            level: 'URGENT',
            evidence: [{ kind: 'text', text: 'short of breath', start: 0, end: 15 }],
          },
        ],
        wouldChange: undefined,
        disagreement: { modelLevel: 'URGENT', engineLevel: 'EMERGENT', outcome: 'raised-to-floor' },
      },
    }),
  );
  await page.getByRole('status', { name: 'Suggested triage level: Emergent' }).getByText('Emergent').waitFor();
  const reasons = page.getByRole('list', { name: 'Reasons' });
  assert.equal(await reasons.getByRole('listitem').count(), 2);
  await reasons.getByText('Observation/ox-1').waitFor();
  assert.equal(await reasons.locator('q').first().textContent(), 'short of breath');
  assert.equal(
    await reasons.locator('cite.source').first().textContent(),
    'Source: CTAS 2016 (Bullard et al., CJEM 2017)',
  );
  // A reason without a source (an older server) shows none.
  assert.equal(await reasons.locator('cite.source').count(), 1);
  await page
    .getByRole('note')
    .getByText(/The model suggested urgent/)
    .waitFor();
  await page.close();
});

test('triage-panel names the finding that would change the level', async () => {
  const page = await pageWith('<triage-panel></triage-panel>');
  await page.evaluate(() =>
    Object.assign(document.querySelector('triage-panel')!, {
      triage: {
        level: 'URGENT',
        floor: 'URGENT',
        rationale: 'URGENT: headache with vomiting (MTS).',
        redFlags: [],
        discriminators: [],
        wouldChange: { level: 'EMERGENT', discriminator: 'meningism', finding: 'neck stiffness (meningism)' },
      },
    }),
  );
  await page.getByText(/Would be\s+emergent\s+with\s+neck stiffness \(meningism\)/).waitFor();
  assert.equal(await page.getByRole('note').count(), 0);
  await page.close();
});

test('code-suggestion fires an accepted decision, and an edited one with the code picked in the inline search', async () => {
  const page = await pageWith('<code-suggestion></code-suggestion>', 800);
  await page.evaluate(
    ({ suggestion, text }) => {
      const el = document.querySelector('code-suggestion')!;
      Object.assign(el, { suggestion, text });
      const w = window as unknown as { decisions: unknown[] };
      w.decisions = [];
      el.addEventListener('decision', (e) => w.decisions.push((e as CustomEvent).detail));
    },
    { suggestion: SUGGESTION, text: TEXT },
  );
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Accept J44.1' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Edit J44.1' }).click();
  await page.evaluate(() => {
    const search = document.querySelector('code-suggestion')!.shadowRoot!.querySelector('code-search')!;
    search.search = () => Promise.resolve([{ code: 'J44.0', display: 'COPD with acute lower respiratory infection' }]);
  });
  await page.getByRole('searchbox', { name: 'Search ICD-10-CM codes' }).fill('copd infection');
  await page.getByRole('button', { name: 'Use J44.0 COPD with acute lower respiratory infection' }).click();
  const decisions = await page.evaluate(
    () => (window as unknown as { decisions: { outcome: string; code: string }[] }).decisions,
  );
  assert.deepEqual(
    decisions.map((d) => [d.outcome, d.code]),
    [
      ['accepted', 'J44.1'],
      ['edited', 'J44.0'],
    ],
  );
  await page.close();
});

test('coding-panel shows its empty state, and each decision state of a suggestion', async () => {
  const page = await pageWith('<coding-panel></coding-panel>', 800);
  await page.getByText(/No codes suggested/).waitFor();
  await page.evaluate((suggestion) => {
    Object.assign(document.querySelector('coding-panel')!, {
      codes: [suggestion, { ...suggestion, id: 's1', code: 'I10', display: 'Essential (primary) hypertension' }],
      decisions: new Map([
        ['s0', { status: 'accepted', code: 'J44.1', display: 'COPD', conditionId: 'c-1', edited: false }],
        ['s1', { status: 'error', message: 'HTTP 403' }],
      ]),
    });
  }, SUGGESTION);
  await page.getByText(/Added to the chart: J44\.1 COPD \(Condition\/c-1\)/).waitFor();
  await page.getByRole('alert').getByText('Could not save: HTTP 403').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept J44.1' }).count(), 0);
  await page.getByRole('button', { name: 'Accept I10' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/component-states.png`, fullPage: true });
  await page.close();
});

test('under 600 px each code is one line until opened, and says when it is already on the chart', async () => {
  const page = await pageWith('<coding-panel></coding-panel>', 400);
  await page.evaluate((suggestion) => {
    Object.assign(document.querySelector('coding-panel')!, {
      codes: [
        suggestion,
        { ...suggestion, id: 's1', code: 'I10', display: 'Essential (primary) hypertension', onChart: 'Condition/c-9' },
      ],
      text: 'Findings: acute exacerbation of COPD with wheeze.',
    });
  }, SUGGESTION);
  const row = page.getByRole('button', { name: /^J44\.1 Chronic obstructive pulmonary disease/ });
  const onChart = page.getByRole('button', {
    name: /^I10 Essential \(primary\) hypertension, .*already on the chart$/,
  });
  for (const r of [row, onChart]) {
    assert.equal(await r.getAttribute('aria-expanded'), 'false');
    const box = await r.boundingBox();
    const lineHeight = await r.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
    assert.ok(box && box.height < 2 * lineHeight + 16, `one line: ${box?.height}px`);
  }
  assert.equal(await page.getByRole('button', { name: 'Accept J44.1' }).count(), 0);
  assert.equal(await page.getByText('acute exacerbation of COPD', { exact: true }).first().isVisible(), false);
  await page.screenshot({ path: `${SHOTS}/codes-collapsed-400.png`, fullPage: true });

  await row.focus();
  await page.keyboard.press('Enter');
  assert.equal(await row.getAttribute('aria-expanded'), 'true');
  await page.getByRole('button', { name: 'Accept J44.1' }).waitFor();
  await page.getByText('acute exacerbation of COPD', { exact: true }).first().waitFor();
  await onChart.click();
  await page.getByText('Already on the chart (Condition/c-9)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Accept I10' }).count(), 0);
  await row.click();
  assert.equal(await page.getByRole('button', { name: 'Accept J44.1' }).count(), 0);
  await page.close();
});
