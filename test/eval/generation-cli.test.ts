import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { tempDir } from '../inference/tiny-model.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

function chartside(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CHARTSIDE_BACKEND: 'rules' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

test('eval note: the rules backend cannot generate and says so in one line; --predictions are scored', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'note.eval.jsonl');
  await writeFile(
    cases,
    jsonl([
      {
        instruction: 'Write the note.',
        input: 'Cough 3 days. Amoxicillin 500 MG.',
        output: 'Subjective: cough.\nPlan: amoxicillin 500 mg.',
      },
      { id: 'k', instruction: 'Write the note.', input: 'Knee pain.', output: 'Subjective: knee pain.\nPlan: rest.' },
    ]),
  );
  const refused = await chartside(['eval', 'note', '--cases', cases, '--backend', 'rules', '--json']);
  assert.equal(refused.code, 2);
  assert.equal(
    refused.stderr,
    'chartside: the rules backend cannot generate text for note; use --backend llama --model FILE, or --predictions FILE\n',
  );

  const predictions = join(dir, 'pred.jsonl');
  await writeFile(
    predictions,
    jsonl([
      { id: '#1', output: 'Subjective: cough.\nPlan: amoxicillin 875 mg.' },
      { id: 'k', output: 'Subjective: knee pain.\nPlan: rest.' },
    ]),
  );
  const html = join(dir, 'note.html');
  const scored = await chartside([
    'eval',
    'note',
    '--cases',
    cases,
    '--predictions',
    predictions,
    '--html',
    html,
    '--json',
  ]);
  assert.equal(scored.code, 0, scored.stderr);
  const metrics = JSON.parse(scored.stdout) as Record<string, number>;
  assert.equal(metrics.n, 2);
  assert.equal(metrics.hallucinatedDoses, 1);
  assert.equal(metrics.sectionCompleteness, 1);
  assert.match(await readFile(html, 'utf8'), /data-plot="bleu-distribution"/);

  await writeFile(predictions, jsonl([{ id: 'k', output: 'x' }]));
  const missing = await chartside(['eval', 'note', '--cases', cases, '--predictions', predictions]);
  assert.equal(missing.stderr, 'chartside: the predictions file has no output for 1 of 2 cases\n');

  await writeFile(cases, '{"instruction":"x","input":"y","output":"z"}\n{"input": 3}\n');
  const bad = await chartside(['eval', 'discharge', '--cases', cases, '--predictions', predictions]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^chartside: cases line 2: /);
});
