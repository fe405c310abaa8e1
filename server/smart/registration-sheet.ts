import { discoveryOf, SERVICES, type DiscoveredService } from '../../cds-hooks/services.ts';
import { launchScopes } from './smart-scopes.ts';

/** Everything an EHR administrator enters to register Chartside (SMART app, backend client, CDS service). */
export interface RegistrationSheet {
  baseUrl: string;
  smartApp: {
    clientType: 'public';
    tokenEndpointAuthMethod: 'none';
    pkce: 'S256';
    clientId: string;
    launchUrl: string;
    redirectUrl: string;
    scopes: {
      v2: { ehrLaunch: string; standaloneLaunch: string };
      v1: { ehrLaunch: string; standaloneLaunch: string };
    };
  };
  backendClient: { jwksUrl: string; tokenEndpointAuthMethod: 'private_key_jwt' };
  cdsHooks: {
    discoveryUrl: string;
    services: DiscoveredService[];
    trustedIssuers: { iss: string; keys: string }[];
  };
  fhirServers: string[];
  ehrs: {
    epic: string[];
    oracleHealth: string[];
  };
}

export interface RegistrationInput {
  baseUrl: string;
  clientId: string;
  trustedIssuers: { iss: string; jwksUrl?: string | undefined }[];
  fhirServers: string[];
}

/** Builds the registration sheet for `chartside register` from the public URL and the configuration. */
export function buildRegistrationSheet(input: RegistrationInput): RegistrationSheet {
  const base = input.baseUrl.replace(/\/+$/, '');
  const services = SERVICES.map(discoveryOf);
  return {
    baseUrl: base,
    smartApp: {
      clientType: 'public',
      tokenEndpointAuthMethod: 'none',
      pkce: 'S256',
      clientId: input.clientId,
      launchUrl: `${base}/smart/launch`,
      redirectUrl: `${base}/smart/callback`,
      scopes: {
        v2: { ehrLaunch: launchScopes('v2', 'ehr'), standaloneLaunch: launchScopes('v2', 'standalone') },
        v1: { ehrLaunch: launchScopes('v1', 'ehr'), standaloneLaunch: launchScopes('v1', 'standalone') },
      },
    },
    backendClient: { jwksUrl: `${base}/.well-known/jwks.json`, tokenEndpointAuthMethod: 'private_key_jwt' },
    cdsHooks: {
      discoveryUrl: `${base}/cds-services`,
      services,
      trustedIssuers: input.trustedIssuers.map((c) => ({ iss: c.iss, keys: c.jwksUrl ?? 'inline JWK Set' })),
    },
    fhirServers: input.fhirServers,
    ehrs: {
      epic: [
        'Register a SMART on FHIR (R4) app as a public client (no secret) with the launch and redirect URLs above; Epic issues the client id (set CHARTSIDE_SMART_CLIENT_ID or a smartEhrs entry).',
        'Request the SMART v1 scopes (Epic grants v1 syntax); set `scopes: "v1"` in the smartEhrs entry for the Epic FHIR base.',
        'Select the APIs the scopes map to: Patient.Read, Encounter.Read, Condition.Read and Condition.Create (Encounter Diagnosis), Observation.Read (Vitals), DocumentReference.Read (Clinical Notes).',
        'Embed the activity in the sidebar; Epic launches with `iss` and `launch`. CDS Hooks: register the discovery URL; Epic passes `appContext` from a card link to the SMART launch.',
        'Backend (Bulk FHIR export): register the JWKS URL for the backend client.',
      ],
      oracleHealth: [
        'Register in the Oracle Health (Cerner) code console as a provider-facing SMART app, public client, with the launch and redirect URLs above.',
        'Use SMART v1 scopes (`patient/Condition.read`, `patient/Condition.write`, …) with `online_access`: Oracle Health access tokens last about 10 minutes and the app refreshes them.',
        'CDS Hooks: Oracle Health supports only the patient-view hook; register `chartside-icd10-patient-view` and `chartside-triage-patient-view`. `appContext` is not passed to SMART launches there, so the app reads the chart itself.',
        'Oracle Health authorization and FHIR servers are on different hosts: only the FHIR base goes into CHARTSIDE_FHIR_SERVERS (the authorization server comes from its .well-known/smart-configuration).',
      ],
    },
  };
}

function scopesBlock(scopes: string): string {
  return '```\n' + scopes + '\n```';
}

/** The sheet as Markdown, for the administrator's ticket. */
export function registrationMarkdown(sheet: RegistrationSheet): string {
  const s = sheet.smartApp;
  const lines = [
    `# Chartside registration: ${sheet.baseUrl}`,
    '',
    '## SMART on FHIR app',
    '',
    '| field | value |',
    '| --- | --- |',
    `| client type | public (no secret), token endpoint auth \`none\`, PKCE \`S256\` |`,
    `| client id | \`${s.clientId}\` (or the id the EHR issues) |`,
    `| launch URL | \`${s.launchUrl}\` |`,
    `| redirect URL | \`${s.redirectUrl}\` |`,
    '',
    'Scopes, SMART v2 (EHR launch):',
    '',
    scopesBlock(s.scopes.v2.ehrLaunch),
    '',
    'Scopes, SMART v1 (EHR launch; Epic and Oracle Health):',
    '',
    scopesBlock(s.scopes.v1.ehrLaunch),
    '',
    `Standalone launch uses \`launch/patient\` instead of \`launch\` (v2: \`${s.scopes.v2.standaloneLaunch}\`).`,
    '',
    '## Backend client (Bulk FHIR export)',
    '',
    `JWKS URL: \`${sheet.backendClient.jwksUrl}\` (token endpoint auth \`private_key_jwt\`).`,
    '',
    '## CDS Hooks',
    '',
    `Discovery URL: \`${sheet.cdsHooks.discoveryUrl}\``,
    '',
    '| service | hook | prefetch |',
    '| --- | --- | --- |',
    ...sheet.cdsHooks.services.map(
      (x) =>
        `| \`${x.id}\` | \`${x.hook}\` | ${Object.entries(x.prefetch)
          .map(([k, v]) => `${k}: \`${v}\``)
          .join('<br>')} |`,
    ),
    '',
    'Trusted JWT issuers (CHARTSIDE_CDS_CLIENTS):',
    '',
    ...(sheet.cdsHooks.trustedIssuers.length === 0
      ? ['- none configured yet: add the EHR issuer and its JWKS URL']
      : sheet.cdsHooks.trustedIssuers.map((i) => `- \`${i.iss}\` (keys: ${i.keys})`)),
    '',
    'Allowed FHIR servers (CHARTSIDE_FHIR_SERVERS):',
    '',
    ...(sheet.fhirServers.length === 0 ? ['- none configured yet'] : sheet.fhirServers.map((f) => `- \`${f}\``)),
    '',
    '## Epic',
    '',
    ...sheet.ehrs.epic.map((l) => `- ${l}`),
    '',
    '## Oracle Health',
    '',
    ...sheet.ehrs.oracleHealth.map((l) => `- ${l}`),
    '',
  ];
  return lines.join('\n');
}
