import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { ManifestSchema } from './bulk-schemas.ts';
import { ExportRequestSchema } from './export-request.ts';

/** One file of the manifest and how far its download got. */
export const FileStateSchema = z.object({
  kind: z.enum(['output', 'error', 'deleted']),
  type: z.string(),
  url: z.string(),
  /** Path relative to the output folder. */
  name: z.string(),
  count: z.number().int().optional(),
  done: z.boolean(),
  resources: z.number().int().optional(),
  bytes: z.number().int().optional(),
});
export type FileState = z.infer<typeof FileStateSchema>;

/**
 * The export's state file: enough to resume after a crash or a kill. It is written (atomically, by
 * rename) after the kick-off, when the manifest arrives and after each verified file; partial downloads
 * live beside it as `.part` files and are resumed from their last complete line.
 */
export const ExportStateSchema = z.object({
  version: z.literal(1),
  request: ExportRequestSchema,
  clientId: z.string(),
  kickoffUrl: z.string(),
  statusUrl: z.string().optional(),
  manifest: ManifestSchema.optional(),
  files: z.array(FileStateSchema).default([]),
  complete: z.boolean().default(false),
  jobDeleted: z.boolean().default(false),
  /** The server no longer has the job's files: the next run removes them here and starts a new export. */
  expired: z.boolean().default(false),
});
export type ExportState = z.infer<typeof ExportStateSchema>;

export const STATE_FILE = '.export-state.json';

export async function readExportState(outDir: string): Promise<ExportState | undefined> {
  let text: string;
  try {
    text = await readFile(join(outDir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('CORRUPT_DATA', `${STATE_FILE} is not valid JSON; remove it to start the export again`);
  }
  const parsed = ExportStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'CORRUPT_DATA',
      `${STATE_FILE}: ${parsed.error.issues[0]?.path.join('.') ?? ''} is invalid; remove it to start the export again`,
    );
  }
  return parsed.data;
}

/** Writes the state atomically: a crash leaves the old state or the new one, never half of one. */
export async function writeExportState(outDir: string, state: ExportState): Promise<void> {
  const path = join(outDir, STATE_FILE);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, path);
}

export async function removeExportState(outDir: string): Promise<void> {
  await rm(join(outDir, STATE_FILE), { force: true });
}
