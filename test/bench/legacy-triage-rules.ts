/**
 * The phrase-rule triage engine Chartside used before the discriminator engine (server/suggest/triage/),
 * kept only so that `npm run bench -- suggest` can report the new engine's latency as a ratio against it.
 */
import type { MentionContext } from '../../server/suggest/clinical-text/mention-context.ts';
import type { ParsedFindings } from '../../server/suggest/clinical-text/vitals.ts';
import { TRIAGE_LEVELS, type EvidenceSpan, type RedFlag, type TriageLevel } from '../../server/suggest/suggestions.ts';

/**
 * Chartside's triage safety rules: red-flag presentations and danger-zone vital signs that set a floor
 * no backend may go below, and presenting-problem rules for the rest. Levels follow the spirit of the
 * Emergency Severity Index (ESI v4 handbook: high-risk situations and danger-zone vitals → level 2) mapped
 * onto four levels: EMERGENT (ESI 1-2), URGENT (ESI 3), SEMI-URGENT (ESI 4), NON-URGENT (ESI 5).
 */
export interface TriageAssessment {
  /** The most urgent level any rule reached. */
  level: TriageLevel;
  /** The safety floor: from red flags and danger-zone vitals only. */
  floor: TriageLevel;
  redFlags: RedFlag[];
  /** Presenting-problem findings that set `level` above the floor, for the rationale. */
  findings: { label: string; level: TriageLevel; evidence?: EvidenceSpan }[];
}

export function moreUrgent(a: TriageLevel, b: TriageLevel): TriageLevel {
  return TRIAGE_LEVELS.indexOf(a) <= TRIAGE_LEVELS.indexOf(b) ? a : b;
}

export function urgencyRank(level: TriageLevel): number {
  return TRIAGE_LEVELS.length - 1 - TRIAGE_LEVELS.indexOf(level);
}

interface Probe {
  /** First affirmed (patient, now, not negated) match of a pattern, as evidence. */
  find(pattern: RegExp): EvidenceSpan | undefined;
  has(pattern: RegExp): boolean;
  findings: ParsedFindings;
}

interface Rule {
  id: string;
  label: string;
  level: TriageLevel;
  /** Red flags set the floor; presenting problems only the level. */
  redFlag: boolean;
  test(p: Probe): EvidenceSpan | boolean | undefined;
}

const CHEST_PAIN =
  /\bchest (?:pain|pressure|tightness|discomfort|heaviness)\b|\b(?:pressure|tightness|heaviness|squeezing|pain) in (?:my|the|his|her) chest\b|\b(?:crushing|squeezing|pressure-like) (?:chest )?pain\b|\bangina\b|\bpain in (?:my|the|his|her) chest\b/i;
const CARDIAC_FEATURE =
  /\bradiat\w* (?:to )?(?:the )?(?:left |right )?(?:arm|jaw|neck|back|shoulder)|\bdiaphore\w*|\bsweat\w*|\bclammy|\bshort(?:ness)? of breath|\bsob\b|\bdyspn\w*|\bnause\w*|\bexertion\w*|\bcrushing|\bpressure\b|\bpalpitations?\b|\blightheaded|\bsyncop\w*|\bdizz\w*/i;
const REPRODUCIBLE =
  /\breproduc\w* (?:on|with|by) palpation|\btender(?:ness)? (?:to|on) palpation|\bchest wall\b|\bmusculoskeletal\b|\bcostochondr\w*/i;

const age = (p: Probe): number | undefined => p.findings.demographics.ageYears;
const v = (p: Probe): ParsedFindings['vitals'] => p.findings.vitals;

const RULES: readonly Rule[] = [
  // Immediate threats to life (ESI 1) and high-risk situations (ESI 2).
  {
    id: 'arrest-or-apnea',
    label: 'cardiac arrest, not breathing or choking',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(/\b(?:cardiac arrest|pulseless|not breathing|stopped breathing|apneic|choking|cpr in progress)\b/i),
  },
  {
    id: 'unresponsive',
    label: 'unresponsive or altered consciousness',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:unresponsive|unconscious|obtunded|not waking|won'?t wake|hard to wake|difficult to arouse|altered mental status|ams\b|acute(?:ly)? confus\w*|new confusion|(?:very|more|increasingly|now) confused|confused and|disoriented|lethargic|limp and unresponsive|floppy|passed out and (?:is )?not)\b/i,
      ),
  },
  {
    id: 'cardiac-chest-pain',
    label: 'chest pain with cardiac features or in an adult',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) => {
      const pain = p.find(CHEST_PAIN);
      if (!pain) return undefined;
      const a = age(p);
      if (p.has(REPRODUCIBLE) && (a === undefined || a < 35) && !p.has(CARDIAC_FEATURE)) return undefined;
      return p.has(CARDIAC_FEATURE) || a === undefined || a >= 30 ? pain : undefined;
    },
  },
  {
    id: 'atypical-acs',
    label:
      'possible atypical acute coronary syndrome (jaw/arm pain, epigastric pain with sweating, or dyspnea with nausea in an older or diabetic patient)',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(/\b(?:jaw|left arm) (?:pain|discomfort|heaviness)\b/i) ??
      (p.has(/\bepigastric (?:pain|discomfort)|indigestion\b/i) && p.has(/\bdiaphore\w*|\bsweat\w*|\bclammy/i)
        ? p.find(/\bepigastric (?:pain|discomfort)|indigestion\b/i)
        : undefined) ??
      ((age(p) ?? 0) >= 50 &&
      p.has(/\bdiabet\w*|\bdm\d?\b|\bcad\b|\bcoronary\b/i) &&
      p.has(/\bnause\w*|\bfatigue\w*|\bweak(?:ness)?\b/i) &&
      p.has(/\bshort(?:ness)? of breath|\bdyspn\w*|\bsob\b|\bsweat\w*|\bdiaphore\w*|\bclammy|\bjaw|\bchest/i)
        ? p.find(/\bnause\w*|\bfatigue\w*/i)
        : undefined),
  },
  {
    id: 'aortic-dissection',
    label: 'tearing chest or back pain',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:tearing|ripping) (?:chest |back |abdominal )?pain\b|\bpain (?:that )?(?:feels|is) (?:like )?(?:tearing|ripping)/i,
      ),
  },
  {
    id: 'stroke-signs',
    label: 'signs of stroke (face, arm, speech, sudden vision loss)',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\bsudden\w*\b[^.]{0,30}\b(?:loss of vision|vision loss|blindness|lost (?:the )?vision|weakness|numbness)|\b(?:facial droop|face (?:is )?droop\w*|droop\w* (?:of the )?(?:face|mouth)|slurred speech|speech (?:is |was )?slurred|slurring|aphasi\w*|trouble speaking|difficulty speaking|can'?t (?:speak|talk|find (?:the|his|her) words)|word[- ]finding difficult\w*|(?:one[- ]sided|unilateral|left[- ]sided|right[- ]sided|hemi) ?(?:weakness|numbness|paralysis)|hemipares\w*|hemipleg\w*|(?:weakness|numbness) (?:of|in|on) (?:the )?(?:left|right|one) (?:side|arm|leg|hand)|(?:left|right) (?:arm|leg|hand|side) (?:weakness|numbness)|can'?t (?:lift|move) (?:his|her|my|the) (?:left |right )?(?:arm|leg)|sudden (?:loss of )?vision loss|sudden(?:ly)? (?:lost|losing) vision|sudden blindness|stroke symptoms)\b/i,
      ),
  },
  {
    id: 'thunderclap-headache',
    label: 'sudden severe ("worst ever") headache or headache with neck stiffness',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\bworst headache|\bthunderclap|\bpeak(?:ed|ing)? (?:with)?in (?:a|one|1|seconds|a few) (?:minute|second)s?|\bmaximal (?:at|intensity at) onset|\bsudden(?: onset(?: of)?)?,? (?:severe |excruciating )?headache|\bheadache (?:came on |started )?(?:suddenly|abruptly)/i,
      ) ??
      (p.has(/\bheadache|\bhead pain/i) &&
      p.has(/\bneck stiff\w*|\bstiff neck|\bmeningism\w*|\bnuchal rigidity|\bphotophobia.{0,40}(?:fever|stiff)/i)
        ? p.find(/\bneck stiff\w*|\bstiff neck|\bnuchal rigidity|\bmeningism\w*/i)
        : undefined),
  },
  {
    id: 'fever-and-stiff-neck',
    label: 'fever with neck stiffness or purpuric rash',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.has(/\bfever|\bfebrile/i) || (v(p).temperatureC ?? 0) >= 38
        ? p.find(
            /\bneck stiff\w*|\bstiff neck|\bnuchal rigidity|\bpurpur\w*|\bpetechia\w*|\brash that does(?:n'?t| not) (?:fade|blanch)|\bnon-?blanching/i,
          )
        : undefined,
  },
  {
    id: 'anaphylaxis',
    label: 'signs of anaphylaxis',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\banaphyla\w*|\b(?:throat|tongue|lips?|face|facial) (?:is )?(?:swelling|swollen|tight\w*|closing)|\b(?:lips?|tongue|throat|face)(?: and (?:lips?|tongue|throat|face))? (?:is |are |was |were |feels? |started )?(?:swell\w*|swollen|tight\w*|closing)\b|\bswelling of (?:the )?(?:throat|tongue|lips?|face)|\bangioedema|\bthroat (?:feels )?(?:tight|closing)|\bdifficulty swallowing.{0,60}(?:hives|sting|peanut|allerg)|\bused (?:an |her |his )?epi-?pen/i,
      ) ??
      (p.has(/\bhives|\burticaria/i) &&
      p.has(/\bwheez\w*|\bshort(?:ness)? of breath|\bdifficulty breathing|\bvomit\w*|\bdizz\w*|\bfaint\w*/i)
        ? p.find(/\bhives|\burticaria/i)
        : undefined),
  },
  {
    id: 'respiratory-distress',
    label: 'severe breathing difficulty',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:severe|extreme) (?:shortness of breath|difficulty breathing|dyspnea|respiratory distress)|\brespiratory distress|\bcan'?t (?:breathe|catch (?:my|his|her) breath)|\bgasping|\bstruggling to breathe|\bunable to (?:speak|talk) in (?:full )?sentences|\b(?:one|two|single)[- ]word (?:sentences|answers|dyspnea)|\bcyano\w*|\bblue (?:lips|face)|\bstridor|\bretractions|\baccessory muscle|\btripod\w*|\bsilent chest/i,
      ),
  },
  {
    id: 'pulmonary-embolism-risk',
    label: 'shortness of breath or pleuritic pain with clot risk or hemoptysis',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.has(/\bshort(?:ness)? of breath|\bdyspn\w*|\bsob\b|\bpleuritic|\bchest pain/i) &&
      p.has(
        /\brecent (?:surgery|travel|flight|immobili\w*|long[- ]haul)|\blong (?:flight|drive|car ride)|\bpostpartum|\b(?:calf|leg) (?:swelling|pain)|\bswollen (?:calf|leg)|\bbirth control|\boral contracept\w*|\bhistory of (?:dvt|pe|clots?)|\bhemoptysis|\bcoughing (?:up )?blood/i,
      )
        ? p.find(/\bshort(?:ness)? of breath|\bdyspn\w*|\bsob\b|\bpleuritic \w+ pain|\bchest pain/i)
        : undefined,
  },
  {
    id: 'suicide-risk',
    label: 'suicidal or homicidal ideation, or intentional overdose',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\bsuicid\w*|\b(?:kill|shoot|hang|hurt|harm|cut) (?:my|him|her|them)sel(?:f|ves)|\bend(?:ing)? (?:my|his|her|their) li(?:fe|ves)|\bplans? to (?:die|kill|shoot)|\b(?:harm|hurt|kill) (?:her|his|the|my) (?:baby|child|children|kids?)|\bvoices (?:are )?(?:telling|tell)|\bcommand hallucinations|\bwant(?:s|ed)? to die|\bhomicid\w*|\bintentional(?:ly)? (?:overdose|ingestion)|\btook (?:a )?(?:bottle|handful|whole bottle)|\boverdos\w*/i,
      ),
  },
  {
    id: 'poisoning',
    label: 'poisoning or toxic ingestion',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:swallowed|ingested|drank|ate) (?:a |some |the )?(?:bleach|battery|button battery|magnets?|antifreeze|poison\w*|pills?|medication|drain cleaner|chemicals?)|\bcarbon monoxide|\bpoisoning\b/i,
      ),
  },
  {
    id: 'gi-bleed',
    label: 'vomiting blood or black stools with instability',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(/\b(?:vomit\w*|throwing up|threw up) (?:bright red )?blood|\bhematemesis|\bcoffee[- ]ground/i) ??
      (p.has(
        /\bmelena|\bblack,? tarry|\btarry stools?|\brectal bleeding|\bblood(?:y)? (?:in (?:the )?)?stools?|\bbright red blood per rectum|\bbrbpr/i,
      ) &&
      (p.has(/\bdizz\w*|\blightheaded|\bsyncop\w*|\bfaint\w*|\bpale\b|\bweak\b/i) ||
        (v(p).systolic ?? 200) < 100 ||
        (v(p).heartRate ?? 0) > 110)
        ? p.find(
            /\bmelena|\bblack,? tarry|\btarry stools?|\brectal bleeding|\bblood(?:y)? (?:in (?:the )?)?stools?|\bbrbpr/i,
          )
        : undefined),
  },
  {
    id: 'uncontrolled-bleeding',
    label: 'bleeding that will not stop',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:bleeding|blood) (?:that )?(?:won'?t|will not|does not|doesn'?t) stop|\bspurting|\bpulsatile bleeding|\buncontrolled bleeding|\bsoaking through/i,
      ),
  },
  {
    id: 'major-trauma',
    label: 'high-risk mechanism of injury',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:gunshot|gsw|stab(?:bed|bing)?(?: wound)?|penetrating|impaled|ejected|rollover|high(?:way)?[- ]speed|motorcycle (?:crash|accident|collision)|drown\w*|near[- ]drowning|submersion|pulled from (?:a |the )?(?:pool|water|lake)|pedestrian (?:struck|hit)|struck by (?:a )?(?:car|vehicle)|hit by (?:a )?(?:car|vehicle)|fell from (?:a )?(?:roof|height|second|third|ladder.{0,20}(?:head|unconscious))|fall from (?:a )?(?:roof|height)|crush injury|amputat\w*)\b/i,
      ) ??
      (p.has(/\bhead (?:injury|trauma)|\bhit (?:his|her|my) head|\bfell and hit/i) &&
      p.has(
        /\b(?:anticoag\w*|warfarin|coumadin|eliquis|apixaban|xarelto|rivaroxaban|blood thinners?)\b|\bloss of consciousness|\bloc\b|\bpassed out|\bvomit\w*|\bseizure/i,
      )
        ? p.find(/\bhead (?:injury|trauma)|\bhit (?:his|her|my) head|\bfell and hit/i)
        : undefined),
  },
  {
    id: 'seizure-active',
    label: 'ongoing, prolonged or first seizure',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:actively seizing|status epilepticus|seizure (?:lasting|that lasted|for) (?:more than )?(?:[5-9]|\d\d) min\w*|still seizing|continuous seizure|repeated seizures|first(?:[- ]time)? seizure|new[- ]onset seizure|seizure for the first time)\b/i,
      ),
  },
  {
    id: 'testicular-torsion',
    label: 'sudden testicular pain',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:sudden|acute|severe|terrible)(?: onset(?: of)?)? (?:\w+ )?(?:testic\w*|scrot\w*|testis|groin) pain|\b(?:sudden|severe|terrible)\w*(?: \w+)? pain in (?:one|the|his|my|a|left|right) (?:testicle|testis|scrotum)|\btesticular torsion|\b(?:testic\w*|scrot\w*) pain.{0,40}(?:sudden|woke|vomit)/i,
      ),
  },
  {
    id: 'ectopic-or-obstetric',
    label: 'pregnancy with pain, bleeding, or severe hypertension',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) => {
      const pregnant =
        p.findings.demographics.pregnant === true ||
        p.has(
          /\bmissed (?:her |my )?period|\blast (?:menstrual )?period (?:was )?\d+ weeks ago|\blmp\b|\blate period|\bpositive pregnancy test|\bbeta[- ]?hcg|\bpregnan\w*/i,
        );
      if (!pregnant) return undefined;
      return (
        p.find(
          /\b(?:heavy|significant) (?:vaginal )?bleeding|\bsoaking (?:a )?pads?|\b(?:severe|sharp|one[- ]sided|lower) (?:abdominal|pelvic|belly) pain|\bshoulder tip pain|\bectopic|\bfaint\w*|\blightheaded|\bdizz\w*|\bsyncop\w*|\bleaking fluid|\bdecreased fetal movement|\bno fetal movement|\bseizure|\bvision changes|\bblurr\w* vision|\bsevere headache/i,
        ) ?? ((v(p).systolic ?? 0) >= 160 || (v(p).diastolic ?? 0) >= 110 ? p.find(/\bpregnan\w*|\bweeks/i) : undefined)
      );
    },
  },
  {
    id: 'sick-young-infant',
    label: 'young infant who is lethargic, not feeding or cold',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      (age(p) ?? 99) < 0.25
        ? (p.find(
            /\blethargic|\bnot feeding|\bpoor feeding|\bwon'?t (?:feed|eat)|\brefus\w* (?:to )?feed|\bsleepier|\bhard to wake|\bhypotherm\w*|\bgrunting|\bapnea/i,
          ) ?? ((v(p).temperatureC ?? 37) < 36 ? true : undefined))
        : undefined,
  },
  {
    id: 'cauda-equina',
    label: 'back pain with leg weakness, saddle numbness or retention',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.has(
        /\bsaddle (?:anesthesia|numbness)|\bnumb\w* (?:in|of) (?:the )?(?:groin|buttocks|perineum)|\b(?:groin|perineal) numbness|\bhas not urinated|\bhasn'?t urinated|\burinary retention|\bloss of (?:bladder|bowel) control|\bincontinen\w*/i,
      ) && p.has(/\bback pain|\bweakness (?:in|of) (?:both|his|her) legs|\bboth legs|\bbilateral leg/i)
        ? (p.find(
            /\bsaddle (?:anesthesia|numbness)|\bnumb\w* (?:in|of) (?:the )?(?:groin|buttocks|perineum)|\bweakness (?:in|of) both legs/i,
          ) ?? true)
        : undefined,
  },
  {
    id: 'infant-fever',
    label: 'fever in an infant under 3 months',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      (age(p) ?? 99) < 0.25 && (p.has(/\bfever|\bfebrile|\bhot to (?:the )?touch/i) || (v(p).temperatureC ?? 0) >= 38)
        ? (p.find(/\bfever|\bfebrile|\btemp\w*|\bhot/i) ?? true)
        : undefined,
  },
  {
    id: 'sepsis-signs',
    label: 'infection with signs of sepsis',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) => {
      const infected =
        p.has(
          /\bfever|\bfebrile|\bchills|\brigors|\binfect\w*|\bpneumonia|\bcellulitis|\buti\b|\burinary tract|\bpyelo\w*|\babscess|\bsepsis|\bseptic/i,
        ) || (v(p).temperatureC ?? 37) >= 38.3;
      if (!infected) return undefined;
      const vs = v(p);
      const sirs = [
        (vs.heartRate ?? 0) > 100,
        (vs.respiratoryRate ?? 0) >= 22,
        (vs.temperatureC ?? 37) >= 38.3 || (vs.temperatureC ?? 37) < 36,
        (vs.systolic ?? 200) <= 100,
      ].filter(Boolean).length;
      // qSOFA (Singer et al., JAMA 2016): two of RR >= 22, SBP <= 100, altered mentation.
      const qsofa = [
        (vs.respiratoryRate ?? 0) >= 22,
        (vs.systolic ?? 200) <= 100,
        p.has(/\bconfus\w*|\baltered|\blethargic|\bdisoriented/i),
      ].filter(Boolean).length;
      if (qsofa >= 2 || (sirs >= 2 && (vs.systolic ?? 200) <= 100)) return true;
      return p.find(/\bsepsis|\bseptic|\bmottled|\brigors.{0,40}(?:confus|lightheaded|dizz)/i);
    },
  },
  {
    id: 'dka-or-hypoglycemia',
    label: 'diabetic emergency',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\bdka\b|\bdiabetic ketoacidosis|\bfruity (?:breath|odor)|\bkussmaul|\bhyperosmolar|\bhypoglycemi\w*.{0,40}(?:confus|unresponsive|seiz|lethargic)/i,
      ) ?? ((v(p).glucose ?? 100) < 54 || (v(p).glucose ?? 0) > 600 ? true : undefined),
  },
  {
    id: 'eye-emergency',
    label: 'chemical eye exposure or penetrating eye injury',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:chemical|bleach|acid|alkali|lye)\b.{0,30}\beyes?\b|\beye\b.{0,30}\b(?:chemical|bleach|acid|alkali)\b|\bpenetrating eye|\bglobe rupture/i,
      ),
  },
  {
    id: 'acute-abdomen',
    label: 'rigid abdomen or severe abdominal pain in an older adult',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\brigid abdomen|\bboard-?like abdomen|\bperitonitis|\bperitoneal signs|\brebound tenderness.{0,40}(?:guard|rigid)/i,
      ) ??
      ((age(p) ?? 0) >= 65 && p.has(/\bsevere (?:abdominal|belly|stomach) pain/i)
        ? p.find(/\bsevere (?:abdominal|belly|stomach) pain/i)
        : undefined),
  },
  {
    id: 'limb-ischemia',
    label: 'cold, pale or pulseless limb',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:cold|pale|pulseless|white) (?:and (?:pale|cold|numb) )?(?:leg|arm|foot|hand|limb)\b|\bno pulses? in (?:the )?(?:leg|foot|arm)|\bcompartment syndrome/i,
      ),
  },
  {
    id: 'severe-burn',
    label: 'major, facial or airway burn',
    level: 'EMERGENT',
    redFlag: true,
    test: (p) =>
      p.find(
        /\b(?:burns? (?:to|on|of) (?:the )?(?:face|airway|genitals)|singed (?:nasal )?hair|smoke inhalation|(?:large|extensive|third[- ]degree|full[- ]thickness) burns?|electrical burn)\b/i,
      ),
  },

  // Presenting problems that need prompt care (ESI 3).
  {
    id: 'chest-pain-low-risk',
    label: 'chest pain',
    level: 'URGENT',
    redFlag: false,
    test: (p) => (p.has(REPRODUCIBLE) && !p.has(CARDIAC_FEATURE) ? undefined : p.find(CHEST_PAIN)),
  },
  {
    id: 'surgical-abdomen',
    label: 'possible surgical abdomen',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bmurphy|\bright upper quadrant pain|\bruq pain|\bright lower quadrant pain|\brlq pain|\bappendicitis|\bno flatus|\bnot passing gas|\bobstipation|\bdistended abdomen|\babdominal distension|\bbowel obstruction|\bguarding|\bcholecystitis|\bpancreatitis/i,
      ),
  },
  {
    id: 'refractory-symptoms',
    label: 'symptoms not controlled by treatment at home',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bnot responding to (?:home |oral |usual )?(?:medication|treatment|meds|therapy|antibiotics)|\bdespite (?:\d+ days of |two days of |home )?(?:oral )?(?:treatment|medication|meds|antibiotics)|\bhome (?:meds|medications?) (?:are )?not helping|\bnot improving (?:on|with)|\bsickle cell\b.{0,40}\b(?:crisis|pain)/i,
      ),
  },
  {
    id: 'fracture-or-dislocation',
    label: 'possible fracture or dislocation',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bunable to (?:bend|move|straighten|use) (?:it|the|his|her|my)|\bcan'?t (?:bend|move|straighten) (?:it|the|his|her|my)|\bdepressed knuckle|\brefus\w* to (?:walk|bear weight|move|use)|\bfractur\w*|\bbroken (?:bone|arm|leg|wrist|ankle|hip|finger|toe|nose)|\bdeformit\w*|\bdeformed|\bdislocat\w*|\bcan'?t (?:bear|put) weight|\bunable to (?:bear|put) weight|\bnon-?weight[- ]bearing|\bbone (?:sticking|protruding)/i,
      ),
  },
  {
    id: 'laceration-repair',
    label: 'wound that needs repair',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\b(?:deep|gaping|large|long) (?:cut|laceration|wound)|\bneeds? (?:sutures|stitches)|\blaceration\b.{0,40}\b(?:sutur|stitch|gaping|deep)|\bdog bite|\banimal bite|\bpuncture wound/i,
      ),
  },
  {
    id: 'breathing-difficulty',
    label: 'shortness of breath or wheezing',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bshort(?:ness)? of breath|\bdyspn\w*|\bsob\b|\bdifficulty breathing|\btrouble breathing|\bwheez\w*|\basthma (?:attack|exacerbation|flare)|\bcopd exacerbation/i,
      ),
  },
  {
    id: 'syncope',
    label: 'fainting or near-fainting',
    level: 'URGENT',
    redFlag: false,
    test: (p) => p.find(/\bsyncop\w*|\bfaint(?:ed|ing)\b|\bpassed out|\bblack(?:ed)? out|\bloss of consciousness/i),
  },
  {
    id: 'head-injury',
    label: 'head injury',
    level: 'URGENT',
    redFlag: false,
    test: (p) => p.find(/\bhead (?:injury|trauma)|\bhit (?:his|her|my) head|\bconcussion/i),
  },
  {
    id: 'severe-pain',
    label: 'severe pain',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      (v(p).pain ?? 0) >= 7
        ? true
        : p.find(
            /\b(?:severe|excruciating|worst|unbearable|10\/10|9\/10|8\/10) (?:\w+ )?(?:pain|ache)|\bkidney stone|\brenal colic|\bflank pain.{0,40}(?:vomit|fever|severe)|\bright lower quadrant pain|\brlq pain|\bappendicitis/i,
          ),
  },
  {
    id: 'dehydration',
    label: 'vomiting or diarrhea with dehydration',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bdehydrat\w*|\bfewer wet diapers|\bdry mouth|\bdecreased tears|\bno tears|\bsunken (?:eyes|fontanelle)|\bcan'?t keep (?:anything|fluids|liquids|water) down|\bunable to keep (?:anything|fluids|liquids|water) down|\bpersistent vomiting|\bvomiting (?:for|x) (?:2|3|two|three|several) days|\bno (?:urine|wet diapers)|\bdecreased urine output|\bnot urinating/i,
      ),
  },
  {
    id: 'high-fever',
    label: 'high fever or fever with a vulnerable patient',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      (v(p).temperatureC ?? 0) >= 39.5 ||
      ((v(p).temperatureC ?? 0) >= 38 && ((age(p) ?? 30) < 0.5 || (age(p) ?? 30) >= 75))
        ? true
        : p.find(/\bhigh fever|\bfever of (?:10[3-9]|4\d)/i),
  },
  {
    id: 'pregnancy-concern',
    label: 'symptoms in pregnancy',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.findings.demographics.pregnant ? p.find(/\bbleeding|\bspotting|\bcramp\w*|\bpain|\bcontractions?/i) : undefined,
  },
  {
    id: 'new-neuro',
    label: 'new neurological symptom',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bnew (?:onset )?(?:numbness|weakness|tingling|double vision)|\bdouble vision|\bvertigo with|\bsudden (?:dizziness|vertigo)/i,
      ),
  },
  {
    id: 'spreading-infection',
    label: 'spreading skin infection or abscess',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\b(?:spreading|worsening|expanding) (?:redness|cellulitis|infection)|\b(?:cellulitis|redness|infection) (?:is )?(?:spreading|expanding|worsening)|\bred streaks?|\babscess|\bcellulitis.{0,40}fever/i,
      ),
  },
  {
    id: 'psychiatric-crisis',
    label: 'acute psychiatric symptoms',
    level: 'URGENT',
    redFlag: false,
    test: (p) => p.find(/\bhallucinat\w*|\bpsychos\w*|\bpsychotic|\bagitat\w*|\bpanic attack|\bparanoi\w*|\bmanic/i),
  },
  {
    id: 'urinary-retention',
    label: 'cannot pass urine',
    level: 'URGENT',
    redFlag: false,
    test: (p) => p.find(/\burinary retention|\bcan'?t (?:pee|urinate)|\bunable to (?:pee|urinate|void)/i),
  },
  {
    id: 'eye-symptoms',
    label: 'eye pain or vision change',
    level: 'URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\beye (?:pain|injury)|\bvision (?:change|loss)|\bblurr\w* vision|\bforeign body in (?:the |my |his |her )?eye|\bflashes (?:and|of) (?:light|floaters)|\bcurtain over/i,
      ),
  },
  {
    id: 'moderate-burn',
    label: 'burn',
    level: 'URGENT',
    redFlag: false,
    test: (p) => p.find(/\bpartial[- ]thickness|\bsecond[- ]degree burn|\bblister\w* burn|\bburns?\b.{0,30}\bblister/i),
  },

  // Stable problems that need a visit today or soon (ESI 4).
  {
    id: 'needs-visit',
    label: 'acute problem that needs a clinician today',
    level: 'SEMI-URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\bdysuri\w*|\bburning (?:with |on |when )?(?:(?:i|you|he|she|they) )?(?:urinat\w*|pee\w*)|\bburning urination|\bpainful urination|\burinary (?:frequency|urgency)|\bblood in (?:the |my )?urine|\bhematuria|\buti\b|\burinary tract infection|\burine infection|\bear ?(?:pain|ache)|\btugging at (?:the |his |her )?(?:left |right )?ear|\botitis|\bsinus(?:itis| pain| pressure)|\bfacial pressure|\bsprain\w*|\bswollen (?:ankle|wrist|knee|joint|finger|toe)|\blaceration|\bgaping|\bforeign body|\bstuck in (?:the |his |her |my )?(?:left |right )?(?:nose|nostril|ear)|\bfishhook|\bembedded|\babscess|\bboil\b|\bingrown|\bpus\b|\bred,? (?:hot|warm)|\bwarm,? (?:red|tender)|\bred, warm|\btender (?:area|lump|swelling)|\bpainful (?:lump|patch|swelling)|\blump\b|\bvaginal (?:discharge|itching|bleeding)|\bdischarge\b|\bgout\b|\bjoint (?:became |is |suddenly became )?(?:red|hot|swollen)|\bdental pain|\btooth ?ache|\bgum swelling|\bvomit\w*|\bthrowing up|\bdiarrh\w*|\babdominal pain|\bbelly pain|\bstomach pain|\bconstipat\w*|\bnot getting better|\bnot improving|\bworse|\bworsening|\bdespite (?:antacids|rest|ibuprofen|tylenol|over-the-counter)|\beven with (?:antacids|rest|ibuprofen|medication)|\bblood pressure (?:was |of |is )?(?:about |around )?1[6-9]\d|\bbp (?:of )?1[6-9]\d|\bfever\b|\bfebrile|\bchills|\bsprained|\bstrain\w*|\btwisted|\bswelling\b|\bswollen\b|\bpainful\b|\bbleeding\b|\bburns?\b|\bbites?\b.{0,30}(?:dog|cat|animal|human)|\bwound|\binfect\w*|\bpain\b/i,
      ),
  },

  {
    id: 'fever-measured',
    label: 'measured fever',
    level: 'SEMI-URGENT',
    redFlag: false,
    test: (p) => ((v(p).temperatureC ?? 0) >= 38 ? true : undefined),
  },

  // Self-care and routine (ESI 5).
  {
    id: 'self-care',
    label: 'minor or routine need',
    level: 'NON-URGENT',
    redFlag: false,
    test: (p) =>
      p.find(
        /\brefill|\bprescription renewal|\bno acute complaints?|\bno complaints|\broutine|\bcheck-?up|\bwell (?:child|visit)|\bphysical\b|\bpaperwork|\bwork note|\bschool note|\bforms?\b|\bvaccin\w*|\bimmuniz\w*|\bflu shot|\bfollow-?up|\bmedication (?:review|reconciliation)|\bscreening|\bprenatal care|\bskin tag|\bmole\b|\bdandruff|\bacne\b|\bitchy (?:watery )?eyes|\bseasonal allerg\w*|\bpollen|\brunny nose|\bsneez\w*|\bstuffy nose|\bcommon cold|\bsunburn|\b(?:insect|mosquito|bug) bite|\bsore muscles|\bmuscles are sore|\bstubbed|\bbruised?\b|\bcough\w*|\bsore throat|\bheadache|\bitch\w*|\bremoval of (?:the )?sutures|\bsuture removal|\bstable\b/i,
      ),
  },
];

/** Words that describe a minor problem as mild, stable, chronic or already better. */
const MILD_CUES =
  /\b(?:mild(?:ly)?|small|minor|slight(?:ly)?|chronic (?:and )?stable|stable for|for (?:years|months)|unchanged|same as usual|getting better|better with rest|feels? (?:fine|okay|ok|well)|(?:eating|eat) and (?:drinking|drink) (?:well|normally)|playing normally|no fever|requesting|wants (?:a|to)|asks? about|here for|would like)\b/i;

/** Danger-zone vital signs (ESI v4 "danger zone vitals", adapted to age) as red flags. */
function vitalFlags(f: ParsedFindings): RedFlag[] {
  const flags: RedFlag[] = [];
  const vs = f.vitals;
  const a = f.demographics.ageYears;
  const child = a !== undefined && a < 12;
  const add = (id: string, label: string, level: TriageLevel): void => void flags.push({ id, label, level });
  if (vs.spo2 !== undefined) {
    if (vs.spo2 < 90) add('spo2-below-90', 'oxygen saturation below 90%', 'EMERGENT');
    else if (vs.spo2 < 94) add('spo2-below-94', 'oxygen saturation below 94%', 'URGENT');
  }
  if (vs.heartRate !== undefined && vs.systolic !== undefined && !child && vs.heartRate / vs.systolic > 1) {
    add('shock-index', 'heart rate above systolic pressure (shock index 1 or more)', 'EMERGENT');
  }
  if (vs.heartRate !== undefined) {
    const [emergentHigh, urgentHigh] = child ? [180, 160] : [130, 110];
    if (vs.heartRate >= emergentHigh || vs.heartRate <= 40)
      add(
        'heart-rate-danger',
        `heart rate ${vs.heartRate >= emergentHigh ? 'at or above ' + emergentHigh : 'at or below 40'}`,
        'EMERGENT',
      );
    else if (vs.heartRate >= urgentHigh || vs.heartRate < 50)
      add('heart-rate-abnormal', 'heart rate outside the safe range', 'URGENT');
  }
  if (vs.respiratoryRate !== undefined) {
    const [emergentHigh, urgentHigh] = child ? [50, 40] : [30, 24];
    if (vs.respiratoryRate >= emergentHigh || vs.respiratoryRate <= 8)
      add('respiratory-rate-danger', 'respiratory rate in the danger zone', 'EMERGENT');
    else if (vs.respiratoryRate >= urgentHigh) add('respiratory-rate-high', 'fast breathing', 'URGENT');
  }
  if (vs.systolic !== undefined) {
    if (vs.systolic < 90) add('hypotension', 'systolic blood pressure below 90', 'EMERGENT');
    else if (vs.systolic >= 220 || (vs.diastolic ?? 0) >= 130)
      add('severe-hypertension', 'blood pressure at or above 220/130', 'EMERGENT');
    else if (vs.systolic >= 180 || (vs.diastolic ?? 0) >= 120)
      add('hypertension-urgency', 'blood pressure at or above 180/120', 'URGENT');
  }
  if (vs.temperatureC !== undefined) {
    if (vs.temperatureC >= 41) add('hyperthermia', 'temperature at or above 41 °C', 'EMERGENT');
    else if (vs.temperatureC < 35) add('hypothermia', 'temperature below 35 °C', 'URGENT');
  }
  if (vs.glucose !== undefined && vs.glucose > 400 && vs.glucose <= 600)
    add('severe-hyperglycemia', 'glucose above 400 mg/dL', 'URGENT');
  if (vs.gcs !== undefined && vs.gcs <= 13) add('low-gcs', 'Glasgow Coma Scale 13 or less', 'EMERGENT');
  return flags;
}

/** Runs every rule over a case (only affirmed mentions count) and returns the floor and the level. */
export function assessTriage(context: MentionContext, findings: ParsedFindings): TriageAssessment {
  const text = context.text;
  const find = (pattern: RegExp): EvidenceSpan | undefined => {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    for (const m of text.matchAll(global)) {
      if (m[0].length === 0) continue;
      if (context.statusOf(m.index, m.index + m[0].length) === 'affirmed')
        return { text: m[0], start: m.index, end: m.index + m[0].length };
    }
    return undefined;
  };
  const probe: Probe = { find, has: (p) => find(p) !== undefined, findings };
  const redFlags: RedFlag[] = [...vitalFlags(findings)];
  const found: TriageAssessment['findings'] = [];
  for (const rule of RULES) {
    const hit = rule.test(probe);
    if (hit === undefined || hit === false) continue;
    const evidence = typeof hit === 'object' ? hit : undefined;
    if (rule.redFlag)
      redFlags.push({ id: rule.id, label: rule.label, level: rule.level, ...(evidence ? { evidence } : {}) });
    else found.push({ label: rule.label, level: rule.level, ...(evidence ? { evidence } : {}) });
  }
  const floor = redFlags.reduce<TriageLevel>((acc, f) => moreUrgent(acc, f.level), 'NON-URGENT');
  let level = found.reduce<TriageLevel>((acc, f) => moreUrgent(acc, f.level), floor);
  // Only self-care findings, or a visit-today finding described as mild, chronic or better: non-urgent.
  if (redFlags.length === 0 && found.every((f) => f.level === 'SEMI-URGENT' || f.level === 'NON-URGENT')) {
    const needsVisit = found.some((f) => f.level === 'SEMI-URGENT');
    if (!needsVisit || (found.some((f) => f.level === 'NON-URGENT') && MILD_CUES.test(text))) level = 'NON-URGENT';
  }
  return { level, floor, redFlags, findings: found };
}
