import { createHash } from 'node:crypto';
import type { AuditEvent, Extension } from 'fhir/r4.d.ts';

/**
 * The hash chain of the audit log: every line is one FHIR AuditEvent whose `audit-chain` extension holds
 * its sequence number (1, 2, …) and the SHA-256 of the previous line's exact bytes (64 zeros for the
 * first). Editing, deleting or reordering any line breaks the link of the line after it; the `.head`
 * sidecar anchors the last line (see audit-log.ts).
 */
export const AUDIT_CHAIN_URL = 'urn:chartside:fhir:StructureDefinition:audit-chain';
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainLink {
  seq: number;
  prev: string;
}

export function hashLine(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** The event as one NDJSON line (no newline), chained to the previous line. */
export function chainedLine(event: AuditEvent, link: ChainLink): string {
  const chain: Extension = {
    url: AUDIT_CHAIN_URL,
    extension: [
      { url: 'seq', valueInteger: link.seq },
      { url: 'prev', valueString: link.prev },
    ],
  };
  const others = (event.extension ?? []).filter((e) => e.url !== AUDIT_CHAIN_URL);
  return JSON.stringify({ ...event, extension: [...others, chain] });
}

/** The chain link a parsed line carries, or undefined when it has none (or a malformed one). */
export function linkOf(value: unknown): ChainLink | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const extension = (value as { extension?: unknown }).extension;
  if (!Array.isArray(extension)) return undefined;
  const chain = extension.find((e: unknown) => (e as { url?: unknown } | null)?.url === AUDIT_CHAIN_URL) as
    Extension | undefined;
  const seq = chain?.extension?.find((e) => e.url === 'seq')?.valueInteger;
  const prev = chain?.extension?.find((e) => e.url === 'prev')?.valueString;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (typeof prev !== 'string' || !/^[0-9a-f]{64}$/.test(prev)) return undefined;
  return { seq, prev };
}

/** Name of the sidecar that records the last durably written line: `{"seq":n,"hash":"…"}`. */
export function headFileOf(file: string): string {
  return `${file}.head`;
}
