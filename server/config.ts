import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from './errors/app-error.ts';

/** A boolean from the environment: only `true`/`false`/`1`/`0` (z.coerce.boolean would read "false" as true). */
const envBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** A list given as a JSON array string in the environment, or as an array in the config file. */
function jsonList<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    },
    z.array(item, 'must be a JSON array'),
  );
}

/** Origins (`https://host[:port]`) or `*`. */
const corsOrigin = z.union([
  z.literal('*'),
  z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://ehr.example.org'),
]);

/**
 * Chartside's configuration: environment variables `CHARTSIDE_*` over an optional JSON config file
 * (`CHARTSIDE_CONFIG`, keys in camelCase), validated once at start-up. A bad value stops start-up with a
 * message naming the key; in production, secrets have no defaults.
 */
export const ConfigSchema = z
  .object({
    mode: z.enum(['development', 'production']).default('development'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    publicUrl: z.url().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Directory written by `chartside terminology import`; the embedded default set when absent. */
    terminology: z.string().min(1).optional(),
    /** Secret key for HMAC pseudonyms and date shifts (de-identification). */
    deidSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    /** SMART Backend Services key directory (`chartside keys generate --out`); its jwks.json is served. */
    backendKeys: z.string().min(1).optional(),
    /** Largest accepted request body, in bytes. */
    bodyLimit: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(2 * 1024 * 1024),
    /** Which backend decides: `rules` (embedded default, no model), `llama` (local GGUF) or `openai-compatible`. */
    backend: z.enum(['rules', 'llama', 'openai-compatible']).default('rules'),
    /** GGUF model file for the `llama` backend. */
    model: z.string().min(1).optional(),
    /** Optional LoRA adapter (GGUF) for the `llama` backend. */
    modelLora: z.string().min(1).optional(),
    /** Use a GPU when one is present (`auto`) or never (`off`). */
    modelGpu: z.enum(['auto', 'off']).default('auto'),
    /** Budget of one model decision before the pipeline falls back to rules. */
    modelTimeoutMs: z.coerce.number().int().min(100).max(300_000).default(20_000),
    /** Base URL of an on-premise OpenAI-compatible server (vLLM, llama.cpp server, TGI). */
    modelServerUrl: z.url().optional(),
    /** Model name to ask that server for. */
    modelServerModel: z.string().min(1).default('chartside'),
    /** Hosts the OpenAI-compatible backend may contact (JSON array); anything else is refused. */
    modelServerAllowedHosts: jsonList(z.string().min(1)).default([]),
    /** Bearer key for that server, when it needs one. */
    modelServerApiKey: z.string().min(1).optional(),
    /** JSON file listing the trusted CDS clients (issuers and their keys); see cds-hooks/cds-clients.ts. */
    cdsClients: z.string().min(1).optional(),
    /** Development only: accept CDS Hooks calls without a JWT. Refused in production; warned about loudly. */
    cdsDevSkipAuth: envBoolean.default(false),
    /** Allow-list of FHIR base URLs Chartside may contact (prefetch completion); nothing else is ever fetched. */
    fhirServers: jsonList(z.url()).default([]),
    /** Browser origins allowed to call the CDS Hooks endpoints (CORS); `*` for any. None by default. */
    cdsCorsOrigins: jsonList(corsOrigin).default([]),
    /** Requests per window per CDS client (issuer and tenant). */
    cdsRateLimit: z.coerce.number().int().min(1).default(600),
    cdsRateLimitWindowMs: z.coerce.number().int().min(1000).default(60_000),
    /** Longest a hook call may take (FHIR fetches and suggestions together). */
    cdsTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Clock skew tolerated on the CDS client JWT's exp, iat and nbf, in seconds. */
    cdsClockSkewS: z.coerce.number().int().min(0).max(300).default(30),
    /** Longest lifetime (exp - iat) accepted for a CDS client JWT, in seconds. */
    cdsJwtMaxLifetimeS: z.coerce.number().int().min(10).max(3600).default(600),
    /** Longest a FHIR server fetch may take, and the largest response read. */
    fhirTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(3000),
    fhirMaxBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .default(8 * 1024 * 1024),
    /** SMART launch URL of the Chartside app, for card links; defaults to `publicUrl` + `/smart/launch.html`. */
    smartLaunchUrl: z.url().optional(),
    /** The client id Chartside is registered under at the EHRs (SMART App Launch); per EHR in `smartEhrs`. */
    smartClientId: z.string().min(1).default('chartside'),
    /** SMART scope syntax to request: `v2` (`patient/Condition.rs`) or `v1` (`patient/Condition.read`). */
    smartScopes: z.enum(['v1', 'v2']).default('v2'),
    /** Per-EHR SMART settings (JSON array): `{ iss, clientId?, scopes? }`, scopes `v1`, `v2` or a scope string. */
    smartEhrs: jsonList(
      z.object({ iss: z.url(), clientId: z.string().min(1).optional(), scopes: z.string().min(1).optional() }).strict(),
    ).default([]),
    /** Development only: `npm start` also starts the EHR simulator (fixtures/ehr/simulator) and prints its URL. */
    ehrSimulator: envBoolean.default(true),
    /** Port of that EHR simulator; 0 picks a free one. */
    ehrSimulatorPort: z.coerce.number().int().min(0).max(65535).default(0),
    /** Append-only, hash-chained audit log (FHIR AuditEvent NDJSON). */
    auditLog: z.string().min(1).default('.chartside/audit.ndjson'),
    /** CDS Hooks feedback (accepted / overridden outcomes), NDJSON. */
    feedbackLog: z.string().min(1).default('.chartside/cds-feedback.ndjson'),
    /**
     * Off unless set: what each card and app answer offered (de-identified case text, suggestion labels), so
     * that feedback can become preference pairs (`chartside dataset build --feedback … --cases …`).
     */
    trainingCasesLog: z.string().min(1).optional(),
    /** Model registry (`chartside models …`): versions, evaluations, promotions; the server serves its promoted model. */
    registryDir: z.string().min(1).default('.chartside/registry'),
    /**
     * How often a server on the llama backend reads which version is promoted, and loads a newly promoted one
     * (every replica serves a promotion within this interval plus the load time); 0 reads it only at start.
     */
    registryRefreshMs: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /**
     * Shared state of N replicas (audit chain, JWT ids, issued cards, feedback, SMART launches, rate limits) in
     * PostgreSQL: `postgres://user:password@host:5432/chartside`. Unset: local files and memory (one replica).
     */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL')
      .optional(),
    /** Most database connections one replica opens. */
    databasePoolMax: z.coerce.number().int().min(1).max(200).default(10),
    /** Apply pending schema migrations at start (under an advisory lock); `false` when IT runs `chartside db migrate`. */
    databaseMigrate: envBoolean.default(true),
    /** After SIGTERM, how long the replica keeps accepting requests while /readyz says not-ready (load balancer drain). */
    shutdownDrainMs: z.coerce.number().int().min(0).max(120_000).default(5000),
    /** After the drain, the longest in-flight requests may take before connections are cut and the process exits. */
    shutdownTimeoutMs: z.coerce.number().int().min(100).max(300_000).default(20_000),
  })
  .superRefine((config, ctx) => {
    if (config.mode === 'production' && config.deidSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['deidSecret'], message: 'is required in production mode' });
    }
    if (config.backend === 'openai-compatible' && config.modelServerUrl === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['modelServerUrl'],
        message: 'is required when CHARTSIDE_BACKEND is openai-compatible',
      });
    }
    if (config.mode === 'production' && config.cdsDevSkipAuth) {
      ctx.addIssue({ code: 'custom', path: ['cdsDevSkipAuth'], message: 'is not allowed in production mode' });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Environment variable name for a config key: `deidSecret` → `CHARTSIDE_DEID_SECRET`. */
export function envName(key: string): string {
  return 'CHARTSIDE_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

const KEYS = Object.keys(ConfigSchema.shape) as (keyof Config)[];

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('CONFIG', `invalid configuration: CHARTSIDE_CONFIG file cannot be read (${path})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('CONFIG', `invalid configuration: CHARTSIDE_CONFIG file is not valid JSON (${path})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('CONFIG', `invalid configuration: CHARTSIDE_CONFIG file must hold a JSON object (${path})`);
  }
  const unknownKey = Object.keys(parsed).find((k) => !(KEYS as string[]).includes(k));
  if (unknownKey !== undefined) {
    throw new AppError('CONFIG', `invalid configuration: unknown key "${unknownKey}" in ${path}`);
  }
  return parsed as Record<string, unknown>;
}

/** Loads and validates configuration from an environment (default: `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const fromFile = env.CHARTSIDE_CONFIG ? readConfigFile(env.CHARTSIDE_CONFIG) : {};
  const raw: Record<string, unknown> = { ...fromFile };
  for (const key of KEYS) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? 'unknown');
  const source =
    env[envName(key)] !== undefined ? envName(key) : key in fromFile ? `${key} (config file)` : envName(key);
  throw new AppError('CONFIG', `invalid configuration: ${source} ${issue?.message ?? 'is invalid'}`, {
    expression: [source],
  });
}
