import { AppError } from '../../server/errors/app-error.ts';
import { normalizeCode } from './code-format.ts';
import type { CodeNotes } from './model.ts';
import { parseXml } from './sax-parse.ts';

type TextNoteKind = Exclude<keyof CodeNotes, 'sevenChr'>;
const NOTE_KINDS: Record<string, TextNoteKind> = {
  inclusionTerm: 'inclusion',
  includes: 'includes',
  sevenChrNote: 'sevenChrNote',
  excludes1: 'excludes1',
  excludes2: 'excludes2',
  codeFirst: 'codeFirst',
  useAdditionalCode: 'useAdditional',
  codeAlso: 'codeAlso',
};

/**
 * Reads the Tabular List XML (`icd10cm_tabular_YYYY.xml`, root `ICD10CM.tabular`): for each `<diag>`, its
 * inclusion terms, "includes", Excludes1 / Excludes2 / code-first / use-additional / code-also notes, and
 * its 7th characters (`<sevenChrDef><extension char="A">initial encounter</extension>…`).
 */
export async function importTabular(path: string): Promise<Map<string, CodeNotes>> {
  const notes = new Map<string, CodeNotes>();
  const diagStack: (string | undefined)[] = [];
  const elementStack: string[] = [];
  let noteKind: TextNoteKind | undefined;
  let buffer = '';
  let extensionChar: string | undefined;
  const { root } = await parseXml(path, {
    open(name, attributes) {
      elementStack.push(name);
      if (name === 'diag') diagStack.push(undefined);
      if (name in NOTE_KINDS && diagStack.length > 0) noteKind = NOTE_KINDS[name];
      if (name === 'name' || name === 'note') buffer = '';
      if (name === 'extension' && elementStack[elementStack.length - 2] === 'sevenChrDef') {
        extensionChar = attributes.char;
        buffer = '';
      }
    },
    text(text) {
      buffer += text;
    },
    close(name) {
      elementStack.pop();
      const parent = elementStack[elementStack.length - 1];
      if (name === 'name' && parent === 'diag') {
        diagStack[diagStack.length - 1] = normalizeCode(buffer.trim());
      } else if (name === 'note' && noteKind !== undefined) {
        const code = diagStack[diagStack.length - 1];
        const text = buffer.replace(/\s+/g, ' ').trim();
        if (code !== undefined && text !== '') {
          const entry = notes.get(code) ?? {};
          (entry[noteKind] ??= []).push(text);
          notes.set(code, entry);
        }
      } else if (name === 'extension' && extensionChar !== undefined) {
        const code = diagStack[diagStack.length - 1];
        const meaning = buffer.replace(/\s+/g, ' ').trim();
        if (code !== undefined && /^[0-9A-Z]$/.test(extensionChar) && meaning !== '') {
          const entry = notes.get(code) ?? {};
          (entry.sevenChr ??= []).push({ char: extensionChar, meaning });
          notes.set(code, entry);
        }
        extensionChar = undefined;
      } else if (name in NOTE_KINDS) {
        noteKind = undefined;
      } else if (name === 'diag') {
        diagStack.pop();
      }
    },
  });
  if (root !== 'ICD10CM.tabular')
    throw new AppError('CORRUPT_DATA', `${path}: not a Tabular List XML (root element is ${root})`);
  return notes;
}

/**
 * Codes an instructional note refers to: "(C43.0, C44.0-)" → C43.0, C44.0; ranges "C81-C96" → both ends.
 * A trailing "-" (more characters required) is dropped.
 */
export function codesInNote(note: string): string[] {
  const out: string[] = [];
  for (const match of note.matchAll(/\b([A-Z][0-9A-Z][0-9A-Z](?:\.[0-9A-Z]{1,4})?)-?/g)) {
    const code = normalizeCode(match[1] ?? '');
    if (code !== undefined && !out.includes(code)) out.push(code);
  }
  return out;
}
