import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from './errors/app-error.ts';

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
    /** Largest accepted request body, in bytes. */
    bodyLimit: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(2 * 1024 * 1024),
  })
  .superRefine((config, ctx) => {
    if (config.mode === 'production' && config.deidSecret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['deidSecret'], message: 'is required in production mode' });
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
