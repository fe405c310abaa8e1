import type { Terminology } from '../../../terminology/icd10cm/terminology.ts';
import type { Deidentified } from '../../deid/deidentified.ts';
import type { MentionContext } from '../clinical-text/mention-context.ts';
import { sectionAt } from '../clinical-text/sections.ts';
import type { CodeCandidate } from '../code-candidates.ts';
import type { CareSetting } from './care-setting.ts';
import { codeDocument } from './code-document.ts';

/**
 * The document coder's ranked codes as the pipeline's candidates (the text path: `suggest --text-file`,
 * text notes from CDS Hooks and the app): probability as score, the best evidence span, the rank's reason.
 * `setting` decides whether uncertain diagnoses are coded (inpatient) or not (outpatient, the default).
 */
export function documentCodeCandidates(
  text: Deidentified<string>,
  context: MentionContext,
  terminology: Terminology,
  limit: number,
  setting?: CareSetting,
): CodeCandidate[] {
  return codeDocument(text, terminology, { context, maxCodes: limit, ...(setting ? { setting } : {}) }).codes.flatMap(
    (c) => {
      const evidence = c.evidence[0];
      if (!evidence) return [];
      return [
        {
          code: c.code,
          display: c.display,
          billable: c.billable,
          score: c.probability,
          evidence,
          ...(c.evidence.length > 1 ? { support: c.evidence.slice(0, 5) } : {}),
          section: sectionAt(context.sections, evidence.start),
          status: c.kind === 'family-history' ? 'family' : c.kind === 'personal-history' ? 'historical' : 'affirmed',
          rationale: c.reason,
        } satisfies CodeCandidate,
      ];
    },
  );
}
