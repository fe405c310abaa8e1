import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTriage } from '../../../server/suggest/triage/assess-triage.ts';
import { readFallHeight } from '../../../server/suggest/triage/fall-height.ts';
import { extractFindings } from '../../../server/suggest/triage/findings.ts';

const fired = (text: string): string[] => assessTriage({ text }).discriminators.map((d) => d.id);

test('fall height in feet, metres, storeys and stairs, with its span', () => {
  const text = 'She fell about 2 feet off the porch step.';
  const h = readFallHeight(text);
  assert.equal(h?.feet, 2);
  assert.equal(text.slice(h?.start, h?.end), 'fell about 2 feet');
  assert.ok(Math.abs((readFallHeight('a 3 m fall from scaffolding')?.feet ?? 0) - 9.84) < 0.01);
  assert.equal(readFallHeight('a 15-foot fall')?.feet, 15);
  assert.equal(readFallHeight('fell out of a second floor window')?.feet, 10);
  assert.equal(readFallHeight('fell from the third floor')?.feet, 20);
  assert.equal(readFallHeight('fell down 6 stairs')?.stairs, 6);
  assert.equal(readFallHeight('tumbled down a flight of stairs')?.stairs, 12);
});

test('no height: a fall without one, or a number that is not a height', () => {
  assert.equal(readFallHeight('fell over at home'), undefined);
  assert.equal(readFallHeight('fell 2 days ago'), undefined);
  assert.equal(readFallHeight('fell; 3 m tall fence nearby was not involved'), undefined);
});

test('a negated fall states no height: "did not fall", "no fall", "denies falling"', () => {
  assert.equal(extractFindings({ text: 'He did not fall 12 feet, he climbed down the ladder.' }).fall, undefined);
  assert.equal(
    extractFindings({ text: 'No fall from the 15-foot scaffold; back pain after lifting.' }).fall,
    undefined,
  );
  assert.equal(extractFindings({ text: 'Denies falling down the stairs.' }).fall, undefined);
  assert.equal(extractFindings({ text: 'He fell 12 feet from a ladder.' }).fall?.value, 12);
  assert.ok(!fired('40M did not fall 12 feet; sore wrist from lifting.').includes('fall-from-height'));
  assert.ok(fired('40M fell 12 feet from a ladder; sore wrist.').includes('fall-from-height'));
});
