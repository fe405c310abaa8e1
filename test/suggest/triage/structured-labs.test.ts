import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTriage } from '../../../server/suggest/triage/assess-triage.ts';

const firedWith = (lab: { name: string; loinc?: string; value: number; unit: string }): string[] =>
  assessTriage({
    text: 'Routine review.',
    structured: { ageYears: 60, labs: [{ ...lab, ref: 'Observation/lab-1' }] },
  })
    .discriminators.map((d) => d.id)
    .filter((id) => id !== 'routine');

test('a chart laboratory value is read by its LOINC code first: HbA1c is not a haemoglobin', () => {
  // Synthea's HbA1c: its display shares the word "Hemoglobin"; 6.3 % is not a haemoglobin of 6.3 g/dL.
  const a1c = { name: 'Hemoglobin A1c/Hemoglobin.total in Blood', value: 6.29, unit: '%' };
  assert.deepEqual(firedWith({ ...a1c, loinc: '4548-4' }), []);
  assert.deepEqual(firedWith(a1c), [], 'without a LOINC code the name says A1c');
  // A real haemoglobin of 6.3 g/dL is critical, by its LOINC code or by its name.
  assert.ok(
    firedWith({ name: 'Hemoglobin [Mass/volume] in Blood', loinc: '718-7', value: 6.3, unit: 'g/dL' }).includes(
      'critical-lab',
    ),
  );
  assert.ok(firedWith({ name: 'Hemoglobin', value: 6.3, unit: 'g/dL' }).includes('critical-lab'));
});

test('a coded test the table does not list is not read by the words of its name', () => {
  // Urine glucose (LOINC 2350-7) is not a blood glucose, whatever its name holds.
  assert.deepEqual(
    firedWith({ name: 'Glucose [Mass/volume] in Urine', loinc: '2350-7', value: 40, unit: 'mg/dL' }),
    [],
  );
  assert.ok(
    firedWith({ name: 'Glucose [Mass/volume] in Blood', loinc: '2339-0', value: 40, unit: 'mg/dL' }).length > 0,
  );
});
