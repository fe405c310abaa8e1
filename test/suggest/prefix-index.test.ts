import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { leadingPrefixes, PrefixIndex } from '../../server/suggest/clinical-text/prefix-index.ts';
import { CONCEPTS } from '../../server/suggest/triage/concepts.ts';

test('a pattern needs the first letters of its branches at a word start; an unbounded branch is always run', () => {
  assert.deepEqual(leadingPrefixes(/\bchest pain|\b(?:left|rt\.?) arm|\bha?emoptysis/gi), ['che', 'lef', 'rt', 'h']);
  assert.equal(leadingPrefixes(/\bchest pain|period cramps/gi), undefined);
  assert.equal(leadingPrefixes(/\b(?:acute )?stroke/gi), undefined);
  assert.equal(leadingPrefixes(/\b[a-z]+ pain/gi), undefined);
  assert.deepEqual(leadingPrefixes(/(?<!\bhay )\bfevers?\b/gi), ['fev']);
});

test('the concept index never rules out a concept that matches (development set texts)', () => {
  const texts = readFileSync(new URL('../eval-cases/triage.dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const index = new PrefixIndex(CONCEPTS.map((c) => c.pattern));
  let ruledOut = 0;
  for (const text of texts) {
    const candidates = index.candidates(text);
    CONCEPTS.forEach((c, i) => {
      c.pattern.lastIndex = 0;
      if (!candidates[i]) {
        ruledOut++;
        assert.equal(c.pattern.test(text), false, `${c.id} in: ${text}`);
      }
    });
  }
  assert.ok(ruledOut > texts.length * 10, 'the index rules most concepts out');
});
