import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { AppError } from '../../server/errors/app-error.ts';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { FEATURE_NAMES } from '../../terminology/icd10cm/rank-features.ts';
import {
  RANKING_WEIGHTS_FILE,
  parseRankingWeights,
  weightsChecksum,
} from '../../terminology/icd10cm/ranking-weights.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { ORDER_FILE, requireShared } from '../helpers/shared-data.ts';

// A few entries of the Alphabetic Index and the Tabular List in the CDC layouts, on the real FY2026 codes.
const INDEX_XML = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index><version>2026</version><title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
<letter><title>I</title>
  <mainTerm><title>Inflammation, inflamed, inflammatory<nemod>(with exudation)</nemod></title>
    <term level="1"><title>ear</title>
      <term level="2"><title>middle</title><see>Otitis, media</see></term>
    </term>
  </mainTerm>
</letter>
<letter><title>M</title>
  <mainTerm><title>Migraine<nemod>(idiopathic)</nemod></title><code>G43.909</code>
    <term level="1"><title>without aura</title>
      <term level="2"><title>chronic</title><code>G43.709</code></term>
      <term level="2"><title>intractable</title><code>G43.019</code></term>
      <term level="2"><title>not intractable</title><code>G43.009</code>
        <term level="3"><title>with status migrainosus</title><code>G43.001</code></term>
        <term level="3"><title>without status migrainosus</title><code>G43.009</code></term>
      </term>
    </term>
    <term level="1"><title>with aura</title>
      <term level="2"><title>chronic</title><code>G43.E09</code></term>
    </term>
  </mainTerm>
</letter>
<letter><title>O</title>
  <mainTerm><title>Obstruction, obstructed, obstructive</title>
    <term level="1"><title>intestine</title><code>K56.609</code>
      <term level="2"><title>with</title>
        <term level="3"><title>adhesions<nemod>(intestinal) (peritoneal)</nemod></title><code>K56.50</code></term>
      </term>
    </term>
  </mainTerm>
  <mainTerm><title>Otitis<nemod>(acute)</nemod></title><code>H66.90</code>
    <term level="1"><title>media<nemod>(hemorrhagic) (staphylococcal) (streptococcal)</nemod></title><code>H66.9-</code>
      <term level="2"><title>suppurative</title><code>H66.4-</code></term>
    </term>
  </mainTerm>
</letter>
<letter><title>S</title>
  <mainTerm><title>Sprain<nemod>(joint) (ligament)</nemod></title>
    <term level="1"><title>ankle</title><code>S93.40-</code>
      <term level="2"><title>calcaneofibular ligament</title><code>S93.41-</code></term>
    </term>
  </mainTerm>
</letter>
<letter><title>T</title>
  <mainTerm><title>Twist, twisted</title><seeAlso>Sprain</seeAlso>
    <term level="1"><title>bowel, colon or intestine</title><code>K56.2</code></term>
  </mainTerm>
</letter>
</ICD10CM.index>
`;
const TABULAR_XML = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular><version>2026</version>
<chapter><name>19</name><desc>Injury, poisoning and certain other consequences of external causes (S00-T88)</desc>
<section id="S90-S99"><desc>Injuries to the ankle and foot (S90-S99)</desc>
<diag><name>S93</name><desc>Dislocation and sprain of joints and ligaments at ankle, foot and toe level</desc>
  <includes><note>avulsion of joint or ligament of ankle, foot and toe</note></includes>
  <codeAlso><note>any associated open wound</note></codeAlso>
  <excludes2><note>strain of muscle and tendon of ankle and foot (S96.-)</note></excludes2>
  <sevenChrNote><note>The appropriate 7th character is to be added to each code from category S93.</note></sevenChrNote>
  <sevenChrDef>
    <extension char="A">initial encounter</extension>
    <extension char="D">subsequent encounter</extension>
    <extension char="S">sequela</extension>
  </sevenChrDef>
  <diag><name>S93.4</name><desc>Sprain of ankle</desc>
    <excludes2><note>injury of Achilles tendon (S86.0-)</note></excludes2>
    <diag><name>S93.40</name><desc>Sprain of unspecified ligament of ankle</desc>
      <inclusionTerm><note>Sprain of ankle NOS</note></inclusionTerm>
    </diag>
  </diag>
</diag>
</section></chapter>
<chapter><name>8</name><desc>Diseases of the ear and mastoid process (H60-H95)</desc>
<section id="H65-H75"><desc>Diseases of middle ear and mastoid (H65-H75)</desc>
<diag><name>H66</name><desc>Suppurative and unspecified otitis media</desc>
  <useAdditionalCode><note>code for any associated perforated tympanic membrane (H72.-)</note></useAdditionalCode>
  <diag><name>H66.4</name><desc>Suppurative otitis media, unspecified</desc>
    <excludes1><note>otitis media in diseases classified elsewhere (H67.-)</note></excludes1>
    <codeFirst><note>underlying disease</note></codeFirst>
  </diag>
</diag>
</section></chapter>
</ICD10CM.tabular>
`;
const SUBSET = `H66.90 H66.91 H66.92 H66.93 H66.40 H66.41 H66.42 H66.43 H72.90 H67.1
S93.401A S93.401D S93.401S S93.402A S93.402D S93.402S S93.409A S93.409D S93.409S S93.411A S93.412A S93.412D S93.419A
K56.2 K56.609 K56.50 S96.011A S86.011A G43.909 G43.709 G43.019 G43.009 G43.001 G43.011 G43.E09
S61.313A S61.323A F10.10 F10.20 F10.90`;

let t: Terminology;
before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'chartside-index-coding-'));
  writeFileSync(join(work, 'index.xml'), INDEX_XML);
  writeFileSync(join(work, 'tabular.xml'), TABULAR_XML);
  writeFileSync(join(work, 'subset.txt'), SUBSET.split(/\s+/).join('\n'));
  await importRelease({
    order: requireShared(ORDER_FILE),
    subset: join(work, 'subset.txt'),
    tabular: [join(work, 'tabular.xml')],
    index: [join(work, 'index.xml')],
    out: join(work, 'release'),
  });
  t = await loadTerminology(join(work, 'release'));
});

const top = (text: string, n = 1): string[] => t.search(text, { limit: n }).map((h) => h.code);

test('an index walk descends from the main term through the subterms the text names', () => {
  const [walk] = t.walkIndex('suppurative otitis media');
  assert.deepEqual(walk?.path, ['Otitis', 'media', 'suppurative']);
  assert.equal(walk?.code, 'H66.4');
  assert.deepEqual(top('suppurative otitis media of the right ear'), ['H66.41']);
});

test('a main term alone lands on its default code; nonessential modifiers never block a walk', () => {
  assert.equal(t.walkIndex('otitis')[0]?.code, 'H66.90');
  assert.equal(t.walkIndex('acute otitis')[0]?.code, 'H66.90');
  assert.deepEqual(t.walkIndex('streptococcal otitis media')[0]?.path, ['Otitis', 'media']);
});

test('"with" subterms are taken only when the text names what follows', () => {
  assert.equal(t.walkIndex('intestinal obstruction with adhesions')[0]?.code, 'K56.50');
  assert.equal(t.walkIndex('intestinal obstruction')[0]?.code, 'K56.609');
  assert.equal(top('obstruction of intestine with adhesions')[0], 'K56.50');
});

test("a subterm without a code lands on its negated default, not on the main term's code", () => {
  const [walk] = t.walkIndex('Migraine without aura.');
  assert.equal(walk?.code, 'G43.009');
  assert.deepEqual(walk?.path, ['Migraine', 'without aura', 'not intractable', 'without status migrainosus']);
  assert.equal(t.walkIndex('intractable migraine without aura')[0]?.code, 'G43.019');
  assert.equal(top('Migraine without aura.')[0], 'G43.009');
  assert.equal(top('migraine')[0], 'G43.909');
});

test('a walk that falls back to a code above credits only the words of the path down to it', () => {
  // "with aura" has no code and no negated default here: the main term's code says only "migraine".
  const [walk] = t.walkIndex('migraine with aura');
  assert.equal(walk?.code, 'G43.909');
  assert.deepEqual(walk?.path, ['Migraine']);
  assert.equal(walk?.matched, 1);
  assert.equal(t.walkIndex('chronic migraine with aura')[0]?.code, 'G43.E09');
});

test("a title's negated qualifier is its default: a laceration not said to hold a foreign body is without one", () => {
  assert.equal(top('laceration of left middle finger with damage to nail')[0], 'S61.313A');
  assert.equal(top('laceration with foreign body of left middle finger with damage to nail')[0], 'S61.323A');
});

test('a substance use disorder is coded by its severity: mild as abuse, moderate or severe as dependence', () => {
  assert.equal(top('mild alcohol use disorder')[0], 'F10.10');
  assert.equal(top('alcohol use disorder, severe')[0], 'F10.20');
  assert.equal(top('alcohol use')[0], 'F10.90');
});

test('"see" leads to the term named, whose code the text then completes', () => {
  const [walk] = t.walkIndex('inflammation of the middle ear');
  assert.deepEqual(walk?.via, ['see Otitis, media']);
  assert.equal(walk?.code, 'H66.9');
  assert.deepEqual(top('inflammation of the middle ear, left'), ['H66.92']);
});

test('"see also" is followed when no subterm of the main term applies', () => {
  assert.deepEqual(t.walkIndex('twisted ankle')[0]?.via, ['see also Sprain']);
  assert.equal(t.walkIndex('twisted bowel')[0]?.code, 'K56.2');
});

test('an incomplete code is completed by the side and the episode of care the text gives', () => {
  assert.deepEqual(top('twisted left ankle, subsequent encounter'), ['S93.402D']);
  assert.deepEqual(top('sprain of right ankle'), ['S93.401A']);
  assert.equal(t.completions('S93.40-', 'left ankle sprain, sequela')[0]?.code, 'S93.402S');
  assert.equal(t.completions('H66.4', 'both ears')[0]?.code, 'H66.43');
});

test('the Tabular notes are on the API, inherited down the hierarchy', () => {
  assert.deepEqual(
    t.seventhCharacters('S93.402').map((s) => s.char),
    ['A', 'D', 'S'],
  );
  assert.deepEqual(t.excludes1('H66.41')[0]?.codes, ['H67']);
  assert.ok(t.excludes2('S93.401A').some((e) => e.codes.includes('S86.0')));
  assert.ok(t.excludes2('S93.401A').some((e) => e.codes.includes('S96')));
  assert.deepEqual(t.useAdditional('H66.41'), ['code for any associated perforated tympanic membrane (H72.-)']);
  assert.deepEqual(t.codeFirst('H66.41'), ['underlying disease']);
  assert.deepEqual(t.codeAlso('S93.402A'), ['any associated open wound']);
  assert.deepEqual(t.includes('S93.40'), ['avulsion of joint or ligament of ankle, foot and toe']);
  assert.deepEqual(t.inclusionTerms('S93.40'), ['Sprain of ankle NOS']);
  assert.deepEqual(t.seventhCharacters('K56.2'), []);
});

test('each hit explains itself with the features that placed it', () => {
  const [hit] = t.search('twisted left ankle, subsequent encounter', { limit: 1, explain: true });
  assert.ok(hit?.features);
  assert.deepEqual(Object.keys(hit.features.values), [...FEATURE_NAMES]);
  assert.ok((hit.features.values.indexWalk ?? 0) > 0);
  assert.equal(hit.features.values.sideConflict, 0);
  assert.equal(t.search('twisted left ankle', { limit: 1 })[0]?.features, undefined);
});

test('the ranking weights file is versioned and checked at load', () => {
  const shipped = JSON.parse(readFileSync(RANKING_WEIGHTS_FILE, 'utf8')) as {
    features: string[];
    weights: number[];
    formatVersion: number;
  };
  assert.equal(parseRankingWeights(shipped).length, FEATURE_NAMES.length);
  const corrupt = (e: unknown): boolean => e instanceof AppError && e.code === 'CORRUPT_DATA';
  assert.throws(() => parseRankingWeights({ ...shipped, formatVersion: shipped.formatVersion + 1 }), corrupt);
  const edited = { ...shipped, weights: shipped.weights.map((w, i) => (i === 1 ? w + 1 : w)) };
  assert.throws(() => parseRankingWeights(edited), /SHA-256/);
  const reordered = [...shipped.features].reverse();
  assert.throws(
    () => parseRankingWeights({ ...shipped, features: reordered, sha256: weightsChecksum(reordered, shipped.weights) }),
    /features are not the engine's/,
  );
});
