import type { Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../errors/parse.ts';
import { BACKEND_ALGORITHMS, generateBackendKeys } from '../../bulk/backend-keys.ts';
import { action, printJson } from '../run-command.ts';

const GenerateFlags = z.object({ alg: z.enum(BACKEND_ALGORITHMS), out: z.string().min(1) });

/** `chartside keys …`: the key pair for SMART Backend Services (Bulk FHIR export). */
export function registerKeysCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('Key pairs for SMART Backend Services (the Bulk FHIR export client).');
  keys
    .command('generate')
    .description(
      'Create a key pair: DIR/<kid>.private.jwk.json (mode 0600, give it to `chartside export --key`) and DIR/jwks.json (the public key set for IT to register with the EHR; served at /.well-known/jwks.json when CHARTSIDE_BACKEND_KEYS=DIR).',
    )
    .option('--alg <alg>', `signing algorithm: ${BACKEND_ALGORITHMS.join(' or ')}`, 'ES384')
    .requiredOption('--out <dir>', 'key directory (created if missing; an existing jwks.json keeps its keys)')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(GenerateFlags, raw, 'flags');
        const result = await generateBackendKeys({ alg: flags.alg, outDir: flags.out });
        printJson({ alg: flags.alg, ...result });
      }),
    );
}
