import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTriage } from '../../../server/suggest/triage/assess-triage.ts';
import { CONCEPT_BY_ID } from '../../../server/suggest/triage/concepts.ts';
import { extractFindings } from '../../../server/suggest/triage/findings.ts';
import { LAY_CLAUSES } from '../../../server/suggest/triage/lay-clauses.ts';
import { LAY_CONCEPT_CASES, LAY_DISCRIMINATOR_CASES } from './lay-cases.ts';

const fired = (text: string): string[] => assessTriage({ text }).discriminators.map((d) => d.id);
const present = (text: string): string[] => [...extractFindings({ text }).present.keys()];

for (const [id, positive, nearMiss] of LAY_DISCRIMINATOR_CASES) {
  test(`lay words: ${id} fires on a lay description, not on its near miss`, () => {
    assert.ok(fired(positive).includes(id), `${id} should fire on: ${positive} (fired ${fired(positive).join(', ')})`);
    assert.ok(
      !fired(nearMiss).includes(id),
      `${id} must not fire on: ${nearMiss} (fired ${fired(nearMiss).join(', ')})`,
    );
  });
}

for (const [concept, positive, nearMiss] of LAY_CONCEPT_CASES) {
  test(`lay words: ${concept} is read in either word order, not from its near miss`, () => {
    assert.ok(present(positive).includes(concept), `${concept} should be read from: ${positive}`);
    assert.ok(!present(nearMiss).includes(concept), `${concept} must not be read from: ${nearMiss}`);
  });
}

test('a lay clause needs both its parts in one sentence', () => {
  assert.ok(present('Her face is drooping.').includes('focal-deficit'));
  assert.ok(!present('Her face is red. Her dress keeps drooping.').includes('focal-deficit'));
});

test('a negated lay description is not a finding; an absence row keeps its own "not"', () => {
  assert.ok(!present("Her face isn't drooping and her speech is not slurred.").includes('focal-deficit'));
  assert.ok(present("He hasn't passed any wind today.").includes('obstruction-signs'));
});

test('the evidence of a lay finding is the verbatim span from its first part to its last', () => {
  const text = 'This morning her words came out jumbled.';
  const finding = extractFindings({ text }).present.get('focal-deficit');
  const ev = finding?.evidence[0];
  assert.ok(ev && ev.kind === 'text');
  assert.equal(ev.text, text.slice(ev.start, ev.end));
  assert.match(ev.text, /^words.*jumbled$/);
});

test('every lay row names its source and a concept that has a label', () => {
  for (const row of LAY_CLAUSES) {
    assert.ok(row.source.length > 10, `${row.concept}: source`);
    assert.ok(CONCEPT_BY_ID.has(row.concept) || row.label, `${row.concept}: a known concept or its own label`);
    for (const part of row.parts) assert.doesNotThrow(() => new RegExp(part, 'gi'));
  }
});
