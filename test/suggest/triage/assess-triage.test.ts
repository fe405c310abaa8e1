import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTriage } from '../../../server/suggest/triage/assess-triage.ts';
import { DISCRIMINATORS } from '../../../server/suggest/triage/discriminators.ts';
import { extractFindings } from '../../../server/suggest/triage/findings.ts';
import { LAY_DISCRIMINATOR_CASES } from './lay-cases.ts';

const fired = (text: string): string[] => assessTriage({ text }).discriminators.map((d) => d.id);

/**
 * Each discriminator: a case that fires it, and a near miss that must not (negated, historical, a
 * normal value, the wrong age). Written from the protocols' definitions, not from any evaluation set.
 */
const CASES: readonly (readonly [id: string, positive: string, nearMiss: string])[] = [
  ['arrest', 'Bystander CPR in progress, pulseless on arrival.', 'Collapsed briefly, no CPR needed, pulse present.'],
  ['airway-compromise', '3-year-old with stridor at rest after a cold.', '3-year-old with a cold, no stridor.'],
  [
    'inadequate-breathing',
    '60M unable to speak in full sentences, working hard to breathe.',
    '60M speaks in full sentences, SpO2 97%.',
  ],
  ['unresponsive', '70F found unresponsive on the floor.', '70F found on the floor, alert and talking.'],
  ['shock', '50M, BP 78/40, HR 96, weak.', '50M, BP 128/80, HR 96, weak.'],
  ['danger-zone-heart-rate', '34F, palpitations, HR 168.', '34F, palpitations, HR 98.'],
  [
    'exsanguinating-haemorrhage',
    'Cut on thigh, bleeding will not stop despite pressure.',
    'Cut on thigh, bleeding stopped with pressure.',
  ],
  [
    'active-seizure',
    '8-year-old still seizing after 10 minutes.',
    '8-year-old, history of epilepsy, no seizure today, sore throat.',
  ],
  [
    'critical-glucose',
    'Diabetic, sweaty and shaky, glucose 42 mg/dL.',
    'Diabetic, glucose 112 mg/dL, routine follow-up.',
  ],
  ['critical-lab', 'Dialysis patient missed a session, potassium 7.1.', 'Dialysis patient, potassium 4.6, feels well.'],
  [
    'temperature-extreme',
    'Found outdoors in winter, temperature 30.5 °C.',
    'Found outdoors, temperature 36.4 °C, no complaints.',
  ],
  [
    'altered-conscious-level',
    '82F more confused than usual since this morning.',
    '82F, not confused, alert and oriented, knee pain.',
  ],
  [
    'cardiac-chest-pain',
    '52M chest pressure radiating to the left arm, sweating.',
    '52M denies chest pain, has a cough.',
  ],
  ['adult-chest-pain', '61F with chest discomfort since an hour ago.', '61F with no chest pain, sprained ankle.'],
  [
    'atypical-acs',
    '72F with diabetes, nausea and epigastric discomfort, clammy.',
    '72F, epigastric discomfort after a spicy meal, not clammy.',
  ],
  [
    'aortic-dissection',
    '64M with sudden tearing pain in the chest going to the back.',
    '64M with chest wall ache after lifting, no tearing.',
  ],
  [
    'pulmonary-embolism-risk',
    '29F short of breath, recent long-haul flight, swollen calf.',
    '29F short of breath with a cold, no recent travel.',
  ],
  [
    'stroke',
    '77M with right facial droop and slurred speech.',
    '77M, history of stroke, no new weakness, here for refill.',
  ],
  [
    'thunderclap-headache',
    'Sudden severe headache, worst headache of her life.',
    'History of migraine, mild headache like her usual ones.',
  ],
  ['meningism', 'Fever and neck stiffness since last night.', 'Fever, no neck stiffness, cough.'],
  [
    'purpuric-rash',
    'Child with fever and a non-blanching rash on the legs.',
    'Child with an itchy rash that blanches, no fever.',
  ],
  ['sepsis-qsofa', '75M with cough, RR 26, BP 92/60, confused.', '75M with cough, RR 16, BP 132/80, alert.'],
  ['neutropenic-fever', '45F on chemotherapy with fever 38.4 °C.', '45F on chemotherapy, no fever, mild nausea.'],
  ['infant-fever', '6-week-old with a temperature of 38.3 C.', '6-month-old with a temperature of 38.3 C, playing.'],
  [
    'anaphylaxis-airway',
    'Stung by a bee, now her lips and tongue are swelling.',
    'Stung by a bee, local redness, no swelling of lips or tongue.',
  ],
  [
    'anaphylaxis',
    'Ate peanuts, hives all over and wheezing.',
    'Hives on the arms after a new soap, no breathing problems.',
  ],
  [
    'status-asthmaticus',
    'Asthma attack, inhaler not helping, can only say a few words.',
    'Asthma, well controlled, here for inhaler refill.',
  ],
  [
    'peritonitis',
    'Abdominal pain with guarding and rebound tenderness.',
    'Mild abdominal cramps, soft abdomen, no guarding.',
  ],
  [
    'testicular-torsion',
    '14-year-old with sudden left testicular pain and vomiting.',
    '14-year-old with a sore throat, no testicular pain.',
  ],
  [
    'ectopic-pregnancy',
    '26F, missed period, lower abdominal pain and spotting.',
    '26F, period came normally, no abdominal pain, sore throat.',
  ],
  [
    'pre-eclampsia',
    '31F, 34 weeks pregnant, headache, BP 168/112.',
    '31F, 34 weeks pregnant, BP 118/74, routine visit.',
  ],
  ['dka', 'Type 1 diabetic with vomiting and fruity breath.', 'Type 1 diabetic, no vomiting, sugars stable.'],
  [
    'hypoglycaemia-altered',
    'Diabetic on insulin, low sugar, now confused.',
    'Diabetic, no low sugars, here for a refill.',
  ],
  [
    'acute-liver-failure',
    'Jaundiced and confused after a paracetamol overdose, INR 3.2.',
    'Gilbert syndrome, no jaundice, feels well.',
  ],
  ['gi-bleed', 'Vomiting blood twice this morning.', 'Vomiting twice this morning, no blood.'],
  [
    'gi-bleed-unstable',
    'Black tarry stools and dizzy on standing.',
    'No black stools, dizzy after standing up quickly.',
  ],
  ['suicidality', 'Says he wants to kill himself and has a plan.', 'Low mood, denies suicidal thoughts.'],
  [
    'overdose',
    'Took a whole bottle of her sleeping pills an hour ago.',
    'Takes her sleeping pills as prescribed, wants a refill.',
  ],
  [
    'paediatric-dehydration-severe',
    '2-year-old, vomiting, no wet diapers since yesterday, very sleepy.',
    '2-year-old, vomited once, wet diapers as usual, playing.',
  ],
  ['high-energy-trauma', 'Driver ejected in a rollover crash.', 'Minor fender bender at low speed, walking, no pain.'],
  [
    'head-injury-high-risk',
    'Fell and hit his head, on warfarin.',
    'Fell on his hands, did not hit his head, not on blood thinners.',
  ],
  [
    'limb-ischaemia',
    'Sudden cold, pale left leg with no pulses in the foot.',
    'Warm left leg, pulses present, mild ache after a walk.',
  ],
  [
    'major-burn',
    'House fire, singed nasal hairs and soot around the mouth.',
    'Small burn on a finger from the stove, no blisters.',
  ],
  ['eye-emergency', 'Splashed drain cleaner in her eye.', 'Itchy eyes with hay fever, no chemical exposure.'],
  [
    'cauda-equina',
    'Low back pain with numbness in the groin and unable to pass urine.',
    'Low back pain after gardening, no numbness, passing urine normally.',
  ],
  ['severe-central-pain', '40M, abdominal pain, pain 9/10.', '40M, abdominal pain, pain 2/10.'],
  ['spo2-danger-alone', 'Cough, SpO2 88% on room air.', 'Cough, SpO2 98% on room air.'],
  ['abnormal-heart-rate', '30F feels unwell, HR 126.', '30F feels unwell, HR 84.'],
  ['abnormal-respiratory-rate', '40M cough, RR 26.', '40M cough, RR 16.'],
  ['severe-hypertension', 'Asymptomatic, BP 232/124 at the pharmacy.', 'Asymptomatic, BP 132/84 at the pharmacy.'],
  ['sepsis-possible', 'Cough and fever, T 38.6 C, HR 104.', 'Cough, T 36.9 C, HR 78.'],
  ['breathlessness', 'Short of breath walking upstairs since yesterday.', 'No shortness of breath, itchy eyes.'],
  ['syncope', 'Fainted in the shower this morning.', 'Did not faint, felt tired after a long shift.'],
  [
    'seizure',
    'Had a seizure at home, now back to normal.',
    'No seizures, history of febrile seizure as a toddler, ear pain.',
  ],
  ['moderate-central-pain', 'Headache, pain 6/10.', 'Headache, pain 2/10.'],
  ['abdominal-pain', 'Right lower quadrant pain since this morning.', 'Denies abdominal pain, rash on the arm.'],
  [
    'dehydration',
    '4-year-old vomiting, can’t keep fluids down, dry mouth.',
    '4-year-old, vomited once, drinking well.',
  ],
  ['head-injury', '25M hit his head on a cupboard door.', '25M, hit his elbow on a cupboard door.'],
  [
    'possible-fracture',
    'Fell on ice, wrist deformity, cannot move it.',
    'Fell on ice, wrist moves fully, no deformity.',
  ],
  ['urinary-retention', '78M unable to pass urine since last night.', '78M passing urine normally, routine visit.'],
  ['fever', '30M with fever and a sore throat.', '30M with a sore throat, no fever.'],
  [
    'routine',
    'Here for a refill of his blood pressure medication, no complaints.',
    'Crushing chest pain since an hour ago.',
  ],
  ['minor-self-care', 'Runny nose and sneezing for two days.', 'Runny nose and fever of 39.4 C.'],
  ['sepsis-sirs', 'Pneumonia, T 39.1 C, HR 118, RR 24.', 'Pneumonia, T 37.1 C, HR 82, RR 16.'],
  ['sepsis-named', 'Looks septic, mottled knees.', 'Not septic, warm and well perfused, urinary burning.'],
  [
    'eye-blow-vision',
    'Hit in the eye with a squash ball, now sees a red haze.',
    'Hit in the eye with a squash ball, sore, vision normal.',
  ],
  [
    'urinary-retention-painful',
    '75M cannot pass urine since last night, lower tummy swollen and painful.',
    '75M passing urine normally, lower tummy soft, mild ache.',
  ],
  [
    'groin-pain-torsion',
    'My 15 year old son woke up with terrible pain in his groin and has been sick twice.',
    'My 15 year old son has a mild groin ache after football, no vomiting.',
  ],
  [
    'meningitis-features',
    'My 7 year old has a high temperature and a headache and does not like the light.',
    'My 7 year old has a headache with a cold, no temperature, lights do not bother her.',
  ],
  [
    'sepsis-poor-perfusion',
    'Fever for two days and now her hands and feet are ice cold.',
    'Fever for two days, hands and feet warm, drinking well.',
  ],
  [
    'poor-perfusion',
    '68M collapsed at home, pale with cold hands and feet.',
    '68M collapsed at home, warm hands and feet, pink.',
  ],
  [
    'peritonism-lay',
    'Sudden severe belly pain and his belly is hard as a rock.',
    'Belly pain after a big meal, belly is soft, not hard.',
  ],
  [
    'peritoneal-movement-pain',
    'Stomach pain since last night, it hurts to cough and every bump in the car made it worse.',
    'No stomach pain. It hurts to cough because of my chest cold.',
  ],
  [
    'limb-ischaemia-ps',
    'His right leg went cold and numb suddenly an hour ago.',
    'His feet always go cold and numb in winter and warm up quickly indoors.',
  ],
  [
    'necrotising-signs',
    'Cellulitis of the thigh with crepitus on palpation.',
    'Cellulitis of the thigh, no crepitus, skin intact.',
  ],
  [
    'necrotising-pain',
    'Cut on his shin two days ago, now the pain is far worse than the cut looks.',
    'Cut on his shin two days ago, sore but the pain is what you would expect.',
  ],
  [
    'rapidly-spreading-infection',
    'Red swollen arm, the redness is spreading fast over a few hours, fever 38.8.',
    'Red swollen arm, redness the same size as yesterday, no fever.',
  ],
  [
    'sick-young-infant',
    '5-week-old feeding poorly and very sleepy.',
    '5-week-old feeding well, alert, routine weight check.',
  ],
  ['abdominal-pain-shock', '70M with abdominal pain, BP 84/50.', '70M with abdominal pain, BP 138/80.'],
  ['testicular-pain-sudden', '40M, sudden right testicular pain.', '40M, no testicular pain, sore back.'],
  [
    'ovarian-torsion',
    '19F, sudden right lower abdominal pain and vomiting.',
    '19F, lower abdominal cramps with her period, no vomiting.',
  ],
  [
    'obstetric-bleeding',
    '24F, 10 weeks pregnant, heavy bleeding, dizzy.',
    '24F, 10 weeks pregnant, no bleeding, mild nausea.',
  ],
  [
    'pregnancy-complication',
    '33F, 36 weeks pregnant, leaking fluid since an hour.',
    '33F, 36 weeks pregnant, no leaking fluid, routine check.',
  ],
  ['dka-diabetic', 'Diabetic, glucose 480, vomiting and abdominal pain.', 'Diabetic, glucose 130, mild cough.'],
  ['head-injury-elderly', '79F hit her head when she fell.', '79F fell onto her hip, did not hit her head.'],
  ['pregnant-trauma', '28F, 30 weeks pregnant, fell down stairs.', '28F, 30 weeks pregnant, routine visit, no fall.'],
  ['open-fracture', 'Open fracture of the tibia after a fall.', 'Bruised shin after a fall, can walk.'],
  ['acs-biomarker', 'Chest pain yesterday, troponin 85 ng/L.', 'Troponin 4 ng/L, follow-up.'],
  [
    'syncope-cardiac',
    'Passed out while jogging and had palpitations.',
    'Felt faint in a hot room, no palpitations, no chest pain, no fainting.',
  ],
  ['relative-hypotension', '81M feels weak, BP 96/60.', '81M feels weak, BP 136/80.'],
  ['hypertension-symptomatic', 'Headache, BP 188/112.', 'Headache, BP 128/82.'],
  ['low-gcs-14', 'Fell at home, GCS 14.', 'Fell at home, GCS 15.'],
  ['low-spo2', 'Cough, SpO2 93%.', 'Cough, SpO2 97%.'],
  ['high-fever', '25M, temperature 39.4 C, body aches.', '25M, temperature 37.4 C, body aches.'],
  [
    'fever-vulnerable',
    '79F with a temperature of 38.3 C and a cough.',
    '49F with a temperature of 38.3 C and a cough.',
  ],
  ['fever-young-child', '18-month-old with a fever since last night.', '8-year-old with a fever since last night.'],
  ['hypothermia', 'Found in a cold flat, temperature 34.2 C.', 'Temperature 36.2 C, feels cold.'],
  ['neonate', '10-day-old with a rash on the cheeks.', '10-year-old with a rash on the cheeks.'],
  [
    'chest-pain-low-risk',
    '16-year-old with chest pain when pressing on the chest wall.',
    '16-year-old with a sore wrist.',
  ],
  ['palpitations', 'Heart racing on and off since the morning.', 'No palpitations, here about a rash.'],
  ['new-neurological-symptom', 'Tingling in both hands since this morning.', 'No numbness or tingling, sore knee.'],
  ['headache-red-flag', 'Headache with vomiting since last night.', 'Headache, no vomiting, no fever.'],
  ['severe-peripheral-pain', 'Twisted knee, pain 9/10.', 'Twisted knee, pain 3/10.'],
  [
    'abdominal-pain-elderly',
    '77F with lower abdominal pain since yesterday.',
    '37F with lower abdominal pain and a pain score of 3/10.',
  ],
  ['bowel-obstruction', 'Distended abdomen, vomiting, not passing wind.', 'Soft abdomen, passing wind, no vomiting.'],
  ['testicular-pain', '45M with a dull testicular ache for a week.', '45M with groin rash, no testicular pain.'],
  [
    'pregnancy-pain-bleeding',
    '29F, 16 weeks pregnant, some vaginal bleeding.',
    '29F, 16 weeks pregnant, routine visit.',
  ],
  [
    'vaginal-bleeding-heavy',
    '45F, heavy bleeding with her period, soaking a pad every hour.',
    '45F, light period, no heavy bleeding.',
  ],
  ['rectal-bleeding', 'Blood in his stool this morning.', 'No blood in his stool, constipated.'],
  [
    'bleeding-anticoagulated',
    'Nosebleed on and off all day, takes warfarin.',
    'Nosebleed stopped, not on anticoagulants.',
  ],
  ['dehydration-infant', '7-month-old with diarrhoea since yesterday.', '7-year-old with diarrhoea since yesterday.'],
  ['hyperglycaemia', 'Diabetic, glucose 340 mg/dL, thirsty.', 'Diabetic, glucose 140 mg/dL, thirsty.'],
  ['hypoglycaemia', 'Shaky, glucose 62 mg/dL, alert.', 'Shaky after coffee, glucose 98 mg/dL.'],
  ['abnormal-lab', 'Feels tired, sodium 126.', 'Feels tired, sodium 139.'],
  ['jaundice', 'Yellow eyes noticed by his wife.', 'Eyes look normal, not yellow, itchy skin.'],
  ['deep-wound', 'Deep cut on the thigh, gaping, needs stitches.', 'Paper cut on the finger.'],
  ['calf-swelling', 'Swollen calf for two days.', 'Calves normal, sore foot.'],
  ['spreading-infection', 'Red streaks going up the arm from a cut.', 'Cut on the arm, no redness.'],
  ['infection-immunosuppressed', 'Transplant patient with a productive cough.', 'Productive cough, otherwise healthy.'],
  ['acute-psychosis', 'Hearing voices and very agitated.', 'Calm, denies hearing voices.'],
  ['eye-symptom', 'Blurred vision in the left eye since yesterday.', 'Vision normal, itchy eyelid.'],
  ['burn', 'Severe burn to the forearm from hot oil.', 'Healed old burn scar, no pain.'],
  ['failed-home-treatment', 'Toothache despite ibuprofen for three days.', 'Toothache since this morning.'],
  ['general-weakness-elderly', '86M generally weak since yesterday.', '36M generally weak after a night shift.'],
  ['sickle-cell-pain', 'Sickle cell disease, pain in both legs.', 'Sickle cell trait, no pain, routine visit.'],
  ['hypertension', 'BP 184/100, no symptoms.', 'BP 124/80, no symptoms.'],
  ['mild-central-pain', 'Abdominal pain, pain 2/10.', 'Sore finger, pain 2/10.'],
  ['moderate-peripheral-pain', 'Sore shoulder, pain 5/10.', 'Sore shoulder, pain 2/10.'],
  ['mild-peripheral-pain', 'Sore shoulder, pain 2/10.', 'Sore shoulder, pain 6/10.'],
  ['recent-problem', 'Lump in the armpit for four days.', 'Lump in the armpit and crushing chest pain.'],
  ['mild-minor-complaint', 'Mild sore throat since yesterday, no fever.', 'Sore throat with fever since yesterday.'],
  ['severe-back-pain-older', '67M with sudden severe back pain.', '37M with severe back pain after lifting.'],
  ['meningococcal-fever-child', '3-year-old with fever and very drowsy.', '3-year-old with fever, alert and playing.'],
  ['shock-reported', '58F, CC: hypotension, feels faint.', '58F, history of hypotension, here for a refill.'],
  ['unstable-heart-rate', '45M palpitations and short of breath, HR 128.', '45M palpitations, HR 128, breathing easy.'],
  ['symptomatic-bradycardia', '79F dizzy and weak, HR 44.', '29M marathon runner, HR 44, feels well.'],
  ['news2-high', '70M, RR 24, SpO2 93%, BP 100/60, HR 115, T 38.4 C.', '70M, RR 18, SpO2 97%, BP 130/80, HR 80.'],
  ['sepsis-high-risk', 'Cough and fever, HR 134.', 'Cough and fever, HR 96.'],
  ['hypertensive-emergency', 'Headache and vomiting, BP 232/134.', 'No headache, chest pain or vomiting; BP 232/134.'],
  [
    'bleeding-disorder-major',
    'On warfarin, black tarry stools since morning.',
    'On warfarin, stools normal, INR check.',
  ],
  ['news2-medium', '66F, RR 22, HR 112, T 38.2 C.', '66F, RR 16, HR 82, T 37.0 C.'],
  ['responds-to-voice', 'Found on the sofa. AVPU: responds to voice.', 'Found on the sofa. AVPU: alert.'],
  ['seizure-not-recovered', '60M after a seizure. AVPU: responds to voice.', '60M after a seizure. AVPU: alert.'],
  ['gi-bleed-unstable', '45M black tarry stools, HR 104.', '45M black tarry stools, HR 84, BP 128/76.'],
  ['electrolyte-disorder', 'Sent in by the GP for hyperkalaemia.', 'Sent in by the GP for a routine potassium check.'],
  [
    'body-fluid-exposure',
    'Nurse with a needlestick from a used needle.',
    'Nurse here for a routine hepatitis B booster.',
  ],
  [
    'epiglottitis',
    '48M with a sore throat and fever, drooling, cannot swallow.',
    '9-month-old drooling and chewing his fist, no fever, feeding well.',
  ],
  [
    'acs-equivalent',
    '71F with an ache between her shoulder blades and nausea for an hour.',
    '71F, ache between her shoulder blades after gardening, reproducible on palpation, no nausea.',
  ],
  [
    'acs-equivalent-at-risk',
    '63M with type 2 diabetes, breathless on the stairs since this morning and sick to his stomach.',
    '63M with type 2 diabetes, no shortness of breath, no nausea, foot check.',
  ],
  [
    'tick-borne-rickettsial',
    '12-year-old with fever and a spotty rash on the ankles; a tick was attached after a hiking trip.',
    "12-year-old with fever and a bull's-eye rash after a tick bite on a hiking trip.",
  ],
  [
    'returned-traveller-fever',
    '40M with fever and headache, returned from Ghana last week.',
    '40M with fever and headache, has not travelled abroad.',
  ],
  [
    'kawasaki',
    '2-year-old with fever for 7 days, bloodshot eyes, cracked lips, a body rash and swollen hands and feet.',
    '2-year-old with fever for 2 days, bloodshot eyes, cracked lips, a body rash and swollen hands and feet.',
  ],
  [
    'kawasaki-incomplete',
    '4-year-old with fever for 6 days, red eyes and a rash.',
    '4-year-old with fever for 6 days, no rash, eyes not red.',
  ],
  [
    'appendicitis',
    '22F with pain that started around the belly button and moved to the lower right abdomen, nausea, no appetite, T 38.1 C.',
    '22F with pain in the lower right abdomen for a month, eating normally, no nausea, no fever.',
  ],
  [
    'intussusception',
    '11-month-old with episodes of inconsolable screaming, drawing his knees up, and vomiting.',
    '11-month-old with a runny nose, no vomiting, no screaming episodes, feeding well.',
  ],
  ['fall-from-height', '35M fell 15 feet from scaffolding onto concrete.', '35M fell 2 feet off a step onto his hand.'],
  [
    'compartment-syndrome',
    '19M with a tibial fracture in a cast since yesterday, pain much worse and toes numb.',
    '19M with a tibial fracture in a cast, comfortable, toes warm, no numbness.',
  ],
  [
    'head-injury-dangerous-fall',
    '30F fell down 8 stairs and hit her head, no loss of consciousness.',
    '30F tripped on the pavement and hit her head, no loss of consciousness.',
  ],
  [
    'ankle-sprain-weight-bearing',
    'Rolled my ankle at netball, a bit swollen, I can walk on it fine.',
    'Rolled my ankle at netball, it looks deformed and I cannot put weight on it.',
  ],
  [
    'gastroenteritis-hydrated',
    'Diarrhoea since yesterday, keeping fluids down and peeing normally.',
    'Diarrhoea since yesterday, not keeping fluids down, not peeing.',
  ],
  [
    'viral-illness-coping',
    '9-year-old with a runny nose and cough, eating and drinking and playing.',
    '9-year-old with a runny nose and cough, not eating or drinking, lying in bed.',
  ],
  [
    'tension-type-headache',
    'Headache like a tight band around my head when I am stressed at work.',
    'Sudden worst headache of my life while at work, not eased by paracetamol.',
  ],
  [
    'constipation-well',
    '5-year-old constipated for three days, eating and drinking and playing.',
    '5-year-old constipated for three days, not eating or drinking, vomiting green.',
  ],
  [
    'familiar-minor-episode',
    'Period cramps, the same as usual, eased by a hot water bottle.',
    'Period cramps, worse than ever before, not eased by anything, with fever.',
  ],
  [
    'abdominal-pain-to-back',
    '69M with belly pain going straight through to his back.',
    '69M with belly pain after a large meal, no back pain.',
  ],
  [
    'angle-closure-glaucoma',
    '60F with a painful red eye, haloes around lights and vomiting.',
    '60F with a red eye after conjunctivitis, no pain, no haloes, no vomiting.',
  ],
  [
    'carbon-monoxide',
    'Headache and nausea since the gas heater was switched on in the bedroom.',
    'No gas appliances at home; headache and nausea after a long day at work.',
  ],
  [
    'mechanical-back-pain',
    '32M lower back pain since lifting heavy boxes at work, no numbness, no fever.',
    '32M lower back pain since lifting heavy boxes at work, with fever and numbness in both legs.',
  ],
  [
    'reflux-relieved',
    '28F heartburn after big meals, antacids help.',
    '28F heartburn after big meals, antacids help, but today she is sweaty and short of breath.',
  ],
  [
    'abdominal-trauma',
    '10-year-old hit in the stomach by his bike handlebar, now abdominal pain.',
    '10-year-old fell off his bike and grazed his knee, no abdominal pain.',
  ],
  [
    'bilious-vomiting-infant',
    '3-week-old vomiting green since this morning.',
    '3-week-old bringing up milky posset after feeds, not vomiting green, feeding well.',
  ],
  [
    'posterior-circulation-stroke',
    '69F with sudden vertigo, seeing double and unable to walk.',
    '69F with vertigo when she rolls over in bed, no double vision, walking normally.',
  ],
  [
    'apnoea',
    '6-week-old with a cold and pauses in her breathing.',
    '6-week-old with a cold, breathing normally, no pauses in breathing.',
  ],
  [
    'bulging-fontanelle',
    '5-month-old, irritable, the soft spot on his head is bulging.',
    '5-month-old, irritable with teething, fontanelle soft and flat.',
  ],
  [
    'septic-arthritis-child',
    '6-year-old with fever and refusing to bear weight on her left leg.',
    '6-year-old with fever, walking and running normally.',
  ],
  [
    'haemolytic-uraemic-syndrome',
    '3-year-old after bloody diarrhoea last week, now pale and has hardly peed today.',
    '3-year-old with watery diarrhoea, no blood, peeing normally, pink cheeks.',
  ],
  [
    'nephritic-features',
    '9-year-old with cola-coloured urine and a puffy face after a sore throat.',
    '9-year-old with a puffy face from crying, urine clear, no blood in the urine.',
  ],
  [
    'cholangitis',
    '58F with fever, yellow eyes and pain in the upper right abdomen.',
    '58F with fever and pain in the upper right abdomen, eyes not yellow.',
  ],
  [
    'priapism',
    '24M with sickle cell trait and an erection that will not go down for 5 hours.',
    '24M asking about erectile dysfunction, no erection problems today.',
  ],
  [
    'sickle-cell-emergency',
    '16-year-old with sickle cell disease, chest pain and short of breath.',
    '16-year-old with sickle cell disease, mild leg ache, no chest pain, breathing normally.',
  ],
  [
    'deep-neck-infection',
    '40M with a dental abscess and swelling under the tongue, cannot open his mouth.',
    '40M with a dental abscess, no swelling under the tongue or jaw, opens his mouth fully.',
  ],
  [
    'orbital-cellulitis',
    '6-year-old with fever, a red swollen eyelid and pain on moving the eye.',
    '6-year-old with a red swollen eyelid from a bite, no fever, eye moves freely without pain.',
  ],
  [
    'giant-cell-arteritis',
    '74F with a new headache and jaw pain when chewing.',
    '34F with a new headache and jaw pain when chewing.',
  ],
  [
    'acute-heart-failure',
    '81M increasingly short of breath, cannot lie flat, sleeps in a chair.',
    '81M short of breath walking uphill, sleeps lying flat without difficulty.',
  ],
  [
    'long-lie-elderly',
    '87F found on the floor this morning after a fall overnight.',
    '37F found her keys on the floor, no fall, no injury.',
  ],
  [
    'hip-fracture-elderly',
    '82F fell in the garden, right leg shortened and externally rotated, cannot stand.',
    '82F fell in the garden, hip pain but walking normally, able to stand and bear weight.',
  ],
  [
    'postpartum-fever',
    'Gave birth 5 days ago, now a fever of 38.6 C.',
    'Gave birth 5 days ago, no fever, wants breastfeeding advice.',
  ],
  [
    'severe-withdrawal',
    'Has not had a drink for 3 days, shaking and seeing spiders on the walls.',
    'Has not had a drink for 3 days, mild tremor, not hallucinating, oriented.',
  ],
  [
    'erythema-migrans',
    'Expanding red ring on the thigh a week after a tick bite.',
    'Red itchy patch on the thigh after shaving, no tick bite, not expanding.',
  ],
  ['minor-bump', 'Bumped my shin on the bed, a small bruise.', 'Bumped my shin on the bed, it looks deformed.'],
  [
    'teething',
    '7-month-old teething, dribbling and grizzly, temp 37.4.',
    '7-month-old teething with a fever of 38.9 C.',
  ],
];

for (const [id, positive, nearMiss] of CASES) {
  test(`discriminator ${id}: fires on its findings, not on the near miss`, () => {
    assert.ok(fired(positive).includes(id), `${id} should fire on: ${positive} (fired ${fired(positive).join(', ')})`);
    assert.ok(!fired(nearMiss).includes(id), `${id} must not fire on: ${nearMiss}`);
  });
}

test('every discriminator of the table has a positive and a near-miss case', () => {
  const covered = new Set([...CASES, ...LAY_DISCRIMINATOR_CASES].map(([id]) => id));
  const missing = DISCRIMINATORS.filter((d) => d.level === 'EMERGENT' && !covered.has(d.id)).map((d) => d.id);
  assert.deepEqual(missing, []);
});

test('every fired discriminator carries evidence verbatim in the text', () => {
  const texts = [
    ...CASES.map(([, positive]) => positive),
    '81F from a care home, T 101.8 F, HR 118, RR 24, BP 88/50, more confused than usual.',
  ];
  for (const text of texts) {
    for (const d of assessTriage({ text }).discriminators) {
      assert.ok(d.evidence.length > 0, `${d.id} has evidence`);
      for (const e of d.evidence) {
        assert.equal(e.kind, 'text');
        if (e.kind === 'text') assert.equal(text.slice(e.start, e.end), e.text, `${d.id} evidence is verbatim`);
      }
    }
  }
});

test('vital signs are read in each unit: °F and °C, /min, %, mmHg, GCS, pain score', () => {
  const f = extractFindings({
    text: 'T 101.3 F, HR 124/min, RR 22 breaths/min, SpO2 93% on RA, BP 88/52 mmHg, GCS 14/15, pain 7/10.',
  });
  assert.equal(f.vitals.temperatureC?.value, 38.5);
  assert.equal(f.vitals.temperatureC?.unit, '°F');
  assert.equal(f.vitals.heartRate?.value, 124);
  assert.equal(f.vitals.respiratoryRate?.value, 22);
  assert.equal(f.vitals.spo2?.value, 93);
  assert.equal(f.vitals.systolic?.value, 88);
  assert.equal(f.vitals.diastolic?.value, 52);
  assert.equal(f.vitals.gcs?.value, 14);
  assert.equal(f.vitals.painScore?.value, 7);
  assert.equal(extractFindings({ text: 'temperature 39.2 °C' }).vitals.temperatureC?.value, 39.2);
  assert.equal(extractFindings({ text: 'temp 102 F' }).vitals.temperatureC?.value, 38.9);
  assert.equal(extractFindings({ text: 'glucose 2.4 mmol/L' }).vitals.glucoseMgDl?.value, 43);
});

test('ages written in words are read: a six-week-old with a fever is a young infant', () => {
  assert.equal(Math.round((extractFindings({ text: 'My six-week-old baby is hot.' }).ageYears ?? 0) * 52), 6);
  assert.equal(extractFindings({ text: 'Our two year old has a cough.' }).ageYears, 2);
  assert.ok(fired('My six-week-old baby has a temperature of 38.3.').includes('infant-fever'));
  assert.ok(!fired('My six-year-old has a temperature of 38.3.').includes('infant-fever'));
});

test('lay temperature readings are read and a °F temperature is not an age', () => {
  assert.equal(extractFindings({ text: 'The thermometer says 38.4.' }).vitals.temperatureC?.value, 38.4);
  const f = extractFindings({ text: 'My son has had a high temperature of 102 F since last night.' });
  assert.equal(f.vitals.temperatureC?.value, 38.9);
  assert.equal(f.ageYears, undefined);
  assert.equal(extractFindings({ text: '45M, T 101 F.' }).ageYears, 45);
  assert.equal(f.sex, undefined);
  assert.equal(extractFindings({ text: 'Diabetic, his sugars are 28.' }).vitals.glucoseMgDl?.value, 504);
});

test('a cold that is getting worse is not self-care (NICE NG79)', () => {
  assert.equal(assessTriage({ text: 'Blocked nose and sneezing for 3 days.' }).level, 'NON-URGENT');
  assert.notEqual(
    assessTriage({ text: 'Blocked nose and facial pain for 12 days, getting worse.' }).level,
    'NON-URGENT',
  );
});

test('movement pain of a limb or an eye is not peritonism', () => {
  assert.ok(!fired('Shoulder pain, it hurts to move my arm.').includes('peritonitis'));
  assert.ok(!fired('Red eye, it hurts to move the eye.').includes('peritonitis'));
  assert.ok(fired('Belly pain, it hurts to move.').includes('peritoneal-movement-pain'));
  assert.ok(!fired('Hurts to cough with a chest cold.').some((id) => id.startsWith('periton')));
});

test('fall height: a low fall is not a high-energy mechanism; ten feet or a storey is', () => {
  for (const text of ['4-year-old fell 2 feet off a step, sore wrist.', '40M fell about 4 feet off a ladder.'])
    assert.ok(!fired(text).includes('fall-from-height') && !fired(text).includes('high-energy-trauma'), text);
  for (const text of ['40M fell 12 feet off a ladder.', '6-year-old fell from a 4 m wall.', '30M, a 20-ft fall.'])
    assert.ok(fired(text).includes('fall-from-height'), text);
  assert.equal(assessTriage({ text: '40M fell about 4 feet off a ladder, wrist swollen.' }).level, 'SEMI-URGENT');
});

test('age bands: the same heart rate is normal for an infant and in the danger zone for an adult', () => {
  assert.ok(!fired('8-month-old with a cough, HR 150.').includes('danger-zone-heart-rate'));
  assert.ok(!fired('8-month-old with a cough, HR 150.').includes('abnormal-heart-rate'));
  assert.ok(fired('40-year-old with a cough, HR 150.').includes('danger-zone-heart-rate'));
  assert.equal(assessTriage({ text: '5-year-old with a cough, RR 44.' }).level, 'EMERGENT');
});

test('history of a condition is not a current presentation; negation stops a red flag', () => {
  // A history phrase ends where the sentence says what has become of the patient now.
  assert.equal(
    assessTriage({ text: '50F with a history of hepatitis B has become confused; her eyes are yellow.' }).level,
    'EMERGENT',
  );
  assert.notEqual(assessTriage({ text: 'History of migraine. Sprained ankle, can walk.' }).level, 'EMERGENT');
  assert.notEqual(
    assessTriage({ text: '45M denies chest pain and shortness of breath, ankle sprain.' }).level,
    'EMERGENT',
  );
});

test('structured chart findings: a FHIR vital fires with its reference as evidence; history alone fires nothing', () => {
  const a = assessTriage({
    text: 'Cough for three days.',
    structured: {
      ageYears: 67,
      vitals: [{ kind: 'spo2', value: 87, unit: '%', ref: 'Observation/ox-1' }],
      history: [{ text: 'Acute myocardial infarction', ref: 'Condition/mi-1' }],
    },
  });
  assert.equal(a.level, 'EMERGENT');
  const d = a.discriminators.find((x) => x.id === 'spo2-danger-alone');
  assert.deepEqual(d?.evidence, [{ kind: 'fhir', ref: 'Observation/ox-1', text: 'spo2 87 %' }]);
  const historyOnly = assessTriage({
    text: 'Here for a medication review.',
    structured: {
      history: [
        { text: 'Stroke', ref: 'Condition/1' },
        { text: 'Chest pain', ref: 'Condition/2' },
      ],
    },
  });
  assert.equal(historyOnly.level, 'NON-URGENT');
  const temp = assessTriage({
    text: 'Feels hot and shivery.',
    structured: {
      ageYears: 0.1,
      vitals: [{ kind: 'temperature', value: 100.8, unit: '[degF]', ref: 'Observation/t-1' }],
    },
  });
  assert.ok(temp.discriminators.some((x) => x.id === 'infant-fever'));
});

test('the answer names the finding that would change it', () => {
  const a = assessTriage({ text: '30M with a headache and vomiting since this morning.' });
  assert.equal(a.level, 'URGENT');
  assert.equal(a.wouldChange?.level, 'EMERGENT');
  assert.match(a.wouldChange?.finding ?? '', /neck stiffness/);
});

test('complaints of a triage complaint list (CEDIS/KTAS) name their findings', () => {
  const present = (text: string): string[] => [...extractFindings({ text }).present.keys()];
  const table: readonly (readonly [string, string])[] = [
    ['respiratory arrest', 'arrest'],
    ['decreased mentality', 'drowsy'],
    ['stupor', 'unresponsive'],
    ['symptoms of CVA', 'focal-deficit'],
    ['both leg weakness', 'focal-deficit'],
    ['sudden visual loss', 'sudden-vision-loss'],
    ['pedestrian TA', 'high-energy-mechanism'],
    ['fall from 3rd floor', 'high-energy-mechanism'],
    ['gun shot wound', 'high-energy-mechanism'],
    ['gas inhalation', 'overdose'],
    ['wrist cutting', 'suicidality'],
    ['labor pain', 'pregnancy-complication'],
    ['vaginal bleed', 'vaginal-bleeding'],
    ['chemical exposure, eye', 'eye-emergency'],
    ['alcohol withdrawal', 'withdrawal'],
    ['hypotension', 'shock-named'],
    ['bradycardia', 'arrhythmia-named'],
    ['respiratory difficulty', 'dyspnea'],
    ['interscapular pain', 'thoracic-back-pain'],
    ['numbness, Rt. side', 'focal-deficit'],
  ];
  for (const [complaint, id] of table) assert.ok(present(`Chief complaint: ${complaint}.`).includes(id), complaint);
  assert.ok(!present('Chief complaint: cool pulseless limb.').includes('arrest'));
  assert.ok(!present('Chief complaint: spontaneous bruising.').includes('minor-skin'));
});

test('a negation does not run past a comma into the next finding', () => {
  const text = '84M, nursing home, fall, no head strike, R wrist swollen and deformed.';
  assert.ok(fired(text).includes('possible-fracture'));
  assert.ok(!fired(text).includes('head-injury'));
});

test('pain at no named site is central; a limb site is peripheral; upper back pain is central unless injured', () => {
  assert.equal(assessTriage({ text: 'Vomiting. Pain 9/10.' }).level, 'EMERGENT');
  assert.equal(assessTriage({ text: 'Toe redness. Pain 9/10.' }).level, 'URGENT');
  assert.ok(fired('55M upper back pain, pain 6/10.').includes('moderate-central-pain'));
  assert.ok(fired('55M upper back pain after a fall, pain 6/10.').includes('moderate-peripheral-pain'));
});

test('an adult rule with an upper age limit applies when the age is not written; a child rule does not', () => {
  assert.ok(fired("I'm 6 weeks pregnant with pain low on the right side.").includes('ectopic-pregnancy'));
  assert.ok(!fired('Fever since this morning.').includes('infant-fever'));
});

test('CTAS/KTAS pain modifier: chronic pain sits a level lower; a pain score grades abdominal pain in the elderly', () => {
  assert.equal(assessTriage({ text: '40M, abdominal pain since this morning. Pain 9/10.' }).level, 'EMERGENT');
  assert.equal(assessTriage({ text: '40M, chronic abdominal pain for 2 years. Pain 9/10.' }).level, 'URGENT');
  assert.equal(assessTriage({ text: '35F, knee pain since yesterday. Pain 6/10.' }).level, 'SEMI-URGENT');
  assert.equal(assessTriage({ text: '35F, knee pain for 3 years, unchanged. Pain 6/10.' }).level, 'NON-URGENT');
  assert.equal(assessTriage({ text: '72F with abdominal pain.' }).level, 'URGENT');
  assert.equal(assessTriage({ text: '72F with abdominal pain. Pain: yes, NRS 3/10.' }).level, 'SEMI-URGENT');
  const row = DISCRIMINATORS.find((d) => d.id === 'moderate-central-pain');
  assert.match(row?.source ?? '', /CTAS 2016/);
});
