import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../server/errors/app-error.ts';
import { buildSearchTerms, packTerms } from './build-search-terms.ts';
import { buildIndexTree } from './index-tree.ts';
import { learnExpansions } from './learn-expansions.ts';
import { buildEngineArrays } from './search-engine.ts';
import { ICD10CM_SYSTEM, normalizeCode } from './code-format.ts';
import { importIndexJsonl } from './import-index-jsonl.ts';
import { importIndexXml } from './import-index-xml.ts';
import { importOrderFile, releaseYearFromName } from './import-order.ts';
import { importTabular } from './import-tabular.ts';
import { fileSha256, FORMAT, FORMAT_VERSION, writeIndex, type Manifest } from './index-file.ts';
import type { CodeEntry, CodeNotes, SourceTerm } from './model.ts';
import { openSource, readLines } from './read-source.ts';

export interface ImportOptions {
  /** The order file (`icd10cm_order_YYYY.txt`, optionally gzipped). */
  order: string;
  /** Tabular List XML files (the whole list, or chapters). */
  tabular?: string[];
  /** Alphabetic Index files: CDC XML (index, external cause index, neoplasm or drug table) or JSON Lines. */
  index?: string[];
  out: string;
  /**
   * Keep only these codes (a file of dotted codes, one a line, `#` comments) and their ancestors: how the
   * embedded default set is made from the official release.
   */
  subset?: string;
  /** Entry terms (a site's own synonyms): lines of `CODE<TAB>term`, `#` comments. */
  terms?: string[];
  /** Release year; taken from the order file's name when absent. */
  version?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

async function firstCharacter(path: string): Promise<string> {
  const stream = await openSource(path);
  try {
    for await (const chunk of stream) {
      const text = (chunk as Buffer).toString('utf8').trimStart();
      if (text.length > 0) return text[0] ?? '';
    }
    return '';
  } finally {
    stream.destroy();
  }
}

async function readIndexFile(path: string): Promise<SourceTerm[]> {
  const first = await firstCharacter(path);
  if (first === '<') return importIndexXml(path);
  if (first === '{') return importIndexJsonl(path);
  throw new AppError('CORRUPT_DATA', `${path}: neither an Alphabetic Index XML nor JSON Lines`);
}

/**
 * Imports a CMS/CDC ICD-10-CM release into a compact, versioned directory that the server loads at
 * start-up: codes and titles from the order file, notes and inclusion terms from the Tabular XML, and
 * every index term given, analysed for search.
 */
export async function importRelease(options: ImportOptions): Promise<Manifest> {
  const files = [options.order, ...(options.tabular ?? []), ...(options.index ?? []), ...(options.terms ?? [])];
  const total = files.length + 2;
  let step = 0;
  const progress = (name: string): void => options.onProgress?.(name, step++, total);

  const version = options.version ?? releaseYearFromName(options.order);
  if (version === undefined || !/^\d{4}$/.test(version)) {
    throw new AppError(
      'INVALID_INPUT',
      'release year unknown: name the order file icd10cm_order_YYYY.txt or pass --release-year YYYY',
      {
        expression: ['version'],
      },
    );
  }
  progress('order file');
  let codes = await importOrderFile(options.order);
  if (options.subset !== undefined) codes = await keepSubset(codes, options.subset);
  const notes = new Map<string, CodeNotes>();
  for (const path of options.tabular ?? []) {
    progress(`tabular ${basename(path)}`);
    for (const [code, note] of await importTabular(path)) notes.set(code, { ...notes.get(code), ...note });
  }
  const sourceTerms: SourceTerm[] = [];
  for (const path of options.index ?? []) {
    progress(`index ${basename(path)}`);
    sourceTerms.push(...(await readIndexFile(path)));
  }
  for (const path of options.terms ?? []) sourceTerms.push(...(await readEntryTerms(path)));
  progress('analysing terms');
  const { terms, texts } = buildSearchTerms(codes, notes, sourceTerms);
  const tree = buildIndexTree(sourceTerms);
  const expansions = learnExpansions(terms).map(([from, to]) => `${from} ${to}`);
  const { vocab, packed } = packTerms(terms);
  progress('writing');
  const sources: Manifest['sources'] = [];
  for (const [i, path] of files.entries()) {
    const content = await readFile(path);
    const tabulars = options.tabular?.length ?? 0;
    const indexes = options.index?.length ?? 0;
    const role = i === 0 ? 'order' : i <= tabulars ? 'tabular' : i <= tabulars + indexes ? 'index' : 'entry-terms';
    sources.push({ file: basename(path), role, sha256: fileSha256(content), bytes: content.byteLength });
  }
  const billable = codes.filter((c) => c.billable).length;
  const manifest = await writeIndex(
    options.out,
    {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      system: ICD10CM_SYSTEM,
      version,
      name:
        options.subset !== undefined
          ? `ICD-10-CM FY${version} embedded default (${billable} common billable codes, titles only)`
          : `ICD-10-CM FY${version} (${sourceTerms.length > 0 ? 'with Alphabetic Index' : 'titles only'})`,
      createdAt: new Date().toISOString(),
      counts: {
        codes: codes.length,
        billable,
        headers: codes.length - billable,
        terms: terms.length,
        notes: notes.size,
        indexNodes: tree.parent.length,
      },
      sources,
    },
    {
      codes: codes.map((c) => c.code),
      billable: codes.map((c) => (c.billable ? '1' : '0')).join(''),
      short: codes.map((c) => c.short),
      long: codes.map((c) => c.long),
      notes: Object.fromEntries(notes),
      vocab,
      texts,
      ...(tree.parent.length > 0 ? { tree } : {}),
      ...(expansions.length > 0 ? { expansions } : {}),
    },
    buildEngineArrays(vocab.length, packed),
  );
  options.onProgress?.('done', total, total);
  return manifest;
}

/** Codes listed in a subset file, with their ancestors (so every code keeps its category). */
async function keepSubset(codes: CodeEntry[], subsetPath: string): Promise<CodeEntry[]> {
  const wanted = new Set<string>();
  for await (const { line, number } of readLines(subsetPath)) {
    const text = line.replace(/#.*/, '').trim();
    if (text === '') continue;
    const code = normalizeCode(text);
    if (code === undefined) throw new AppError('INVALID_INPUT', `${subsetPath} line ${number}: not an ICD-10-CM code`);
    wanted.add(code);
  }
  const present = new Set(codes.map((c) => c.code));
  const missing = [...wanted].filter((c) => !present.has(c));
  if (missing.length > 0)
    throw new AppError(
      'INVALID_INPUT',
      `${subsetPath}: ${missing.length} codes are not in the release (first: ${missing[0]})`,
    );
  for (const code of [...wanted]) {
    const bare = code.replace('.', '');
    for (let n = 3; n < bare.length; n++) {
      const ancestor = normalizeCode(bare.slice(0, n));
      if (ancestor !== undefined && present.has(ancestor)) wanted.add(ancestor);
    }
  }
  return codes.filter((c) => wanted.has(c.code));
}

/** A site's entry terms: `CODE<TAB>term` lines. */
async function readEntryTerms(path: string): Promise<SourceTerm[]> {
  const terms: SourceTerm[] = [];
  for await (const { line, number } of readLines(path)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [rawCode, text] = line.split('\t');
    const code = normalizeCode(rawCode ?? '');
    if (code === undefined || text === undefined || text.trim() === '') {
      throw new AppError('INVALID_INPUT', `${path} line ${number}: expected CODE<TAB>term`);
    }
    terms.push({ code, kind: 'entry-term', text: text.trim(), path: [text.trim()] });
  }
  return terms;
}
