import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { DocumentReference, Patient } from 'fhir/r4.d.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import { NOTES_DIR, tempDir } from '../bulk/bulk-setup.ts';
import { cli } from '../bulk/cli-process.ts';

// A dataset built with surrogates: its notes read naturally (names where names were), no original name,
// address, phone, identifier or full date of a patient survives, and a patient's name gets one surrogate
// in all of that patient's notes. Built from the shared Synthea export with notes.

const SECRET = 'test-secret-for-datasets-0123456789abcdef';

function ndjson<T>(type: string): T[] {
  return gunzipSync(readFileSync(join(NOTES_DIR, `${type}.000.ndjson.gz`)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** A note's text with its name line and date header taken out: what identifies the note, not the patient. */
function body(note: string): string | undefined {
  const at = note.indexOf('# Chief Complaint');
  if (at < 0) return undefined;
  return note
    .slice(at)
    .replace(/# History of Present Illness\n[^\n]*\n is a/, '# HPI\n is a')
    .trim();
}

function nameLine(note: string): string | undefined {
  return /# History of Present Illness\n([^\n]*)\n is a/.exec(note)?.[1];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a dataset built with surrogates holds no original PHI and one surrogate per name within a patient', async (t) => {
  const out = join(tempDir(t), 'ds');
  const card = await buildDataset({
    inDir: NOTES_DIR,
    outDir: out,
    workDir: tempDir(t),
    deidentifier: createDeidentifier({ secret: SECRET, replacement: 'surrogate' }),
    tasks: ['note-generation'],
    minimumNecessary: true,
  });
  assert.equal(card.deidentification.replacement, 'surrogate');
  const outputs: string[] = [];
  for (const dir of ['instruct'])
    for (const file of readdirSync(join(out, dir)))
      for (const line of readFileSync(join(out, dir, file), 'utf8').split('\n'))
        if (line !== '') outputs.push((JSON.parse(line) as { output: string }).output);
  assert.ok(outputs.length > 100, String(outputs.length));
  const written = outputs.join('\n');

  // No original identifier of any patient, and no full date of a note's header, survives.
  const patients = ndjson<Patient>('Patient');
  for (const p of patients) {
    const originals = [
      ...(p.name ?? []).flatMap((n) => [...(n.given ?? []), n.family ?? '']),
      ...(p.address ?? []).flatMap((a) => a.line ?? []),
      ...(p.telecom ?? []).map((c) => c.value ?? ''),
      p.birthDate ?? '',
    ].filter((v) => v.length >= 3);
    for (const value of originals) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'u');
      assert.equal(re.test(written), false, `an identifier of patient ${patients.indexOf(p)} survived`);
    }
  }
  assert.deepEqual(written.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? [], []);

  // Each output note is traced to its source note (and so its patient) by its body; a patient's name line
  // is the same surrogate in every note of that patient, is no original, and is not one for all patients.
  const patientOfBody = new Map<string, string>();
  for (const doc of ndjson<DocumentReference>('DocumentReference')) {
    const data = doc.content[0]?.attachment.data;
    const b = data === undefined ? undefined : body(Buffer.from(data, 'base64').toString('utf8'));
    if (b !== undefined) patientOfBody.set(b, doc.subject?.reference ?? '');
  }
  const surrogatesOf = new Map<string, Set<string>>();
  let tracedNotes = 0;
  for (const note of outputs) {
    const b = body(note);
    const name = nameLine(note);
    const patient = b === undefined ? undefined : patientOfBody.get(b);
    if (patient === undefined || name === undefined) continue;
    tracedNotes++;
    surrogatesOf.set(patient, (surrogatesOf.get(patient) ?? new Set()).add(name));
  }
  const traced = [...surrogatesOf.values()];
  // Several notes of each of several patients: otherwise "one surrogate a patient" would say nothing.
  assert.ok(traced.length >= 5 && tracedNotes >= 2 * traced.length, `${tracedNotes} notes of ${traced.length}`);
  assert.ok(
    traced.filter((names) => names.size === 1).length === traced.length,
    'a patient has more than one surrogate name',
  );
  const names = traced.map((s) => [...s][0] ?? '');
  for (const n of names) assert.match(n, /^[A-Z][a-z]+(?: [A-Z][a-z]+)*$/, 'a surrogate reads as a name');
  assert.ok(new Set(names).size > names.length / 2, 'patients share surrogates');
});

test('dataset build --replacement: surrogate is recorded in the card; a bad kind is one line, exit non-zero', async (t) => {
  const bad = await cli(
    ['dataset', 'build', '--in', NOTES_DIR, '--out', join(tempDir(t), 'ds'), '--replacement', 'x'],
    {
      CHARTSIDE_DEID_SECRET: SECRET,
    },
  );
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /replacement/);
});
