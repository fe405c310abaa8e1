import type { Terminology } from '../../../terminology/icd10cm/terminology.ts';
import type { Deidentified } from '../../deid/deidentified.ts';
import { MentionContext } from '../clinical-text/mention-context.ts';
import {
  applyDocumentLogic,
  type DocumentLogicOptions,
  type DroppedCode,
  type DocumentCandidate,
} from './document-logic.ts';
import { findMentions, type Mention, type MentionOptions } from './mentions.ts';
import { problemItems } from './problem-statement.ts';
import { rankProblems } from './rank-problems.ts';
import { rankCandidates, type RankedDocumentCode } from './ranking.ts';
import { isShortNote } from './short-note.ts';
import { shippedRankingWeights, type RankingWeights } from './ranking-weights.ts';

export interface CodeDocumentOptions extends DocumentLogicOptions {
  /** Most codes answered (default 25: a coder codes every reportable condition). */
  maxCodes?: number;
  /** Ranking weights (default: the shipped, cross-validated file). */
  weights?: RankingWeights;
  /** How much of the engine's reading of each sentence is kept. */
  mentions?: MentionOptions;
  /** A context already built for the text (sections, negation), to share with triage. */
  context?: MentionContext;
}

/** A coded document: ranked codes with evidence and reasons, and what was read to get there. */
export interface CodedDocument {
  codes: RankedDocumentCode[];
  /** Every candidate before the cut, with its features (for evaluation and fitting). */
  candidates: DocumentCandidate[];
  mentions: Mention[];
  dropped: DroppedCode[];
}

/** Mentions and document logic: everything but the ranking (which a refit can redo cheaply). */
export function readDocument(
  text: Deidentified<string>,
  terminology: Terminology,
  options: CodeDocumentOptions = {},
): Omit<CodedDocument, 'codes'> {
  const context = options.context ?? new MentionContext(text);
  const { mentions } = findMentions(text, context, terminology, options.mentions);
  const { candidates, dropped } = applyDocumentLogic(text, mentions, terminology, options);
  return { candidates, mentions, dropped };
}

/**
 * Codes a whole clinical document as a coder would: every condition, sign, symptom, injury and external
 * cause it states (by sentence and section, with assertion and modifiers), coded through the terminology
 * engine, combined and paired by the Tabular's conventions, and ranked principal first, each code with
 * verbatim evidence in `text` and the reason for its rank. Reads de-identified text only.
 */
export function codeDocument(
  text: Deidentified<string>,
  terminology: Terminology,
  options: CodeDocumentOptions = {},
): CodedDocument {
  const read = readDocument(text, terminology, options);
  const maxCodes = options.maxCodes ?? 25;
  // A problem statement or list is coded problem by problem, in the order written; a narrative as a whole.
  const problems = problemItems(text);
  const codes = problems
    ? rankProblems(text, problems, read, terminology, maxCodes, options.patient)
    : rankCandidates(read.candidates, options.weights ?? shippedRankingWeights(), {
        maxCodes,
        shortNote: isShortNote(text),
      });
  return { codes, ...read };
}
