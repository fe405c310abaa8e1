import { AppError } from '../../server/errors/app-error.ts';
import { normalizeCode } from './code-format.ts';
import type { CodeEntry } from './model.ts';
import { readLines } from './read-source.ts';

/**
 * Parses the CMS order file (`icd10cm_order_YYYY.txt`): fixed width, columns 1-5 order number, 7-13 code
 * without its dot, 15 the HIPAA-valid flag (1 billable, 0 header), 17-76 short title, 78- long title
 * (CMS "icd10OrderFiles.pdf"). A malformed line stops the import with its line number.
 */
export async function importOrderFile(path: string, onLine?: (n: number) => void): Promise<CodeEntry[]> {
  const entries: CodeEntry[] = [];
  const seen = new Set<string>();
  for await (const { line, number } of readLines(path)) {
    if (line.trim() === '') continue;
    const where = `${path} line ${number}`;
    if (!/^\d{5} [A-Z0-9][A-Z0-9 ]{6} [01] /.test(line) || line.length < 18) {
      throw new AppError(
        'CORRUPT_DATA',
        `${where}: not an ICD-10-CM order file line (expected fixed-width order number, code, flag, titles)`,
        {
          expression: [`line ${number}`],
        },
      );
    }
    const code = normalizeCode(line.slice(6, 13).trim());
    if (code === undefined) {
      throw new AppError('CORRUPT_DATA', `${where}: malformed code`, { expression: [`line ${number}`] });
    }
    if (seen.has(code))
      throw new AppError('CORRUPT_DATA', `${where}: duplicate code ${code}`, { expression: [`line ${number}`] });
    seen.add(code);
    const short = line.slice(16, 76).trim();
    const long = line.slice(77).trim() || short;
    if (short === '') throw new AppError('CORRUPT_DATA', `${where}: missing title`, { expression: [`line ${number}`] });
    entries.push({ code, billable: line[14] === '1', short, long });
    if (onLine && number % 5000 === 0) onLine(number);
  }
  if (entries.length === 0) throw new AppError('CORRUPT_DATA', `${path}: holds no codes`);
  return entries;
}

/** The release year from a CMS file name (`icd10cm_order_2026.txt` → `2026`). */
export function releaseYearFromName(path: string): string | undefined {
  return /(20\d\d)/.exec(path.split('/').pop() ?? '')?.[1];
}
