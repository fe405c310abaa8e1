import { findSections, type Section } from './sections.ts';

/**
 * How a mention is meant (NegEx-style triggers and scopes, after Chapman et al. 2001 and ConText,
 * Harkema et al. 2009): affirmed for the patient now, negated, uncertain, historical, or about a
 * family member.
 */
export type MentionStatus = 'affirmed' | 'negated' | 'uncertain' | 'historical' | 'family';

interface Scope {
  start: number;
  end: number;
  status: Exclude<MentionStatus, 'affirmed'>;
}

const PRE_TRIGGERS: readonly (readonly [RegExp, Scope['status']])[] = [
  [
    /\b(?:no|denie[sd]|deny(?:ing)?|without|negative for|free of|absence of|absent|no (?:evidence|signs?|symptoms|history|complaints?) of|never had|resolution of|resolved)\b/gi,
    'negated',
  ],
  [
    /\b(?:rule out|r\/o|ro|possible|possibly|probable|suspect(?:ed)?|suspicion (?:of|for)|concern(?:ing)? for|question of|questionable|may have|might have|cannot (?:exclude|rule out)|differential (?:diagnosis )?(?:includes?|of)|versus|vs\.?|evaluate for|worry for|likely)\b/gi,
    'uncertain',
  ],
  [
    /\b(?:(?<!(?:hour|day|week|month)s?[- ])history of(?! (?:the )?present(?:ing)? illness)|hx of|h\/o|past history of|personal history of|status post|s\/p|previous|prior|remote|in remission)\b/gi,
    'historical',
  ],
  // A relative's past illness ("mother had", "father died of"); "my son has a fever" is about the patient.
  [
    /\b(?:family history (?:of|significant for|positive for)?|fhx?(?: of)?|(?:mother|father|brother|sister|sibling|son|daughter|grandmother|grandfather|aunt|uncle|cousin|parent)s? (?:had|died (?:of|from)|passed away from|was diagnosed with|were diagnosed with|with a history of|history of)|maternal|paternal)\b/gi,
    'family',
  ],
];

/** "not" governs only the next few words, up to a conjunction: "not feeding and lethargic". */
const NOT_TRIGGER = /\b(?:not|isn'?t|wasn'?t|doesn'?t|didn'?t)\b/gi;
const NOT_SCOPE_END = /\band\b|\bor\b|,|[.;:!?\n]/gi;

/** Words that close a trigger's scope (ConText terminators). */
const TERMINATOR =
  /(?:[.;:!?\n]|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bexcept\b|\baside from\b|\bapart from\b|\bpresents?\b|\bpresented\b|\breports?\b|\bcomplains?\b|\bc\/o\b|\bstates?\b|\bendorses?\b|\badmits?\b|\bpositive for\b|\bnotable for\b|\bsignificant for\b|\bnow (?:with|has|presents)\b|\bwhich\b|\bwho\b|\bthat\b|\bcurrently\b|\btoday\b|\b(?:has|have) (?:become|developed|started|begun)\b|\bbecame\b|\bdeveloped\b)/gi;
/** Most words a pre-trigger reaches (long enough for "denies fever, chills, nausea, vomiting or diarrhea"). */
const MAX_SCOPE_WORDS = 12;

/**
 * A comma ends a trigger's scope when the clause after it states a new finding of its own (NegEx
 * pseudo-clause): it has a verb or a predicate ("no head strike, R wrist swollen and deformed"; "no
 * fever, has a cough"). A bare list item ("denies fever, chills, nausea") stays in scope.
 */
const PREDICATE =
  /\b(?:is|are|was|were|be|been|has|have|had|does|did|feels?|felt|looks?|looked|appears?|appeared|seems?|seemed|became|becomes?|remains?|developed|reports?|reported|complains?|endorses?|presents?|now|then|swollen|deformed|tender|painful|bruised|bleeding|dislocated|broken|fractured|displaced|angulated|shortened|rotated|lacerated|red|erythematous|hot|warm|cold|pale|cyanosed|mottled|weak|numb|absent|reduced|decreased|increased|elevated|raised|low|high|positive|hurts?|aches?|started|began|noted|found|seen)\b/i;
const CLAUSE_END = /[,.;:!?\n]/g;

/** Where the first comma-clause that states a new finding begins, before `limit`. */
function commaClauseEnd(text: string, from: number, limit: number): number {
  for (let comma = text.indexOf(',', from); comma >= 0 && comma < limit; comma = text.indexOf(',', comma + 1)) {
    CLAUSE_END.lastIndex = comma + 1;
    const next = CLAUSE_END.exec(text);
    const clause = text.slice(comma + 1, Math.min(next ? next.index : text.length, limit));
    if (!/^\s*(?:and|or|nor)\b/i.test(clause) && PREDICATE.test(clause)) return comma;
  }
  return limit;
}

/** Post-triggers negate or question what precedes them in the same clause ("PE was ruled out"). */
const POST_TRIGGERS: readonly (readonly [RegExp, Scope['status']])[] = [
  [
    /\b(?:(?:was|were|is|has been|have been) )?(?:ruled out|excluded|unlikely|negative|not (?:seen|found|present|detected|likely)|up to date|immuni[sz]ed|vaccinated)\b/gi,
    'negated',
  ],
  [/\b(?:is|was)? ?(?:suspected|questioned|possible|likely)\b|\?/gi, 'uncertain'],
];

function scopeEnd(text: string, from: number, limit: number, maxWords = MAX_SCOPE_WORDS): number {
  TERMINATOR.lastIndex = from;
  const terminator = TERMINATOR.exec(text);
  let end = commaClauseEnd(text, from, terminator && terminator.index < limit ? terminator.index : limit);
  let words = 0;
  const word = /[A-Za-z0-9]+/g;
  word.lastIndex = from;
  for (let m = word.exec(text); m && m.index < end; m = word.exec(text)) {
    if (++words > maxWords) {
      end = m.index;
      break;
    }
  }
  return end;
}

function clauseStart(text: string, before: number): number {
  const head = text.slice(0, before);
  const last = Math.max(
    head.lastIndexOf('.'),
    head.lastIndexOf(';'),
    head.lastIndexOf(':'),
    head.lastIndexOf('\n'),
    head.lastIndexOf(','),
  );
  return last + 1;
}

/** The context of every part of a text: scopes of negation, uncertainty, history and family history. */
export class MentionContext {
  readonly sections: Section[];
  private readonly scopes: Scope[];

  constructor(readonly text: string) {
    this.sections = findSections(text);
    this.scopes = [];
    for (const section of this.sections) {
      if (section.kind !== 'family-history') continue;
      // A family-history heading governs its line or sentence, not the rest of a one-paragraph note.
      const stop = /\n|\.(?:\s|$)/g;
      stop.lastIndex = section.start;
      const end = Math.min(section.end, stop.exec(text)?.index ?? section.end);
      this.scopes.push({ start: section.start, end, status: 'family' });
    }
    for (const [pattern, status] of PRE_TRIGGERS) {
      for (const match of text.matchAll(pattern)) {
        const from = match.index + match[0].length;
        this.scopes.push({ start: match.index, end: scopeEnd(text, from, text.length), status });
      }
    }
    for (const match of text.matchAll(NOT_TRIGGER)) {
      const from = match.index + match[0].length;
      NOT_SCOPE_END.lastIndex = from;
      const stop = NOT_SCOPE_END.exec(text)?.index ?? text.length;
      this.scopes.push({
        start: match.index,
        end: Math.min(stop, scopeEnd(text, from, text.length, 3)),
        status: 'negated',
      });
    }
    for (const [pattern, status] of POST_TRIGGERS) {
      for (const match of text.matchAll(pattern)) {
        this.scopes.push({ start: clauseStart(text, match.index), end: match.index + match[0].length, status });
      }
    }
  }

  /**
   * The status of a span. Family beats the rest (a relative's condition is never the patient's);
   * then negation, uncertainty, history. `ignoreNegationBy` lets a term that itself contains "without"
   * ("migraine without aura") keep the words its "without" governs; `ownTriggers` ignores every
   * scope that starts inside the span (a finding phrased with its own "no" or "not").
   */
  statusOf(
    start: number,
    end: number,
    options: { ignoreWithout?: boolean; ownTriggers?: boolean } = {},
  ): MentionStatus {
    const found = new Set<Scope['status']>();
    for (const scope of this.scopes) {
      if (scope.start >= end || scope.end <= start) continue;
      if (scope.start > start && scope.start >= end) continue;
      // A finding whose own words negate ("no wet diapers", "bleeding will not stop") keeps them.
      if (options.ownTriggers && scope.start >= start && scope.start < end) continue;
      if (
        options.ignoreWithout &&
        scope.status === 'negated' &&
        /^without\b/i.test(this.text.slice(scope.start, scope.start + 8))
      )
        continue;
      found.add(scope.status);
    }
    for (const status of ['family', 'negated', 'uncertain', 'historical'] as const)
      if (found.has(status)) return status;
    return 'affirmed';
  }
}
