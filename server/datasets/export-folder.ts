import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { readExportState, STATE_FILE } from '../bulk/export-state.ts';

/** One NDJSON file of an export folder. */
export interface ExportFile {
  readonly path: string;
  readonly name: string;
  readonly type: string;
  readonly bytes: number;
}

/** What the dataset card says about its source. */
export interface ExportSource {
  readonly folder: string;
  readonly transactionTime: string | null;
  readonly request: string | null;
  readonly files: readonly ExportFile[];
}

const LocalManifestSchema = z.looseObject({
  transactionTime: z.string().optional(),
  request: z.string().optional(),
  output: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
});

const FILE_NAME = /^([A-Z][A-Za-z]+)(?:\.[^.]+)*\.ndjson(?:\.gz)?$/;

/**
 * Lists the NDJSON files of an export folder (`chartside export` output or any Bulk-style folder: one
 * `<Type>[.nnn].ndjson[.gz]` per resource type, with or without a `manifest.json`). With a manifest, only
 * the output files it lists are read; an unfinished `chartside export` in the folder is refused. Error and
 * deleted files (in sub-folders) are not data and are left out.
 */
export async function readExportFolder(dir: string): Promise<ExportSource> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    throw new AppError('INVALID_INPUT', '--in: the export folder cannot be read', { cause });
  }
  if (names.includes(STATE_FILE)) {
    const state = await readExportState(dir).catch(() => undefined);
    if (state?.complete !== true)
      throw new AppError(
        'PRECONDITION_FAILED',
        '--in: the export in this folder is not complete; run the same chartside export command again to finish it',
      );
  }
  let transactionTime: string | null = null;
  let request: string | null = null;
  const manifestTypes = new Map<string, string>();
  if (names.includes('manifest.json')) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    } catch {
      throw new AppError('CORRUPT_DATA', 'manifest.json of the export is not valid JSON');
    }
    const manifest = LocalManifestSchema.safeParse(json);
    if (!manifest.success)
      throw new AppError('CORRUPT_DATA', `manifest.json: ${manifest.error.issues[0]?.path.join('.') ?? ''} is invalid`);
    transactionTime = manifest.data.transactionTime ?? null;
    request = manifest.data.request ?? null;
    for (const o of manifest.data.output ?? [])
      manifestTypes.set(basename(new URL(o.url, 'file:///').pathname), o.type);
  }
  // With a manifest, its output files are the export: anything else in the folder is not read.
  const listed = manifestTypes.size > 0;
  for (const name of manifestTypes.keys())
    if (!names.includes(name))
      throw new AppError('CORRUPT_DATA', `--in: manifest.json lists ${name}, which is not in the export folder`);
  const files: ExportFile[] = [];
  for (const name of names.sort()) {
    const m = FILE_NAME.exec(name);
    if (!m?.[1] || (listed && !manifestTypes.has(name))) continue;
    const info = await stat(join(dir, name));
    if (!info.isFile()) continue;
    files.push({ path: join(dir, name), name, type: manifestTypes.get(name) ?? m[1], bytes: info.size });
  }
  if (files.length === 0)
    throw new AppError('INVALID_INPUT', '--in: no <Type>.ndjson or <Type>.ndjson.gz files in the export folder');
  return { folder: basename(dir.replace(/\/+$/, '')), transactionTime, request, files };
}

export function openExportFile(file: ExportFile): Readable {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  return file.path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}
