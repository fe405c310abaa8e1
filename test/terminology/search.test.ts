import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../server/errors/app-error.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { MAX_SEARCH_TEXT } from '../../terminology/icd10cm/terminology.ts';

const codes = async (text: string, limit = 5): Promise<string[]> =>
  (await loadTerminology()).search(text, { limit }).map((h) => h.code);

test('abbreviations clinicians write find their codes', async () => {
  assert.equal((await codes('COPD exacerbation'))[0], 'J44.1');
  assert.equal((await codes('HTN'))[0], 'I10');
  assert.ok((await codes('DM2 with hyperglycemia')).slice(0, 2).includes('E11.65'));
  assert.ok((await codes('CHF')).includes('I50.9'));
  assert.equal((await codes('afib'))[0], 'I48.91');
  assert.equal((await codes('UTI'))[0], 'N39.0');
  assert.ok((await codes('CKD stage 3')).includes('N18.30'));
});

test('clinical words the Index sends elsewhere, and smokers, find the codes a coder gives them', async () => {
  assert.equal((await codes('seizures'))[0], 'R56.9');
  assert.equal((await codes('cervical lymphadenopathy'))[0], 'R59.0');
  assert.equal((await codes('smoker of 20 cigarettes a day'))[0], 'F17.210');
  assert.equal((await codes('former smoker'))[0], 'Z87.891');
  assert.ok(!(await codes('non-smoker')).some((c) => /^(?:F17|Z87\.891)/.test(c)));
});

test('word order and inflections do not matter', async () => {
  assert.equal((await codes('cholecystitis, acute'))[0], 'K81.0');
  assert.equal((await codes('diabetic, type 2, without complications'))[0], 'E11.9');
});

test('laterality in the text ranks the matching side first', async () => {
  assert.equal((await codes('acute otitis media, left ear'))[0], 'H66.92');
  assert.equal((await codes('right ear otitis media'))[0], 'H66.91');
});

test('acute and chronic are told apart', async () => {
  assert.equal((await codes('acute kidney failure'))[0], 'N17.9');
  assert.ok((await codes('chronic kidney disease')).slice(0, 2).includes('N18.9'));
});

test('with and without select the combination code', async () => {
  const without = await codes('type 2 diabetes without complications');
  assert.equal(without[0], 'E11.9');
  assert.equal((await codes('COPD with acute exacerbation'))[0], 'J44.1');
});

test('a hit names its category, the words that matched and the term', async () => {
  const [hit] = (await loadTerminology()).search('COPD exacerbation', { limit: 1 });
  assert.equal(hit?.category.code, 'J44');
  assert.equal(hit?.billable, true);
  assert.deepEqual(hit?.matched.sort(), ['COPD', 'exacerbation']);
  // The term is the one that matched: the code's own title, or the embedded entry term for it.
  if (hit?.source === 'title') assert.equal(hit.term, hit.display);
  else assert.deepEqual([hit?.source, hit?.term], ['entry-term', 'copd exacerbation']);
});

test('billable codes rank above their header and a matched header brings a billable child', async () => {
  const hits = (await loadTerminology()).search('heart failure', { limit: 10 });
  const header = hits.findIndex((h) => h.code === 'I50');
  const billable = hits.findIndex((h) => h.code === 'I50.9');
  assert.ok(billable >= 0 && (header === -1 || billable < header));
  assert.ok(hits.every((h) => h.score > 0 && h.score <= 1));
  assert.ok((await loadTerminology()).search('heart failure', { billableOnly: true }).every((h) => h.billable));
});

test('a whole note is searched clause by clause', async () => {
  const note =
    'Patient presents with acute exacerbation of chronic obstructive pulmonary disease. Chest X-ray shows hyperinflation without infiltrate. Started on nebulized albuterol and oral prednisone taper.';
  assert.ok((await codes(note)).includes('J44.1'));
});

test('empty and oversized text are refused with clear errors', async () => {
  const t = await loadTerminology();
  assert.throws(
    () => t.search('   '),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT',
  );
  assert.throws(
    () => t.search('a'.repeat(MAX_SEARCH_TEXT + 1)),
    (e: unknown) => e instanceof AppError && e.code === 'TOO_LARGE',
  );
  assert.deepEqual(t.search('zzzz qqqq'), []);
});

test('validate says valid, billable or header, with category and chapter', async () => {
  const t = await loadTerminology();
  const leaf = t.validate('j441');
  assert.ok(leaf.valid);
  assert.equal(leaf.code, 'J44.1');
  assert.equal(leaf.billable, true);
  assert.equal(leaf.category.code, 'J44');
  assert.equal(leaf.chapter?.chapter, 10);
  const header = t.validate('J44');
  assert.ok(header.valid && !header.billable && header.needsSpecificity);
  assert.deepEqual(t.validate('J99.99'), { valid: false, code: 'J99.99', reason: 'unknown' });
  assert.deepEqual(t.validate('hello'), { valid: false, code: 'hello', reason: 'malformed' });
});
