import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** The signing algorithms SMART Backend Services requires servers to support (§Authentication). */
export const BACKEND_ALGORITHMS = ['RS384', 'ES384'] as const;
export type BackendAlgorithm = (typeof BACKEND_ALGORITHMS)[number];

/** Members of a JWK that are private: none of them may appear in a published key set. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const PublicJwkSchema = z.looseObject({
  kty: z.enum(['RSA', 'EC']),
  kid: z.string().min(1),
  alg: z.enum(BACKEND_ALGORITHMS),
});
export const JwksSchema = z.object({ keys: z.array(PublicJwkSchema) });
export type Jwks = { keys: JWK[] };

const PrivateJwkSchema = PublicJwkSchema.extend({ d: z.string().min(1) });

/** The file names inside a key directory. */
export const JWKS_FILE = 'jwks.json';
export const privateKeyFile = (kid: string): string => `${kid}.private.jwk.json`;

/** A loaded signing key: what the client assertion needs. */
export interface SigningKey {
  readonly key: CryptoKey;
  readonly kid: string;
  readonly alg: BackendAlgorithm;
}

/** Strips private members, so that only the public half of a key can be published. */
export function publicJwk(jwk: JWK): JWK {
  const out: JWK = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete (out as Record<string, unknown>)[m];
  return out;
}

async function writeAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, path);
}

/**
 * `chartside keys generate`: a new key pair for SMART Backend Services. The private JWK goes to
 * `<kid>.private.jwk.json` (mode 0600); the public key is added to `jwks.json`, the set IT registers with
 * the EHR (or that `/.well-known/jwks.json` serves), so old keys stay valid while a rotation is rolled out.
 * The kid is the RFC 7638 thumbprint of the public key.
 */
export async function generateBackendKeys(options: {
  alg: BackendAlgorithm;
  outDir: string;
}): Promise<{ kid: string; privateKeyPath: string; jwksPath: string }> {
  const { publicKey, privateKey } = await generateKeyPair(options.alg, { extractable: true, modulusLength: 3072 });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub, 'sha256');
  const priv = { ...(await exportJWK(privateKey)), kid, alg: options.alg, use: 'sig' };
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(options.outDir, privateKeyFile(kid));
  await writeAtomic(privateKeyPath, JSON.stringify(priv, null, 2) + '\n', 0o600);
  await chmod(privateKeyPath, 0o600);
  const jwksPath = join(options.outDir, JWKS_FILE);
  const existing = await readPublicJwks(options.outDir);
  const keys = [...existing.keys.filter((k) => k.kid !== kid), publicJwk(priv)];
  await writeAtomic(jwksPath, JSON.stringify({ keys }, null, 2) + '\n', 0o644);
  return { kid, privateKeyPath, jwksPath };
}

/**
 * The public key set of a key directory (empty when it has none yet). Private members are stripped even
 * if someone put a private key in the file.
 */
export async function readPublicJwks(dir: string): Promise<Jwks> {
  let text: string;
  try {
    text = await readFile(join(dir, JWKS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
    throw new AppError('IO', `key directory: ${JWKS_FILE} cannot be read`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('CONFIG', `key directory: ${JWKS_FILE} is not valid JSON`);
  }
  const parsed = JwksSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'CONFIG',
      `key directory: ${JWKS_FILE} ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return { keys: parsed.data.keys.map((k) => publicJwk(k as JWK)) };
}

/** Loads a private JWK written by `generateBackendKeys` (or any RS384/ES384 private JWK with a kid). */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new AppError('INVALID_INPUT', '--key: file cannot be read or is not valid JSON', { cause });
  }
  const parsed = PrivateJwkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_INPUT',
      `--key: not a private RS384/ES384 JWK with a kid (${issue?.path.join('.') ?? 'key'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const key = await importJWK(parsed.data as JWK, parsed.data.alg);
  if (key instanceof Uint8Array)
    throw new AppError('INVALID_INPUT', '--key: a symmetric key cannot sign a client assertion');
  return { key, kid: parsed.data.kid, alg: parsed.data.alg };
}
