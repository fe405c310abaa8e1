import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bundle, Condition, DocumentReference, Observation, Patient } from 'fhir/r4.d.ts';
import { createDeidentifier, generalizeZip, SAFE_HARBOR_PROFILE } from '../../server/deid/index.ts';
import { AppError } from '../../server/errors/app-error.ts';

const SECRET = 'fhir-test-secret-0123456789abcdef0123';
const deid = createDeidentifier({ secret: SECRET });

const patient: Patient = {
  resourceType: 'Patient',
  id: 'pat-1',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Lynelle Bruen, born 1964-12-09</div>' },
  extension: [
    { url: 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName', valueString: 'Jerilyn Zieme' },
    { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' },
  ],
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-ssn', value: '999-56-7211' }],
  name: [{ family: 'Bruen', given: ['Lynelle'] }],
  telecom: [{ system: 'phone', value: '555-288-1632' }],
  gender: 'female',
  birthDate: '1964-12-09',
  address: [
    { line: ['127 Crona Crossing'], city: 'Raynham', state: 'Massachusetts', postalCode: '02767', country: 'US' },
  ],
  photo: [{ contentType: 'image/jpeg', data: 'AAAA' }],
};

test('a Patient keeps gender, state and the year of birth and loses names, contacts, identifiers and photos', () => {
  const { resource, counts } = deid.deidentifyResource(patient);
  assert.deepEqual(resource, {
    resourceType: 'Patient',
    id: resource.id,
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">[NAME], born [DATE]</div>' },
    extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' }],
    gender: 'female',
    birthDate: '1964',
    address: [{ state: 'Massachusetts', postalCode: '027', country: 'US' }],
  });
  assert.match(resource.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(counts.NAME, 2);
  assert.equal(counts.PHOTO, 1);
  assert.equal(counts.MRN, 1);
});

test('ZIP codes keep three digits, and the restricted prefixes become 000', () => {
  assert.deepEqual(['02767', '03601', '20501-1234', '369', 'N1 9GU'].map(generalizeZip), [
    '027',
    '000',
    '000',
    '000',
    '000',
  ]);
});

test('a birth date that shows an age over 89 at the last event is removed', () => {
  const old: Patient = { resourceType: 'Patient', id: 'old', birthDate: '1920-05-01' };
  const visit: Condition = {
    resourceType: 'Condition',
    id: 'c',
    subject: { reference: 'Patient/old' },
    recordedDate: '2011-02-03',
  };
  const young: Condition = { ...visit, recordedDate: '2009-02-03' };
  const oldContext = deid.learn([old, visit]);
  assert.equal(deid.deidentifyResource(old, oldContext).resource.birthDate, undefined);
  assert.equal(deid.deidentifyResource(old, oldContext).counts.AGE, 1);
  assert.equal(deid.deidentifyResource(old, deid.learn([old, young])).resource.birthDate, '1920');
});

test('ids and references are pseudonymised consistently, so references still resolve', () => {
  const condition: Condition = {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/pat-1', display: 'Lynelle Bruen' },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }], text: 'Diabetes' },
  };
  const p = deid.deidentifyResource(patient).resource;
  const c = deid.deidentifyResource(condition).resource;
  assert.deepEqual(c.subject, { reference: `Patient/${p.id}` });
  assert.deepEqual(c.code, condition.code);
  const again = createDeidentifier({ secret: SECRET }).deidentifyResource(condition).resource;
  assert.equal(again.id, c.id);
  assert.notEqual(createDeidentifier({ secret: `${SECRET}-other` }).deidentifyResource(condition).resource.id, c.id);
});

test("safe-harbor keeps the year; shift moves all of one patient's dates by the same offset", () => {
  const obs = (id: string, when: string): Observation => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
    subject: { reference: 'Patient/pat-1' },
    effectiveDateTime: when,
    valueQuantity: { value: 170.2, unit: 'cm' },
  });
  assert.equal(deid.deidentifyResource(obs('o1', '2020-03-04T10:00:00-05:00')).resource.effectiveDateTime, '2020');
  const shifter = createDeidentifier({ secret: SECRET, dateMode: 'shift' });
  const a = shifter.deidentifyResource(obs('o1', '2020-03-04T10:00:00-05:00')).resource;
  const b = shifter.deidentifyResource(obs('o2', '2020-03-14T10:00:00-05:00')).resource;
  const day = (s: string | undefined): number => Date.parse((s ?? '').slice(0, 10));
  assert.notEqual(a.effectiveDateTime?.slice(0, 10), '2020-03-04');
  assert.equal((day(b.effectiveDateTime) - day(a.effectiveDateTime)) / 86_400_000, 10);
  assert.equal(a.effectiveDateTime?.slice(10), 'T10:00:00-05:00');
  assert.deepEqual(a.valueQuantity, { value: 170.2, unit: 'cm' });
});

test('text attachments are scrubbed inside their base64 data and image attachments are dropped', () => {
  const note = Buffer.from('Lynelle Bruen seen 2020-03-04 by Dr. Kunze.').toString('base64');
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id: 'd1',
    status: 'current',
    subject: { reference: 'Patient/pat-1' },
    content: [
      { attachment: { contentType: 'text/plain; charset=utf-8', data: note, url: 'http://ehr.example/doc/1' } },
      { attachment: { contentType: 'image/png', data: 'iVBORw0KGgo=' } },
    ],
  };
  const context = deid.learn([patient, doc]);
  const { resource, counts } = deid.deidentifyResource(doc, context);
  assert.equal(resource.content.length, 1);
  assert.equal(
    Buffer.from(resource.content[0]?.attachment.data ?? '', 'base64').toString('utf8'),
    '[NAME] seen [DATE] by Dr. [NAME].',
  );
  assert.equal(resource.content[0]?.attachment.url, undefined);
  assert.equal(counts.PHOTO, 1);
});

test('a Bundle keeps its entries and its urn:uuid references resolve to the new fullUrls', () => {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:11111111-1111-1111-1111-111111111111',
        resource: { ...patient, id: '11111111-1111-1111-1111-111111111111' },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: 'urn:uuid:22222222-2222-2222-2222-222222222222',
        resource: {
          resourceType: 'Condition',
          id: '22222222-2222-2222-2222-222222222222',
          subject: { reference: 'urn:uuid:11111111-1111-1111-1111-111111111111' },
        } as Condition,
        request: { method: 'POST', url: 'Condition' },
      },
    ],
  };
  const { bundle: out, resourceTypes } = deid.deidentifyBundle(bundle);
  const condition = out.entry?.[1]?.resource as Condition;
  assert.equal(condition.subject?.reference, out.entry?.[0]?.fullUrl);
  assert.notEqual(out.entry?.[0]?.fullUrl, bundle.entry?.[0]?.fullUrl);
  assert.deepEqual(resourceTypes, { Patient: 1, Condition: 1 });
});

test("de-identifying a chart selectively gives the Bundle's output for the chosen entries, names learned from all", () => {
  const note = Buffer.from('Lynelle Bruen seen by Dr. Kunze for cough.').toString('base64');
  const doc: DocumentReference = {
    resourceType: 'DocumentReference',
    id: 'd1',
    status: 'current',
    subject: { reference: 'Patient/pat-1' },
    content: [{ attachment: { contentType: 'text/plain', data: note } }],
  };
  const condition: Condition = { resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/pat-1' } };
  const chart = [patient, condition, doc];
  const selected = deid.deidentifySelected(chart, new Set([2]));
  const { bundle } = deid.deidentifyBundle({
    resourceType: 'Bundle',
    type: 'collection',
    entry: chart.map((resource) => ({ resource })),
  });
  assert.deepEqual(selected, [undefined, undefined, bundle.entry?.[2]?.resource]);
  const [scrubbed] = (selected[2] as DocumentReference).content;
  assert.equal(
    Buffer.from(scrubbed?.attachment.data ?? '', 'base64').toString('utf8'),
    '[NAME] seen by Dr. [NAME] for cough.',
  );
  assert.throws(
    () => deid.deidentifySelected([patient, { resourceType: 'Basic', id: 'x' } as never], new Set([0])),
    (e: unknown) =>
      e instanceof AppError && e.code === 'UNPROCESSABLE' && e.message.startsWith('entry 1: resource type Basic'),
  );
});

test('a resource type the profile does not cover is refused by name, without content', () => {
  assert.throws(
    () => deid.deidentifyResource({ resourceType: 'Basic', id: 'x' } as never),
    (e: unknown) =>
      e instanceof AppError &&
      e.code === 'UNPROCESSABLE' &&
      e.message === 'resource type Basic is not in the de-identification profile',
  );
});

test('a profile with an invalid FHIRPath is refused when the engine is created', () => {
  const profile = { ...SAFE_HARBOR_PROFILE, common: [{ path: 'name.where(', method: 'keep' }] };
  assert.throws(
    () => createDeidentifier({ secret: SECRET, profile }),
    (e: unknown) =>
      e instanceof AppError &&
      e.code === 'CONFIG' &&
      e.message === 'profile: common rule 1 is not a valid FHIRPath expression',
  );
});

test("a site profile replaces a type's rules: only what it and the common rules select survives", () => {
  const profile = {
    ...SAFE_HARBOR_PROFILE,
    resources: { ...SAFE_HARBOR_PROFILE.resources, Observation: [{ path: 'Observation.status', method: 'keep' }] },
  };
  const engine = createDeidentifier({ secret: SECRET, profile });
  const out = engine.deidentifyResource({
    resourceType: 'Observation',
    id: 'o',
    status: 'final',
    code: { text: 'x' },
    issued: '2020-01-02T03:04:05Z',
  }).resource;
  assert.deepEqual(out, {
    resourceType: 'Observation',
    id: out.id,
    status: 'final',
    code: { text: 'x' },
    issued: '2020-01-01T00:00:00Z',
  });
});
