import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

test('eval triage --per-case writes gold, prediction, fired discriminators and verbatim evidence per case', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chartside-triage-'));
  const cases = join(dir, 'cases.jsonl');
  const texts = [
    'Sudden severe headache and neck stiffness since an hour ago.',
    'Runny nose and sneezing for two days, otherwise well.',
  ];
  writeFileSync(
    cases,
    [
      JSON.stringify({ id: 'a', text: texts[0], level: 'EMERGENT' }),
      JSON.stringify({ id: 'b', text: texts[1], urgency3: 'sc' }),
    ].join('\n'),
  );
  const perCase = join(dir, 'per-case.jsonl');
  const r = spawnSync(process.execPath, [BIN, 'eval', 'triage', '--cases', cases, '--json', '--per-case', perCase], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const metrics = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(metrics.n, 2);
  assert.equal(metrics.accuracy, 1);
  assert.equal(statSync(perCase).mode & 0o777, 0o600);
  const lines = readFileSync(perCase, 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          id: string;
          gold: string;
          predicted: string;
          discriminators: {
            id: string;
            source: string;
            evidence: { kind: string; text: string; start: number; end: number }[];
          }[];
        },
    );
  assert.deepEqual(
    lines.map((l) => [l.id, l.gold, l.predicted]),
    [
      ['a', 'EMERGENT', 'EMERGENT'],
      ['b', 'sc', 'sc'],
    ],
  );
  assert.ok(lines[0]?.discriminators.some((d) => d.id === 'meningism'));
  // Each fired row names the protocol document it comes from.
  assert.match(lines[0]?.discriminators.find((d) => d.id === 'meningism')?.source ?? '', /Manchester Triage System/);
  for (const line of lines) for (const d of line.discriminators) assert.ok(d.source.length > 0, `${d.id} source`);
  for (const [i, line] of lines.entries())
    for (const d of line.discriminators)
      for (const e of d.evidence) assert.equal(texts[i]?.slice(e.start, e.end), e.text, `${d.id} evidence`);
});
