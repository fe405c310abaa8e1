import type { Command } from 'commander';
import { z } from 'zod';
import { loadCdsClients } from '../../../cds-hooks/cds-clients.ts';
import { loadConfig } from '../../config.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { buildRegistrationSheet, registrationMarkdown } from '../../smart/registration-sheet.ts';
import { action, printJson } from '../run-command.ts';

const RegisterFlags = z.object({
  baseUrl: z.url('must be the public URL of Chartside, e.g. https://chartside.hospital.example'),
  json: z.boolean().optional(),
});

/** `chartside register`: what IT enters in the EHR to register Chartside. */
export function registerRegisterCommand(program: Command): void {
  program
    .command('register')
    .description(
      'Print what an EHR administrator enters to register Chartside (SMART app, backend client, CDS Hooks), with Epic and Oracle Health specifics: Markdown, or JSON with --json.',
    )
    .requiredOption('--base-url <url>', 'the public URL the EHR reaches Chartside at')
    .option('--json', 'print JSON instead of Markdown')
    .action(
      action((raw: unknown) => {
        const flags = parseOrThrow(RegisterFlags, raw, 'flags');
        const config = loadConfig();
        const clients = config.cdsClients !== undefined ? loadCdsClients(config.cdsClients) : [];
        const sheet = buildRegistrationSheet({
          baseUrl: flags.baseUrl,
          clientId: config.smartClientId,
          trustedIssuers: clients.map((c) => ({ iss: c.iss, jwksUrl: c.jwksUrl })),
          fhirServers: config.fhirServers,
        });
        if (flags.json) printJson(sheet);
        else process.stdout.write(registrationMarkdown(sheet));
      }),
    );
}
