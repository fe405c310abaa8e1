import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { ORDER_FILE } from '../helpers/shared-data.ts';
const src = readFileSync('test/terminology/index-coding.test.ts', 'utf8');
const grab = (name: string): string => new Function(`return ${src.split(`const ${name} = `)[1]!.split('`;\n')[0]}\`;`)();
const work = mkdtempSync(join(tmpdir(), 'q-'));
writeFileSync(join(work, 'i.xml'), grab('INDEX_XML'));
writeFileSync(join(work, 't.xml'), grab('TABULAR_XML'));
writeFileSync(join(work, 's.txt'), grab('SUBSET').split(/\s+/).join('\n'));
await importRelease({ order: ORDER_FILE, subset: join(work, 's.txt'), tabular: [join(work, 't.xml')], index: [join(work, 'i.xml')], out: join(work, 'r') });
const t = await loadTerminology(join(work, 'r'));
for (const q of process.argv.slice(2)) {
  console.log(q, JSON.stringify(t.walkIndex(q)));
  for (const h of t.search(q, { limit: 4, explain: true })) console.log('  ', h.code, h.score, JSON.stringify(h.features?.contributions), h.features?.match);
}
