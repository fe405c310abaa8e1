import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFallHeight } from '../../../server/suggest/triage/fall-height.ts';

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
