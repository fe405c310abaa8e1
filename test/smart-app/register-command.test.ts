import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRegistrationSheet, registrationMarkdown } from '../../server/smart/registration-sheet.ts';
import { smartClientFor } from '../../server/smart/smart-scopes.ts';
import { testConfig } from '../helpers/app.ts';

test('the registration sheet names the launch, redirect, JWKS and CDS discovery URLs and both scope syntaxes', () => {
  const sheet = buildRegistrationSheet({
    baseUrl: 'https://chartside.hospital.example/',
    clientId: 'chartside',
    trustedIssuers: [{ iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks.json' }],
    fhirServers: ['https://ehr.example.org/fhir'],
  });
  assert.equal(sheet.smartApp.launchUrl, 'https://chartside.hospital.example/smart/launch');
  assert.equal(sheet.smartApp.redirectUrl, 'https://chartside.hospital.example/smart/callback');
  assert.equal(sheet.backendClient.jwksUrl, 'https://chartside.hospital.example/.well-known/jwks.json');
  assert.equal(sheet.cdsHooks.discoveryUrl, 'https://chartside.hospital.example/cds-services');
  assert.match(sheet.smartApp.scopes.v1.ehrLaunch, /patient\/Condition\.write/);
  assert.match(sheet.smartApp.scopes.v2.ehrLaunch, /patient\/Condition\.c/);
  assert.match(sheet.smartApp.scopes.v2.standaloneLaunch, /^launch\/patient /);
  const markdown = registrationMarkdown(sheet);
  assert.match(markdown, /## Oracle Health/);
  assert.match(markdown, /only the patient-view hook/);
  assert.match(markdown, /`https:\/\/ehr\.example\.org` \(keys: https:\/\/ehr\.example\.org\/jwks\.json\)/);
});

test('per-EHR settings choose the client id and the v1 scope syntax for that iss only', () => {
  const config = testConfig({
    smartEhrs: [{ iss: 'https://fhir.oracle.example/r4/', clientId: 'oracle-client', scopes: 'v1' }],
  });
  const oracle = smartClientFor(config, 'https://fhir.oracle.example/r4', 'ehr');
  assert.equal(oracle.clientId, 'oracle-client');
  assert.match(oracle.scope, /patient\/Condition\.read/);
  const other = smartClientFor(config, 'https://ehr.example.org/fhir', 'standalone');
  assert.equal(other.clientId, 'chartside');
  assert.match(other.scope, /^launch\/patient .*patient\/Condition\.rs/);
});
