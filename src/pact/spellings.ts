/**
 * How the sources spell countries, by ISO 3166-1 alpha-2 code: the one table the resolver reads
 * (source spelling → code) and the pact-hf export writes (code → source spelling), so every name
 * we write resolves back to the same country.
 */

/** NormAd-ETI's 75 country slugs (reference/sources.md), by ISO code: its published spelling. */
export const NORMAD_SLUGS: Readonly<Record<string, string>> = {
  AF: 'afghanistan', AR: 'argentina', AU: 'australia', AT: 'austria', BD: 'bangladesh', BA: 'bosnia_and_herzegovina',
  BR: 'brazil', KH: 'cambodia', CA: 'canada', CL: 'chile', CN: 'china', CO: 'colombia', HR: 'croatia', CY: 'cyprus',
  EG: 'egypt', ET: 'ethiopia', FJ: 'fiji', FR: 'france', DE: 'germany', GR: 'greece', HK: 'hong_kong', HU: 'hungary',
  IN: 'india', ID: 'indonesia', IR: 'iran', IQ: 'iraq', IE: 'ireland', IL: 'israel', IT: 'italy', JP: 'japan',
  KE: 'kenya', LA: 'laos', LB: 'lebanon', MY: 'malaysia', MT: 'malta', MU: 'mauritius', MX: 'mexico', MM: 'myanmar',
  NP: 'nepal', NL: 'netherlands', NZ: 'new_zealand', MK: 'north_macedonia', PK: 'pakistan', PS: 'palestinian_territories',
  PG: 'papua_new_guinea', PE: 'peru', PH: 'philippines', PL: 'poland', PT: 'portugal', RO: 'romania', RU: 'russia',
  WS: 'samoa', SA: 'saudi_arabia', RS: 'serbia', SG: 'singapore', SO: 'somalia', ZA: 'south_africa', KR: 'south_korea',
  SS: 'south_sudan', ES: 'spain', LK: 'sri_lanka', SD: 'sudan', SE: 'sweden', SY: 'syria', TW: 'taiwan', TH: 'thailand',
  TL: 'timor-leste', TO: 'tonga', TR: 'türkiye', UA: 'ukraine', GB: 'united_kingdom', US: 'united_states_of_america',
  VE: 'venezuela', VN: 'vietnam', ZW: 'zimbabwe',
};

/**
 * CultureAtlas' UN-style names (the UN's country names with a parenthesised qualifier moved to
 * the front: "Iran (Islamic Republic of)" → "Islamic Republic of Iran"), for the countries whose
 * UN name differs from world-countries' common name; every other country is spelled by its
 * common name, which is also the UN's. The Republic of the Congo, "Congo" at the UN, is written
 * in full because a bare "Congo" is ambiguous.
 */
export const UN_STYLE_NAMES: Readonly<Record<string, string>> = {
  BO: 'Plurinational State of Bolivia',
  BN: 'Brunei Darussalam',
  CV: 'Cabo Verde',
  CD: 'Democratic Republic of the Congo',
  CG: 'Republic of the Congo',
  CI: "Côte d'Ivoire",
  FM: 'Federated States of Micronesia',
  GB: 'United Kingdom of Great Britain and Northern Ireland',
  IR: 'Islamic Republic of Iran',
  KP: "Democratic People's Republic of Korea",
  KR: 'Republic of Korea',
  LA: "Lao People's Democratic Republic",
  MD: 'Republic of Moldova',
  PS: 'State of Palestine',
  RU: 'Russian Federation',
  SY: 'Syrian Arab Republic',
  TZ: 'United Republic of Tanzania',
  US: 'United States of America',
  VA: 'Holy See',
  VE: 'Bolivarian Republic of Venezuela',
  VN: 'Viet Nam',
};
