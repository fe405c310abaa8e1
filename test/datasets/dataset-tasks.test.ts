import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { createDeidentifier, SAFE_HARBOR_PROFILE } from '../../server/deid/index.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import type { DatasetCard } from '../../server/datasets/dataset-card.ts';
import type { DatasetTask } from '../../server/datasets/dataset-tasks.ts';
import { groupByPatient, type Loose, type PatientRecord } from '../../server/datasets/patient-record.ts';
import { examplesFor, type SourceStats } from '../../server/datasets/task-examples.ts';
import {
  CODED_PATIENTS,
  CODED_PRACTITIONER,
  emergencyCaseOf,
  writeCodedExport,
} from '../../fixtures/datasets/coded-export.ts';

const SECRET = 'test-secret-for-datasets-0123456789abcdef';

const deidentifier = createDeidentifier({ secret: SECRET, profile: SAFE_HARBOR_PROFILE });

interface Built {
  readonly card: DatasetCard;
  readonly out: string;
}

const cleanup: string[] = [];
let exportDir = '';
let full: Built;
let minimal: Built;

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

async function build(options: { tasks?: readonly DatasetTask[]; minimumNecessary?: boolean }): Promise<Built> {
  const out = join(temp('chartside-ds-'), 'ds');
  const card = await buildDataset({
    inDir: exportDir,
    outDir: out,
    workDir: temp('chartside-work-'),
    deidentifier,
    // Half the patients in eval, so that 8 patients fill both splits; exact duplicates only, so that every
    // sourced example is kept and the counts can be checked one by one.
    evalFraction: 0.5,
    nearDuplicateDistance: -1,
    ...options,
  });
  return { card, out };
}

before(async () => {
  exportDir = temp('chartside-coded-export-');
  await writeCodedExport(exportDir);
  full = await build({});
  minimal = await build({ tasks: ['icd10-coding', 'note-generation'], minimumNecessary: true });
});

after(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

interface Row {
  readonly split: 'train' | 'eval';
  readonly input: string;
  readonly output: string;
}

function rows(b: Built, task: DatasetTask): Row[] {
  return (['train', 'eval'] as const).flatMap((split) => {
    let text = '';
    try {
      text = readFileSync(join(b.out, `instruct/${task}.${split}.jsonl`), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const v = JSON.parse(l) as { input: string; output: string };
        return { split, input: v.input, output: v.output };
      });
  });
}

/** The marker of the patient whose data an example holds ('-' when it holds no note text). */
function markerIn(text: string): string {
  return CODED_PATIENTS.find((p) => text.includes(p.marker))?.marker ?? '-';
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function examplesOf(card: DatasetCard, task: DatasetTask): number {
  const r = card.tasks[task];
  return (r?.examples.train ?? 0) + (r?.examples.eval ?? 0);
}

test('icd10-coding lists exactly the ICD-10-CM codes, principal diagnosis first, with diagnoses linked only from the encounter', () => {
  const got = rows(full, 'icd10-coding')
    .map((r) => [markerIn(r.input), r.output].join(' | '))
    .sort();
  const expected = CODED_PATIENTS.flatMap((p, i) => {
    const ed = emergencyCaseOf(i);
    return [
      // Clinic: E11.9 is rank 1 and linked only from Encounter.diagnosis; E78.5 is not listed by the encounter.
      `${p.marker} | E11.9 Type 2 diabetes mellitus without complications\nI10 Essential (primary) hypertension\nE78.5 Hyperlipidemia, unspecified`,
      // Emergency: the discharge diagnosis is principal over the admission diagnosis (both rank 1).
      `${p.marker} | ${ed.final.icd} ${ed.final.icdDisplay}\n${ed.complaint.icd} ${ed.complaint.icdDisplay}`,
      // Inpatient: J18.9 linked from both sides (once), J96.01 rank 2 from the encounter side only.
      `${p.marker} | J18.9 Pneumonia, unspecified organism\nJ96.01 Acute respiratory failure with hypoxia`,
      // Asthma visit: no note, so the input is the encounter's data and holds no marker.
      `- | J45.909 Unspecified asthma, uncomplicated`,
    ];
  }).sort();
  assert.deepEqual(got, expected);
  // The wellness visit's only diagnosis is SNOMED CT (714628002): no example, no SNOMED code anywhere.
  assert.ok(rows(full, 'icd10-coding').every((r) => !r.input.includes('Annual wellness visit')));
  assert.ok(rows(full, 'icd10-coding').every((r) => !/\b(?:714628002|44054006|233604007)\b/.test(r.output)));
  const report = full.card.tasks['icd10-coding'];
  assert.equal(report?.status, 'built');
  assert.equal(report?.candidates, 5 * CODED_PATIENTS.length);
  assert.equal(report?.sourced, 4 * CODED_PATIENTS.length);
  assert.equal(examplesOf(full.card, 'icd10-coding'), 4 * CODED_PATIENTS.length);
  assert.deepEqual(report?.dropped, { tooLong: 0, duplicates: 0, nearDuplicates: 0 });
});

test('a condition linked from both sides joins its encounter once; one linked only from the encounter is not left unlinked', () => {
  const patient: Loose = { resourceType: 'Patient', id: 'p1' };
  const subject = { reference: 'Patient/p1' };
  const use = (code: string): Loose => ({ coding: [{ code }] });
  const encounter: Loose = {
    resourceType: 'Encounter',
    id: 'e1',
    subject,
    diagnosis: [
      { condition: { reference: 'Condition/c-both' }, rank: 2, use: use('billing') },
      { condition: { reference: 'Condition/c-side' }, rank: 1, use: use('billing') },
      { condition: { reference: 'Condition/c-admit' }, rank: 1, use: use('AD') },
    ],
  };
  const condition = (id: string, code: string, linked: boolean): Loose => ({
    resourceType: 'Condition',
    id,
    subject,
    code: { coding: [{ code }] },
    ...(linked ? { encounter: { reference: 'Encounter/e1' } } : {}),
  });
  const records = groupByPatient([
    condition('c-free', 'A00', true),
    condition('c-both', 'B00', true),
    condition('c-admit', 'C00', true),
    condition('c-side', 'D00', false),
    patient,
    encounter,
  ]);
  const record = records.get('p1');
  assert.deepEqual(
    record?.encounters.get('e1')?.conditions.map((c) => c.id),
    ['c-side', 'c-both', 'c-admit', 'c-free'],
  );
  assert.deepEqual(record?.unlinked, []);
});

test('triage: ESI as an integer, a Quantity or a coded value gives "ESI n"; the input is complaint, age and vital signs', () => {
  const got = rows(full, 'triage')
    .map((r) => [r.input.split('\n')[0], r.output].join(' | '))
    .sort();
  const expected = CODED_PATIENTS.map((_, i) => {
    const ed = emergencyCaseOf(i);
    return `Presenting complaint: ${ed.complaint.text} | ESI ${ed.esi}`;
  }).sort();
  assert.deepEqual(got, expected);
  // Every form of the ESI value is in the fixture.
  assert.deepEqual([...new Set(CODED_PATIENTS.map((_, i) => emergencyCaseOf(i).esiForm))].sort(), [
    'coded-code',
    'coded-display',
    'coded-text',
    'integer',
    'quantity',
  ]);
  const first = rows(full, 'triage').find((r) => r.input.startsWith('Presenting complaint: Chest pain'));
  assert.equal(
    first?.input,
    [
      'Presenting complaint: Chest pain',
      `Age: ${2024 - (CODED_PATIENTS[0]?.birthYear ?? 0)}`,
      'Vital signs:',
      '- Heart rate: 78 /min',
      '- Respiratory rate: 14 /min',
      '- Oxygen saturation in Arterial blood by Pulse oximetry: 99 %',
      '- Blood pressure panel with all children optional: Systolic blood pressure 128 mm[Hg], Diastolic blood pressure 76 mm[Hg]',
      '- Body temperature: 36.6 Cel',
    ].join('\n'),
  );
  for (const [i, p] of CODED_PATIENTS.entries()) {
    const r = rows(full, 'triage').find((x) =>
      x.input.startsWith(`Presenting complaint: ${emergencyCaseOf(i).complaint.text}\n`),
    );
    assert.ok(r?.input.includes(`\nAge: ${2024 - p.birthYear}\n`), r?.input);
    assert.ok(r?.input.includes(`- Heart rate: ${78 + i * 7} /min`), r?.input);
    assert.ok(!/severity|ESI/i.test(r?.input ?? ''), 'the answer is in the input');
  }
  assert.equal(full.card.tasks.triage?.candidates, 5 * CODED_PATIENTS.length);
  assert.equal(full.card.tasks.triage?.sourced, CODED_PATIENTS.length);
  assert.equal(examplesOf(full.card, 'triage'), CODED_PATIENTS.length);
});

test('triage acuity from Encounter.priority: an ESI level is used, an ActPriority urgency code is not', () => {
  const triage = (priority: Loose): string[] => {
    const record: PatientRecord = {
      patientId: 'p1',
      patient: { resourceType: 'Patient', id: 'p1', birthDate: '1980' },
      encounters: new Map([
        [
          'e1',
          {
            encounter: { resourceType: 'Encounter', id: 'e1', period: { start: '2024' }, priority },
            conditions: [],
            observations: [],
            procedures: [],
            medications: [],
            documents: [],
            communications: [],
            other: [],
          },
        ],
      ]),
      unlinked: [],
    };
    const stats: SourceStats = { candidates: 0, sourced: 0, systems: {} };
    return examplesFor('triage', record, stats, { minimumNecessary: false }).map((e) => e.output);
  };
  const actPriority = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
  assert.deepEqual(triage({ coding: [{ system: actPriority, code: 'EM', display: 'emergency' }] }), []);
  assert.deepEqual(triage({ coding: [{ system: actPriority, code: 'UR', display: 'urgent' }], text: 'Urgent' }), []);
  assert.deepEqual(triage({ text: 'ESI 3' }), ['ESI 3']);
  assert.deepEqual(triage({ coding: [{ system: 'http://example.org/esi', code: '2', display: 'ESI level 2' }] }), [
    'ESI 2',
  ]);
  // A bare level of an unnamed scale (CTAS? Manchester?) is not taken for ESI.
  assert.deepEqual(triage({ coding: [{ system: 'http://example.org/acuity', code: '2' }] }), []);
});

test('discharge-summary: the output is the discharge summary note, de-identified, of inpatient stays only', () => {
  const got = rows(full, 'discharge-summary')
    .map((r) => r.output)
    .sort();
  const expected = CODED_PATIENTS.map(
    (p, i) =>
      `Discharge summary (${p.marker}). [NAME] was admitted on [DATE] with community-acquired pneumonia and hypoxia. ` +
      `Treated with ceftriaxone then oral amoxicillin for ${5 + i} days in total. Oxygen was weaned on day ${3 + (i % 2)}. ` +
      'Discharged home in stable condition.',
  ).sort();
  assert.deepEqual(got, expected);
  assert.ok(
    rows(full, 'discharge-summary').every((r) => r.input.startsWith('Encounter: Hospital admission (class IMP)\n')),
  );
  // The emergency department's discharge note (LOINC 18842-5 on an EMER encounter) is not one.
  assert.ok(allFiles(full.out).every((f) => !readFileSync(f, 'utf8').includes('Emergency department discharge')));
  assert.equal(full.card.tasks['discharge-summary']?.candidates, CODED_PATIENTS.length);
  assert.equal(full.card.tasks['discharge-summary']?.sourced, CODED_PATIENTS.length);
  assert.equal(examplesOf(full.card, 'discharge-summary'), CODED_PATIENTS.length);
});

test('patient-communication: patient instructions and messages to the patient are used, messages to a practitioner are not', () => {
  const got = rows(full, 'patient-communication')
    .map((r) => [markerIn(r.input), r.output].join(' | '))
    .sort();
  const expected = CODED_PATIENTS.flatMap((p, i) => [
    `${p.marker} | Your visit today (${p.marker}): your sugar and blood pressure are a little high. Take metformin with ` +
      `breakfast and dinner. Check your sugar every morning and write it down. Come back in ${3 + (i % 3)} months.`,
    `${p.marker} | Your lung infection is getting better (${p.marker}). Keep taking amoxicillin three times a day until the ` +
      `pills are gone, ${5 + i} days in all. Call us if your breathing gets worse.`,
  ]).sort();
  assert.deepEqual(got, expected);
  // The inputs are the clinical notes beside them: the clinic note and the inpatient progress note.
  assert.deepEqual([...new Set(rows(full, 'patient-communication').map((r) => r.input.replace(/ .*/s, '')))].sort(), [
    'Hospital',
    '[NAME]',
  ]);
  const text = rows(full, 'patient-communication')
    .map((r) => r.output)
    .join('\n');
  assert.ok(!text.includes('For the care team'));
  assert.ok(!text.includes('Referral to nutrition'));
  // Encounters with a note: clinic, emergency, inpatient, wellness; sourced: clinic and inpatient.
  assert.equal(full.card.tasks['patient-communication']?.candidates, 4 * CODED_PATIENTS.length);
  assert.equal(full.card.tasks['patient-communication']?.sourced, 2 * CODED_PATIENTS.length);
  assert.equal(examplesOf(full.card, 'patient-communication'), 2 * CODED_PATIENTS.length);
  // The default profile de-identifies Communication: no line of the export was refused.
  assert.deepEqual(full.card.source.problems, []);
  assert.equal(full.card.source.problemsNotListed, 0);
});

test('minimum necessary: an icd10-coding example shows no medications, though note-generation read them', () => {
  const rendered = (b: Built): Row[] =>
    rows(b, 'icd10-coding').filter((r) => r.input.startsWith('Encounter: Encounter for check up'));
  assert.equal(rendered(minimal).length, CODED_PATIENTS.length);
  assert.ok(
    rendered(minimal).every((r) => !r.input.includes('Medications')),
    rendered(minimal)[0]?.input,
  );
  // Without minimum necessary the same example shows the medication (so the data is there to leave out).
  assert.ok(
    rendered(full).every((r) => r.input.includes('Medications:\n- Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler')),
  );
  // In the same build note-generation shows the medications it needs.
  const notes = rows(minimal, 'note-generation').filter((r) => r.input.startsWith('Encounter: Hospital admission'));
  assert.equal(notes.length, CODED_PATIENTS.length);
  assert.ok(notes.every((r) => r.input.includes('Medications:\n- Amoxicillin 500 MG Oral Capsule')));
  assert.deepEqual(minimal.card.configuration.resourceTypesRead, [
    'Condition',
    'DocumentReference',
    'Encounter',
    'MedicationRequest',
    'Observation',
    'Patient',
    'Procedure',
  ]);
});

test('split: each patient marker is in the examples of one split only, and both splits hold patients', () => {
  const splitsOf = new Map<string, Set<string>>();
  for (const file of allFiles(join(full.out, 'instruct'))) {
    const split = /\.(train|eval)\.jsonl$/.exec(file)?.[1];
    assert.ok(split !== undefined, file);
    const text = readFileSync(file, 'utf8');
    for (const p of CODED_PATIENTS) {
      if (!text.includes(p.marker)) continue;
      const seen = splitsOf.get(p.marker) ?? new Set<string>();
      seen.add(split);
      splitsOf.set(p.marker, seen);
    }
  }
  assert.deepEqual([...splitsOf.keys()].sort(), CODED_PATIENTS.map((p) => p.marker).sort());
  for (const [marker, splits] of splitsOf) assert.equal(splits.size, 1, `${marker} is in ${[...splits].join(' and ')}`);
  const used = new Set([...splitsOf.values()].flatMap((s) => [...s]));
  assert.deepEqual([...used].sort(), ['eval', 'train']);
});

test('no name, MRN, phone number, street address or source id of the fixture is in any output file', () => {
  const canaries = [
    ...CODED_PATIENTS.flatMap((p) => [p.id, p.given, p.family, p.mrn, p.phone, p.street]),
    CODED_PRACTITIONER.id,
    CODED_PRACTITIONER.given,
    CODED_PRACTITIONER.family,
    'Wrenfield',
  ];
  for (const b of [full, minimal]) {
    const files = allFiles(b.out);
    assert.ok(files.some((f) => f.endsWith('.jsonl')));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const canary of canaries) assert.ok(!text.includes(canary), `${canary} is in ${relative(b.out, file)}`);
    }
  }
  // The names were in the notes, and were replaced (not the notes dropped).
  assert.ok(rows(full, 'note-generation').some((r) => r.output.startsWith('[NAME] was seen on [DATE]')));
});
