// Reference lists for the CRM sample: names per locale (most common first, since the generator
// draws Zipf-like and namesakes are what make entity resolution hard), nicknames, cities with the
// Zendesk time zone a user there would pick, phone numbering plans and company name parts.

const ANGLO_FIRST = [
  'James', 'Michael', 'Robert', 'John', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Christopher',
  'Mary', 'Jennifer', 'Patricia', 'Linda', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Emily',
  'Daniel', 'Matthew', 'Anthony', 'Andrew', 'Steven', 'Kenneth', 'Timothy', 'Jonathan', 'Nicholas', 'Benjamin',
  'Katherine', 'Margaret', 'Rebecca', 'Samantha', 'Stephanie', 'Victoria', 'Alexandra', 'Abigail', 'Deborah', 'Catherine',
  'Ryan', 'Kevin', 'Brian', 'Jason', 'Eric', 'Adam', 'Mark', 'Paul', 'Scott', 'Sean',
  'Emma', 'Olivia', 'Sophia', 'Grace', 'Chloe', 'Hannah', 'Laura', 'Rachel', 'Megan', 'Lucy',
  'Edward', 'Charles', 'Gregory', 'Jacob', 'Lawrence', 'Ronald', 'Peter', 'Frederick', 'Zachary', 'Nathaniel',
];
const ANGLO_LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson',
  'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
  'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
  'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker',
  'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson',
  'Bailey', 'Reed', 'Kelly', 'Howard', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Wood',
  'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', 'Fitzgerald',
  "O'Brien", 'MacDonald', 'Nguyen', 'Patel', 'Singh', 'Chen', 'Kowalski', 'Garcia', 'Rodriguez', 'Lopez',
];
const CZ_FIRST = ['Jan', 'Petr', 'Jiří', 'Tomáš', 'Martin', 'Pavel', 'Jakub', 'Lukáš', 'Ondřej', 'Michal', 'Tereza', 'Kateřina', 'Lucie', 'Veronika', 'Eva', 'Hana', 'Jana', 'Lenka', 'Markéta', 'Petra'];
const CZ_LAST = ['Novák', 'Svoboda', 'Novotný', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák', 'Němec', 'Pokorný', 'Marek', 'Pospíšil', 'Hájek', 'Jelínek', 'Král', 'Růžička', 'Beneš', 'Fiala', 'Sedláček', 'Doležal', 'Zeman', 'Kolář', 'Navrátil', 'Čermák'];
const DE_FIRST = ['Thomas', 'Stefan', 'Andreas', 'Michael', 'Jürgen', 'Klaus', 'Wolfgang', 'Matthias', 'Katharina', 'Anna', 'Sabine', 'Julia', 'Lena', 'Johannes', 'Maximilian', 'Franziska', 'Alexander', 'Monika', 'Uwe', 'Birgit'];
const DE_LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange'];
const FR_FIRST = ['Jean', 'Pierre', 'Nicolas', 'Julien', 'Camille', 'Marie', 'Sophie', 'Élodie', 'François', 'Stéphane', 'Hélène', 'Guillaume', 'Céline', 'Mathieu', 'Aurélie'];
const FR_LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Fournier', 'Girard', 'Lambert'];
const NL_FIRST = ['Jan', 'Pieter', 'Sander', 'Bram', 'Sanne', 'Lotte', 'Femke', 'Daan', 'Willem', 'Johannes', 'Anouk', 'Thijs', 'Maarten', 'Eline'];
const NL_LAST = ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'];

export const NICKNAMES = {
  Robert: ['Bob', 'Rob', 'Bobby'], William: ['Bill', 'Will'], Elizabeth: ['Liz', 'Beth'], Katherine: ['Kate', 'Katie'],
  Michael: ['Mike'], James: ['Jim', 'Jimmy'], Jennifer: ['Jen', 'Jenny'], Margaret: ['Maggie', 'Peggy'], Richard: ['Rick', 'Rich'],
  Thomas: ['Tom', 'Tommy'], Christopher: ['Chris'], Daniel: ['Dan', 'Danny'], Joseph: ['Joe'], Anthony: ['Tony'],
  Patricia: ['Pat', 'Trish'], Susan: ['Sue'], Jonathan: ['Jon'], Alexander: ['Alex'], Samantha: ['Sam'], Matthew: ['Matt'],
  Andrew: ['Andy', 'Drew'], Nicholas: ['Nick'], Steven: ['Steve'], Timothy: ['Tim'], Rebecca: ['Becky'], Edward: ['Ed', 'Ted'],
  Charles: ['Charlie', 'Chuck'], Benjamin: ['Ben'], Victoria: ['Vicky'], Jessica: ['Jess'], Abigail: ['Abby'], Deborah: ['Deb', 'Debbie'],
  Gregory: ['Greg'], Jacob: ['Jake'], Lawrence: ['Larry'], Ronald: ['Ron'], Kenneth: ['Ken'], Peter: ['Pete'], Frederick: ['Fred'],
  Stephanie: ['Steph'], Alexandra: ['Alex', 'Sasha'], Catherine: ['Cathy'], Nathaniel: ['Nate'], Zachary: ['Zach'], David: ['Dave'],
  John: ['Johnny', 'Jack'], Jakub: ['Kuba'], Jiří: ['Jirka'], Tomáš: ['Tom'], Kateřina: ['Katka'], Veronika: ['Verča'],
  Johannes: ['Hannes', 'Hans'], Maximilian: ['Max'], Franziska: ['Franzi'], Willem: ['Wim'], Pieter: ['Piet'], Matthias: ['Matze'],
};

// Phone plans: the digits after the country code (nsn), the trunk prefix written nationally, and how
// people group the digits. `national` overrides the grouping where a country has its own convention.
const NANP = {
  cc: '1', trunk: '', mobileShare: 0.4,
  phone: { length: 10, land: ['212', '617', '312', '512', '303', '206', '415', '404', '305', '213'], mobile: ['646', '917', '628', '737'] },
  groups: (n) => [n.slice(0, 3), n.slice(3, 6), n.slice(6)],
  national: ([a, b, c]) => `(${a}) ${b}-${c}`,
};

export const COUNTRIES = {
  US: {
    ...NANP, tld: '.com', names: ['United States', 'USA', 'US', 'United States of America', 'U.S.', 'united states'],
    first: ANGLO_FIRST, last: ANGLO_LAST, freemail: ['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com'],
    cities: [['New York', 'Eastern Time (US & Canada)', ['NYC', 'New York City']], ['Boston', 'Eastern Time (US & Canada)'], ['Chicago', 'Central Time (US & Canada)'],
      ['Austin', 'Central Time (US & Canada)'], ['Denver', 'Mountain Time (US & Canada)'], ['Seattle', 'Pacific Time (US & Canada)'],
      ['San Francisco', 'Pacific Time (US & Canada)', ['SF', 'San Fransisco']], ['Atlanta', 'Eastern Time (US & Canada)'], ['Miami', 'Eastern Time (US & Canada)'],
      ['Los Angeles', 'Pacific Time (US & Canada)', ['LA']]],
  },
  CA: {
    ...NANP, phone: { length: 10, land: ['416', '604', '514', '613'], mobile: ['647', '778'] }, tld: '.ca', names: ['Canada', 'CA', 'canada'],
    first: ANGLO_FIRST, last: ANGLO_LAST, freemail: ['gmail.com', 'outlook.com', 'yahoo.ca'],
    cities: [['Toronto', 'Eastern Time (US & Canada)'], ['Vancouver', 'Pacific Time (US & Canada)'], ['Montreal', 'Eastern Time (US & Canada)', ['Montréal']], ['Ottawa', 'Eastern Time (US & Canada)']],
  },
  GB: {
    cc: '44', trunk: '0', mobileShare: 0.45, tld: '.co.uk', names: ['United Kingdom', 'UK', 'GB', 'Great Britain', 'England'],
    phone: { length: 10, land: ['20', '161', '131', '117'], mobile: ['77', '78', '79'] },
    groups: (n) => (n.startsWith('20') ? [n.slice(0, 2), n.slice(2, 6), n.slice(6)] : [n.slice(0, 4), n.slice(4)]),
    first: ANGLO_FIRST, last: ANGLO_LAST, freemail: ['gmail.com', 'hotmail.co.uk', 'btinternet.com', 'outlook.com'],
    cities: [['London', 'London'], ['Manchester', 'London'], ['Edinburgh', 'Edinburgh'], ['Bristol', 'London'], ['Leeds', 'London']],
  },
  DE: {
    cc: '49', trunk: '0', mobileShare: 0.35, tld: '.de', names: ['Germany', 'DE', 'Deutschland', 'germany'],
    phone: { length: 10, land: ['30', '89', '40', '221'], mobile: ['151', '160', '170', '176'] },
    groups: (n) => (n.startsWith('1') ? [n.slice(0, 3), n.slice(3)] : n.startsWith('221') ? [n.slice(0, 3), n.slice(3)] : [n.slice(0, 2), n.slice(2, 6), n.slice(6)]),
    first: DE_FIRST, last: DE_LAST, freemail: ['gmx.de', 'web.de', 'gmail.com', 't-online.de'],
    cities: [['Berlin', 'Berlin'], ['Munich', 'Berlin', ['München']], ['Hamburg', 'Berlin'], ['Cologne', 'Berlin', ['Köln']], ['Frankfurt', 'Berlin', ['Frankfurt am Main']]],
  },
  CZ: {
    cc: '420', trunk: '', mobileShare: 0.55, tld: '.cz', names: ['Czech Republic', 'Czechia', 'CZ', 'Česká republika', 'czech republic'],
    phone: { length: 9, land: ['2', '5'], mobile: ['60', '72', '73', '77'] },
    groups: (n) => [n.slice(0, 3), n.slice(3, 6), n.slice(6)],
    first: CZ_FIRST, last: CZ_LAST, freemail: ['seznam.cz', 'seznam.cz', 'gmail.com', 'email.cz', 'centrum.cz'],
    cities: [['Prague', 'Prague', ['Praha', 'Praha 5']], ['Brno', 'Prague'], ['Ostrava', 'Prague'], ['Plzeň', 'Prague', ['Plzen', 'Pilsen']]],
  },
  AU: {
    cc: '61', trunk: '0', mobileShare: 0.5, tld: '.com.au', names: ['Australia', 'AU', 'australia'],
    phone: { length: 9, land: ['2', '3', '7'], mobile: ['4'] },
    groups: (n) => (n.startsWith('4') ? [n.slice(0, 3), n.slice(3, 6), n.slice(6)] : [n.slice(0, 1), n.slice(1, 5), n.slice(5)]),
    first: ANGLO_FIRST, last: ANGLO_LAST, freemail: ['gmail.com', 'bigpond.com', 'outlook.com'],
    cities: [['Sydney', 'Sydney'], ['Melbourne', 'Melbourne'], ['Brisbane', 'Brisbane']],
  },
  FR: {
    cc: '33', trunk: '0', mobileShare: 0.4, tld: '.fr', names: ['France', 'FR', 'france'],
    phone: { length: 9, land: ['1', '4'], mobile: ['6', '7'] },
    groups: (n) => [n.slice(0, 1), n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7)],
    first: FR_FIRST, last: FR_LAST, freemail: ['orange.fr', 'gmail.com', 'free.fr', 'laposte.net'],
    cities: [['Paris', 'Paris'], ['Lyon', 'Paris'], ['Marseille', 'Paris'], ['Toulouse', 'Paris']],
  },
  NL: {
    cc: '31', trunk: '0', mobileShare: 0.5, tld: '.nl', names: ['Netherlands', 'NL', 'The Netherlands', 'Holland'],
    phone: { length: 9, land: ['20', '10', '30'], mobile: ['6'] },
    groups: (n) => (n.startsWith('6') ? [n.slice(0, 1), n.slice(1)] : [n.slice(0, 2), n.slice(2, 5), n.slice(5)]),
    first: NL_FIRST, last: NL_LAST, freemail: ['gmail.com', 'ziggo.nl', 'hotmail.nl', 'kpnmail.nl'],
    cities: [['Amsterdam', 'Amsterdam'], ['Rotterdam', 'Amsterdam'], ['Utrecht', 'Amsterdam']],
  },
};

export const COUNTRY_WEIGHTS = [['US', 36], ['GB', 14], ['DE', 12], ['CZ', 13], ['CA', 6], ['AU', 6], ['FR', 6], ['NL', 7]];

export const LEGAL_SUFFIXES = {
  US: ['Inc.', 'LLC', 'Corp.', 'Inc.'], CA: ['Inc.', 'Ltd.'], GB: ['Ltd', 'PLC', 'Ltd'], DE: ['GmbH', 'AG', 'GmbH'],
  CZ: ['s.r.o.', 'a.s.', 's.r.o.'], AU: ['Pty Ltd'], FR: ['SA', 'SAS'], NL: ['B.V.', 'N.V.'],
};
export const STEMS = [
  ['North', 'Blue', 'Silver', 'Bright', 'Red', 'Green', 'Iron', 'Stone', 'River', 'Summit', 'Apex', 'Pine', 'Oak', 'Cedar', 'Harbor',
    'Falcon', 'Eagle', 'Nova', 'Vertex', 'Quantum', 'Atlas', 'Orion', 'Polar', 'Sun', 'Star', 'Crystal', 'Golden', 'Swift', 'Prime', 'Metro'],
  ['wind', 'field', 'bridge', 'point', 'gate', 'works', 'line', 'path', 'wave', 'core', 'forge', 'peak', 'light', 'stream', 'dale', 'ridge', 'vale', 'port', 'mark', 'way'],
];
export const DESCRIPTORS = ['Traders', 'Logistics', 'Systems', 'Foods', 'Analytics', 'Health', 'Energy', 'Labs', 'Media', 'Retail',
  'Software', 'Manufacturing', 'Consulting', 'Pharma', 'Motors', 'Capital', 'Solutions', 'Networks', 'Studios', 'Brewing'];

export const KEYBOARD = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn', k: 'jiolm',
  l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji', v: 'cfgb', w: 'qase',
  x: 'zsdc', y: 'tghu', z: 'asx',
};
