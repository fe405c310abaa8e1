import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGLISH_WORDS } from '../../server/deid/text/english-words.ts';
import { GIVEN_NAMES, SURNAMES } from '../../server/deid/text/name-lexicon.ts';
import { gazetteer } from '../../server/deid/text/place-gazetteer.ts';
import { swapNamesAndPlaces } from '../../server/eval/deid-swap.ts';

// Invented case: the gold names and places are replaced by other real ones, consistently within the case,
// in the original's case; everything else and every span's text still lines up.
const text = 'Mr. KOWALSKI seen; wife Teodora Kowalski called from Pikesville. Transferred to St. Agnes 3/4.';
const span = (word: string, type: 'NAME' | 'LOCATION' | 'DATE', from = 0) => {
  const start = text.indexOf(word, from);
  return { start, end: start + word.length, type };
};
const c = {
  id: 'x-1',
  text,
  phi: [
    span('KOWALSKI', 'NAME'),
    span('Teodora', 'NAME'),
    span('Kowalski', 'NAME'),
    span('Pikesville', 'LOCATION'),
    span('St. Agnes', 'LOCATION'),
    span('3/4', 'DATE'),
  ],
};

test('gold names and places are swapped for other real ones, consistently, with spans moved', () => {
  const out = swapNamesAndPlaces(c, 'seed');
  const words = out.phi.map((p) => out.text.slice(p.start, p.end));
  assert.doesNotMatch(out.text, /kowalski|teodora|pikesville|agnes/i);
  assert.equal(words[5], '3/4');
  assert.match(words[0] ?? '', /^[A-Z]{2,}$/);
  assert.match(words[1] ?? '', /^[A-Z][a-z]+$/);
  assert.equal(words[0]?.toLowerCase(), words[2]?.toLowerCase(), 'the same surname twice');
  assert.match(words[4] ?? '', /^St\. [A-Z][a-z]+$/);
  assert.ok(out.text.startsWith('Mr. ') && out.text.endsWith(' 3/4.'));
  assert.deepEqual(swapNamesAndPlaces(c, 'seed'), out, 'repeatable');
  assert.notDeepEqual(swapNamesAndPlaces(c, 'other').text, out.text);
});

test('the unlisted pool swaps in names and places that no list of the engine holds', () => {
  const out = swapNamesAndPlaces(c, 'seed', 'unlisted');
  const words = out.phi.map((p) => out.text.slice(p.start, p.end).toLowerCase());
  assert.doesNotMatch(out.text, /kowalski|teodora|pikesville/i);
  for (const w of [words[0], words[1], words[3]]) {
    assert.ok(w !== undefined && !GIVEN_NAMES.has(w) && !SURNAMES.has(w) && !ENGLISH_WORDS.has(w), w);
    assert.ok(!gazetteer().names.has(w), w);
  }
  assert.equal(words[0], words[2], 'the same surname twice');
  assert.deepEqual(swapNamesAndPlaces(c, 'seed', 'unlisted'), out, 'repeatable');
});
