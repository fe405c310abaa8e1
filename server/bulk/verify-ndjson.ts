import { createReadStream } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { ResourceLineSchema } from './bulk-schemas.ts';
import { ndjsonLines } from './ndjson-lines.ts';

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Integrity check of a downloaded file (Bulk Data IG §File Request: one resource per line): every line
 * parses as JSON and is a resource of the expected type, and the number of resources matches the
 * manifest's `count` when it gives one. Errors name the file and line, never the content.
 */
export async function verifyNdjsonFile(options: {
  path: string;
  name: string;
  type: string;
  count?: number | undefined;
}): Promise<{ resources: number }> {
  let resources = 0;
  let lastLine = 0;
  for await (const item of ndjsonLines(createReadStream(options.path, { highWaterMark: 1 << 20 }), MAX_LINE_BYTES)) {
    lastLine = item.line;
    if ('tooLong' in item) {
      throw new AppError('CORRUPT_DATA', `${options.name} line ${item.line}: longer than ${MAX_LINE_BYTES} bytes`);
    }
    if (item.text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(item.text);
    } catch {
      throw new AppError('CORRUPT_DATA', `${options.name} line ${item.line}: not valid JSON (truncated file?)`, {
        expression: [`line ${item.line}`],
      });
    }
    const parsed = ResourceLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'CORRUPT_DATA',
        `${options.name} line ${item.line}: not a FHIR resource (${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'})`,
      );
    }
    if (parsed.data.resourceType !== options.type) {
      throw new AppError(
        'CORRUPT_DATA',
        `${options.name} line ${item.line}: a ${parsed.data.resourceType}, expected ${options.type}`,
      );
    }
    resources++;
  }
  if (options.count !== undefined && options.count !== resources) {
    throw new AppError(
      'CORRUPT_DATA',
      `${options.name}: ${resources} resources in ${lastLine} lines, the manifest says ${options.count}`,
    );
  }
  return { resources };
}
