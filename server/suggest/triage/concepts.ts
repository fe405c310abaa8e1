import { PrefixIndex } from '../clinical-text/prefix-index.ts';

/**
 * The clinical findings the triage engine reads from text: each a concept with a label and the ways
 * patients, nurses and physicians write it (lay words, clinical terms, common abbreviations). Written
 * from triage protocol vocabulary (Manchester Triage System discriminators, ESI handbook, CTAS/KTAS
 * complaint lists) and clinical synonyms, not from any evaluation set's phrasing.
 *
 * `presentation` concepts count only when affirmed for the patient now; `risk` concepts (chronic
 * conditions, medications, pregnancy) also count when written as history, because they raise risk.
 */
export interface Concept {
  id: string;
  label: string;
  kind: 'presentation' | 'risk';
  pattern: RegExp;
  /**
   * Words one of which every match contains (a cheaper test for the prefix index than the pattern's
   * own first words, for patterns that start with common words).
   */
  gate?: RegExp;
  /** Read only when one of these concepts was found (they come earlier in the list). */
  onlyWith?: readonly string[];
}

const POSS = String.raw`(?:my|his|her|the|their|its|your|a|one)`;

function concept(id: string, label: string, kind: Concept['kind'], ...parts: string[]): Concept {
  return { id, label, kind, pattern: new RegExp(parts.map((p) => `(?:${p})`).join('|'), 'gi') };
}
const p = (id: string, label: string, ...parts: string[]): Concept => concept(id, label, 'presentation', ...parts);
const r = (id: string, label: string, ...parts: string[]): Concept => concept(id, label, 'risk', ...parts);

export const CONCEPTS: readonly Concept[] = [
  // Airway, breathing, circulation, disability.
  p(
    'arrest',
    'cardiac or respiratory arrest',
    String.raw`\b(?:cardiac|cardiopulmonary|respiratory) arrest|\bpulseless(?! (?:limb|leg|arm|foot|hand|extremity))|\bdoa\b|\bdead on arrival|\bnot breathing(?! (?:fast|quickly|rapidly|hard|heavily|noisily|as fast))|\bstopped breathing|\bapn(?:o)?eic|\bno pulse\b|\bcpr\b|\bpost-?cpr|\bresuscitat\w*|\bcode blue|\b(?:isn'?t|is not|wasn'?t|was not|not) breathing|\bno signs of life`,
  ),
  p(
    'choking',
    'choking or airway obstruction',
    String.raw`\bchoking\b|\bairway obstruction|\bcan'?t swallow (?:his|her|my) (?:own )?saliva`,
  ),
  p(
    'unresponsive',
    'unresponsive',
    String.raw`\bunresponsive|\bunconscious|\bcomatose|\bcoma\b|\bnot (?:waking|rousable|arousable)|\bwon'?t wake|\bcan(?:'?t|not) (?:be )?(?:wake|woken|roused)|\bunrousable|\bobtunded|\bsemi-?coma\w*|\bstupor\b|\bresponds? only to pain|\bnot responding to (?:us|me|voice|(?:his|her) name|anything|touch|pain)\b|\b(?:is|was|still|and) not respond(?:ing|ive)\b(?! to)`,
  ),
  p(
    'drowsy',
    'drowsy, lethargic or hard to rouse',
    String.raw`\bdrows(?:y|iness)|\blethargi\w*|\bsomnolen\w*|\bhard to (?:wake|rouse|arouse)|\bdifficult to (?:wake|rouse|arouse)|\bstuporous|\bsleepier|\b(?:very|really|so|unusually|quiet and) sleepy|\bgoes (?:quiet and )?(?:sleepy|floppy|pale)|\b(?:can|could) (?:barely|hardly) (?:stay awake|keep (?:his|her|my|their) eyes open)|\bbarely awake|\b(?:more|much more|unusually|abnormally) (?:sleepy|drowsy) than (?:usual|normal)|\bfloppy|\blistless|\bdrowsy mentality|\bdecreased (?:level of )?consciousness|\b(?:decreased|diminished|reduced) mentality|\bmentality (?:decrease|deterioration)`,
  ),
  p(
    'confusion',
    'confusion or altered mental status',
    String.raw`\bconfus\w*|\bdisorient\w*|\baltered mental(?: status)?|\baltered (?:level of )?consciousness|\bams\b|\bmental (?:status )?change|\bdeliri\w*|\bnot making sense|\bnot acting (?:like )?(?:him|her)self|\bmore (?:agitated|confused|restless|muddled|withdrawn) than (?:usual|normal)|\bacting strange(?:ly)?|\bnot (?:him|her)self|\bincoheren\w*|\bdoesn'?t (?:know|recognize) where|\bmentality change|\b(?:gone|going|got|getting|become|became|suddenly|very|really|so|all) (?:very |really |all |so )?muddled\b|\bmuddled (?:today|since|this (?:morning|afternoon|evening)|all of a sudden|overnight)|\btalking (?:nonsense|gibberish|rubbish)|\bdoesn'?t know (?:where (?:he|she) is|what day it is|who (?:i am|we are))`,
  ),
  p('asterixis', 'asterixis (flapping tremor)', String.raw`\basterixis|\bflapping tremor`),
  p(
    'severe-respiratory-distress',
    'severe respiratory distress',
    String.raw`\b(?:severe|marked|extreme|significant) (?:respiratory distress|shortness of breath|dyspn\w*|difficulty breathing|sob)\b|\brespiratory (?:distress|failure)|\bcan(?:'?t|not) (?:breathe|catch ${POSS} breath)|\bgasping|\bbreathing (?:very |really |so )?slow(?:ly)?\b|\bslow,? shallow breathing|\bstruggling to breathe|\bunable to (?:speak|talk|complete|finish)(?: in)? (?:full |complete )?sentences|\b(?:one|two|single|1|2)[- ]word (?:sentences|answers|phrases)|\bcan only say (?:a few|one|two) words|\bspeaking in (?:single )?words|\btripod\w*|\bsilent chest|\bexhaust\w* from breathing|\btiring\b`,
  ),
  p(
    'work-of-breathing',
    'increased work of breathing (accessory muscles, retractions, grunting, nasal flaring)',
    String.raw`\baccessory muscle\w*|\bretraction\w*|\brecession\w*|\bindrawing|\bgrunting|\bnasal flaring|\bhead bobbing|\bsee-?saw breathing|\bbelly breathing|\bribs (?:are )?(?:sucking|pulling) in|\bskin (?:sucking|pulling) in (?:between|under)|\b(?:skin|muscles?|tummy|belly) (?:between|under|below) (?:his |her |my |their |the )?ribs (?:is |are )?(?:sucking|pulling|going|sinking) in|\bsucking in (?:between|under|below) (?:his |her |my |the )?ribs`,
  ),
  p(
    'stridor',
    'stridor',
    String.raw`\bstridor|\b(?:whistling|harsh|squeaky|high[- ]pitched|crowing|rasping|noisy) (?:sound|noise|breathing)\b[^.]{0,25}\b(?:breath(?:es|ing)? in|inhal\w*|at rest)|\bhigh-?pitched (?:noise|sound) (?:when|on) breathing (?:in)?|\bcrowing`,
  ),
  p(
    'cyanosis',
    'cyanosis',
    String.raw`\bcyano\w*|\bblue (?:lips|face|around the (?:lips|mouth))|\blips (?:are |look |turning |turned )?(?:blue|grey|gray)|\bturn(?:ed|ing) blue|\bdusky`,
  ),
  p(
    'drooling',
    'drooling, unable to swallow',
    String.raw`\bdrool\w*|\bunable to swallow (?:saliva|secretions)|\bcan'?t swallow (?:saliva|spit)`,
  ),
  p(
    'dyspnea',
    'shortness of breath',
    String.raw`\bshort(?:ness)? of breath|\bcan(?:'?t|not) lie (?:flat|down)|\bunable to lie (?:flat|down)|\bsob\b|\bdyspn\w*|\bbreathless\w*|\bdifficulty (?:in )?breathing|\btrouble breathing|\bhard to breathe|\bbreathing (?:is )?(?:really |very |so )?(?:hard|difficult|fast|quick(?:ly)?|rapid(?:ly)?|labou?red)|\blabou?red breathing|\bwinded|\bout of breath|\bdesaturation|\bhypox\w*|\bcan'?t get (?:enough )?air|\bair hunger|\borthopn\w*|\bpnd\b|\brespiratory difficulty|\bhyperventilat\w*|\btachypn\w*`,
  ),
  p('wheeze', 'wheezing', String.raw`\bwheez\w*|\bbronchospasm`),
  p(
    'asthma-attack',
    'asthma or COPD exacerbation',
    String.raw`\basthma(?:tic)? (?:attack|exacerbation|flare)|\bexacerbation of (?:asthma|copd)|\bcopd (?:exacerbation|flare)|\basthma\b|\bcopd\b|\bbronchiolitis|\bcroup`,
  ),
  p(
    'inhaler-not-helping',
    'reliever inhaler not helping',
    String.raw`\b(?:inhaler|puffer|nebuli[sz]er|albuterol|salbutamol|ventolin|nebs?)\b[^.]{0,40}\b(?:not (?:helping|working|help)|no (?:relief|help|improvement|effect)|isn'?t (?:helping|working)|didn'?t help|without (?:relief|improvement))|\b(?:not|no longer) (?:responding|relieved)\b[^.]{0,30}\b(?:inhaler|nebuli[sz]er|albuterol|salbutamol|nebs?)\b|\b(?:every|q) ?(?:hour|1h|20 min)\w*[^.]{0,20}(?:inhaler|puffs|nebs?)`,
  ),
  p(
    'hemoptysis',
    'coughing up blood',
    String.raw`\bhaemoptysis|\bhemoptysis|\bcough\w* (?:up )?blood|\bblood[- ]?(?:stained|tinged|streaked) sputum`,
  ),
  p(
    'pleuritic-pain',
    'pleuritic chest pain',
    String.raw`\bpleuritic|\bpain (?:when|on|with) (?:breathing|inspiration|deep breath\w*|taking a (?:deep )?breath)|\bhurts to breathe`,
  ),
  p('cough', 'cough', String.raw`\bcough\w*`),

  // Circulation, haemorrhage, chest.
  p(
    'chest-pain',
    'chest pain',
    String.raw`\b(?:chest|retrosternal|substernal|precordial) (?:pain|pressure|tightness|discomfort|heaviness|ache|burning|squeezing)|\bpain,? (?:\w+ )?chest|\bchest,? (?:\w+ )?pain|\bant\.? chest pain|\b(?:pressure|tightness|heaviness|squeezing|pain|ache|discomfort|weight) (?:in|on|across|over) ${POSS} chest|\bangina\b|\bchest (?:hurts|feels tight|is tight)|\bcp\b|\bchest discomfort|\b(?:heavy|tight|squeezing|crushing|pressing|burning|weird|funny|strange|horrible) (?:feeling|sensation) (?:in|on|across|over) ${POSS} chest|\b(?:weight|elephant|something heavy|a ton of bricks) (?:is )?(?:sitting |pressing |pushing )?on ${POSS} chest`,
  ),
  p(
    'cardiac-feature',
    'cardiac features (radiation to arm/jaw, sweating, exertional, crushing)',
    String.raw`\bradiat\w* (?:in)?to (?:the |his |her |my )?(?:left |right |both )?(?:arm|arms|jaw|neck|shoulder)|\bdiaphore\w*|\bsweat(?:y|ing)\b|\bcold sweat|\bclammy|\bexertion(?:al)?\b|\bon exertion|\bwith exertion|\bwalking up|\bcrushing|\belephant (?:on|sitting)|\bsqueezing|\blike a (?:band|vice|weight)|\bpressure-?like`,
  ),
  p('diaphoresis', 'sweating, clammy', String.raw`\bdiaphore\w*|\bsweat(?:y|ing)\b|\bcold sweat|\bclammy`),
  p(
    'chest-wall',
    'chest wall (reproducible, tender to palpation, after strain)',
    String.raw`\breproduc\w*(?: (?:on|with|by) (?:palpation|pressing|pressure))?|\btender(?:ness)? (?:to|on) palpation|\bchest wall\b|\bcostochond\w*|\bmusculoskeletal\b|\bworse (?:when|on) (?:pressing|pushing)|\bhurts (?:when|if) (?:i|he|she) press\w*|\bpulled a muscle|\bmuscle strain`,
  ),
  p(
    'atypical-acs-site',
    'jaw, arm or epigastric discomfort',
    String.raw`\bjaw (?:pain|discomfort|ache|tightness)|\bpain (?:in|of) (?:the |his |her |my )?jaw|\b(?:pain|ache|discomfort|pressure) (?:\w+ ){0,4}between (?:the |his |her |my )?shoulder ?blades|\bburning (?:feeling |sensation |pain )?(?:behind|in|under) (?:the |his |her |my )?(?:breastbone|sternum)|\b(?:left arm|arm) (?:pain|heaviness|discomfort) (?:and|with) (?:sweat|nause|short)|\bindigestion\b|\bheartburn\b|\bepigastric (?:pain|discomfort|burning)`,
  ),
  p(
    'referred-cardiac-site',
    'jaw, arm or between-the-shoulder-blades discomfort',
    String.raw`\bjaw (?:pain|discomfort|ache|tightness)|\bpain (?:in|of) (?:the |his |her |my )?(?:jaw|left arm|arms)\b|\b(?:pain|ache|discomfort|pressure) (?:\w+ ){0,4}between (?:the |his |her |my )?shoulder ?blades|\b(?:left arm|arm) (?:pain|heaviness|discomfort|ache)`,
  ),
  p(
    'heartburn',
    'heartburn or indigestion',
    String.raw`\bheartburn|\bacid reflux|\breflux\b|\bindigestion|\bburning (?:feeling |sensation )?(?:behind|in|under) (?:the |his |her |my )?(?:breastbone|sternum)`,
  ),
  p(
    'palpitations',
    'palpitations',
    String.raw`\bpalpitat\w*|\bheart (?:is )?(?:racing|pounding|fluttering|skipping)|\bracing heart|\bfluttering in ${POSS} chest|\birregular heart ?beat|\bheart (?:is )?(?:going|beating) (?:really |very |so )?(?:fast|quick|hard)`,
  ),
  p(
    'shock-named',
    'shock or low blood pressure',
    String.raw`\b(?:hypotensi\w*|low blood pressure|blood pressure,? (?:is |was )?low|bp (?:is |was )?low|(?:septic|cardiogenic|hypovolemic|hypovolaemic|anaphylactic|haemorrhagic|hemorrhagic) shock|in shock|shocky)\b`,
  ),
  p(
    'arrhythmia-named',
    'fast, slow or irregular heart rate',
    String.raw`\b(?:tachycardi\w*|bradycardi\w*|tachyarrhythmi\w*|arrhythmi\w*|svt|atrial (?:fibrillation|flutter)|a-?fib|rapid (?:heart rate|pulse)|slow (?:heart rate|pulse)|heart block|av block)\b|\bpulse (?:is |feels |was |felt )?(?:very |really |so )?(?:slow|fast|irregular|racing)\b`,
  ),
  p(
    'tearing-pain',
    'tearing pain (aortic)',
    String.raw`\b(?:tearing|ripping)\b[^.]{0,30}\bpain|\bpain\b[^.]{0,30}\b(?:tearing|ripping)\b|\bpain (?:radiating|going) (?:through )?to (?:the |his |her )?back between`,
  ),
  p(
    'syncope',
    'fainting or collapse',
    String.raw`\bsyncop\w*|\bfaint(?:ed|ing)?\b|\bpassed out|\bblack(?:ed)? out|\bcollaps\w*|\bloss of consciousness|\bloc\b|\bwent down|\bnear[- ]syncope|\bpre-?syncop\w*|\bsyncope|\b(?:going to|might|about to|gonna|could|will) (?:pass out|faint|black out|collapse)\b|\bfeel(?:s|ing)? (?:very |really )?faint\b`,
  ),
  p(
    'uncontrolled-bleeding',
    'haemorrhage that will not stop',
    String.raw`\b(?:bleeding|blood|it) (?:that )?(?:won'?t|will not|does not|doesn'?t|would not|can'?t be made to) stop|\bspurting|\bpulsatile bleeding|\buncontroll(?:ed|able) (?:bleeding|ha?emorrhage)|\bsoak(?:ing|ed) through (?:\w+ )?(?:towels?|bandages?|dressings?|pads?)|\bexsanguinat\w*|\bmassive (?:bleeding|ha?emorrhage)|\bheavy bleeding despite pressure`,
  ),
  p('bleeding', 'bleeding', String.raw`\bbleed\w*|\bha?emorrhag\w*|\bepistaxis|\bnosebleed|\bnasal bleeding`),
  p(
    'hematemesis',
    'vomiting blood',
    String.raw`\bha?ematemesis|\b(?:vomit\w*|throw\w* up|threw up|bringing up) (?:\w+ ){0,4}?(?:bright red |dark |fresh )?blood\b|\bcoffee[- ]grounds?|\bbloody vomit`,
  ),
  p(
    'melena',
    'black or bloody stools',
    String.raw`\bmelaena|\bmelena|\bblack,? (?:tarry|sticky)|\btarry (?:black )?stools?|\bblack stools?|\bha?ematochezia|\brectal bleeding|\bbleeding (?:from|per) (?:the )?(?:rectum|back passage|bottom)|\bblood(?:y)? (?:in (?:the |his |her |my )?)?(?:stools?|poo|poop|bowel movements?)|\bbright red blood per rectum|\bbrbpr|\banal bleeding|\bpr bleed\w*|\bblood on (?:the )?(?:toilet paper|tissue|wipe)|\b(?:pooing|pooping|passing|shitting) (?:\w+ )?blood\b|\b(?:redcurrant jelly|red currant jelly|currant jelly|red jelly|jelly)[- ]?(?:like)? (?:stools?|poo|poop|stuff|mucus)|\b(?:stools?|poo|poop) (?:looks? )?like (?:red ?currant |red )?jelly|\bblood (?:in|on) (?:his|her|the) (?:nappy|diaper)`,
  ),

  // Neurology.
  p(
    'focal-deficit',
    'focal neurological deficit (one-sided weakness or numbness, facial droop, speech disturbance)',
    String.raw`\bfacial droop|\bface (?:is )?(?:droop\w*|drooping|lopsided)|\bdroop\w* (?:of )?(?:the |his |her |my )?(?:face|mouth|lip|eyelid)|\bslurr\w*(?: speech)?|\bspeech (?:is |was )?(?:slurred|garbled|difficult)|\bdysarthri\w*|\baphasi\w*|\bdysphasi\w*|\b(?:trouble|difficulty|problems?) (?:speaking|talking|getting (?:his|her|my) words out|finding words)|\bcan(?:'?t|not) (?:speak|talk|find (?:the|his|her|my) words)|\bword[- ]finding|\b(?:one[- ]sided|unilateral|(?:left|right|lt\.?|rt\.?)[- ]?(?:sided|side)?) ?(?:motor )?(?:weakness|numbness|paralysis|hemiparesis)|\bhemipar\w*|\bhemipleg\w*|\bparapar\w*|\bparapleg\w*|\b(?:weakness|numbness|paralysis) (?:of|in|on) (?:the |his |her |my )?(?:left|right|one) (?:side|arm|leg|hand)|\b(?:weakness|numbness|paralysis|hemiparesis),? (?:(?:of|in|on) (?:the )?)?(?:left|right|lt\.?|rt\.?)[ .-]?(?:sided|side|arm|leg|hand|face)\b|\b(?:left|right|lt\.?|rt\.?) (?:arm|leg|hand|side|facial) (?:weakness|numbness|paralysis|palsy|drooping)|\bcan(?:'?t|not) (?:lift|move|raise|feel) (?:his|her|my|the) (?:left |right )?(?:arm|leg|hand)|\bfacial (?:palsy|paralysis|weakness)|\bside (?:motor )?weakness|\bmotor weakness|\bstroke (?:symptoms|signs)|\b(?:symptoms|signs) of (?:a )?(?:stroke|cva)|\bcode stroke|\b(?:acute stroke|acute cva|acute tia|stroke|cva|tia)\b(?! tenderness)|\btransient isch(?:a)?emic attack|\b(?:arm|leg|limb|extremity|hand) (?:motor )?weakness|\b(?:both|bilateral) (?:legs?|lower (?:limbs?|extremities)) (?:motor )?weakness|\blower extremity (?:motor )?weakness|\bneglect\b|\bataxi\w*|\bunsteady (?:gait|on (?:his|her) feet)|\bloss of (?:coordination|balance)|\bvisual field (?:loss|cut|defect)|\binability to (?:move|lift|use|raise) (?:his|her|my|the) (?:left |right )?(?:arm|leg|hand|side)|\bgarbled (?:speech|words)|\bspeech (?:is |was |became )?garbled|\bcan(?:'?t|not) get (?:his|her|my) words out`,
  ),
  p(
    'sudden-vision-loss',
    'sudden loss of vision',
    String.raw`\bsudden\w*[^.]{0,25}\b(?:loss of vision|vis(?:ion|ual) loss|blind\w*|lost (?:the )?(?:vision|sight)|can(?:'?t|not) see)|\b(?:loss of vision|vis(?:ion|ual) loss|lost (?:the )?vision|blindness) (?:in (?:one|the|his|her|my) (?:left |right )?eye )?(?:came on )?sudden\w*|\bcurtain (?:over|coming down)|\blike a curtain\b|\bcurtain (?:over|coming|came|across|falling)|\b(?:dark shadow|shadow) (?:\w+ ){0,2}(?:creeping|coming|moving|spreading|across|over|in from)|\bveil (?:over|across)|\bamaurosis`,
  ),
  p('double-vision', 'double vision', String.raw`\bdouble vision|\bdiplopi\w*|\bseeing double`),
  p(
    'headache',
    'headache',
    String.raw`\bheadaches?|\bhead(?:ache)? pain|\bpain (?:in|of) (?:the |my |his |her )?head|\bhead (?:hurts|is pounding)|\bmigraine\w*|\bcephalgia|\bha\b(?= -)|\bh-headache|\bhead ache`,
  ),
  p(
    'thunderclap',
    'sudden, worst-ever headache',
    String.raw`\bworst headache|\bworst (?:pain|headache) (?:of|in) (?:my|his|her) life|\bthunderclap|\bpeak(?:ed|ing|s)? (?:with)?in (?:a |one |1 |seconds|a few )?(?:minute|second)s?|\bmaximal (?:at|intensity at) onset|\b(?:sudden|abrupt|explosive)(?:[- ]onset)?(?: of)?,? (?:\w+ ){0,2}?(?:headache|head pain)|\bheadache (?:came on |started |began )?(?:suddenly|abruptly|all at once)|\blike (?:being )?(?:hit|struck) (?:on|in) the (?:back of the )?head|\bmaxim(?:um|al) (?:intensity|severity) (?:with)?in (?:a |one |1 )?(?:minute|seconds)`,
  ),
  p(
    'neck-stiffness',
    'neck stiffness (meningism)',
    String.raw`\bneck stiff\w*|\bstiff neck|\bnuchal rigidity|\bmeningism\w*|\bmeningeal (?:signs|irritation)|\bkernig|\bbrudzinski|\bcan(?:'?t|not) (?:bend|touch|put) (?:his|her|my|the) (?:chin|head|neck) (?:to|on|forward)|\bneck (?:is )?(?:rigid|stiff)|\bhurts (?:(?:him|her|me|them) )?to (?:bend|move|flex|turn|tilt) (?:his |her |my |their |the )?(?:neck|head|chin)(?: forward| down)?|\bpain (?:on|with) (?:bending|flexing) (?:the |his |her |my )?neck`,
  ),
  p(
    'photophobia',
    'photophobia',
    String.raw`\bphotophob\w*|\b(?:bright lights?|lights?) (?:bothers?|hurts?) (?:him|her|me|them|(?:his|her|my|their) eyes)|\blight hurts (?:his|her|my) eyes|\b(?:bothered|hurt) by (?:the )?light|\bsensitiv\w* to light|\b(?:doesn'?t|does not|don'?t|do not) like (?:the )?(?:bright )?lights?\b|\bcan(?:'?t|not) (?:stand|bear|tolerate) (?:the )?(?:bright )?lights?\b|\b(?:wants|asked for) the (?:curtains|blinds|lights?) (?:closed|shut|off)`,
  ),
  p(
    'seizure-active',
    'seizure now or prolonged',
    String.raw`\bactively seizing|\bstill seizing|\bseizing\b|\bstatus epilepticus|\bcontinuous seizures?|\bseizure (?:lasting|that lasted|for) (?:more than |over |>\s?)?(?:[5-9]|\d\d) min\w*|\brepeated seizures|\bseizures? (?:one after another|back to back|without (?:waking|recovering))|\bconvulsing\b|\bstill (?:fitting|convulsing)|\bcluster of seizures|\bseizure (?:is )?(?:ongoing|continuing|still going)|\bongoing seizure|\bseiz\w* for (?:more than |over )?(?:[5-9]|\d\d) min`,
  ),
  p(
    'seizure',
    'seizure',
    String.raw`\bseizures?|\bconvuls\w*|\bfits?\b(?! (?:well|fine|in))|\bfitting\b|\bepilep\w*|\bpost[- ]?ictal|\bpost seizure|\btonic[- ]clonic|\bshaking (?:all over|episode|of (?:the|his|her) (?:whole )?body)`,
  ),
  p(
    'first-seizure',
    'first seizure',
    String.raw`\bfirst(?:[- ]ever|[- ]time)? (?:seizure|convulsion|fit)|\bnew[- ]onset (?:seizure|convulsion)|\b(?:seizure|convulsion|fit) for the first time|\bno (?:prior|previous|known) (?:history of )?(?:seizures|epilepsy)`,
  ),
  p('febrile-convulsion', 'febrile convulsion', String.raw`\bfebrile (?:seizure|convulsion|fit)`),
  p(
    'dizziness',
    'dizziness or vertigo',
    String.raw`\bdizz\w*|\bvertig\w*|\blight-?headed\w*|\bspinning|\bwhirling|\boff balance`,
  ),
  p(
    'new-numbness',
    'numbness or tingling',
    String.raw`\bnumb\w*|\btingl\w*|\bpins and needles|\bparesthesi\w*|\bparaesthesi\w*|\bcan(?:'?t|not) feel (?:my|his|her|their|the) (?:left |right |big )?(?:toes?|feet|foot|fingers?|hands?|legs?|arms?)\b|\blost (?:the )?feeling in`,
  ),
  p(
    'weakness-general',
    'generalised weakness or fatigue',
    String.raw`\bgeneral(?:i[sz]ed)? weakness|\bweak(?:ness)? all over|\bfatigue\w*|\btired(?:ness)?|\bmalaise|\bweakness\b|\bweak\b|\bno energy|\bexhausted`,
  ),

  // Infection and temperature.
  p(
    'fever',
    'fever',
    String.raw`(?<!\bhay )\bfevers?\b|\bfebrile|\bpyrexi\w*|\bhigh temperature|\bhot to (?:the )?touch|\bburning up|\brunning a temp\w*|\bchills?\b|\bchilling\b|\brigou?rs|\bshivering|\bfeverish|\b(?:has|had|got|having|with|and|running) (?:got )?a (?:temp|temperature)\b(?! (?:of|check|reading|taken))`,
  ),
  p('rigors', 'rigors', String.raw`\brigou?rs|\buncontrollable shaking (?:chills|with fever)|\bshaking chills`),
  p(
    'non-blanching-rash',
    'non-blanching (petechial or purpuric) rash',
    String.raw`\bpetechia\w*|\bpurpur\w*|\bnon-?blanch\w*|\brash (?:that )?(?:does(?:n'?t| not)|won'?t|did not|didn'?t) (?:fade|blanch|disappear)|\bglass test|\bdoesn'?t fade (?:under|with) (?:a )?glass|\bpurple (?:spots|rash|dots|blotches|marks)|\b(?:spots?|dots?|marks?|rash|pin-?pricks?|blotches)\b[^.]{0,30}?\b(?:don'?t|do not|doesn'?t|does not|won'?t|didn'?t|not) (?:go away|fade|blanch|disappear)\b|\b(?:press\w*|roll\w*) a glass|\bspots? (?:that )?(?:don'?t|do not|won'?t|didn'?t) (?:go away|fade|disappear)`,
  ),
  p(
    'mottled',
    'mottled, ashen or grey skin, slow capillary refill',
    String.raw`\bmottl\w*|\bashen\b|\blooks? (?:grey|gray)\b|\b(?:grey|gray),? (?:and )?(?:sweaty|clammy)|\bturn(?:ed|ing)? (?:grey|gray)\b|\b(?:skin|face|complexion|he|she|baby|child|lips)(?: has| is| was|'s)? (?:gone|going|turned|turning|looks?|looking) (?:a |all |very )?(?:grey|gray|greyish|grayish|ashen)(?: colou?r)?\b|\b(?:greyish|grayish) (?:colou?r|skin)\b|\bmarbled\b|\bblotchy,? (?:and )?(?:purple|purplish|blue|bluish|grey|gray|dusky)|\b(?:purple|purplish|blue|bluish|dusky|grey|gray)(?:,? (?:and )?blotchy)? (?:blotches|patches|mottling|marbling)\b|\bskin (?:looks |is |went |turned |has gone |looking )?(?:\w+ )?(?:blotchy|patchy) and (?:purple|purplish|blue|bluish|grey|gray|dusky)|\bcapillary refill (?:of |time )?(?:>|more than |over )?\s?[3-9]|\bprolonged capillary refill|\bcrt (?:>|of )\s?[3-9]`,
  ),
  p(
    'cold-peripheries',
    'cold hands and feet',
    String.raw`\bcold (?:hands and feet|feet and hands|peripheries|extremities)|\b(?:hands and feet|feet and hands) (?:are |were |feel |felt |are very |feel very )?(?:ice[- ]|icy |freezing |very |really |so )?cold\b|\b(?:icy|ice[- ]cold|freezing cold) (?:hands|feet|fingers|toes)\b`,
  ),
  p(
    'skin-colour-change',
    'blotchy or strangely coloured skin',
    String.raw`\bblotchy\b(?!,? (?:(?:red|pink|itchy|raised) )*(?:rash|hives|welts|spots|bumps))|\bskin (?:looks |is |has gone |went |turned )?(?:a )?(?:funny|strange|odd|weird|unusual) colou?r|\bpale and (?:blotchy|patchy)|\bpatchy (?:skin|colou?r)`,
  ),
  p(
    'no-urine-day',
    'no urine passed for about a day (18 hours or more)',
    String.raw`\b(?:not|hasn'?t|has not|haven'?t|have not|hasnt|didn'?t|did not)(?: been able to)? (?:passed|pass|peed|pee|weed|wee|urinated|urinate|been to the toilet|had a wee)(?: any)?(?: urine| water)? (?:all day|since (?:yesterday|last night|this morning)|for (?:a |the )?(?:whole )?day|in (?:over |more than )?(?:18|24|twenty-four|a day)|for (?:over |more than )?(?:18|24|twenty-four|\d{2}) ?(?:h|hrs?|hours))|\bno (?:urine|pee|wee)(?: output)? (?:all day|since (?:yesterday|last night|this morning)|for (?:18|24|\d{2}) ?(?:h|hrs?|hours))|\banuri\w*`,
  ),
  p(
    'infection-source',
    'a source of infection',
    String.raw`\bpneumonia|\bcellulitis|\babscess|\buti\b|\burinary (?:tract )?infection|\bpyelo\w*|\bcholangitis|\bwound infection|\binfect\w*|\bsepsis|\bseptic|\bproductive cough|\bpurulent|\bpus\b|\bred streak\w*|\bspreading redness|\bmeningitis|\bcough\w*|\bdysuri\w*|\bsore throat|\bflu\b|\binfluenza|\bchest infection|\bcovid\w*|\bkidney infection`,
  ),
  p('sepsis-named', 'sepsis or septic shock', String.raw`\bsepsis|\bseptic(?: shock)?\b|\burosepsis`),
  p(
    'spreading-infection',
    'spreading skin infection',
    String.raw`\b(?:spreading|worsening|expanding|rapidly spreading) (?:redness|cellulitis|infection|erythema)|\b(?:redness|cellulitis|infection|erythema) (?:is )?(?:spreading|expanding|tracking)|\bred streak\w*|\blymphangitis|\bcrepitus|\bnecroti[sz]ing|\b(?:redness|red patch|red area|red mark|infection|swelling)\b(?: \w+){0,5} (?:has )?(?:spread|spreading|got bigger|grown|extended)`,
  ),
  p(
    'pain-out-of-proportion',
    'pain out of proportion to what the skin shows',
    String.raw`\bpain (?:is )?out of proportion|\b(?:pain|it|hurts?|hurting)\b[^.;]{0,25}\b(?:far|much|way|a lot|so much) (?:worse|more|greater|more painful) than (?:it looks|it should|expected|(?:you|i|one) would expect|(?:the |what the |how the )?(?:wound|cut|redness|swelling|skin|scratch|bite|graze|rash|area) (?:looks?|would suggest))|\b(?:pain|hurts)\b[^.;]{0,20}\b(?:doesn'?t|does not) (?:match|fit) (?:how|what) (?:it|the \w+) looks`,
  ),
  p(
    'rapid-spread',
    'redness or swelling spreading fast (over hours)',
    String.raw`\b(?:spreading|spread|spreads|growing|getting bigger|expanding|moving up|tracking|creeping)\b[^.;]{0,20}?\b(?:fast|quickly|rapidly|by the hour|within hours|as (?:we|i|you) watch|in (?:just )?(?:a few|the last|the past|a couple of|two|three|\d) hours|over (?:just )?(?:a few|the last|the past|a couple of|two|three|\d) hours)\b|\brapidly (?:spreading|expanding|progressing|advancing)|\b(?:spreading|growing) before (?:my|our|your) eyes`,
  ),
  p(
    'necrotising-signs',
    'signs of necrotising infection (crepitus, dusky or black skin, blood blisters)',
    String.raw`\bnecroti[sz]\w*|\bcrepitus|\bcrackl\w* (?:under|beneath) the skin|\bskin (?:is |has )?(?:turning|turned|gone|going) (?:black|dusky|grey|gray|purple)|\b(?:going|gone|turning|turned) (?:purple and |blue and |red and )?(?:black|dusky)\b|\b(?:blood|purple|dark|black)[- ](?:filled )?blisters|\bha?emorrhagic bullae|\bgas gangrene|\bgangren\w*`,
  ),
  p(
    'skin-infection',
    'skin infection or abscess',
    String.raw`\bcellulitis|\babscess|\bboil\b|\bred,? (?:hot|warm)(?:,? (?:and )?(?:tender|swollen))?|\bwarm,? (?:red|tender)|\bpus\b|\binfected (?:wound|cut|bite)`,
  ),

  // Abdomen, gastrointestinal, genitourinary.
  p(
    'abdominal-pain',
    'abdominal pain',
    String.raw`\babd(?:ominal)?\.? (?:pain|cramp\w*|discomfort|tenderness)|\bpain,? (?:\w+ )?abd\w*|\b(?:belly|stomach|tummy|abdomen|gut) ?(?:pain|ache|hurts|cramps?)|\b(?:belly|stomach|tummy|abdomen|gut) (?:is )?(?:killing|agony|hurting|really sore|very sore|so sore)|\bpain (?:in|of) (?:the |my |his |her )?(?:(?:upper|lower|right|left|top|bottom) )*(?:belly|stomach|tummy|abdomen)|\b(?:epigastric|periumbilical|suprapubic|hypogastric|(?:right|left) (?:upper|lower) (?:abdominal|quadrant)) (?:pain|discomfort|tenderness)|\b(?:ruq|luq|rlq|llq)\b(?: pain)?|\b(?:upper|lower) abd(?:ominal)? pain|\babdominal (?:pain|tenderness)|\bcolic\w*|\bbellyache|\bstomachache|\btummy ache|\b(?:rt|lt|right|left)\.? abd pain`,
  ),
  p(
    'peritonism',
    'peritoneal signs (guarding, rigidity, rebound, absent bowel sounds)',
    String.raw`\bguarding|\brigid(?:ity)? (?:abdomen|belly)|\babdomen (?:is )?(?:rigid|board-?like|hard as a board)|\bboard-?like|\brebound(?: tenderness)?|\bperitonitis|\bperitoneal (?:signs|irritation)|\bperitonism|\babsent bowel sounds|\bpercussion tenderness|\bheel[- ]drop`,
  ),
  p(
    'abdomen-hard',
    'hard, rigid or untouchable abdomen (lay words for guarding and rigidity)',
    String.raw`\b(?:belly|abdomen|stomach|tummy|tum)\b (?:is |was |feels |felt |became |has become |went |gone |got |has gone |has got )?(?:(?:tight|swollen|bloated|tender|sore|big|distended),? (?:and )?){0,3}(?:very |really |rock |so |quite |as )?(?:hard|rigid|rock[- ]hard|tight as a drum|like a (?:board|rock|plank)|board[- ]?like|solid)\b(?! (?:stools?|poo|poop|lump|to (?:\w+ )?(?:poo|go|pass)))|\b(?:hard|rigid|rock[- ]hard|board[- ]?like|tense)(?:,? (?:and )?(?:tender|swollen|distended|tight|sore|painful))* (?:belly|abdomen|stomach|tummy)\b|\b(?:won'?t|will not|doesn'?t|does not|can'?t|cannot) (?:let|bear|stand|tolerate) (?:anyone|anybody|me|you|us|the (?:doctor|nurse|gp)|(?:anyone|anything|the (?:sheets?|covers?|blanket))) (?:to )?(?:touch|touching|near|press(?:ing)? on|on) (?:his |her |my |their |the )?(?:belly|tummy|stomach|abdomen)|\b(?:screams|cries|winces|flinches|jumps|yells) (?:out )?(?:when|if) (?:you|i|we|anyone|someone|the doctor) (?:touch|touches|press|presses|push|pushes)(?: on)? (?:his |her |my |their |the )?(?:belly|tummy|stomach|abdomen)`,
  ),
  p(
    'abdominal-distension',
    'abdominal distension',
    String.raw`\b(?:abdominal distension|abd\.? distension|belly distension|distension)|\bdistended (?:abdomen|belly)|\bswollen (?:lower )?(?:belly|abdomen|stomach|tummy)|\b(?:lower |belly|tummy|stomach|abdomen)(?:belly|tummy|stomach|abdomen)? ?(?:is |looks |feels )?(?:very |really )?(?:swollen|distended|bloated|tight and swollen)\b|\bbloat\w*|\bdistention`,
  ),
  p(
    'obstruction-signs',
    'not passing stool or gas',
    String.raw`\bno (?:flatus|bowel movement)|\b(?:has(?:n'?t| not)|hasn'?t|not) passed (?:any )?(?:wind|gas|stool|a stool)|\bnot passing (?:gas|wind|stool)|\bobstipation|\bbowel obstruction|\bfeculent vomit\w*|\bbilious vomit\w*|\bgreen vomit\w*|\bvomit\w* (?:up )?(?:green|bile|dark green|yellow-green)\b`,
  ),
  p(
    'vomiting',
    'vomiting',
    String.raw`\bvomit\w*|\bthrow(?:ing)? up|\bthrew up|\bemesis|\bn\/v\b|\bnausea and vomiting|\bbeing sick\b`,
  ),
  p(
    'persistent-vomiting',
    'persistent vomiting',
    String.raw`\b(?:persistent|intractable|repeated|continuous|projectile|constant|forceful) vomiting|\bvomit\w* (?:forcefully|projectile)|\bcan(?:'?t|not) keep (?:anything|fluids|liquids|water|food|down)|\bunable to keep (?:anything|fluids|liquids|water|food) down|\bvomit\w* (?:everything|after every)|\bvomited (?:\d{2}|[5-9]|ten|many|multiple|several) times|\bcan(?:'?t|not) keep (?:\w+ ){0,2}down`,
  ),
  p(
    'nausea',
    'nausea',
    String.raw`\bnause\w*|\bqueasy|\bfeel(?:s|ing)? sick\b|\bsick (?:to|in) (?:my|his|her|the|their) stomach`,
  ),
  p('diarrhea', 'diarrhoea', String.raw`\bdiarrh\w*|\bloose (?:stools?|bowel)|\bwatery stools?|\brunny poo`),
  p(
    'dehydration',
    'signs of dehydration',
    String.raw`\bdehydrat\w*|\bfewer wet (?:diapers|nappies)|\bdry (?:mouth|lips|mucous membranes|mucosa)|\bdecreased tears|\bno tears|\bsunken (?:eyes|fontanelle|fontanel)|\bdecreased (?:urine output|urination)|\bnot urinat\w*|\bnot peeing|\bpoor skin turgor|\btenting|\bvery thirsty`,
  ),
  p(
    'severe-dehydration',
    'severe dehydration (no urine, sunken fontanelle, lethargic)',
    String.raw`\bno (?:wet (?:diapers?|nappies|nappy)|urine|pee)(?: output)? (?:for|in|since) |\bno wet (?:diapers?|nappies|nappy)|\bhas(?:n'?t| not) (?:urinated|peed|had a wet (?:diaper|nappy))|\bsunken fontanel\w*|\bsevere(?:ly)? dehydrat\w*|\banuri\w*`,
  ),
  p(
    'poor-feeding',
    'poor feeding',
    String.raw`\bpoor(?:ly)? feed\w*|\bnot feeding|\bnot interested in (?:feeding|feeds|food|eating|drinking|(?:the |his |her )?(?:bottle|breast|milk))|\bwon'?t (?:feed|eat|drink|nurse|take (?:the )?bottle)|\brefus\w* (?:to )?(?:feed|feeds|eat|drink|bottle|breast)|\bfeeding poorly|\bnot (?:eating|drinking)|\b(?:decreased|poor|reduced) (?:oral intake|feeding|po intake)|\bpoor po\b|\bstopped (?:eating|drinking|feeding)|\b(?:loss of|no|lost (?:his|her|my|their)|poor|reduced) appetite|\boff (?:his|her|my|their) food|\banorexic\b`,
  ),
  p(
    'jaundice',
    'jaundice',
    String.raw`\bjaundic\w*|\bicter\w*|\b(?:very|looks?|looking|gone|turned|turning|quite|really|more) yellow\b(?! (?:vomit|sick|phlegm|sputum|mucus|discharge|stools?|poo|poop|pus|snot|urine|pee))|\byellow(?:ing)? (?:skin|eyes|sclera)|\bskin (?:is |looks |turned )?yellow|\beyes (?:are |look |turned )?yellow|\bscleral icterus`,
  ),
  p(
    'flank-pain',
    'flank pain',
    String.raw`\bflank pain|\bpain,? (?:\w+ )?flank|\b(?:rt|lt|right|left)\.? flank\b|\bloin pain|\brenal colic|\bkidney stone|\bcva tenderness|\bcostovertebral angle tenderness|\bureter\w* (?:stone|colic|calculus)`,
  ),
  p(
    'groin-pain',
    'groin pain',
    String.raw`\bgroin (?:pain|ache|hurts)|\bpain (?:in|of) (?:the |his |my )?(?:left |right )?groin|\b(?:inguinal|groin) (?:pain|tenderness)`,
  ),
  p(
    'testicular-pain',
    'testicular or scrotal pain',
    String.raw`\btestic\w* (?:pain|swelling|ache|tenderness)|\bscrot\w* (?:pain|swelling|tenderness)|\bpain (?:in|of) (?:the |his |my |one |a |left |right )*(?:testicle|testis|testes|scrotum|ball|balls)|\b(?:testicle|testis|scrotum|ball) (?:pain|hurts|is (?:swollen|painful))|\b(?:painful|swollen|tender)(?:,? (?:and )?(?:painful|swollen|tender|red))* (?:left |right )?(?:testicle|testis|scrotum|ball)s?\b|\bhigh[- ]riding (?:testis|testicle)|\bhorizontal lie|\btesticular torsion|\babsent cremasteric`,
  ),
  p(
    'sudden-onset',
    'sudden onset',
    String.raw`\bsudden\w*|\babrupt\w*|\ball of a sudden|\bcame on (?:all at once|out of nowhere|instantly|within (?:seconds|a minute))|\bacute(?:ly)? onset|\bwoke (?:him|her|me|up) (?:from sleep )?with|\bwoke up with`,
  ),
  p(
    'pelvic-pain',
    'lower abdominal or pelvic pain',
    String.raw`\bpelvic pain|\blower (?:abdominal|abd|belly|stomach|quadrant) pain|\b(?:rlq|llq|right lower quadrant|left lower quadrant) pain|\b(?:right|left) (?:lower )?(?:abdominal|belly|side) pain|\bpain (?:in|of) (?:the |her |my )?(?:lower (?:abdomen|belly|tummy)|pelvis|right side|left side)|\badnexal (?:pain|tenderness)|\bsuprapubic pain|\b(?:rlq|llq)\b|\bpain (?:low )?(?:on|in) the (?:right|left) (?:lower )?side|\b(?:low|lower) (?:on the )?(?:right|left)(?: side)?`,
  ),
  p(
    'shoulder-tip-pain',
    'shoulder tip pain',
    String.raw`\bshoulder[- ]tip pain|\bpain (?:in|at) the (?:tip of the )?shoulder`,
  ),
  p(
    'vaginal-bleeding',
    'vaginal bleeding',
    String.raw`\bvaginal (?:bleed\w*|spotting|blood|ha?emorrhage)|\bbleeding (?:from|per) (?:the )?vagina|\bpv (?:bleed\w*|blood)|\bspotting|\bmenorrhagia|\bheavy (?:period|menstrual)|\bsoaking (?:a |\d+ )?pads?`,
  ),
  p(
    'heavy-vaginal-bleeding',
    'heavy vaginal bleeding',
    String.raw`\b(?:heavy|profuse|massive|significant) (?:vaginal )?bleeding|\bsoak(?:ing|ed) (?:through )?(?:a |one |\d+ |two |three |several )?pads? (?:an|per|every) hour|\bpassing (?:large )?clots|\bsoaking (?:\w+ )?pads`,
  ),
  p(
    'possible-pregnancy',
    'possible pregnancy',
    String.raw`\bmissed (?:her |my |a )?period|\blate (?:period|menses)|\bperiod (?:is |was )?(?:\w+ ){0,3}(?:late|overdue)|\boverdue period|\blast (?:menstrual )?period (?:was )?(?:\d+|six|seven|eight|five) weeks ago|\blmp (?:\d+|six|seven|eight) weeks|\bpositive (?:home |urine )?pregnancy test|\bpositive (?:beta[- ]?)?hcg|\bamenorrh\w*`,
  ),
  p(
    'pregnancy-complication',
    'pregnancy complication (leaking fluid, reduced fetal movement, labour)',
    String.raw`\bleaking (?:fluid|water)|\bwaters? (?:have |has )?broken|\brupture of membranes|\bpprom|\bprom\b|\b(?:decreased|reduced|less|no) (?:fetal|baby'?s?) movements?|\bbaby (?:is )?(?:not moving|moving less)|\bbaby (?:has(?:n'?t| not)|hasn'?t) moved|\b(?:not|hasn'?t|haven'?t) felt (?:the |my |her )?baby move|\bregular contractions|\blabou?r pains?|\blabou?r\b(?! (?:of breathing|intensive))|\b(?:contractions?|tightenings?) (?:every|\d+ min)|\bregular tightenings|\bin labou?r|\bcrowning|\bcord prolapse`,
  ),
  p(
    'dysuria',
    'urinary symptoms',
    String.raw`\bdysuri\w*|\bburning (?:with |on |when )?(?:(?:i|you|he|she|they) )?(?:urinat\w*|pee\w*|passing (?:urine|water))|\bpainful urination|\bpain (?:on|with|when) (?:urinat\w*|peeing)|\burinary (?:frequency|urgency)|\bfrequent urination|\bpeeing (?:a lot|often)|\bcloudy urine|\bfoul[- ]smelling urine`,
  ),
  p(
    'hematuria',
    'blood in urine',
    String.raw`\bha?ematuria|\bblood in (?:the |his |her |my )?(?:urine|pee)|\b(?:cola|coke|tea)[- ]colou?red (?:urine|pee)|\bdark brown (?:urine|pee)|\bbloody urine|\bred urine`,
  ),
  p(
    'urinary-retention',
    'cannot pass urine',
    String.raw`\burinary retention|\bcan(?:'?t|not) (?:pee|urinate|pass urine|void)|\bunable to (?:pee|urinate|void|pass urine)|\bdifficulty (?:in )?voiding|\bhas(?:n'?t| not) (?:urinated|peed|passed urine) (?:for|in|since)|\bdistended bladder`,
  ),
  p(
    'polyuria',
    'thirst and passing much urine',
    String.raw`\bpolyuri\w*|\bpolydipsi\w*|\b(?:very|extremely|excessively|really|so|always) thirsty|\bdrinking (?:a lot|lots|constantly)|\bpeeing (?:a lot|all the time|constantly)|\bexcessive thirst`,
  ),
  p(
    'kussmaul',
    'deep sighing breathing or fruity breath',
    String.raw`\bkussmaul|\bbreathing (?:very |really )?(?:deeply|deep)(?: and (?:quickly|fast|rapidly|heavily))?|\bdeep,? (?:fast|rapid|sighing|heavy) breath\w*|\bfruity (?:breath|odou?r|smell)|\bbreath smells (?:fruity|sweet|like nail polish)|\bacetone`,
  ),
  p(
    'dka-named',
    'diabetic ketoacidosis',
    String.raw`\bdka\b|\bdiabetic ketoacidosis|\bketoacidosis|\bhhs\b|\bhyperosmolar`,
  ),
  p(
    'hypoglycemia-named',
    'hypoglycaemia',
    String.raw`\bhypoglyc(?:a)?emi\w*|\blow (?:blood )?sugar|\bhypo\b|\bsugar (?:is |was |dropped |went )?(?:very )?low`,
  ),
  p(
    'hyperglycemia-named',
    'high blood sugar',
    String.raw`\bhyperglyc(?:a)?emi\w*|\bhigh (?:blood )?sugar|\bsugar (?:is |was |has been )?(?:very |really )?high|\bglucose (?:is |was )?(?:very )?high|\b(?:meter|glucometer|monitor|reading|sugar|glucose)\b(?: \w+){0,2} (?:reads|read|says|said|shows|showed) (?:just )?"?(?:hi|high)\b`,
  ),
  p(
    'back-pain',
    'back pain',
    String.raw`\bback pain|\bback (?:has )?(?:ached|been aching|is aching|is sore|been sore)|\bpain,? (?:\w+ )?back|\b(?:upper|lower|low|mid) back (?:pain|ache)|\bbackache|\bback (?:hurts|ache)|\blumbago|\bsciatica|\blbp\b|\bpain in (?:my|his|her|the) (?:lower |upper )?back|\binterscapular (?:pain|ache)|\bpain between (?:the|his|her|my) shoulder blades|\bthoracic back pain`,
  ),
  p(
    'thoracic-back-pain',
    'upper (thoracic) back pain',
    String.raw`\b(?:upper|mid|middle|thoracic) back (?:pain|ache|discomfort)|\bpain,? (?:upper|mid) back|\binterscapular (?:pain|ache)|\bpain between (?:the|his|her|my) shoulder blades`,
  ),
  p(
    'cauda-equina-signs',
    'saddle numbness, retention or incontinence with back pain',
    String.raw`\bsaddle (?:an(?:a)?esthesia|numbness|paraesthesia)|\bnumb\w* (?:in|of|around) (?:the |his |her |my )?(?:groin|buttocks|perineum|bottom|genitals|saddle area)|\b(?:groin|perineal|buttock) numbness|\bloss of (?:bladder|bowel) control|\b(?:urinary|bladder|bowel|fa?ecal) incontinen\w*|\bincontinen\w*|\bweakness (?:in|of) both legs|\bbilateral leg (?:weakness|numbness)|\bboth legs (?:are )?(?:weak|numb)|\bwet (?:my|him|her|them)sel(?:f|ves)|\b(?:lost|losing|loss of) control of (?:my |his |her |their |the )?(?:bladder|bowels?)|\b(?:my|his|her|their) legs (?:are |feel |went |have gone )?(?:numb|weak)`,
  ),

  // Specific high-risk presentations.
  p(
    'airway-swelling',
    'swelling of lips, tongue or throat',
    String.raw`\b(?:throat|tongue|lips?|mouth|uvula)(?: and (?:lips?|tongue|throat|face|eyes?|eyelids?))? (?:is |are |was |were |feels? |started |began |getting |became |has become )?(?:swell\w*|swollen|tight\w*|closing(?: up)?|thick)\b|\bswelling (?:of|in|around) (?:the |his |her |my )?(?:throat|tongue|lips?|mouth)|\bangio-?o?edema|\bthroat (?:feels )?(?:tight|closing|is closing)|\bhoarse voice\b[^.]{0,30}(?:sting|allerg|peanut|hives)|\bdifficulty swallowing\b[^.]{0,40}(?:hives|sting|peanut|allerg)|\b(?:lip|tongue) (?:swelling|edema|oedema)`,
  ),
  p('urticaria', 'hives', String.raw`\bhives|\burticari\w*|\bwelts\b|\bwheals?\b`),
  p(
    'allergen-exposure',
    'exposure to a known allergen or sting',
    String.raw`\b(?:bee|wasp|hornet|insect|jellyfish) sting|\bstung\b|\b(?:ate|eaten|eating|exposed to|took|given|started|after) (?:\w+ ){0,3}(?:peanut|nut|shellfish|shrimp|penicillin|amoxicillin|antibiotic|contrast|latex|sesame|egg|milk)\w*|\ballergic reaction|\bknown (?:\w+ )?allergy|\banaphyla\w*|\bepi-?pen|\bepinephrine auto-?injector`,
  ),
  p(
    'anaphylaxis-named',
    'anaphylaxis',
    String.raw`\banaphyla\w*|\bused (?:an |her |his |their )?epi-?pen|\bgave (?:an |her |his )?epi-?pen|\bepinephrine given`,
  ),
  p(
    'suicidality',
    'suicidal or homicidal intent or self-harm',
    String.raw`\bsuicid\w*|\b(?:kill|shoot|hang|hurt|harm|cut|poison|drown)(?:ing|s|ed)? (?:my|him|her|them)sel(?:f|ves)|\bend(?:ing)? (?:my|his|her|their) (?:own )?li(?:fe|ves)|\bplans? to (?:die|kill|shoot|overdose|jump)|\bwants? to die|\bwanted to die|\bbetter off dead|\bno reason to live|\bself[- ]harm\w*|\bdeliberate self[- ]harm|\bslit (?:his|her|my) wrists|\bwrist cutting|\bcut(?:ting)? (?:his |her |my |their )?(?:own )?wrists?\b|\b(?:attempted hanging|found hanging|hanging)\b(?! (?:out|around|on|up|over|from|in|off))|\bself[- ]strangulation|\bcut (?:his|her|my) wrists|\bhomicid\w*|\b(?:harm|hurt|kill) (?:(?:her|his|the|my) (?:baby|child|children|kids?|wife|husband|partner|mother|father)|someone|somebody|others|people|other people)\b|\bcommand hallucinations|\bvoices (?:are )?(?:telling|tell|told) (?:him|her|me) to (?:kill|hurt|harm|die)|\bsuicidal attempt|\b(?:don'?t|do not|no longer) want to (?:be alive|live|wake up|go on)|\bthinking (?:about|of) (?:ending it|killing)`,
  ),
  p(
    'overdose',
    'overdose or toxic ingestion',
    String.raw`\boverdos\w*|\bod\b|\btook (?:about |around |over |at least |maybe |roughly |approximately )?(?:a |an |the |all (?:of )?(?:his|her|my|the) )?(?:bottle|handful|whole (?:bottle|pack|box)|lots|a lot|too many|\d+|twenty|thirty|fifty|many|several) (?:of )?(?:\w+ ){0,2}(?:pills|tablets|tabs|capsules|of (?:his|her|my)\b)|\b(?:swallowed|ingested|drank|ate|eaten|got into|chewed) (?:a |an |some |the |her |his |my |grandma'?s? |mom'?s? |dad'?s? |\d+ )?(?:\w+ )?(?:bleach|batter(?:y|ies)|button batter(?:y|ies)|magnets?|antifreeze|ethylene glycol|methanol|poison\w*|pills?|tablets?|medications?|meds|drain cleaner|oven cleaner|chemicals?|detergent pods?|laundry pods?|lye|pesticide|weed ?killer|rat poison|iron (?:pills|tablets)|paracetamol|acetaminophen|tylenol|aspirin|opioids?|oxycodone|methadone|fentanyl|lamp oil|kerosene|gasoline|petrol|cleaning (?:fluid|product))|\b(?:swallow(?:ed|ing)?|ingest(?:ed|ing)|ate|eaten|eating|got into|chew(?:ed|ing)|found)\b[^.]{0,40}?\b(?:dishwasher (?:tablets?|pods?|powder)|(?:laundry|detergent) (?:pods?|capsules?|tablets?)|button batter(?:y|ies)|(?:heart|blood pressure|diabetes|sleeping|iron) (?:pills|tablets|medicine))|\bmore than the (?:box|packet|pack|label|bottle|leaflet) (?:says|said|recommends)|\bmore than (?:the )?(?:recommended|maximum|max) (?:dose|amount)|\btoo much (?:tylenol|paracetamol|acetaminophen|panadol|of (?:his|her|my) (?:medicine|medication|pills|tablets))|\b(?:took|taken|taking|used|snorted|injected|smoked)\b (?:some |a lot of |too much )?(?:ecstasy|mdma|molly|cocaine|coke|speed|amphetamines?|crystal meth|meth|heroin|ketamine|lsd|spice|(?:party|street|recreational) (?:pills|drugs))\b|\b(?:batter(?:y|ies)|magnets?)\b[^.]{0,40}\bswallow\w*|\b(?:pinpoint|pin-point|tiny) pupils|\bpoison(?:ing|ed)\b|\bintoxicat\w*|\b(?:toxic|noxious|gas|fumes?|chemical|smoke) inhalation|\binhal\w* (?:of )?(?:toxic |noxious )?(?:gas|fumes|chemicals?)|\benvenomat\w*|\bsnake ?bite|\bbitten by a snake|\btoxic ingestion|\bingestion\b|\bcarbon monoxide|\bco poisoning|\bdrug intoxication|\bparacetamol (?:overdose|ingestion)|\bacetaminophen (?:overdose|ingestion)|\b(?:swallowed|took|taken|ingested|downed) (?:a |an |the |her |his |my )?(?:whole |entire |full )?(?:packet|pack|box|bottle|strip|handful|blister pack) of`,
  ),
  p(
    'alcohol',
    'alcohol intoxication',
    String.raw`\bdrunk\w*|\balcohol (?:intoxication|smell\w*)|\bintoxicated with alcohol|\betoh\b|\bsmells? of alcohol|\binebriat\w*|\bdrinking (?:heavily|all day)`,
  ),
  p(
    'withdrawal',
    'alcohol or drug withdrawal',
    String.raw`\b(?:alcohol|etoh|opioid|opiate|benzodiazepine|benzo|drug) withdrawal|\bwithdrawal (?:symptoms|seizure|tremor)|\bdelirium tremens|\bdts\b|\bthe shakes\b|\blast drink\b|\b(?:not|hasn'?t|haven'?t|has not|have not) had a drink (?:for|in|since)|\bstopped drinking (?:alcohol )?(?:\d+|two|three|a few|a couple of) days ago`,
  ),
  p(
    'body-fluid-exposure',
    'needlestick or blood and body fluid exposure',
    String.raw`\bneedle ?stick|\bsharps injury|\bstuck (?:himself|herself|myself) with a (?:used )?needle|\b(?:blood|body fluid)s?(?: and body fluids?)? (?:exposure|splash)|\bexposure to (?:blood|body fluids)|\bhiv exposure|\bpost-?exposure prophylaxis|\bpep\b`,
  ),
  p('sexual-assault', 'sexual assault', String.raw`\bsexual(?:ly)? assault\w*|\brape[ds]?\b|\bsexual abuse`),
  p(
    'cold-injury',
    'hypothermia or frostbite',
    String.raw`\bhypotherm\w*|\bfrost ?bite|\bfrostnip|\bcold (?:exposure|injury)|\bfound (?:outside )?in the (?:cold|snow)`,
  ),
  p(
    'psychosis',
    'acute psychosis or agitation',
    String.raw`\bhallucinat\w*|\bseeing (?:things|insects|bugs|spiders|people|animals)\b(?: \w+){0,3} (?:that (?:are(?:n'?t| not)|were(?:n'?t| not)) there|on the walls?|crawling)|\bpsychos\w*|\bbizarre behavio\w*|\bpsychotic|\bagitat\w*|\bcombative|\bviolent|\bparanoi\w*|\bmanic\b|\bmania\b|\bhearing voices|\bdelusion\w*|\baggressive`,
  ),
  p(
    'anxiety',
    'anxiety or low mood',
    String.raw`\banxi\w*|\bpanic\w*|\bdepress\w*|\blow mood|\bstress\w*|\binsomnia|\bcan'?t sleep`,
  ),

  // Named high-risk presentations whose protocols need a finding of their own.
  p(
    'muffled-voice',
    'muffled ("hot potato") voice',
    String.raw`\bmuffled (?:voice|speech)|\bhot[- ]potato voice|\bvoice (?:is |sounds )?muffled`,
  ),
  r(
    'tick-exposure',
    'tick bite or tick exposure (camping, hiking, woods)',
    String.raw`\btick(?:s)? (?:bite|bites|attached|on (?:him|her|me|them))|\bbitten by (?:a )?ticks?\b|\btick-?borne|\b(?:camping|hiking|hunting|backpacking)(?: trip)?\b|\bin the woods|\bwooded area|\bspotted fever|\brocky mountain`,
  ),
  p(
    'erythema-migrans',
    "bull's-eye rash (erythema migrans)",
    String.raw`\bbull'?s[- ]?eye|\btarget[- ](?:like |shaped )?rash|\berythema migrans|\bexpanding red (?:ring|rash|circle)|\bred ring (?:around|with a clear cent)`,
  ),
  r(
    'malaria-travel',
    'travel to a malaria-endemic area',
    String.raw`\b(?:back|returned|came back|travel\w*|trip|holiday|vacation|visit\w*|flew in|arrived)\b[^.]{0,40}\b(?:africa|nigeria|ghana|kenya|uganda|tanzania|malawi|mozambique|zambia|zimbabwe|congo|cameroon|sierra leone|liberia|guinea|mali|burkina faso|senegal|gambia|ivory coast|c[oô]te d'?ivoire|sudan|ethiopia|somalia|madagascar|angola|benin|togo|niger|chad|india|pakistan|bangladesh|papua new guinea|solomon islands|haiti|the amazon|the tropics|sub-saharan)\b|\bmalaria\b`,
  ),
  p(
    'prolonged-fever',
    'fever for five days or more',
    String.raw`\b(?:fevers?|temperatures?|febrile)\b(?: \w+){0,2} (?:for|x|over|of) (?:(?:the )?(?:last|past) )?(?:(?:[5-9]|1\d|five|six|seven|eight|nine|ten) days|(?:a|one|over a|more than a) week)|\b(?:five|six|seven|eight|nine|ten)[- ]days? (?:of|with) (?:a )?(?:high )?(?:fever|temperature)`,
  ),
  p(
    'red-eyes',
    'red eyes without discharge (conjunctival injection)',
    String.raw`\bred(?:,? (?:bloodshot|sore))? eyes|\bbloodshot eyes|\bconjunctival (?:injection|redness|hyperemia)|\bnon-?purulent conjunctivitis|\beyes (?:are |look |became )?(?:red|bloodshot)\b`,
  ),
  p(
    'oral-mucosal-change',
    'red, cracked lips or strawberry tongue',
    String.raw`\b(?:red|cracked|dry|peeling|fissured|swollen)(?:,? (?:and )?(?:red|cracked|dry|peeling|fissured|swollen))* lips|\blips (?:are |look )?(?:red and cracked|cracked|fissured)|\bstrawberry tongue|\bred (?:mouth|tongue|throat and lips)`,
  ),
  p(
    'extremity-change',
    'swollen, red hands and feet or peeling fingertips',
    String.raw`\bswollen(?:,? red)? (?:hands and feet|hands|feet)|\bred(?:,? swollen)? (?:palms|soles|hands and feet)|\bpeeling (?:of )?(?:the )?(?:skin (?:on|of) (?:the |his |her )?)?(?:fingers|fingertips|toes|hands|feet)|\b(?:hands|feet) (?:are |became )?(?:swollen|red and swollen)`,
  ),
  p(
    'neck-nodes',
    'swollen lymph node in the neck',
    String.raw`\b(?:swollen|enlarged|tender) (?:\w+ )?(?:gland|glands|lymph nodes?|node) (?:in|on) (?:the |his |her |my )?neck|\bcervical (?:lymphadenopathy|adenopathy|lymph node)|\b(?:swollen|enlarged|tender) (?:\w+ )?neck (?:glands|nodes|lymph nodes)|\bneck glands (?:are )?(?:swollen|tender|up|enlarged)|\blump (?:in|on) (?:the |his |her )?neck`,
  ),
  p(
    'paroxysmal-crying',
    'episodes of screaming or drawing up the legs (colicky pain)',
    String.raw`\b(?:attacks|episodes|bouts|spells) (?:where|when|of) (?:\w+ ){0,3}(?:screams|screaming|cries|crying|inconsolable)|\b(?:pulls|pulling|draws|drawing|brings|bringing) (?:his |her |their )?(?:legs|knees) (?:up|to (?:his|her|their|the) (?:chest|tummy|belly))|\bcry(?:ing)? in spasms|\b(?:screams|screaming|cries|crying) (?:\w+ ){0,3}(?:on and off|in waves|comes and goes|then (?:stops|settles|goes quiet))|\bintermittent (?:inconsolable )?(?:crying|screaming)|\bintussuscept\w*`,
  ),
  p(
    'rlq-pain',
    'right lower abdominal pain',
    String.raw`\b(?:right lower quadrant|rlq|right iliac fossa|rif|mcburney\w*)\b|\b(?:lower|bottom) right (?:side |part )?(?:of (?:the |his |her |my )?)?(?:abdomen|belly|tummy|stomach)?|\bright (?:lower|bottom) (?:side |part )?(?:of (?:the |his |her |my )?)?(?:abdomen|belly|tummy|stomach)|\b(?:down|low) (?:on|in) the (?:bottom |lower )?right`,
  ),
  p(
    'peritoneal-movement-pain',
    'abdominal pain worse on moving, coughing or jolting; lying still',
    String.raw`\bpain (?:on|with) (?:any )?(?:movement|coughing|going over bumps|walking|jumping)\b(?! (?:of )?(?:the |his |her |my |their )?(?:left |right )?(?:eye|eyes|arm|arms|leg|legs|hand|hands|finger|fingers|neck|head|knee|knees|wrist|ankle|shoulder|jaw|foot|feet|hip|back|elbow|thumb|toe|toes))|\bwalk(?:s|ing)? (?:\w+ )?(?:bent|hunched|doubled) over|\b(?:lying|lies|lie|lay|laying) (?:very |completely |perfectly |really |totally |absolutely )?still\b|\b(?:afraid|scared|frightened|too sore|doesn'?t want|does not want|won'?t|refuses) to move\b|\b(?:won'?t|will not) (?:move|budge)\b(?! (?:his|her|my|their|the|a|it)\b)|\bevery (?:bump|pothole|jolt)\b|\b(?:bumps|jolting) in the (?:car|road)|\bhurts (?:him |her |me |them )?(?:to|when (?:i|he|she|they|you)) (?:move|moves|cough|coughs|walk|walks|laugh|laughs|sneeze|sneezes|jump|jumps|stand up|stands up)\b(?! (?:the |his |her |my |their )?(?:left |right )?(?:eye|eyes|arm|arms|leg|legs|hand|hands|finger|fingers|neck|head|knee|knees|wrist|ankle|shoulder|jaw|foot|feet|hip|back|elbow|thumb|toe|toes))|\b(?:pain|it)(?: in (?:my|his|her|their|the) (?:belly|stomach|tummy|abdomen|side))?(?: that)? (?:is |gets |becomes |get )?(?:much |even |a lot )?(?:worse|agony|unbearable|excruciating) (?:when|with|on|if) (?:(?:i|he|she|they|you) )?(?:take a deep breath or |breathe in or )?(?:\w+ )?(?:moving|move|moves|coughing|coughs?|walking|walks?|laughing|laughs|sneezing|sneezes|any movement)\b|\b(?:bent|hunched|doubled) over\b|\bkeeps? (?:very )?still\b`,
  ),
  p(
    'pain-migration',
    'pain that began at the navel and moved to the right lower abdomen',
    String.raw`\b(?:started|began|starting|beginning|first) (?:\w+ ){0,2}(?:around|near|at|by) (?:the |his |her |my )?(?:belly ?button|navel|umbilicus|middle of (?:the |his |her |my )?(?:belly|tummy|abdomen|stomach))|\bperiumbilical pain (?:that )?(?:migrat|mov|shift)\w*|\b(?:moved|migrated|shifted|settled) (?:\w+ ){0,2}(?:to|into|in) (?:the )?(?:lower |bottom )?right|\bmigrat\w* (?:to )?(?:the )?(?:rlq|right)|\b(?:navel|belly ?button|umbilicus)\b[^.]{0,20}\bnow (?:in|on|at) the (?:lower right|right lower|bottom right|right side)`,
  ),
  p(
    'cast',
    'limb in a cast or splint after a fracture',
    String.raw`\b(?:in|put in|wearing) (?:a |his |her |my )?(?:plaster |fibreglass |fiberglass )?(?:cast|splint|backslab)\b|\b(?:cast|splint|backslab) (?:was )?(?:put on|applied|on (?:his|her|my) (?:arm|leg|wrist|ankle))|\bplaster cast|\bbroken (?:shin|tibia|leg|forearm|arm|wrist)(?: bone)?`,
  ),
  p(
    'pain-escalating',
    'pain escalating despite analgesia',
    String.raw`\bpain (?:is |has been )?(?:getting )?(?:much|a lot|far|a great deal|rapidly) worse|\bpain (?:medicine|medication|meds|relief|killers?) (?:is(?:n'?t| not)|are(?:n'?t| not)|(?:does|do)(?:n'?t| not)) (?:helping|working|help|work|touching it)|\bnot (?:helped|relieved|touched) by (?:pain|analges|morphine|the pain)|\bpain on (?:passive )?stretch\w*|\b(?:cast|plaster|splint) (?:is |feels )?(?:too )?tight`,
  ),
  p(
    'bears-weight',
    'able to walk or bear weight',
    String.raw`\b(?:can|could|able to|is able to) (?:still )?(?:walk|bear weight|put weight|stand)(?: on it| on (?:his|her|my|the) (?:foot|leg|ankle))? (?:fine|normally|okay|ok|without (?:much )?(?:pain|difficulty|trouble))\b|\b(?:walking|weight[- ]bearing) (?:on it )?(?:fine|normally|okay|without (?:difficulty|help))|\bfully weight[- ]bearing|\bwalking unaided`,
  ),
  p(
    'ankle-injury',
    'twisted or sprained ankle',
    String.raw`\b(?:twisted|rolled|sprained|turned|went over on|went over) (?:my |his |her |their |an |the )?(?:left |right )?ankle|\bankle (?:sprain|injury|twist\w*|inversion)|\bsprained (?:left |right )?ankle|\binversion injury`,
  ),
  p(
    'hydrated',
    'drinking and passing urine normally',
    String.raw`\bdrinking (?:well|plenty|normally|fine|lots|okay|ok|enough)\b|\b(?:keeping|keeps|kept) (?:\w+ )?(?:fluids|water|drinks|liquids|it) down|\bpee(?:ing|s)? normally|\bpassing (?:urine|water) normally|\bweeing normally|\bnormal (?:wet nappies|wet diapers|urine output)`,
  ),
  p(
    'coping-well',
    'well in themselves (eating, drinking, playing, up and about)',
    String.raw`\beating and drinking|\beating,? drinking\b|\bdrinking (?:well|plenty|normally|fine|lots)\b|\bplaying\b|\bacting (?:completely |totally |perfectly )?normal(?:ly)?\b|\b(?:usual|normal) self\b|\bgetting (?:about|around) (?:fine|okay|ok|normally)|\bup and about|\balert and (?:playful|active|interactive|smiling)`,
  ),
  p(
    'tension-features',
    'tension-type headache features (band-like, pressing, with stress)',
    String.raw`\b(?:tight band|tightening band|band) (?:around|round|across) (?:my|his|her|their|the) (?:head|forehead)|\b(?:pressing|squeezing|tight) (?:feeling )?(?:around|across|over) (?:my|his|her|their|the) (?:head|forehead|temples)|\btension(?:[- ]type)? headaches?|\bstress headaches?|\b(?:worse|comes on|starts) (?:when|with|if) (?:i'?m |i am |(?:he|she)'?s |(?:he|she) is )?(?:stress\w*|tired|at (?:the )?(?:computer|desk|work))`,
  ),
  p(
    'relieved-by-otc',
    'relieved by simple measures (over-the-counter medicine, rest)',
    String.raw`\b(?:paracetamol|tylenol|panadol|ibuprofen|advil|nurofen|motrin|acetaminophen|aspirin|painkillers?|antacids?|gaviscon|rennies?|tums|a hot water bottle|hot water bottle|rest|stretching)\b(?: and (?:a )?[\w ]{1,20}?)? (?:helps?|helped|works?|worked|settles? it|takes? (?:it|the pain) away|eases? it|relieves? it)\b|\b(?:improves?|improved|gets better|got better|settles?|eases?|eased) (?:with|after) (?:\w+ ){0,2}?(?:paracetamol|tylenol|ibuprofen|advil|nurofen|painkillers?|antacids?|rest)\b|\b(?:goes|go|went) away (?:with|after|when (?:i|he|she|they)) (?:\w+ ){0,2}?(?:antacids?|rest|paracetamol|ibuprofen|stretch\w*|painkillers?)`,
  ),
  p(
    'familiar-episode',
    'the same as earlier episodes',
    String.raw`\b(?:my|his|her|their) usual\b|\b(?:same|just) (?:as|like) (?:before|usual|always|last time|(?:the|my) last (?:one|time))|\bfeels? (?:exactly )?the same\b|\blike (?:i|he|she|they) (?:always |usually |normally )?get\b|\bhad (?:\w+ ){0,2}before\b|\bcouple of times a year|\brecurs\b|\brecurr(?:ent|ing)\b|\bkeeps coming back|\bevery (?:month|year|spring|summer)`,
  ),
  p(
    'minor-genital',
    'itch or thrush-like discharge',
    String.raw`\bthrush\b|\byeast infection|\bthick,? white discharge|\bvaginal itch\w*`,
  ),
  p(
    'radiates-to-back',
    'pain going through to the back',
    String.raw`\b(?:goes|going|radiat\w*|spread\w*|shoot\w*|bor\w*|went) (?:straight )?(?:through )?(?:in)?to (?:the |his |her |my )?back\b|\bthrough to (?:the |his |her |my )?back\b`,
  ),
  p(
    'red-painful-eye',
    'red, painful eye',
    String.raw`\b(?:red,? (?:and )?painful|painful,? (?:and )?red|severely painful red|very painful red|painful red) (?:left |right )?eye|\beye (?:is )?(?:red and painful|painful and red)|\bsevere eye pain`,
  ),
  p('halos', 'haloes around lights', String.raw`\bhalo(?:e)?s?\b|\brainbows? around lights`),
  r(
    'co-source',
    'a fuel-burning appliance or carbon monoxide source',
    String.raw`\bcarbon monoxide|\bco (?:alarm|detector|poisoning)|\bgas (?:heater|boiler|fire|stove|appliance|leak|furnace)|\b(?:faulty|old|broken|new|paraffin|kerosene|portable) (?:gas )?(?:heater|boiler|furnace|stove)|\bgenerator (?:indoors|inside|in the (?:garage|house))|\bcharcoal (?:grill|barbecue|bbq) (?:indoors|inside)|\bexhaust fumes`,
  ),
  p(
    'lifting-strain',
    'back strained lifting or moving something',
    String.raw`\b(?:lift\w*|moving|moved|carrying|carried|shifting) (?:\w+ ){0,3}(?:boxes|furniture|heavy|something|a sofa|a couch|weights?)\b|\bhelp(?:ing|ed)? (?:a friend |someone |(?:his|her|my|their) \w+ )?move\b|\b(?:strained|pulled|tweaked|put out|hurt) (?:my|his|her|their) (?:lower |low )?back|\bback strain`,
  ),
  p(
    'abdominal-trauma',
    'blow to the abdomen (handlebar, seat belt, kick, punch)',
    String.raw`\b(?:hit|kicked|punched|struck|winded|elbowed|kneed) (?:\w+ ){0,2}in the (?:stomach|belly|abdomen|tummy|side)|\bhandlebars?\b|\bseat ?belt (?:mark|sign|bruis\w*|injury)|\bblunt abdominal trauma|\babdominal (?:trauma|injury)`,
  ),
  p(
    'unable-to-walk',
    'unable to walk or stand',
    String.raw`\binability to (?:walk|stand)|\bunable to (?:walk|stand)(?! on (?:it|the|his|her|my))|\bcan(?:'?t|not) (?:walk|stand)(?: up)?(?! on (?:it|the|his|her|my))\b`,
  ),
  p(
    'apnoea',
    'pauses in breathing (apnoea)',
    String.raw`\bpauses? in (?:his |her |their |the )?breathing|\bapno?eas?\b|\bstops? breathing (?:for|at times|briefly)|\bepisodes? of not breathing`,
  ),
  p(
    'non-weight-bearing',
    'refuses or is unable to bear weight',
    String.raw`\b(?:refus\w*|unable|won'?t|can(?:'?t|not)|not able) (?:to )?(?:bear|put) (?:any )?weight|\b(?:refus\w*|won'?t) (?:to )?walk|\bnon-?weight[- ]bearing`,
  ),
  p(
    'bulging-fontanelle',
    'bulging fontanelle',
    String.raw`\b(?:bulging|tense|full) (?:anterior )?fontanel\w*|\b(?:soft spot|fontanel\w*)\b(?: \w+){0,8} (?:is )?(?:bulging|tense|swollen)`,
  ),
  p(
    'oliguria',
    'passing little or no urine',
    String.raw`\boliguri\w*|\b(?:hardly|barely|not|hasn'?t|has not) (?:peed|pee(?:ing)?|wee(?:d|ing)?|urinat\w*|passed (?:any |much )?urine)|\b(?:little|less|reduced|decreased|very little) (?:urine|pee|wee)\b|\bpassing (?:very )?little urine`,
  ),
  p(
    'facial-oedema',
    'puffy face or eyes',
    String.raw`\bpuffy (?:eyes|face|eyelids)|\b(?:swollen|puffy) face\b|\b(?:facial|periorbital) (?:swelling|o?edema|puffiness)|\beyes (?:are |look )?puffy`,
  ),
  p('pallor', 'pale', String.raw`\bpale\b|\bpallor|\bwhite as a sheet`),
  p(
    'bloody-diarrhoea',
    'bloody diarrhoea',
    String.raw`\bbloody (?:diarrh\w*|stools?|poo)|\bdiarrh\w* (?:with|and) blood|\bblood in (?:the |his |her |my )?(?:diarrh\w*|stools?|poo)`,
  ),
  p(
    'priapism',
    'painful erection that will not go down (priapism)',
    String.raw`\bpriapism|\b(?:painful|persistent|prolonged) erection|\berection (?:that )?(?:has )?(?:lasted|lasting) (?:for )?(?:more than |over )?(?:[2-9]|two|three|four|five|six|several) hours|\berection (?:that )?(?:won'?t|will not|doesn'?t|does not) go (?:down|away)|\berection (?:lasting|for) (?:more than |over )?(?:[2-9]|two|three|four|five|six) hours`,
  ),
  p(
    'floor-of-mouth-swelling',
    'swelling under the tongue or jaw, or unable to open the mouth',
    String.raw`\bswelling (?:under|below) (?:the |his |her |my )?(?:tongue|jaw|chin)|\bswollen (?:floor of (?:the )?mouth|neck and jaw)|\bludwig|\btrismus|\bcan(?:'?t|not) open (?:his |her |my )?mouth|\bunable to open (?:his |her |my )?mouth`,
  ),
  p(
    'orbital-signs',
    'painful eye movements, bulging eye or swollen shut eyelid',
    String.raw`\bpain(?:ful)? (?:on|with|when) (?:moving|looking)\b[^.]{0,12}\beyes?\b|\bhurts to move (?:his |her |my |the )?eyes?|\bcan(?:'?t|not) move (?:his |her |my |the )?eye|\beye\b[^.;]{0,40}\b(?:can(?:'?t|not)|unable to|won'?t) move (?:it|them)\b|\beyes? (?:won'?t|doesn'?t|does not|can'?t|cannot) move (?:properly|normally)?|\b(?:bulging|protruding) eye|\bproptosis|\beye(?:lid)? (?:is )?swollen shut|\borbital cellulitis`,
  ),
  p(
    'gca-features',
    'jaw pain on chewing, scalp tenderness or temporal tenderness (giant cell arteritis)',
    String.raw`\bjaw (?:pain|ache|claudication|tiredness)\b[^.]{0,15}\b(?:chewing|eating)|\bjaw claudication|\bscalp (?:tenderness|is tender|tender)|\btender scalp|\bpain (?:when|on) (?:combing|brushing) (?:my |his |her )?hair|\btemporal (?:artery )?tenderness|\btender temples?|\bgiant cell arteritis|\btemporal arteritis`,
  ),
  p(
    'orthopnoea',
    'breathless lying flat or waking breathless',
    String.raw`\bcan(?:'?t|not) lie (?:flat|down)|\bunable to lie (?:flat|down)|\borthopn\w*|\bpnd\b|\bparoxysmal nocturnal dyspn\w*|\bwak(?:es|ing|e) up (?:gasping|breathless|short of breath)|\bsleep(?:s|ing)? (?:sitting up|in a chair|on (?:\w+ )?pillows)`,
  ),
  p(
    'hip-fracture-signs',
    'shortened or rotated leg, or hip pain after a fall',
    String.raw`\bshortened and (?:externally )?rotated|\b(?:leg|limb) (?:is |looks )?shorter\b|\b(?:leg|foot) (?:is )?(?:turned|rotated) out(?:wards?)?|\bexternally rotated|\bhip (?:pain|injury|fracture)|\b(?:hurt|injured|broke|landed on) (?:his|her|my|their) hip|\bpain (?:in|of) (?:the |his |her |my )?(?:left |right )?hip`,
  ),
  p(
    'long-lie',
    'on the floor for a long time after a fall',
    String.raw`\blong lie\b|\b(?:on|lying on|lay on) the floor (?:for|overnight|all night)|\bfound on the floor|\b(?:couldn'?t|could not|cannot|can'?t|unable to) get (?:up|(?:him|her|my)self up)(?: (?:off|from) the floor)?`,
  ),
  r(
    'postpartum',
    'recently gave birth',
    String.raw`\bpost-?partum|\b(?:gave birth|delivered|had (?:my|her|a|the) baby|c-section|caesarean|cesarean)\b(?: \w+){0,2} (?:\d+|a few|two|three|four|five|six|ten) (?:days|weeks) ago|\b(?:days?|weeks?) (?:after|since) (?:giving birth|delivery|(?:my|her|the) (?:c-section|caesarean|delivery))`,
  ),
  p(
    'tonsillar-exudate',
    'tonsillar exudate (white patches or pus on the tonsils)',
    String.raw`\btonsillar exudat\w*|\bexudat\w* (?:on|over) (?:the |his |her |my )?tonsils|\b(?:white|yellow) (?:patches|spots|pus) (?:on|over) (?:the |his |her |my )?tonsils|\bpus on (?:the |his |her |my )?tonsils`,
  ),
  p('period-pain', 'period pain', String.raw`\bperiod (?:cramps|pains?)|\bmenstrual (?:cramps|pains?)|\bdysmenorrh\w*`),
  p(
    'teething',
    'teething',
    String.raw`\bteething|\bchewing (?:on )?everything|\bnew tooth|\btooth (?:coming|cutting) through`,
  ),
  p(
    'allergic-rhinitis',
    'hay fever (seasonal runny nose, itchy eyes)',
    String.raw`\bhay ?fever|\bseasonal allerg\w*|\ballergic rhinitis|\bpollen|\bnose (?:runs|is running|streams|is streaming)|\b(?:eyes|nose) (?:itch|itches|water|stream)\b|\bitchy,? (?:and )?(?:watery |streaming |red )?eyes`,
  ),
  p(
    'flu-like',
    'flu-like aches',
    String.raw`\bbody aches?|\baching all over|\baches and pains|\bachy\b|\bflu[- ]like|\bthe flu\b|\binfluenza`,
  ),
  p(
    'minor-ailment',
    'minor ailment',
    String.raw`\bhiccups?|\bhangover|\bhungover|\btrouble (?:falling|getting to|staying) (?:asleep|sleep)|\bathlete'?s foot|\btinea\b|\bringworm|\b(?:calf|leg|night) cramps?|\bcramps? in (?:my|his|her) (?:calf|calves|legs?)`,
  ),

  // Trauma.
  p(
    'high-energy-mechanism',
    'high-energy mechanism of injury',
    String.raw`\b(?:gunshot|gsw|shot (?:in|through)|stab(?:bed|bing)?(?: wound)?|penetrating|impaled|ejected|rollover|roll-?over|high[- ]speed|highway speed|motorcycle (?:crash|accident|collision)|mvc at|mva at|head-?on collision|pedestrian (?:struck|hit|vs\.? (?:car|auto|vehicle)|ta|traffic accident|injury|accident)|(?:motorcycle|motorbike|bicycle) (?:ta|traffic accident)|gun ?shot|(?:major|multiple|poly)[- ]?trauma|polytrauma|electrical injury|high[- ]voltage|(?:fell|fall(?:en)?|jump(?:ed)?) (?:down )?(?:from|off) (?:a |the )?(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|2|3|4|5)[- ]?(?:floor|stor(?:e?y|ies))|struck by (?:a |an )?(?:car|vehicle|truck|bus)|hit by (?:a |an )?(?:car|vehicle|truck|bus)|run over|fell (?:from|off) (?:a |the )?(?:roof|height|balcony|second|third|scaffold\w*|building|horse|bridge|tree)|fall from (?:a |the )?(?:roof|height|balcony|second|third|scaffold\w*|building|horse)|crush(?:ed|ing)? (?:injury|under|between|by)|trapped under|entrap\w*|amputat\w*|degloving|drown\w*|near[- ]drowning|submersion|pulled from (?:a |the )?(?:pool|water|lake|river|sea)|electrocut\w*|electric shock|lightning strike|explosion|blast injury|thrown from|death in (?:the )?same (?:vehicle|car)|airbag deploy\w*|intrusion)\b`,
  ),
  p(
    'head-injury',
    'head injury',
    String.raw`\bhead (?:injury|trauma|strike|wound|laceration)|\bhit (?:his|her|my|their|the back of (?:his|her|my)) head|\bbang(?:ed)? (?:his|her|my) head|\bbumped (?:his|her|my) head|\bfell (?:\w+ ){0,3}(?:and|,) (?:hit|struck|banged) (?:his|her|my|the) head|\bstruck (?:his|her|my|the) head|\bconcussion|\bscalp (?:laceration|wound|hematoma)|\bhead (?:hit|struck)|\bhead trauma`,
  ),
  p(
    'injury',
    'injury',
    String.raw`\binjur\w*|\btrauma\w*|\bfell\b|\bfall\b|\bslipped|\btripped|\btwist(?:ed|ing)\b|\brolled (?:his|her|my) ankle|\bhit (?:by|with|against)|\bpunched|\bassault\w*|\bkicked|\bcollision|\bmvc\b|\bmva\b|\baccident(?!al(?:ly)? (?:ate|eaten|swallow\w*|took|taken|drank|ingest\w*|given))(?<!\bby accident)|\bcrash\w*|\btwist\b|\bbump(?:ed)?\b|\bta\b|\bslip(?:ped)? down|\bfall down`,
  ),
  p(
    'deformity',
    'deformity or possible fracture',
    String.raw`\bdeformit\w*|\bdeformed|\bangulat\w*|\bbent (?:at an )?(?:odd|strange|abnormal) angle|\bfractur\w*|\bbroken (?:bone|arm|leg|wrist|ankle|hip|finger|toe|nose|collarbone|rib)|\bdislocat\w*|\bbone (?:sticking|protruding|poking) out|\bcan(?:'?t|not) (?:bear|put) weight|\bunable to (?:bear|put) weight|\bnon-?weight[- ]bearing|\bcan(?:'?t|not) walk on it|\brefus\w* to (?:walk|bear weight|use (?:the|his|her) (?:arm|leg))|\bshortened and (?:externally )?rotated|\b(?:leg|limb) (?:is |looks )?shorter\b|\b(?:leg|foot) (?:is )?(?:turned|rotated) out(?:wards?)?|\bexternally rotated|\bsnuffbox tenderness|\bobvious(?:ly)? (?:deformed|broken)|\bcrepitus|\bbroke (?:my|his|her|their) (?:arm|leg|wrist|ankle|hip|finger|toe|nose|collarbone|rib)|\blooks? (?:a bit |slightly |really )?(?:bent|crooked|deformed|out of place)|\bcan(?:'?t|not) (?:stand|walk) on (?:it|my|his|her)|\b(?:unable to|can(?:'?t|not)|won'?t) (?:bend|straighten|move|use|flex|extend) (?:it|the (?:arm|leg|elbow|knee|wrist|hand|finger)|(?:his|her|my) (?:arm|leg|elbow|knee|wrist|hand|finger))\b|\bdepressed knuckle|\bstep[- ]deformity`,
  ),
  p(
    'open-fracture',
    'open fracture',
    String.raw`\bopen fracture|\bcompound fracture|\bbone (?:sticking|protruding|poking) (?:out|through)`,
  ),
  p(
    'limb-ischemia',
    'pulseless limb, or one both cold and pale (acute limb ischaemia)',
    String.raw`\b(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing)\b(?:,? (?:and )?(?:numb|painful)\b)*,? (?:and )?(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing|grey|gray)\b(?:,? (?:and )?(?:pale|cold|numb|painful|white|pulseless)\b)*(?: (?:left|right))? (?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)\b|\b(?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)\b(?:,?\s+(?:is|are|was|were|became|become|has|have|had|went|gone|go|goes|going|turned|turning|look|looks|looked|feel|feels|felt|got|getting|gotten|suddenly|now|very|really|quite|so|and|also|all|completely|totally|painful|numb|sore|weak|heavy|dead|tingly|stone|ice|icy|it|\w+ly)\b)*,?\s+(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing)\b(?:,?\s+(?:is|are|was|were|became|become|has|have|had|went|gone|go|goes|going|turned|turning|look|looks|looked|feel|feels|felt|got|getting|gotten|suddenly|now|very|really|quite|so|and|also|all|completely|totally|painful|numb|sore|weak|heavy|dead|tingly|stone|ice|icy|it|\w+ly)\b)*,?\s+(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing|grey|gray)\b|\bpulseless (?:left |right )?(?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)\b|\bno (?:palpable )?pulses? in (?:the |his |her )?(?:leg|foot|arm|hand)|\b(?:pallor|coldness|pale(?:ness)?)\b(?:,? (?:and )?(?:pallor|coldness|numbness|pain))* (?:of|in) (?:the |his |her |my )?(?:left |right )?(?:foot|leg|arm|hand|toes|fingers)\b|\bcompartment syndrome|\bpain out of proportion|\babsent (?:distal |pedal |radial )?pulses?`,
  ),
  p(
    'limb-cold-pale',
    'a cold, pale, white or blue limb',
    String.raw`\b(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing)\b(?:,? (?:and )?(?:numb|painful)\b)*(?: (?:left|right))? (?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)\b|\b(?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)\b(?:,?\s+(?:is|are|was|were|became|become|has|have|had|went|gone|go|goes|going|turned|turning|look|looks|looked|feel|feels|felt|got|getting|gotten|suddenly|now|very|really|quite|so|and|also|all|completely|totally|painful|numb|sore|weak|heavy|dead|tingly|stone|ice|icy|it|\w+ly)\b)*,?\s+(?:cold|pale|white|blue|bluish|pulseless|mottled|icy|ice[- ]cold|stone[- ]cold|freezing)\b`,
  ),
  p(
    'distal-paralysis',
    'cannot move the toes, foot, fingers or hand',
    String.raw`\bcan(?:'?t|not) (?:move|wiggle|wriggle|bend) (?:my|his|her|their|the) (?:left |right |big )?(?:toes?|fingers?|foot|feet|hand|ankle|wrist)\b|\bunable to (?:move|wiggle) (?:my|his|her|their|the) (?:left |right )?(?:toes?|fingers?|foot|feet|hand)\b`,
  ),
  p(
    'cold-triggered-colour',
    'colour change brought on by cold (Raynaud phenomenon, chilblains)',
    String.raw`\braynaud\w*|\bchilblain\w*|\bin (?:the )?(?:cold|winter|cold weather|snow)\b|\bwhen (?:it'?s|it is|it gets) cold|\b(?:after|from) (?:being )?(?:outside|out in the cold|swimming|the cold)|\bwarms? up (?:again )?(?:quickly|in a few minutes)|\bgo(?:es)? back to normal (?:when|once|after)`,
  ),
  p(
    'laceration',
    'wound or laceration',
    String.raw`\blacerat\w*|\bcut\b|\bcuts\b|\bgash\w*|\bopen wound|\bwound\b|\bskin (?:defect|tear)|\bpuncture wound|\bscratch wound|\bscratch\w*|\babrasion|\bgraze\w*|\bbite (?:wound|mark)|\b(?:dog|cat|animal|human) bite|\bbitten by`,
  ),
  p(
    'deep-wound',
    'deep or gaping wound',
    String.raw`\b(?:deep|gaping|large|long|wide|full[- ]thickness) (?:cut|laceration|wound|gash)|\bneeds? (?:sutures|stitches)|\bfat (?:showing|visible|exposed)|\btendon (?:showing|visible|exposed)|\bwon'?t (?:stay )?clos(?:e|ed)|\bedges (?:gaping|apart)`,
  ),
  p(
    'major-burn',
    'major, facial or airway burn',
    String.raw`\bburns? (?:to|on|of|involving) (?:the |his |her )?(?:face|airway|mouth|neck|genitals|perineum|hands? and face)|\bsinged (?:nasal |nose )?hairs?|\bsmoke inhalation|\binhalation injury|\bsoot (?:in|around) (?:the )?(?:mouth|nose)|\b(?:large|extensive|major|third[- ]degree|full[- ]thickness|circumferential|deep) burns?|\belectrical burn|\bchemical burn|\bburns? (?:over|covering) (?:\d{2}|[5-9])\s?%|\bburn, face|\bfacial burn|\bsoot (?:in|around|from) (?:the |his |her |my )?(?:nostrils|nose|mouth|airway|sputum)|\bsinged (?:eyebrows|eyelashes|facial hair|nasal hairs?)|\bcarbonaceous sputum|\b(?:burn\w*|scald\w*)\b[^.]{0,25}?\b(?:whole|entire|all of (?:my|his|her|the)) (?:arm|leg|back|chest|body|front|trunk|tummy|belly)`,
  ),
  p(
    'partial-thickness-burn',
    'partial-thickness (blistered) burn',
    String.raw`\b(?:partial|mid|deep partial)[- ]thickness\b|\bsecond[- ]degree (?:burn|scald)|\bblister(?:ed|ing)? (?:burn|scald)|\b(?:burn|scald)\w*,? (?:with |and )?blister\w*`,
  ),
  p('burn', 'burn', String.raw`\bburns?\b|\bburned|\bburnt|\bscald\w*|\bblister\w*`),

  // Eyes, ENT, skin, musculoskeletal, minor and routine.
  p(
    'eye-emergency',
    'chemical or penetrating eye injury',
    String.raw`\b(?:chemical|bleach|acid|alkali|lye|cement|lime|cleaning (?:fluid|product)|oven cleaner|drain cleaner)\b[^.]{0,30}\b(?:in|into|splash\w* (?:in|into)) (?:the |his |her |my |both )?eyes?|\bchemical (?:splash|injury|burn) (?:to|of|in) (?:the |his |her |my |both )?eyes?|\b(?:chemical|alkali|acid) (?:exposure|splash|injury|burn),? (?:to |of |in )?(?:the |his |her |my |both )?(?:left |right )?eyes?|\beyes? (?:chemical|alkali|acid) (?:exposure|splash|injury|burn)|\bpenetrating eye|\b(?:metal|metallic|high[- ]velocity) (?:fragment|foreign body|fb)\b[^.]{0,20}\beye|\bglobe (?:rupture|injury)|\bruptured globe|\bsomething (?:stuck )?in (?:the |his |her |my )?eye (?:after|from) (?:grinding|hammering|metal)`,
  ),
  p(
    'eye-blow',
    'a blow to the eye',
    String.raw`\b(?:hit|struck|poked|punched|elbowed|kicked) (?:\w+ ){0,2}(?:in|on) (?:the |his |her |my |their )?(?:left |right )?eye\b|\b(?:ball|fist|punch|elbow|stick|racket|bat|cork|bungee|firework)\b[^.;]{0,25}\b(?:in|into|to) (?:the |his |her |my |their )?(?:left |right )?eye\b|\bblunt (?:eye|ocular) (?:injury|trauma)`,
  ),
  p(
    'vision-haze',
    'vision changed after an injury (red haze, blood in the eye, cannot see)',
    String.raw`\bred (?:haze|mist|tinge)|\bblood (?:in|inside) (?:the |his |her |my )?(?:left |right )?eye|\bhyphaema|\bhyphema|\bcan(?:'?t|not) see (?:properly|clearly|anything|out of)|\b(?:vision|sight) (?:is |has gone |went )?(?:blurry|blurred|cloudy|hazy|dim|misty|red)|\bblurr\w* (?:vision|sight)|\bseeing double`,
  ),
  p(
    'eye-symptom',
    'eye pain, injury or vision change',
    String.raw`\beye (?:pain|injury|trauma|swelling)|\bocular (?:pain|injury)|\bpain (?:in|of) (?:the |his |her |my )?(?:left |right )?eye|\bblurr\w* vision|\bvis(?:ion|ual) (?:change|loss|problem|disturbance|impairment)|\bdecreased visual acuity|\bforeign body (?:in|sensation in) (?:the |his |her |my )?eye|\bfb in eye|\bflashes|\bfloaters|\bhalos`,
  ),
  p(
    'sore-throat',
    'sore throat',
    String.raw`\bsore ?throat|\bthroat pain|\bpharyngitis|\btonsillitis|\bpainful swallow\w*|\bodynophagia`,
  ),
  p(
    'ear-pain',
    'ear pain',
    String.raw`\bear ?(?:pain|ache)|\botalgia|\botitis|\btugging at (?:the |his |her )?(?:left |right )?ear|\bear infection|\bear discharge`,
  ),
  p(
    'cold-symptoms',
    'cold symptoms',
    String.raw`\brunny nose|\bstuffy nose|\bblocked nose|\bnasal congestion|\bcongest\w*|\bsneez\w*|\bcommon cold|\bhead cold|\ba cold\b|\bsniffles|\brhinorrh\w*|\bpost-?nasal drip|\bsinus (?:pressure|congestion|pain)|\bsinusitis`,
  ),
  p(
    'rash',
    'rash or skin lesion',
    String.raw`\brash\w*|\bskin (?:eruption|lesion|lump|rash)|\beruption|\berythematous|\bpapule\w*|\bspots?\b|\bitch\w*|\bpruritus|\beczema|\bacne|\bpimple\w*|\bmole\b|\bwart\w*|\bskin tag|\blesion|\bblotch\w*|\bsunburn`,
  ),
  p(
    'minor-skin',
    'minor skin complaint',
    String.raw`\bacne|\bpimples?|\bdandruff|\bitchy scalp|\bdry skin|\bskin tag|\bwarts?\b|\bsunburn\w*|\bchapped lips|\bcold sore|\bcalluse?s?\b|\bcorns?\b|(?<!spontaneous |unexplained |easy )\bbruis\w*(?! easily)|\bstyes?\b|\bchalazion|\bpaper cuts?\b|\bsmall (?:cut|scratch|graze)\b|\bblister\w* on (?:the |my |his |her )?(?:upper |lower )?lip|\bstubbed|\bsplinter|\bhay fever|\bitchy (?:and )?watery eyes|\bitchy (?:red )?rash\b|\bhead lice|\blice\b|\bnits\b|\beczema|\bitchy,? (?:and )?dry|\bdry,? (?:and )?itchy`,
  ),
  p(
    'bite-sting',
    'insect bite or sting',
    String.raw`\b(?:insect|mosquito|bug|spider|tick|flea|ant) bites?|\bbee sting|\bwasp sting|\bstung\b`,
  ),
  p(
    'joint-pain',
    'joint, limb or muscle pain',
    String.raw`\b(?:knee|ankle|wrist|elbow|shoulder|hip|finger|toe|hand|foot|arm|leg|thigh|calf|neck|joint|muscle|tmj|jaw|extremity|limb|forearm|buttock) (?:pain|ache|swelling|injury|sprain|hurts)|\bpain,? (?:\w+ )?(?:knee|ankle|wrist|elbow|shoulder|hip|arm|leg|hand|foot)|\bpain (?:in|on|of) (?:the |his |her |my )?(?:left |right )?(?:knee|ankle|wrist|elbow|shoulder|hip|arm|leg|hand|foot|finger|toe)|\bsprain\w*|\bstrain\w*|\bmyalgi\w*|\barthralgi\w*|\bsore muscles|\bmuscles (?:are )?sore|\bstiff(?:ness)? in|\bgout\b|\bswollen (?:ankle|wrist|knee|joint|finger|toe)|\bstubbed|\bbruis\w*|\bcontusion|\bswelling\b|\bpain (?:in|on|of) (?:both |his |her |my |the )?(?:arms|legs|knees|hands|feet|joints|hips|shoulders)`,
  ),
  p(
    'peripheral-site',
    'a limb, skin or soft-tissue site',
    String.raw`\b(?:toes?|fingers?|thumbs?|nails?|hands?|palms?|wrists?|forearms?|elbows?|arms?|shoulders?|axilla|armpits?|hips?|thighs?|knees?|legs?|shins?|calf|calves|ankles?|feet|foot|heels?|soles?|limbs?|extremit(?:y|ies)|buttocks?|skin|scalp|lips?|ears?|eyes?|eyelids?|nose|teeth|tooth|gums?|jaw|neck|coccyx|tailbone)\b`,
  ),
  p(
    'calf-swelling',
    'painful swollen calf or leg',
    String.raw`\b(?:calf|leg) (?:swelling|pain and swelling|tenderness)|\bswollen (?:left |right )?(?:calf|leg)|\b(?:calf|leg) (?:is )?(?:swollen|red and swollen)|\bthigh swelling|\b(?:calf|leg) (?:has been|is|was|got|became|went) (?:\w+ )?swollen|\bunilateral leg swelling|\bdvt\b`,
  ),
  p('lump', 'lump or mass', String.raw`\blumps?\b|\bmass\b|\bnodules?\b|\bswollen (?:gland|glands|lymph nodes?)`),
  p(
    'dental',
    'dental or gum pain',
    String.raw`\btooth ?ache|\bdental (?:pain|abscess)|\bgum (?:pain|swelling)|\bgingival swelling|\btooth (?:pain|broken|chipped)`,
  ),
  p(
    'foreign-body',
    'foreign body',
    String.raw`\bforeign body|\bfb\b|\bstuck in (?:the |his |her |my )?(?:left |right )?(?:nose|nostril|ear|throat)|\bfishhook|\bsplinter|\bembedded|\bfish ?bone`,
  ),
  p(
    'epistaxis',
    'nosebleed',
    String.raw`\bepistaxis|\bnose ?bleed\w*|\bnasal bleeding|\bbleeding (?:from|of) (?:the |his |her |my )?nose`,
  ),
  p(
    'constipation',
    'constipation',
    String.raw`\bconstipat\w*|\b(?:hasn'?t|has not|haven'?t|have not) (?:done|had|passed) a (?:poo|poop|bowel movement|stool)\b|\bhaven'?t (?:had a bowel movement|pooped)|\bhard stools?`,
  ),
  p(
    'electrolyte-named',
    'a dangerous electrolyte disorder named',
    String.raw`\b(?:hyperkal(?:a)?emi\w*|hypokal(?:a)?emi\w*|hyponatr(?:a)?emi\w*|hypernatr(?:a)?emi\w*|hypercalc(?:a)?emi\w*|hypocalc(?:a)?emi\w*|hypomagnes(?:a)?emi\w*)`,
  ),
  p(
    'hypertension-named',
    'high blood pressure',
    String.raw`\bhypertensi\w*|\bhigh blood pressure|\bbp (?:is |was )?high|\belevated (?:bp|blood pressure)`,
  ),
  p(
    'routine',
    'routine or administrative need',
    String.raw`\brefill\w*|\bprescription renewal|\brenew (?:my|his|her) prescription|\brenew(?:ed|al)\b|\bran out of (?:my |his |her )?(?:\w+ )?(?:medication|meds|pills|prescription|inhaler)|\bno acute complaints?|\bno complaints|\broutine\b|\bcheck-?up|\bwell[- ](?:child|baby|woman|visit)|\bannual (?:physical|exam|visit)|\bpaperwork|\bwork note|\bschool note|\bsick note|\bmedical certificate|\bforms?\b|\bvaccin\w*|\bimmuni[sz]ation|\bflu shot|\bbooster|\bfollow[- ]?up|\bmedication (?:review|reconciliation)|\bscreening|\bsuture removal|\bremoval of (?:the )?(?:sutures|stitches|staples)|\bstitches out|\bdressing change|\bwants (?:a|to)|\brequesting|\bhere for|\bwould like (?:a|to)|\bquestions? about|\bfor medication\b|\babnormal lab|\blab results|\bresults? review|\bdiet advice|\bstd (?:test|screen)|\bcontraception|\bbirth control (?:refill|advice)|\brepeat prescription|\bprescription (?:refill|repeat)|\bto review (?:\w+ ){0,2}results|\breferral(?: letter)?\b|\badvice (?:on|about)|\bwants? treatment for (?:acne|warts?|dandruff)|\bform (?:completed|filled)`,
  ),
  p(
    'mild',
    'mild, minor or improving',
    String.raw`\bmild(?:ly)?\b|\bminor\b|\bslight(?:ly)?\b|\bsmall\b|\bmild-?to-?moderate|\bgetting better|\bimprov(?:ing|ed)\b|\bbetter (?:now|today|with rest)|\bresolv(?:ed|ing)|\bnuisance|\bannoying|\bfeels? (?:fine|okay|ok|well)\b|\botherwise well|\bplaying normally|\beating and drinking (?:well|normally)|\bactive and playful|\bwell-appearing|\bwell appearing|\bin no (?:acute )?distress|\bnad\b`,
  ),
  p(
    'severe-words',
    'described as severe',
    String.raw`\bsevere(?:ly)?\b|\bexcruciating|\bunbearable|\bagoni[sz]\w*|\bintense\b|\bterrible|\bworst\b|\bscreaming (?:in|with) pain|\bdoubled over|\bwrithing|\bcan'?t (?:stand|bear) (?:the|it)`,
  ),
  p(
    'chronic',
    'long-standing, unchanged problem',
    String.raw`\bfor (?:\d+|two|three|four|five|six|several|many) (?:weeks|months|years)\b|\bchronic\b|\blong-?standing|\bon and off for|\bfor (?:weeks|months|years)\b|\bsame as usual|\bunchanged|\bstable for|\bknown (?:and stable )?(?:chronic|for years)`,
  ),
  p(
    'failed-home-treatment',
    'not improving despite treatment at home',
    String.raw`\bnot (?:responding|improving|getting better|better) (?:to|with|on|despite|after)\b|\bdespite (?:\w+ ){0,4}(?:treatment|medication|meds|antibiotics|tylenol|paracetamol|acetaminophen|ibuprofen|inhaler|rest|antacids|fluids|oral rehydration)|\b(?:tylenol|paracetamol|acetaminophen|ibuprofen|motrin|advil|painkillers?|pain (?:meds|medication)|antacids?|antibiotics?|home (?:treatment|remedies|meds)|over-the-counter \w+)\b[^.]{0,30}\b(?:not (?:helping|working|touching it)|didn'?t (?:help|work|touch it)|no (?:relief|help|effect)|isn'?t (?:helping|working)|without (?:relief|effect|improvement))|\bfailed (?:outpatient|oral|home) (?:treatment|therapy|antibiotics)|\bworse despite|\bstill (?:febrile|vomiting|in pain) (?:despite|after)|\b(?:second|third|2nd|3rd) visit|\breturn(?:ed|s|ing)? (?:visit|to the ed)|\bcame back|\beven though (?:i'?m|he'?s|she'?s|they'?re|i am|(?:he|she) is|(?:he|she|i) (?:was|were|have been|has been)) (?:on|taking|using) |\bnot settling (?:with|on|after)|\bnot (?:controlled|relieved) (?:by|with)`,
  ),
  p(
    'worsening',
    'getting worse',
    String.raw`\bworsen\w*|\bgetting worse|\bprogressive(?:ly)?\b|\bincreasing(?:ly)?\b|\bworse\b`,
  ),

  // Risk factors (history and medications count).
  r(
    'immunosuppressed',
    'immunosuppressed (chemotherapy, transplant, neutropenia, steroids, HIV)',
    String.raw`\bimmun(?:o)?(?:suppress\w*|compromis\w*|deficien\w*)|\bchemo(?:therapy)?\b|\bon chemo|\bneutropeni\w*|\btransplant\w*|\bsplenectomy|\basplenia|\bhiv\b|\baids\b|\bon (?:long[- ]term |high[- ]dose )?(?:steroids|prednisone|prednisolone)|\btacrolimus|\bcyclosporin\w*|\bmycophenolate|\bmethotrexate|\bazathioprine|\bbiologics?\b|\binfliximab|\badalimumab|\bactive cancer|\bleuka?emia|\blymphoma`,
  ),
  r(
    'anticoagulated',
    'anticoagulated or bleeding disorder',
    String.raw`\banticoag\w*|\bwarfarin|\bcoumadin|\bapixaban|\beliquis|\brivaroxaban|\bxarelto|\bdabigatran|\bpradaxa|\bedoxaban|\benoxaparin|\blovenox|\bheparin|\bblood thinners?|\bdoac\b|\bnoac\b|\bha?emophilia|\bvon willebrand|\bclopidogrel|\bplavix|\bticagrelor`,
  ),
  r(
    'diabetic',
    'diabetes',
    String.raw`\bdiabet\w*|\bdm\s?[12i]*\b|\biddm|\bniddm|\bt[12]dm\b|\btype [12] (?:dm|diabetes)|\binsulin\b|\bmetformin`,
  ),
  r(
    'cardiac-history',
    'coronary or vascular disease',
    String.raw`\bcad\b|\bcoronary|\bmyocardial infarction|\bheart attack|\bprior mi\b|\bstents?\b|\bcabg|\bangina\b|\bpad\b|\bperipheral (?:arterial|vascular) disease|\bhyperlipid\w*|\bsmok\w*|\bhtn\b|\bhypertension|\bheart failure|\bchf\b`,
  ),
  r(
    'clot-risk',
    'risk of venous thromboembolism',
    String.raw`\brecent(?:ly)? (?:had )?(?:surgery|operation|c-section|caesarean|cesarean|knee replacement|hip replacement|immobili\w*|travel|flight|long[- ]haul)|\blong (?:flight|haul flight|drive|car ride|bus ride)|\bpost-?partum|\b(?:after|since|following) (?:a |her |my |his )?(?:surgery|operation|c-section|caesarean|cesarean|(?:knee|hip) replacement|giving birth|delivery)\b|\bgave birth|\b(?:oral contracept\w*|contracept\w*)|\bbirth control pill|\bthe pill\b|\bestrogen|\bhistory of (?:dvt|pe|clots?|blood clots?)|\bprevious (?:dvt|pe|clots?)|\bcast on|\bbed-?bound|\bbedridden|\bactive cancer|\bmetastat\w*|\bon chemo`,
  ),
  r(
    'pregnant',
    'pregnant',
    String.raw`\bpregnan(?:t|cy)\b|\bgravid\b|\bg\d+p\d+|\b(?:weeks?|wks?) (?:gestation|ga|of gestation|of pregnancy)\b|\bintrauterine pregnancy|\b(?:first|second|third) trimester|\bexpecting (?:a baby|twins)|\bantenatal|\bprenatal`,
  ),
  r(
    'liver-disease',
    'liver disease',
    String.raw`\bcirrho\w*|\bhepatitis|\bliver (?:disease|failure)|\bportal hypertension|\bvarices|\bhepatic encephalopathy`,
  ),
  r('sickle-cell', 'sickle cell disease', String.raw`\bsickle[- ]cell|\bhbss\b|\bsickle crisis|\bvaso-?occlusive`),
  r(
    'dialysis',
    'on dialysis or severe kidney disease',
    String.raw`\bdialysis|\bhemodialysis|\besrd\b|\bend[- ]stage renal|\bckd (?:stage )?[45]\b|\bav ?f(?:istula)?\b|\bavf malfunction`,
  ),
];

/** Gates and dependencies of the costlier lay-word patterns (see `Concept.gate` and `Concept.onlyWith`). */
const LIMB_WORDS = String.raw`\b(?:legs?|arms?|foot|feet|hands?|limbs?|toes?|fingers?|calf|calves|thigh|shin)`;
const GATES: Readonly<Record<string, Pick<Concept, 'gate' | 'onlyWith'>>> = {
  'abdomen-hard': { gate: /\b(?:belly|abdomen|stomach|tummy|tum)/ },
  'limb-cold-pale': { gate: new RegExp(LIMB_WORDS) },
  'limb-ischemia': { gate: new RegExp(String.raw`${LIMB_WORDS}|\b(?:pulses?|compartment|proportion)`) },
  'peritoneal-movement-pain': { onlyWith: ['abdominal-pain', 'pelvic-pain', 'rlq-pain'] },
  'pain-out-of-proportion': { gate: /\b(?:proportion|than|match|fit)/ },
  'no-urine-day': { gate: /\b(?:pass|pee|peed|wee|weed|urin|toilet|anuri)/ },
  'distal-paralysis': { gate: /\b(?:toes?|fingers?|foot|feet|hand|ankle|wrist)/ },
};
for (const c of CONCEPTS) Object.assign(c, GATES[c.id]);

/** Which concepts may occur in a text, from its word starts (a concept not flagged cannot match). */
export const CONCEPT_INDEX = new PrefixIndex(CONCEPTS.map((c) => c.gate ?? c.pattern));

export const CONCEPT_BY_ID: ReadonlyMap<string, Concept> = new Map(CONCEPTS.map((c) => [c.id, c]));
