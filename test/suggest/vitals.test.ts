import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFindings } from '../../server/suggest/clinical-text/vitals.ts';

test('vital signs are read as clinicians write them, Fahrenheit converted', () => {
  const f = parseFindings('45M, BP 158/92, HR 88, RR 18, SpO2 98% on RA, T 101.2 F, GCS 15, glucose 412, pain 7/10');
  assert.deepEqual(f.vitals, {
    systolic: 158,
    diastolic: 92,
    heartRate: 88,
    respiratoryRate: 18,
    spo2: 98,
    temperatureC: 38.4,
    gcs: 15,
    glucose: 412,
    pain: 7,
  });
  assert.deepEqual(f.demographics, { ageYears: 45, sex: 'male' });
});

test('ages of infants are fractions of a year, pregnancy is noticed', () => {
  assert.equal(parseFindings('3-week-old with fever').demographics.ageYears, 3 / 52);
  assert.equal(parseFindings('6 month old boy').demographics.ageYears, 0.5);
  assert.equal(parseFindings('26F, 14 weeks pregnant').demographics.pregnant, true);
  assert.equal(parseFindings('the thermometer says 38.2 C').vitals.temperatureC, 38.2);
});

test('absurd values are dropped and named, never used', () => {
  const f = parseFindings('HR 900, SpO2 150%, BP 120/80');
  assert.equal(f.vitals.heartRate, undefined);
  assert.equal(f.vitals.spo2, undefined);
  assert.deepEqual(f.implausible.sort(), ['heartRate', 'spo2']);
  assert.equal(f.vitals.systolic, 120);
});
