import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createDeidentifier } from '../../server/deid/index.ts';

const deid = createDeidentifier({ secret: 'text-test-secret-0123456789abcdef01' });
const scrub = (text: string): string => deid.deidentifyText(text).text;

test('names after titles, relations and in signatures become [NAME]', () => {
  assert.equal(
    scrub('Seen by Dr. Alice Thornton with daughter Maria Lopez.'),
    'Seen by Dr. [NAME] [NAME] with daughter [NAME] [NAME].',
  );
  assert.equal(
    scrub('dr healey in to talk w/pt; husband milovan aware.'),
    'dr [NAME] in to talk w/pt; husband [NAME] aware.',
  );
  assert.equal(scrub('Quiet night.\nDan A. Forman-Lyons, RRT'), 'Quiet night.\n[NAME] [NAME] [NAME], RRT');
});

test('a name found once is masked everywhere in the note', () => {
  assert.equal(
    scrub('Mr. Nicholson slept. Later nicholson asked for water.'),
    'Mr. [NAME] slept. Later [NAME] asked for water.',
  );
});

test('names the record knows are masked wherever they appear, whatever their shape', () => {
  const result = deid.deidentifyText('Sumiko told the nurse Sumiko254 lives at 127 crona crossing, ph 5552881632.', {
    knownIdentifiers: { names: ['Sumiko254', 'Larue605'], places: ['127 Crona Crossing'], telecoms: ['555-288-1632'] },
  });
  assert.equal(result.text, '[NAME] told the nurse [NAME] lives at [LOCATION], ph [PHONE].');
});

test('dates in numeric, written, partial, ISO and holiday forms become [DATE]; a lone year stays', () => {
  assert.equal(
    scrub(
      'Admitted 3/14/2021, discharged March 18, 2021; f/u 3/22 and on the 11th; drawn 2021-03-14T10:00:00Z; fell Christmas 2019; MI 1992.',
    ),
    'Admitted [DATE], discharged [DATE]; f/u [DATE] and on the [DATE]; drawn [DATE]; fell [DATE]; MI 1992.',
  );
  assert.equal(scrub('Seen 14 Feb 2020 and 02.03.2019; nov. 2016.'), 'Seen [DATE] and [DATE]; [DATE].');
});

test('ages over 89 are masked, younger ages stay', () => {
  assert.equal(
    scrub('A 92 year old man, an 85 yo woman, aged 95, 91F, 67 y/o.'),
    'A [AGE 90+] year old man, an 85 yo woman, aged [AGE 90+], [AGE 90+]F, 67 y/o.',
  );
});

test('phone, fax, pager, email, URL and IP addresses are masked', () => {
  assert.equal(
    scrub(
      'Call (617) 555-0142 or fax: 617-555-0199, pager #54321, jdoe@example.org, https://portal.example.com/x, 10.0.0.12, 2001:db8::1, +44 20 7946 0958.',
    ),
    'Call [PHONE] or fax: [FAX], pager #[PHONE], [EMAIL], [URL], [IP], [IP], [PHONE].',
  );
});

test('SSN, record, plan, account, licence, vehicle and device numbers are masked, labelled or not', () => {
  assert.equal(
    scrub(
      'SSN 123-45-6789, MRN: 00123456, acct # 998877665, member ID XJH334455, license # D1234567, VIN 1HGCM82633A004352, serial no. SN-77812345.',
    ),
    'SSN [SSN], MRN: [MRN], acct # [ACCOUNT], member ID [PLAN_ID], license # [LICENSE], VIN [VEHICLE_ID], serial no. [DEVICE_ID].',
  );
  assert.equal(scrub('Old chart 4471230 and 555-22-1234.'), 'Old chart [ID] and [SSN].');
});

test('street addresses, cities, ZIPs, hospitals and employers are masked', () => {
  assert.equal(
    scrub('Lives at 12 Elm St, Apt 4, Boston, MA 02118; transferred to Calvert Hospital then St. Agnes.'),
    'Lives at [ADDRESS], [LOCATION] [ZIP]; transferred to [ORGANIZATION] Hospital then [ORGANIZATION].',
  );
  assert.equal(
    scrub('HUSBAND CEO OF IBM. Sister lives in Catonsville.'),
    'HUSBAND CEO OF [ORGANIZATION]. Sister lives in [LOCATION].',
  );
});

test('eponyms, doses, lab values and vital signs keep their clinical meaning', () => {
  const text =
    "Parkinson disease, Crohn's, Down syndrome, Glasgow Coma Scale 15, Apgar 9, Foley catheter, metoprolol 25 mg PO BID, K 4.1, BP 120/80, HR 72, PSV 10/5, 1/2 NS.";
  assert.equal(scrub(text), text);
});

test('the reversible map numbers placeholders, restores originals, and cannot be logged or serialised', () => {
  const result = deid.deidentifyText('Dr. Healey called Mrs. Lopez; Healey will call back.', { reversible: true });
  assert.equal(result.text, 'Dr. [NAME-1] called Mrs. [NAME-2]; [NAME-1] will call back.');
  assert.equal(result.map?.reidentify('Ask [NAME-1] about [NAME-2].'), 'Ask Healey about Lopez.');
  assert.equal(JSON.stringify({ map: result.map }), '{"map":{"redacted":true,"size":2}}');
  assert.equal(inspect(result.map), 'ReidentificationMap(2 entries)');
});

test('surrogates are realistic and consistent within a document', () => {
  const surrogate = createDeidentifier({ secret: 'text-test-secret-0123456789abcdef01', replacement: 'surrogate' });
  const out = surrogate.deidentifyText('Dr. Healey saw her. Healey called 617-555-0142.', { patientId: 'p1' }).text;
  const names = out.match(/Dr\. (\w+) saw her\. (\w+) called/);
  assert.ok(names !== null);
  assert.equal(names[1], names[2]);
  assert.notEqual(names[1], 'Healey');
  assert.match(out, /called 555-01\d\d\.$/);
});

test('counts per category are reported without values', () => {
  assert.deepEqual(deid.deidentifyText('Dr. Healey saw him 3/4/2021, call 617-555-0142.').counts, {
    NAME: 1,
    DATE: 1,
    PHONE: 1,
  });
});

test('a surrogate stays the same for a patient across notes and differs for another patient', () => {
  const surrogate = createDeidentifier({ secret: 'text-test-secret-0123456789abcdef01', replacement: 'surrogate' });
  const nameIn = (text: string, patientId: string): string =>
    /Dr\. (\w+) saw her/.exec(surrogate.deidentifyText(text, { patientId }).text)?.[1] ?? '';
  const first = nameIn('Dr. Healey saw her today.', 'p1');
  assert.equal(nameIn('Overnight: Dr. Healey saw her again.', 'p1'), first);
  assert.notEqual(first, 'Healey');
  const others = ['p2', 'p3', 'p4'].map((p) => nameIn('Dr. Healey saw her today.', p));
  assert.ok(
    others.some((n) => n !== first),
    'another patient gets another surrogate',
  );
});

test('surrogate dates: moved by the patient offset in shift mode, the year alone under Safe Harbor', () => {
  const shift = createDeidentifier({
    secret: 'text-test-secret-0123456789abcdef01',
    replacement: 'surrogate',
    dateMode: 'shift',
  });
  const a = shift.deidentifyText('Admitted 3/4/2021, extubated 3/6/2021.', { patientId: 'p1' }).text;
  const days = [...a.matchAll(/(\d+)\/(\d+)\/(\d{4})/g)].map((m) =>
    Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])),
  );
  assert.equal(days.length, 2, a);
  assert.equal(((days[1] ?? 0) - (days[0] ?? 0)) / 86_400_000, 2, 'the interval survives');
  assert.ok(!a.includes('3/4/2021'));
  const harbor = createDeidentifier({ secret: 'text-test-secret-0123456789abcdef01', replacement: 'surrogate' });
  assert.equal(
    harbor.deidentifyText('Admitted 3/4/2021, seen again 3/6.', { patientId: 'p1' }).text,
    'Admitted 2021, seen again [DATE].',
  );
});

test('surrogates depend on the secret, not on the patient id alone, and never repeat the original', () => {
  const engines = ['a', 'b', 'c', 'd'].map((c) =>
    createDeidentifier({ secret: `${c}-surrogate-secret-0123456789abcdef0123`, replacement: 'surrogate' }),
  );
  // "Johnson" is in the surrogate pool itself (the census's frequent surnames): over 2,000 patients some
  // would draw it back without the guard.
  const nameWith = (engine: (typeof engines)[number], patientId: string): string =>
    /Dr\. (\w+) saw/.exec(engine.deidentifyText('Dr. Johnson saw her.', { patientId }).text)?.[1] ?? '';
  assert.ok(new Set(engines.map((e) => nameWith(e, 'p1'))).size > 1, 'the same surrogate under every secret');
  const first = engines[0];
  assert.ok(first !== undefined);
  for (let i = 0; i < 2000; i++) assert.notEqual(nameWith(first, `p${i}`), 'Johnson');
});
