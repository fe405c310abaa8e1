/**
 * Medicines, feeds and devices that notes write with a capital, like a name: generic and brand names of the
 * drugs of hospital and intensive care practice (from the WHO Model List and common formularies), tube
 * feeds, and the devices and products named after their makers or inventors (Bair Hugger, Hoyer lift,
 * Zoll pacer, Ambu bag). Lower case. Written by the Chartside team from clinical knowledge, not from notes.
 */
export const DRUG_AND_DEVICE_NAMES: ReadonlySet<string> = new Set(
  `acetaminophen tylenol paracetamol ibuprofen motrin advil naproxen aleve ketorolac toradol aspirin asa
  ecotrin celecoxib celebrex morphine mso4 ms contin hydromorphone dilaudid oxycodone oxycontin percocet
  roxicet hydrocodone vicodin norco fentanyl duragesic sublimaze meperidine demerol methadone tramadol ultram
  codeine tylenol3 naloxone narcan buprenorphine suboxone lorazepam ativan diazepam valium midazolam versed
  alprazolam xanax clonazepam klonopin temazepam restoril zolpidem ambien haloperidol haldol quetiapine
  seroquel olanzapine zyprexa risperidone risperdal ziprasidone geodon aripiprazole abilify propofol
  diprivan dexmedetomidine precedex ketamine etomidate amidate vecuronium rocuronium cisatracurium nimbex
  succinylcholine pancuronium norepinephrine levophed levo epinephrine epi adrenalin phenylephrine
  neosynephrine neo vasopressin pitressin dopamine dobutamine dobut milrinone primacor isoproterenol isuprel
  nitroglycerin ntg tng nitro nitropaste nitroprusside nipride nicardipine cardene clevidipine esmolol
  brevibloc labetalol metoprolol lopressor toprol atenolol tenormin carvedilol coreg propranolol inderal
  diltiazem cardizem verapamil calan amlodipine norvasc nifedipine procardia hydralazine apresoline
  lisinopril zestril prinivil enalapril vasotec enalaprilat captopril capoten ramipril altace losartan cozaar
  valsartan diovan spironolactone aldactone furosemide lasix bumetanide bumex torsemide demadex
  hydrochlorothiazide hctz metolazone zaroxolyn acetazolamide diamox mannitol chlorothiazide diuril digoxin
  lanoxin amiodarone cordarone pacerone lidocaine xylocaine procainamide procan pronestyl adenosine
  adenocard ibutilide corvert sotalol betapace dofetilide tikosyn atropine heparin hep enoxaparin lovenox
  dalteparin fragmin fondaparinux arixtra warfarin coumadin argatroban bivalirudin angiomax apixaban eliquis
  rivaroxaban xarelto dabigatran pradaxa clopidogrel plavix prasugrel effient ticagrelor brilinta
  eptifibatide integrilin abciximab reopro tirofiban aggrastat alteplase tpa activase tenecteplase tnkase
  reteplase retavase streptokinase protamine vitamin phytonadione aquamephyton kcentra insulin humulin
  novolin lantus glargine levemir detemir humalog lispro novolog aspart regular nph metformin glucophage
  glipizide glucotrol glyburide dextrose d50 d5w d10 glucagon octreotide sandostatin levothyroxine
  synthroid hydrocortisone solucortef methylprednisolone solumedrol prednisone deltasone dexamethasone
  decadron fludrocortisone florinef vancomycin vanco vanc cefazolin ancef ceftriaxone rocephin cefepime
  maxipime ceftazidime fortaz tazicef cefuroxime zinacef cefoxitin cephalexin keflex piperacillin
  tazobactam zosyn ampicillin sulbactam unasyn amoxicillin augmentin penicillin nafcillin oxacillin
  meropenem merrem imipenem primaxin ertapenem invanz aztreonam azactam gentamicin gent tobramycin tobra
  amikacin ciprofloxacin cipro levofloxacin levaquin moxifloxacin avelox azithromycin zithromax azithro
  erythromycin clarithromycin biaxin doxycycline minocycline tigecycline tygacil clindamycin cleocin
  metronidazole flagyl trimethoprim sulfamethoxazole bactrim septra linezolid zyvox daptomycin cubicin
  rifampin nitrofurantoin macrobid fluconazole diflucan voriconazole vfend micafungin mycamine caspofungin
  cancidas amphotericin ambisome acyclovir zovirax valacyclovir valtrex ganciclovir cytovene oseltamivir
  tamiflu pantoprazole protonix omeprazole prilosec esomeprazole nexium lansoprazole prevacid famotidine
  pepcid ranitidine zantac sucralfate carafate ondansetron zofran metoclopramide reglan prochlorperazine
  compazine promethazine phenergan docusate colace senna senokot bisacodyl dulcolax lactulose enulose
  polyethylene miralax golytely magnesium mag citrate kayexalate kaexolate sevelamer renagel renvela
  calcium caltrate cagluc kcl kphos neutraphos potassium sodium bicarbonate bicarb albuterol proventil
  ventolin ipratropium atrovent combivent duoneb levalbuterol xopenex fluticasone flovent advair
  salmeterol tiotropium spiriva budesonide pulmicort acetylcysteine mucomyst guaifenesin robitussin
  benzonatate tessalon montelukast singulair diphenhydramine benadryl hydroxyzine atarax vistaril
  famotidine loratadine claritin cetirizine zyrtec sertraline zoloft citalopram celexa escitalopram lexapro
  fluoxetine prozac paroxetine paxil venlafaxine effexor duloxetine cymbalta bupropion wellbutrin trazodone
  desyrel mirtazapine remeron amitriptyline elavil nortriptyline gabapentin neurontin pregabalin lyrica
  phenytoin dilantin fosphenytoin cerebyx levetiracetam keppra valproate depakote valproic carbamazepine
  tegretol lamotrigine lamictal phenobarbital topiramate topamax donepezil aricept memantine namenda
  carbidopa levodopa sinemet ropinirole requip thiamine folate folic multivitamin mvi cyanocobalamin ferrous
  iron epoetin epogen procrit darbepoetin aranesp filgrastim neupogen allopurinol zyloprim colchicine
  tamsulosin flomax finasteride proscar oxybutynin ditropan atorvastatin lipitor simvastatin zocor
  pravastatin pravachol rosuvastatin crestor ezetimibe zetia nystatin mycostatin clotrimazole miconazole
  bacitracin neosporin mupirocin bactroban silvadene xeroform duoderm tegaderm mepilex allevyn aquacel
  kerlix coban desitin destin calmoseptine criticaid eucerin aquaphor sarna nepro pulmocare jevity osmolite
  promote impact glucerna ensure boost peptamen vivonex nutren replete fibersource isosource novasource
  resource probalance twocal magnacal suplena oxepa beneprotein prostat
  bair hugger hoyer zoll ambu swann ashman groshong broviac mediport portacath
  shiley bivona hemovac penrose pleurx dobhoff keofeed corpak salem
  sump minerva kinair clinitron roho posey venodyne scd scds pneumoboots
  flexiseal zassi purewick alaris pyxis accuchek accucheck glucometer coude mallinckrodt yankauer
  trilogy respironics servo drager vapotherm optiflow venturi ventimask abbokinase
  impella tandemheart lvad heartmate ecmo cardiohelp rotaflow prismaflex`
    .split(/\s+/)
    .filter(Boolean),
);
