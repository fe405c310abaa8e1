/*
 * The geographic units Safe Harbor lets a text keep (45 CFR 164.514(b)(2)(i)(B) removes only subdivisions
 * smaller than a state): the US states, the countries of the world and the continents. A place word that
 * names one of these alone ("moved from Florida", "son in Europe") is no identifier.
 */

const STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
  illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
  missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina north_dakota ohio
  oklahoma oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas utah vermont virginia
  washington west_virginia wisconsin wyoming puerto_rico`;
const CONTINENTS = `africa antarctica asia australia europe oceania north_america south_america central_america
  latin_america middle_east caribbean scandinavia`;

function countries(): string[] {
  // Country names from the runtime's own CLDR data (Intl.DisplayNames), for every two-letter region code.
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const out: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name !== undefined && name !== code && code !== 'ZZ' && /^[A-Za-z ]+$/.test(name))
        out.push(name.toLowerCase());
    }
  return out;
}

/** States, countries and continents, lower case, words joined by one space. */
export const REGIONS: ReadonlySet<string> = new Set([
  ...`${STATES} ${CONTINENTS}`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/_/g, ' ')),
  ...countries(),
]);
