import { ABBREVIATIONS } from '../../../terminology/icd10cm/abbreviations.ts';

/**
 * Words that look like names or places to a pattern but carry clinical meaning, and must survive
 * de-identification. Lower case.
 */

/** Abbreviations, units and ward words that follow "to", "at", "from", "Dr." in notes without being PHI. */
export const CLINICAL_TERMS: ReadonlySet<string> = new Set(
  `icu ccu micu sicu cvicu csru nicu picu cticu er ed or pacu cath lab ep floor home rehab snf ltc ltac osh
  hospital hosp hospice unit ward bed room rm service team clinic office nursing radiology ir ct mri cxr ekg ecg
  echo us ir endoscopy dialysis hd cvvh pt ot slp md rn np pa rrt crt sw cm icn iv po pr im sq sc prn qd bid tid
  qid qhs qam qpm hs ac pc npo tf tpn ppn abx ngt ogt peg picc cvl aline art ett trach vent cpap bipap nc fm nrb
  hfnc o2 sat sats spo2 bp hr rr temp t wt ht bmi inr ptt pt hct hgb wbc plt bun cr k na cl co2 mg ca phos po4
  lft ast alt ck ckmb trop bnp abg vbg lactate glucose fs fsbs bs insulin heparin coumadin lasix dopamine levo
  neo vanc zosyn flagyl cipro tylenol morphine ativan haldol propofol fentanyl versed dilaudid nitro ntg asa
  plavix lopressor metoprolol dig digoxin kcl mag cal mom dulcolax senna colace prbc ffp plts cryo ns lr d5w
  d5 ivf bolus drip gtt cc ml mcg kg mmhg cm mm ms sec min hr hrs am pm noon midnight tonight today tomorrow
  yesterday am pm ap cp sob doe pnd le ue rle lle rue lue abd gi gu cv resp neuro id heme onc renal skin social
  dispo plan assessment a p s o hpi pmh psh fh sh ros dx ddx rx tx hx sx fx cabg ptca pci mi chf copd cad htn
  dm niddm iddm cva tia dvt pe uti pna ards afib aflutter svt vt vf vfib nsr st sb cath ercp egd tee tte
  ekg full code dnr dni cmo hcp proxy family pcp attending resident intern fellow nurse staff house medicine
  surgery cardiology neurology psych psychiatry ortho id gi renal pulm micro lab blood cultures stat left right
  bilat bilateral none neg pos wnl nad per with and the of to at from in on by for as is was will be has had
  pt's pts patient patients con't cont'd d/c'd dc'd can't won't don't cont contd conts mech vea mae fem pacer rad max ew fick endo permacath los perl
  perrl perla passe poss dopa nard brady tachy chol wein occ vue riss tol stong kling fent eng sternal spanish
  junctional allegra quinton ph monday tuesday wednesday thursday friday saturday sunday mon tues wed thurs
  fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec levophed neosynephrine milrinone dobutamine
  nipride natrecor amiodarone lidocaine procainamide diltiazem cardizem labetalol hydralazine captopril
  enalapril lisinopril vasotec norvasc imdur isordil nitropaste ntp kayexalate precedex ketamine vecuronium
  cisatracurium succinylcholine etomidate narcan flumazenil reglan zofran protonix pepcid carafate
  sucralfate lactulose miralax bisacodyl fleet ducolax zantac unasyn ceftriaxone ceftaz cefepime meropenem
  imipenem gent gentamicin tobra tobramycin levaquin levofloxacin azithro azithromycin bactrim linezolid
  fluconazole ambisome acyclovir ganciclovir solumedrol decadron prednisone hydrocortisone synthroid
  thiamine folate mvi kcl kphos neutraphos albumin hespan mannitol haldol seroquel zyprexa risperdal
  celexa zoloft prozac wellbutrin trazodone ambien benadryl hydroxyzine atarax oxycodone percocet vicodin
  ultram toradol motrin ibuprofen combivent albuterol atrovent xopenex flovent advair spiriva mucomyst
  guaifenesin robitussin tessalon sliding scale riss nph lantus humalog novolog glargine lispro aspart
  swan cordis introducer sheath tlc hohn groshong mediport portacath trialysis quinton shiley pleurx
  chesttube jp hemovac penrose wound vac ostomy ileostomy colostomy urostomy rectal tube flexiseal dobhoff
  corpak keofeed peg ptube gtube jtube trach ett lma ambu bvm nrb venti aerosol heated humidified muir
  quentin quintin passy passey paco2 pao2 sao2 fio2 lbbb rbbb gluc lytes english spanish french german italian
  portuguese chinese mandarin cantonese japanese korean vietnamese russian arabic hindi hebrew greek polish
  haitian creole tagalog somali farsi american african asian hispanic latino latina caucasian white black
  christian catholic jewish muslim hindu buddhist protestant asl synthea vin mrn ssn dob acct npi dea
  lis lcs cis lat irr rua rla lua lla ami nstemi stemi pac pacs pvc pvcs pjc pjcs stas app appt spiro raf
  rvr mins til sev grav peri perineal nares floro fluoro pcu imv simv psv prvc cmv sbt rsbi peep ipap epap fio
  pao paco sao spo etco pco svo aai vvi ddd ivc svc pcwp cvp svr sbp dbp uop ob bm bms flexi tfs ivpb gtts cx
  cxs lg sm mod amt amts resp extrem hob oob lib qshift qh qod prbcs ffps abgs ngts trachs careview av ada eps interventional
  carevue flowsheet flowsheets flowsht kardex emar mar metavision webomr omr pyxis omnicell epic cerner meditech
  allscripts pacs sunrise provation ssi ophthalmology ophtho optho opthamology opthalmology opthomology
  dermatology derm urology ent otolaryngology gyn obgyn oncology hematology rheumatology rheum endocrinology
  nephrology pulmonology hepatology gastroenterology podiatry physiatry palliative geriatrics anesthesia
  anesthesiology neurosurgery nsgy ctsurg csurg vascular plastics pre ota vit vitamin tod nucs vasc pleurex pleurx`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Eponyms of diseases, signs, scores, tests and devices (Parkinson disease, Crohn's, Down syndrome,
 * Glasgow Coma Scale, Apgar, Foley catheter, …). When such a word stands next to its clinical noun it is
 * kept, unless a strong name context (a title such as "Dr.", or a name the record knows) says otherwise.
 */
export const EPONYMS: ReadonlySet<string> = new Set(
  `addison alzheimer apgar asperger babinski baker barrett bartholin behcet bell bence bennett billroth bishop
  bouchard braden broca brown brudzinski burkitt charcot cheyne chiari child chvostek clark coombs cowper
  creutzfeldt crohn cullen cushing doppler down dupuytren edwards ehlers epley erb ewing fabry fallot foley
  fowler framingham galeazzi gaucher giemsa glasgow gleason graves guillain barre hartmann hashimoto heberden
  heimlich hickman hirschsprung hodgkin holter homan homans horner huntington jakob janeway kaposi karnofsky
  kawasaki kehr kernig kerley killip klinefelter klumpke korotkoff korsakoff kussmaul lachman legg lewy
  lisfranc ludwig lyme mallampati marfan mcburney mcmurray meckel meld monteggia morse munchausen murphy
  nissen noonan osgood osler paget pap papanicolaou patau perthes phalen pick pompe prader pugh ramsay ranson
  raynaud reye richmond rinne romberg roth rovsing roux schlatter sims sjogren snellen stevens still stokes
  swan ganz tay sachs tinel tourette trendelenburg trousseau turner valsalva virchow volkmann von willebrand
  weber wegener wells wernicke westergren whipple williams wilms wilson wolff parkinson zenker ziehl gram
  groshong levine duke jones smith colles douglas`
    .split(/\s+/)
    .filter(Boolean),
);

/** Clinical nouns that make a preceding eponym clinical ("Foley catheter", "Glasgow coma scale"). */
export const EPONYM_NOUNS: ReadonlySet<string> = new Set(
  `disease diseases syndrome syndromes sign signs scale score scores test tests catheter cath fracture palsy
  sarcoma lymphoma tumor tumour disorder dementia chorea criteria classification maneuver manoeuvre reflex
  stain position procedure operation repair fundoplication node nodes gland cyst esophagus line lines coma
  phenomenon phenomena type triad respiration respirations breathing monitor ultrasound studies study test's
  lung lungs lesions lesion ulcer ulcers body bodies aneurysm pouch`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words after which a name cannot continue, so "Dr aware", "husband did not come", "daughter in to visit"
 * stop before them. Function words and the verbs notes put after a person.
 */
export const NAME_STOP_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but nor so to at in into on of off by for from with without w w/ wo per via as is are was
  were be been being am has have had do does did done not no yes aware notified paged called made informed
  updated spoke speak spoken talk talked talking said states stated says reports reported asked asks wants
  wanted feels felt came come comes went going gone visit visited visiting visits here there present at
  bedside in to re regarding about this that these those it its he she they them his her their him we us our
  you your i me my who whom which what when where why how will would shall should can could may might must
  also all any some each every both either neither other another same such only just very too more most less
  least much many few several one two three four five six seven eight nine ten first second third last next
  previous prior new old today tonight tomorrow yesterday now then again still already later earlier soon
  am pm md rn np pa do phd rrt crt pt ot team service office staff nurse nursing attending resident fellow
  intern on call oncall covering consult consulted following follow followed notes note orders order ordered
  x re: ok okay then up down out over under after before during since until while because if though line
  law inlaw in-law
  lines able stable alert sedated remains continues opens well strong late rate numbers ceo cfo president
  owner manager engineer teacher retired`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Abbreviations notes write that name no person or place: units, services, tests, lines, states of the
 * patient; the coding engine's abbreviation table (terminology/icd10cm/abbreviations.ts) is one source.
 */
export const CLINICAL_ABBREVIATIONS: ReadonlySet<string> = new Set([
  ...Object.keys(ABBREVIATIONS),
  ...`icu ccu micu sicu cvicu csru nicu picu cticu tsicu ticu nsicu neuro sdu pcu imcu tcu step ed er ew or pacu
  ir ct mri mra cta echo tte tee ekg ecg eeg emg us cxr kub ugi egd ercp ep cath pt ot st slp rt rrt sw cm
  hd cvvh cvvhd crrt pd snf ltc ltac ltach rehab nh alf vna hha pcp md do np pa rn lpn cna ho hos
  bb lab labs ra la rv lv rvr nsr sr st sb svt vt vf af afib vfib ac prvc simv cpap bipap ps peep trach
  ett ogt ngt peg picc tlc cvl iv po pr sq im nc nrb fm hfnc bvm ambu mom dnr dni cmo fc ivf tf tpn
  ns lr d5w prbc ffp ss riss dm htn cad chf copd cva tia mi pe dvt uti gi gu cv id mn noc am pm hs lad lcx rca
  om pda svg lima rima nbp abp map cvp pap pad pas pcwp svr pvr co ci sv hob oob bm uo uop npo prn qd bid tid
  qid abg vbg cbc bmp lfts inr ptt hct hgb wbc plt bun cr k na mg ca po phos lytes gtt abx tx dx hx sx fx
  rx bs bsg fs fsbs ls bbs cta ctab dtr rom rle lle rue lue le ue bue ble perrl perrla mae moe aaox gcs
  rass cam cpot ciwa vs vss hr bp rr sbp dbp sat sats spo fio tv vt mv peak pip plat rsbi sbt tc ett
  ogt ng jp ct chest tube pigtail foley condom ostomy wound vac dsg drsg abd pt's pts pt inr nbp art cvp
  dnr full code hcp moc poa dpoa pcp cards renal pulm neuro ortho gen surg micro heme onc derm ent uro angio ctscan fib tach flutter brady tachy bb prev maint rvad lvad iabp srr inc lws tng og lp pej pca bld rij sxt intub cd rec re'd rec'd cn al
  chg chgs med meds ij ej bka aka dopp dopplered occas crea creat sero serosang sang amio contin eves dble ch tele
  vicu bsn melena bilious stoma blocker blockers`
    .split(/\s+/)
    .filter(Boolean),
]);

/**
 * The endings of medical words that no list may hold ("antecubital", "pericardiocentesis", "nephrostomy"):
 * anatomy's adjectives, procedures, conditions and drug salts. Few place names no gazetteer holds end so.
 */
const MEDICAL_ENDING =
  /(?:al|ic|ous|ary|ular|itis|osis|oses|ectomy|otomy|ostomy|plasty|scopy|gram|graphy|centesis|emia|uria|pathy|algia|ine|ide|ate|ium|ism|oid|ase|ol|il|um|pril|sartan|statin|mycin|cillin|azole|olol|azepam|profen)$/;

/** Whether an unlisted word has the ending of a medical word (see `MEDICAL_ENDING`). */
export function hasMedicalEnding(bare: string): boolean {
  return MEDICAL_ENDING.test(bare);
}
