import sax from 'sax';
import { AppError } from '../../server/errors/app-error.ts';
import { openSource } from './read-source.ts';

export interface SaxHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** Streams an XML release file through a strict sax parser; malformed XML stops with its line number. */
export async function parseXml(path: string, handlers: SaxHandlers): Promise<{ root: string }> {
  const stream = await openSource(path);
  const parser = sax.createStream(true, { trim: false });
  let root = '';
  parser.on('opentag', (node) => {
    if (root === '') root = node.name;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.attributes as Record<string, string | { value: string }>)) {
      attributes[k] = typeof v === 'string' ? v : v.value;
    }
    handlers.open(node.name, attributes);
  });
  parser.on('closetag', (name) => handlers.close(name));
  parser.on('text', (t) => handlers.text(t));
  await new Promise<void>((resolve, reject) => {
    parser.on('error', (error) => {
      const line = (parser as unknown as { _parser?: { line?: number } })._parser?.line;
      reject(new AppError('CORRUPT_DATA', `${path}: malformed XML near line ${(line ?? 0) + 1}`, { cause: error }));
    });
    stream.on('error', (error) =>
      reject(new AppError('CORRUPT_DATA', `${path}: cannot be read (truncated or not gzip/XML)`, { cause: error })),
    );
    parser.on('end', () => resolve());
    stream.pipe(parser);
  });
  if (root === '') throw new AppError('CORRUPT_DATA', `${path}: holds no XML elements`);
  return { root };
}
