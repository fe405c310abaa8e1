import { AppError } from '../../server/errors/app-error.ts';
import { normalizeCode } from './code-format.ts';
import type { SourceTerm, TermKind } from './model.ts';
import { parseXml } from './sax-parse.ts';

/**
 * Table column headings as search words: the qualifier a clinician may leave out goes in parentheses
 * (nonessential), "Ca in situ" is spelled out.
 */
function headingTerm(heading: string): string {
  const known: Record<string, string> = {
    'malignant primary': 'Malignant (Primary)',
    'malignant secondary': 'Secondary malignant (metastatic)',
    'ca in situ': 'Carcinoma in situ',
    'uncertain behavior': 'Uncertain behavior',
    'unspecified behavior': '(Unspecified behavior)',
  };
  return known[heading.toLowerCase()] ?? heading;
}

interface Frame {
  title: string;
  nemod: string;
}

function kindOf(heads: Map<string, string>, title: string): TermKind {
  const first = heads.get('1')?.toLowerCase();
  if (first === 'neoplasm') return 'neoplasm';
  if (first === 'substance' || first === 'drug') return 'drug';
  return /external cause/i.test(title) ? 'external-cause' : 'index';
}

/** Lower-cased lookup keys of a path: one per alternative of the main term ("Infarct, infarction"). */
function pathKeys(path: string[]): string[] {
  const [main, ...rest] = path.map((p) => p.toLowerCase().trim());
  if (main === undefined) return [];
  const alternatives = [main, ...main.split(/,\s*/)];
  return [...new Set(alternatives)].map((a) => [a, ...rest].join('|'));
}

/**
 * Reads an Alphabetic Index XML in the CDC layout (root `ICD10CM.index`): the Index to Diseases and
 * Injuries, the External Cause Index, and the Neoplasm and Drug tables (whose `<cell col>` codes are named
 * by the `<indexHeading>` columns). Nested `<term level>` subterms form the path; `<nemod>` text is
 * nonessential. `<see>` cross-references are followed one step to the codes of the term they name, and
 * every `<see>` / `<seeAlso>` is also kept as an entry without a code, for the index tree.
 */
export async function importIndexXml(path: string): Promise<SourceTerm[]> {
  const terms: SourceTerm[] = [];
  const heads = new Map<string, string>();
  const frames: Frame[] = [];
  const seeRefs: { path: string[]; nemod: string; target: string }[] = [];
  const crossRefs: SourceTerm[] = [];
  let documentTitle = '';
  let buffer = '';
  let nemodBuffer = '';
  let inNemod = false;
  let cellCol = '';
  let headCol = '';
  let kind: TermKind = 'index';
  let kindKnown = false;

  const currentPath = (): string[] => frames.map((f) => f.title).filter((t) => t !== '');
  const currentNemod = (): string =>
    frames
      .map((f) => f.nemod)
      .filter((t) => t !== '')
      .join(' ');

  const emit = (rawCode: string, extra?: string): void => {
    const code = normalizeCode(rawCode.replace(/[-.]+$/, ''));
    if (code === undefined) return;
    if (!kindKnown) {
      kind = kindOf(heads, documentTitle);
      kindKnown = true;
    }
    const path = currentPath();
    if (extra !== undefined) path.push(extra);
    if (path.length === 0) return;
    const nemod = currentNemod();
    terms.push({ code, kind, text: path.join(', '), path, ...(nemod ? { nonessential: nemod } : {}) });
  };

  const { root } = await parseXml(path, {
    open(name, attributes) {
      if (name === 'mainTerm' || name === 'term') frames.push({ title: '', nemod: '' });
      if (
        name === 'title' ||
        name === 'code' ||
        name === 'see' ||
        name === 'seeAlso' ||
        name === 'cell' ||
        name === 'head'
      ) {
        buffer = '';
        nemodBuffer = '';
      }
      if (name === 'nemod') inNemod = true;
      if (name === 'cell') cellCol = attributes.col ?? '';
      if (name === 'head') headCol = attributes.col ?? '';
    },
    text(text) {
      if (inNemod) nemodBuffer += text;
      else buffer += text;
    },
    close(name) {
      const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
      switch (name) {
        case 'nemod':
          inNemod = false;
          break;
        case 'title': {
          const frame = frames[frames.length - 1];
          if (frame) {
            frame.title = clean(buffer);
            frame.nemod = clean(nemodBuffer);
          } else if (documentTitle === '') documentTitle = clean(buffer);
          break;
        }
        case 'head':
          heads.set(headCol, headingTerm(clean(buffer)));
          break;
        case 'code':
          emit(clean(buffer));
          break;
        case 'cell': {
          const value = clean(buffer);
          if (value !== '' && value !== '--') emit(value, heads.get(cellCol));
          break;
        }
        case 'see':
          seeRefs.push({ path: currentPath(), nemod: currentNemod(), target: clean(buffer) });
          crossRefs.push({ code: '', kind, text: currentPath().join(', '), path: currentPath(), see: clean(buffer) });
          break;
        case 'seeAlso':
          crossRefs.push({
            code: '',
            kind,
            text: currentPath().join(', '),
            path: currentPath(),
            seeAlso: clean(buffer),
          });
          break;
        case 'mainTerm':
        case 'term':
          frames.pop();
          break;
        default:
          break;
      }
    },
  });
  if (root !== 'ICD10CM.index')
    throw new AppError('CORRUPT_DATA', `${path}: not an Alphabetic Index XML (root element is ${root})`);

  const byKey = new Map<string, string[]>();
  for (const term of terms) {
    for (const key of pathKeys(term.path)) {
      const codes = byKey.get(key) ?? [];
      if (!codes.includes(term.code)) codes.push(term.code);
      byKey.set(key, codes);
    }
  }
  for (const ref of seeRefs) {
    const target = ref.target.split(/,\s*/).join('|').toLowerCase();
    const codes = byKey.get(target) ?? [];
    for (const code of codes.slice(0, 3)) {
      terms.push({
        code,
        kind,
        text: ref.path.join(', '),
        path: ref.path,
        ...(ref.nemod ? { nonessential: ref.nemod } : {}),
      });
    }
  }
  return [...terms, ...crossRefs];
}
