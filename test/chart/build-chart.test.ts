import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildChartModel } from '../../server/chart/build-chart.ts';
import { problemStanding } from '../../server/chart/problem-status.ts';
import { condition, encounter, PATIENT, vital } from './chart-fixtures.ts';

const NOW = new Date('2026-03-02T12:00:00Z');

test('each clinical status sorts a Condition into current or history; entered-in-error and refuted are ignored', () => {
  const cases: [string | undefined, string | undefined, string, boolean][] = [
    ['active', 'confirmed', 'current', false],
    ['recurrence', undefined, 'current', false],
    ['relapse', undefined, 'current', false],
    ['inactive', undefined, 'history', false],
    ['remission', undefined, 'history', false],
    ['resolved', 'confirmed', 'history', false],
    ['active', 'entered-in-error', 'ignored', false],
    ['active', 'refuted', 'ignored', false],
    ['active', 'provisional', 'current', true],
    ['active', 'differential', 'current', true],
    ['active', 'unconfirmed', 'current', true],
  ];
  for (const [clinical, verification, status, provisional] of cases) {
    const c = condition('c', 'Asthma', {
      ...(clinical !== undefined ? { clinical } : {}),
      ...(verification !== undefined ? { verification } : {}),
    });
    const standing = problemStanding(c, '2026-03-02T00:00:00Z');
    assert.equal(standing.status, status, `${clinical}/${verification}`);
    assert.equal(standing.provisional, provisional, `${clinical}/${verification}`);
  }
  assert.equal(
    problemStanding(condition('c', 'Sprain', { abatement: '2020-01-01' }), '2026-03-02T00:00:00Z').status,
    'history',
    'abated without a status is history',
  );
  assert.equal(
    problemStanding(condition('c', 'Sinusitis', { clinical: 'resolved', abatement: '2026-03-10' }), '2026-03-02')
      .status,
    'current',
    'resolved only after the encounter: current at the encounter',
  );
});

test('the encounter in context gives the window; without one the latest is taken and flagged', () => {
  const resources = [
    PATIENT,
    encounter('old', '2019-01-01T10:00:00Z', '2019-01-01T11:00:00Z'),
    encounter('new', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'),
  ];
  const named = buildChartModel(resources, { encounterId: 'old', now: NOW });
  assert.equal(named.encounter?.ref, 'Encounter/old');
  assert.equal(named.encounter?.inContext, true);
  assert.equal(named.patient?.ageYears, 48);
  const latest = buildChartModel(resources, { now: NOW });
  assert.equal(latest.encounter?.ref, 'Encounter/new');
  assert.equal(latest.encounter?.inContext, false);
  assert.equal(latest.window.end, '2026-03-01T10:00:00.000Z');
});

test('vital signs are the latest numbers in the encounter window, with LOINC and UCUM; years-old values never', () => {
  const model = buildChartModel(
    [
      PATIENT,
      encounter('e1', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'),
      vital('hr-old', '8867-4', 130, '/min', '2019-05-01T09:00:00Z'),
      vital('hr-1', '8867-4', 88, '/min', '2026-03-01T09:05:00Z'),
      vital('hr-2', '8867-4', 92, '/min', '2026-03-01T09:40:00Z'),
      vital('pain', '72514-3', 0, '{score}', '2026-03-01T09:05:00Z'),
    ],
    { encounterId: 'e1', now: NOW },
  );
  const hr = model.vitals.find((v) => v.kind === 'heart-rate');
  assert.deepEqual(
    { value: hr?.value, unit: hr?.unit, loinc: hr?.loinc, ref: hr?.ref },
    { value: 92, unit: '/min', loinc: '8867-4', ref: 'Observation/hr-2' },
  );
  assert.equal(model.vitals.find((v) => v.kind === 'pain')?.value, 0);
  assert.equal(model.outsideWindow, 1);
});

test('encounter diagnoses are told apart from the problem list; a condition first known after the encounter is left out', () => {
  const model = buildChartModel(
    [
      PATIENT,
      encounter('e1', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z'),
      condition('dx', 'Acute bronchitis', { clinical: 'active', encounter: 'e1', onset: '2026-03-01T09:30:00Z' }),
      condition('htn', 'Essential hypertension', { clinical: 'active', onset: '2015-01-01' }),
      condition('later', 'Gout', { clinical: 'active', onset: '2026-03-02T08:00:00Z' }),
    ],
    { encounterId: 'e1', now: NOW },
  );
  assert.deepEqual(
    model.problems.map((p) => [p.ref, p.status, p.ofEncounter]),
    [
      ['Condition/dx', 'current', true],
      ['Condition/htn', 'current', false],
    ],
  );
});
