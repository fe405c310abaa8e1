import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from 'fhir/r4.d.ts';
import { FhirContext, patientIdOf } from '../../server/deid/fhir/fhir-context.ts';

test('one rule finds the patient of a resource, whatever the shape of its reference', () => {
  assert.equal(patientIdOf({ resourceType: 'Patient', id: 'p1' }), 'p1');
  assert.equal(patientIdOf({ resourceType: 'Encounter', subject: { reference: 'Patient/p1' } }), 'p1');
  assert.equal(patientIdOf({ resourceType: 'Encounter', subject: { reference: 'Patient/p1/_history/4' } }), 'p1');
  assert.equal(
    patientIdOf({ resourceType: 'Encounter', subject: { reference: 'https://ehr.example/fhir/Patient/p1' } }),
    'p1',
  );
  assert.equal(patientIdOf({ resourceType: 'Observation', subject: { reference: 'urn:uuid:abc' } }), 'abc');
  assert.equal(patientIdOf({ resourceType: 'RelatedPerson', patient: { reference: 'Patient/p2' } }), 'p2');
  assert.equal(patientIdOf({ resourceType: 'Coverage', beneficiary: { reference: 'Patient/p3' } }), 'p3');
  assert.equal(
    patientIdOf({
      resourceType: 'Communication',
      recipient: [{ reference: 'Practitioner/d1' }, { reference: 'Patient/p4' }],
    }),
    'p4',
  );
  assert.equal(patientIdOf({ resourceType: 'Encounter', subject: { reference: 'Group/g1' } }), undefined);
  assert.equal(patientIdOf({ resourceType: 'Practitioner', id: 'd1' }), undefined);
});

const note = 'Seen with Dr Quillfeather at Brambleton Clinic.';

test('a partition context sees the shared practitioners, and no other partition’s patients', () => {
  const shared = new FhirContext();
  shared.add({
    resourceType: 'Practitioner',
    id: 'd1',
    name: [{ family: 'Quillfeather', given: ['Ada'] }],
  } as Resource);
  const one = shared.forPatients();
  const two = shared.forPatients();
  one.add({ resourceType: 'Patient', id: 'p1', name: [{ family: 'Marrowfield', given: ['Ivo'] }] } as Resource);
  // The distinct texts found (the matcher reports overlapping spans: "Ivo", "Marrowfield", "Ivo Marrowfield").
  const found = (ctx: FhirContext, id: string, text: string): string[] =>
    [
      ...new Set(
        ctx
          .matcherFor(id)
          .find(text)
          .map((s) => text.slice(s.start, s.end)),
      ),
    ].sort();
  assert.deepEqual(found(one, 'p1', 'Ivo Marrowfield saw Quillfeather.'), [
    'Ivo',
    'Ivo Marrowfield',
    'Marrowfield',
    'Quillfeather',
  ]);
  assert.deepEqual(found(two, 'p1', 'Ivo Marrowfield saw Quillfeather.'), ['Quillfeather']);
  // A shared fact learned later reaches the matchers already built, in every context.
  assert.deepEqual(found(one, 'p1', note), ['Quillfeather']);
  shared.add({ resourceType: 'Organization', id: 'o1', name: 'Brambleton Clinic' } as Resource);
  assert.deepEqual(found(one, 'p1', note), ['Brambleton Clinic', 'Quillfeather']);
  assert.deepEqual(found(two, 'p9', note), ['Brambleton Clinic', 'Quillfeather']);
});
