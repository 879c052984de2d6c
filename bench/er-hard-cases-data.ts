// Reference data for the hard-case CRM generator (er-hard-cases.ts): given names and surnames with
// their approximate frequency in each country's population (per cent of people of that sex, from
// national statistics offices' published top lists: US Census 2010 surnames and SSA given names of
// adults, ONS, ČSÚ, Destatis-derived lists, CBS Meertens, INE, INSEE), real diminutives, legal
// forms, free-mail domains, role mailboxes, cities and phone numbering plans. A name not listed is
// drawn from a generated long tail, as most people's names are individually rare.
//
// Written for the generator only and kept apart from the matcher's own tables (nicknames.ts,
// normalize-email.ts): the generator must not know what the matcher knows.

export type LocaleId = 'us' | 'gb' | 'cz' | 'de' | 'nl' | 'es' | 'fr';

export type LocaleData = {
  id: LocaleId;
  /** Share of the population in the generated CRM. */
  share: number;
  /** How sources write the country. */
  countryNames: string[];
  callingCode: string;
  male: string;
  female: string;
  surnames: string;
  /** Long tail: root + optional middle + ending (Czech endings are the male form). */
  tail: { roots: string[]; middles: string[]; endings: string[] };
  legalForms: string[];
  freemail: string[];
  roleBoxes: string[];
  cities: string[];
  timeZone: string;
  tld: string;
  /** Diminutives people go by, formal → informal. */
  nicknames: Record<string, string[]>;
};

// "Name:weight" lists; weight = per cent of people of that sex (surnames: of everyone).
export const LOCALES: LocaleData[] = [
  {
    id: 'us', share: 0.3, countryNames: ['United States', 'USA', 'US', 'united states', 'U.S.'], callingCode: '1',
    male:
      'James:3.3 John:3.2 Robert:3.1 Michael:2.6 William:2.4 David:2.4 Richard:1.5 Joseph:1.3 Thomas:1.1 Charles:1.1 Christopher:1.0 Daniel:1.0 ' +
      'Matthew:0.9 Anthony:0.8 Mark:0.8 Donald:0.7 Steven:0.7 Paul:0.7 Andrew:0.6 Joshua:0.6 Kenneth:0.6 Kevin:0.6 Brian:0.6 George:0.6 ' +
      'Timothy:0.5 Ronald:0.5 Edward:0.5 Jason:0.5 Jeffrey:0.5 Ryan:0.4 Jacob:0.4 Gary:0.4 Nicholas:0.4 Eric:0.4 Jonathan:0.4 Stephen:0.4 ' +
      'Larry:0.3 Justin:0.3 Scott:0.3 Brandon:0.3 Benjamin:0.3 Samuel:0.3 Gregory:0.3 Alexander:0.3 Frank:0.3 Patrick:0.3 Raymond:0.3 ' +
      'Jack:0.3 Dennis:0.3 Jerry:0.3 Tyler:0.2 Aaron:0.2 Jose:0.2 Adam:0.2 Nathan:0.2 Henry:0.2 Douglas:0.2 Zachary:0.2 Peter:0.2 Kyle:0.2 ' +
      'Walter:0.2 Ethan:0.2 Jeremy:0.2 Harold:0.2 Keith:0.2 Christian:0.2 Roger:0.2 Noah:0.2 Gerald:0.2 Carl:0.2 Terry:0.2 Sean:0.2 Austin:0.1',
    female:
      'Mary:2.6 Patricia:1.1 Jennifer:1.0 Linda:1.0 Elizabeth:0.9 Barbara:0.9 Susan:0.8 Jessica:0.8 Sarah:0.7 Karen:0.7 Lisa:0.6 Nancy:0.6 ' +
      'Betty:0.6 Margaret:0.6 Sandra:0.6 Ashley:0.5 Kimberly:0.5 Emily:0.5 Donna:0.5 Michelle:0.5 Carol:0.5 Amanda:0.5 Dorothy:0.4 ' +
      'Melissa:0.4 Deborah:0.4 Stephanie:0.4 Rebecca:0.4 Sharon:0.4 Laura:0.4 Cynthia:0.4 Kathleen:0.3 Amy:0.3 Angela:0.3 Shirley:0.3 ' +
      'Anna:0.3 Brenda:0.3 Pamela:0.3 Emma:0.3 Nicole:0.3 Helen:0.3 Samantha:0.3 Katherine:0.3 Christine:0.3 Debra:0.3 Rachel:0.3 ' +
      'Carolyn:0.3 Janet:0.3 Catherine:0.3 Maria:0.3 Heather:0.3 Diane:0.2 Ruth:0.2 Julie:0.2 Olivia:0.2 Joyce:0.2 Virginia:0.2 ' +
      'Victoria:0.2 Kelly:0.2 Lauren:0.2 Christina:0.2 Joan:0.2 Evelyn:0.2 Judith:0.2 Megan:0.2 Andrea:0.2 Cheryl:0.2 Hannah:0.2',
    surnames:
      'Smith:0.83 Johnson:0.66 Williams:0.55 Brown:0.49 Jones:0.48 Garcia:0.38 Miller:0.37 Davis:0.36 Rodriguez:0.35 Martinez:0.34 ' +
      'Hernandez:0.33 Lopez:0.29 Gonzalez:0.28 Wilson:0.26 Anderson:0.26 Thomas:0.25 Taylor:0.24 Moore:0.23 Jackson:0.23 Martin:0.23 ' +
      'Lee:0.22 Perez:0.21 Thompson:0.21 White:0.21 Harris:0.19 Sanchez:0.19 Clark:0.17 Ramirez:0.17 Lewis:0.16 Robinson:0.16 ' +
      'Walker:0.16 Young:0.15 Allen:0.15 King:0.15 Wright:0.15 Scott:0.14 Torres:0.14 Nguyen:0.14 Hill:0.14 Flores:0.14 Green:0.14 ' +
      'Adams:0.14 Nelson:0.13 Baker:0.13 Hall:0.13 Rivera:0.13 Campbell:0.12 Mitchell:0.12 Carter:0.12 Roberts:0.12 Gomez:0.11 ' +
      'Phillips:0.11 Evans:0.11 Turner:0.11 Diaz:0.11 Parker:0.11 Cruz:0.11 Edwards:0.11 Collins:0.11 Reyes:0.11 Stewart:0.1 ' +
      'Morris:0.1 Morales:0.1 Murphy:0.1 Cook:0.1 Rogers:0.1 Gutierrez:0.1 Ortiz:0.1 Morgan:0.1 Cooper:0.1 Peterson:0.1 Bailey:0.1 ' +
      'Reed:0.1 Kelly:0.1 Howard:0.1 Ramos:0.1 Kim:0.1 Cox:0.1 Ward:0.1 Richardson:0.1 Watson:0.1 Brooks:0.1 Chavez:0.1 Wood:0.1 ' +
      'James:0.1 Bennett:0.1 Gray:0.1 Mendoza:0.1 Ruiz:0.1 Hughes:0.1 Price:0.1 Alvarez:0.1 Castillo:0.1 Sanders:0.1 Patel:0.1 ' +
      'Myers:0.09 Long:0.09 Ross:0.09 Foster:0.09 Jimenez:0.09 De La Cruz:0.03 Van Buren:0.01 McDonald:0.05 O\'Brien:0.05',
    tail: {
      roots: ['Ash', 'Brad', 'Bur', 'Cal', 'Craw', 'Dun', 'Elling', 'Fair', 'Gar', 'Hal', 'Hart', 'Hol', 'Kend', 'Lang', 'Mar', 'Mid', 'Nor', 'Pem', 'Ral', 'Ruther', 'Shel', 'Stan', 'Thorn', 'Wal', 'Wes', 'Whit', 'Win', 'Yar', 'Brigh', 'Chester', 'Dal', 'Fen', 'Glad', 'Hask', 'Kings', 'Lock', 'Mans', 'Ox', 'Pres', 'Rad'],
      middles: ['', 'ing', 'er', 'ter', 'el', 'en', 'ow', 'and', 'ers', 'ley', 'by', 'ham', 'ard', 'ick', 'ell'],
      endings: ['ton', 'ley', 'son', 'man', 'ford', 'well', 'wood', 'field', 'by', 'ham', 'stead', 'worth', 'more', 'ridge', 'brook', 'dale', 'er', 'ett', 'ington', 'ings', 'hurst', 'combe', 'den', 'grove', 'shaw'],
    },
    legalForms: ['Inc.', 'Inc', 'LLC', 'Corp.', 'Corporation', 'Co.'],
    freemail: ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'icloud.com', 'comcast.net'],
    roleBoxes: ['info', 'sales', 'office', 'hello', 'support', 'billing', 'contact', 'admin', 'accounts', 'team', 'orders', 'hr'],
    cities: ['New York', 'Los Angeles', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia', 'San Antonio', 'San Diego', 'Dallas', 'Austin', 'Boston', 'Seattle', 'Denver', 'Atlanta', 'Miami', 'Portland', 'Nashville', 'Columbus', 'Charlotte', 'Detroit', 'Minneapolis', 'Raleigh', 'Tampa', 'Pittsburgh', 'Cleveland', 'Sacramento', 'Kansas City', 'Salt Lake City', 'Baltimore', 'Milwaukee'],
    timeZone: 'Eastern Time (US & Canada)', tld: 'com',
    nicknames: {
      James: ['Jim', 'Jimmy', 'Jamie'], John: ['Johnny', 'Jack'], Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'], Michael: ['Mike', 'Mick'], William: ['Bill', 'Will', 'Billy', 'Liam'],
      David: ['Dave'], Richard: ['Rick', 'Rich', 'Dick', 'Richie'], Joseph: ['Joe', 'Joey'], Thomas: ['Tom', 'Tommy'], Charles: ['Charlie', 'Chuck'], Christopher: ['Chris'],
      Daniel: ['Dan', 'Danny'], Matthew: ['Matt'], Anthony: ['Tony'], Donald: ['Don'], Steven: ['Steve'], Andrew: ['Andy', 'Drew'], Joshua: ['Josh'], Kenneth: ['Ken', 'Kenny'],
      Timothy: ['Tim'], Ronald: ['Ron', 'Ronnie'], Edward: ['Ed', 'Eddie', 'Ted', 'Ned'], Jeffrey: ['Jeff'], Nicholas: ['Nick'], Jonathan: ['Jon'], Stephen: ['Steve'],
      Lawrence: ['Larry'], Benjamin: ['Ben'], Samuel: ['Sam'], Gregory: ['Greg'], Alexander: ['Alex'], Patrick: ['Pat'], Raymond: ['Ray'], Gerald: ['Jerry'], Zachary: ['Zach'],
      Peter: ['Pete'], Walter: ['Walt'], Harold: ['Harry', 'Hal'], Douglas: ['Doug'], Nathan: ['Nate'], Jacob: ['Jake'], Henry: ['Hank'], Frank: ['Frankie'],
      Patricia: ['Pat', 'Patty', 'Trish'], Jennifer: ['Jen', 'Jenny'], Elizabeth: ['Liz', 'Beth', 'Betsy', 'Lizzie'], Barbara: ['Barb'], Susan: ['Sue', 'Susie'], Jessica: ['Jess'],
      Margaret: ['Maggie', 'Peggy', 'Meg'], Kimberly: ['Kim'], Deborah: ['Debbie', 'Deb'], Stephanie: ['Steph'], Rebecca: ['Becky'], Cynthia: ['Cindy'], Kathleen: ['Kathy', 'Kate'],
      Pamela: ['Pam'], Samantha: ['Sam'], Katherine: ['Kate', 'Katie', 'Kathy'], Christine: ['Chris', 'Chrissy'], Catherine: ['Cathy', 'Kate'], Victoria: ['Vicky', 'Tori'],
      Christina: ['Tina'], Judith: ['Judy'], Dorothy: ['Dot'], Abigail: ['Abby'], Evelyn: ['Evie'],
    },
  },
  {
    id: 'gb', share: 0.14, countryNames: ['United Kingdom', 'UK', 'England', 'Great Britain', 'united kingdom', 'Scotland'], callingCode: '44',
    male:
      'David:3.0 John:2.8 Paul:2.2 Mark:2.0 James:2.0 Andrew:1.9 Michael:1.8 Peter:1.7 Robert:1.6 Richard:1.6 Stephen:1.4 Christopher:1.4 ' +
      'Ian:1.2 Simon:1.1 Thomas:1.0 Daniel:1.0 Matthew:1.0 Gary:0.9 Alan:0.9 Neil:0.8 Steven:0.8 Anthony:0.8 Martin:0.8 Jonathan:0.7 ' +
      'Graham:0.6 Stuart:0.6 Kevin:0.6 Philip:0.6 Adam:0.6 Lee:0.5 Craig:0.5 Jason:0.5 Oliver:0.5 Harry:0.5 George:0.5 Jack:0.5 ' +
      'Benjamin:0.4 Samuel:0.4 Joseph:0.4 William:0.4 Luke:0.4 Nicholas:0.4 Timothy:0.4 Edward:0.4 Alexander:0.4 Gareth:0.3 Darren:0.3 ' +
      'Colin:0.3 Keith:0.3 Barry:0.3 Dean:0.3 Callum:0.3 Ryan:0.3 Liam:0.3 Charles:0.3 Hugh:0.2 Rhys:0.2 Owen:0.2 Angus:0.2 Rupert:0.1',
    female:
      'Sarah:2.2 Susan:2.0 Elizabeth:1.8 Emma:1.7 Claire:1.6 Helen:1.6 Margaret:1.4 Julie:1.4 Karen:1.3 Nicola:1.3 Jane:1.3 Rachel:1.2 ' +
      'Lisa:1.2 Catherine:1.1 Louise:1.1 Joanne:1.0 Emily:1.0 Charlotte:1.0 Laura:1.0 Victoria:0.9 Amanda:0.8 Alison:0.8 Jennifer:0.8 ' +
      'Rebecca:0.8 Gillian:0.7 Jacqueline:0.7 Deborah:0.7 Fiona:0.7 Lucy:0.7 Hannah:0.7 Sophie:0.6 Kate:0.6 Anne:0.6 Mary:0.6 Patricia:0.5 ' +
      'Sharon:0.5 Tracey:0.5 Michelle:0.5 Joanna:0.4 Amy:0.4 Jessica:0.4 Olivia:0.4 Eleanor:0.4 Ruth:0.4 Katherine:0.4 Alice:0.3 Grace:0.3',
    surnames:
      'Smith:1.15 Jones:0.75 Williams:0.6 Taylor:0.5 Brown:0.45 Davies:0.4 Evans:0.3 Wilson:0.3 Thomas:0.3 Johnson:0.28 Roberts:0.28 ' +
      'Robinson:0.25 Thompson:0.25 Wright:0.25 Walker:0.24 White:0.23 Edwards:0.22 Hughes:0.22 Green:0.22 Hall:0.21 Lewis:0.2 Harris:0.2 ' +
      'Clarke:0.2 Patel:0.2 Jackson:0.19 Wood:0.19 Turner:0.18 Martin:0.18 Cooper:0.17 Hill:0.17 Ward:0.17 Morris:0.17 Moore:0.16 ' +
      'Clark:0.16 Lee:0.16 King:0.16 Baker:0.16 Harrison:0.15 Morgan:0.15 Allen:0.15 James:0.15 Scott:0.14 Phillips:0.14 Watson:0.14 ' +
      'Davis:0.14 Parker:0.13 Price:0.13 Bennett:0.13 Young:0.13 Griffiths:0.13 Mitchell:0.13 Kelly:0.13 Cook:0.13 Carter:0.12 ' +
      'Richardson:0.12 Bailey:0.12 Collins:0.12 Bell:0.12 Shaw:0.12 Murphy:0.12 Miller:0.12 Cox:0.12 Richards:0.11 Khan:0.11 ' +
      'Marshall:0.11 Anderson:0.11 Simpson:0.11 Ellis:0.11 Adams:0.11 Singh:0.1 Begum:0.1 Wilkinson:0.1 Foster:0.1 Chapman:0.1 ' +
      'Powell:0.1 Webb:0.1 Rogers:0.1 Gray:0.1 Mason:0.1 Ali:0.1 Hunt:0.1 Hussain:0.1 Campbell:0.1 Matthews:0.1 Owen:0.1 Palmer:0.1 ' +
      'MacDonald:0.05 McKenzie:0.05 O\'Neill:0.05 Fitzgerald:0.04',
    tail: {
      roots: ['Aber', 'Bram', 'Carl', 'Dray', 'Egg', 'Farn', 'Gos', 'Hamp', 'Ick', 'Kel', 'Lud', 'Mal', 'Nettle', 'Ock', 'Penn', 'Ques', 'Ring', 'Sel', 'Tewk', 'Ux', 'Ver', 'Wick', 'Brent', 'Cran', 'Daven', 'Elm', 'Fother', 'Grim', 'Heb', 'Kirk'],
      middles: ['', 'ing', 'er', 'en', 'ow', 'ick', 'ard', 'el', 'ers', 'ley', 'by', 'ham', 'ell', 'and'],
      endings: ['ton', 'ley', 'son', 'ham', 'ford', 'well', 'wood', 'field', 'by', 'shaw', 'thorpe', 'wick', 'stone', 'bury', 'combe', 'den', 'ridge', 'more', 'hurst', 'ett'],
    },
    legalForms: ['Ltd', 'Limited', 'Ltd.', 'PLC', 'plc', 'LLP'],
    freemail: ['gmail.com', 'gmail.com', 'hotmail.co.uk', 'yahoo.co.uk', 'outlook.com', 'btinternet.com', 'sky.com', 'live.co.uk'],
    roleBoxes: ['info', 'enquiries', 'sales', 'office', 'hello', 'support', 'accounts', 'admin', 'reception', 'contact'],
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Edinburgh', 'Bristol', 'Liverpool', 'Sheffield', 'Cardiff', 'Newcastle', 'Nottingham', 'Leicester', 'Cambridge', 'Oxford', 'Brighton', 'Reading', 'York', 'Belfast', 'Southampton'],
    timeZone: 'London', tld: 'co.uk',
    nicknames: {
      David: ['Dave'], John: ['Johnny', 'Jack'], Andrew: ['Andy'], Michael: ['Mike', 'Mick'], Peter: ['Pete'], Robert: ['Rob', 'Bob', 'Robbie'], Richard: ['Rich', 'Rick', 'Dick'],
      Stephen: ['Steve'], Christopher: ['Chris'], Thomas: ['Tom'], Daniel: ['Dan'], Matthew: ['Matt'], Anthony: ['Tony'], Jonathan: ['Jon', 'Jonny'], Philip: ['Phil'],
      Benjamin: ['Ben'], Samuel: ['Sam'], Joseph: ['Joe'], William: ['Will', 'Bill'], Nicholas: ['Nick'], Timothy: ['Tim'], Edward: ['Ed', 'Ted'], Alexander: ['Alex', 'Sandy'],
      Charles: ['Charlie'], Harry: ['Hal'], Susan: ['Sue'], Elizabeth: ['Liz', 'Beth', 'Libby'], Margaret: ['Maggie', 'Peggy'], Nicola: ['Nicky'], Catherine: ['Cathy', 'Kate'],
      Joanne: ['Jo'], Victoria: ['Vicky', 'Tori'], Jennifer: ['Jenny', 'Jen'], Rebecca: ['Becky', 'Becca'], Gillian: ['Jill'], Jacqueline: ['Jackie'], Deborah: ['Debbie'],
      Patricia: ['Pat', 'Trish'], Joanna: ['Jo'], Eleanor: ['Ellie', 'Nell'], Katherine: ['Kate', 'Katie'], Charlotte: ['Lottie'],
    },
  },
  {
    id: 'cz', share: 0.18, countryNames: ['Czech Republic', 'Czechia', 'CZ', 'Česká republika', 'czech republic'], callingCode: '420',
    male:
      'Jiří:4.5 Jan:4.2 Petr:3.9 Josef:2.4 Pavel:2.4 Martin:2.3 Tomáš:2.2 Jaroslav:2.1 Miroslav:1.9 Zdeněk:1.8 Václav:1.6 Michal:1.6 ' +
      'František:1.6 Jakub:1.3 Milan:1.3 Karel:1.3 Lukáš:1.2 David:1.2 Vladimír:1.2 Ladislav:1.1 Ondřej:1.0 Roman:0.9 Stanislav:0.9 ' +
      'Marek:0.9 Radek:0.8 Daniel:0.8 Antonín:0.8 Vojtěch:0.7 Filip:0.7 Adam:0.7 Miloslav:0.6 Matěj:0.6 Aleš:0.5 Jaromír:0.5 Libor:0.5 ' +
      'Dominik:0.5 Patrik:0.5 Vlastimil:0.5 Jindřich:0.4 Miloš:0.4 Oldřich:0.4 Lubomír:0.4 Rudolf:0.4 Ivan:0.4 Luboš:0.4 Robert:0.4 ' +
      'Radim:0.3 Richard:0.3 Bohumil:0.3 Ivo:0.3 Rostislav:0.3 Dušan:0.3 Vít:0.3 Kamil:0.3 Šimon:0.3 Štěpán:0.3',
    female:
      'Jana:5.3 Marie:4.9 Eva:4.3 Hana:3.6 Anna:3.4 Lenka:2.6 Kateřina:2.6 Lucie:2.2 Věra:2.2 Alena:2.1 Petra:2.1 Veronika:1.8 ' +
      'Jaroslava:1.7 Tereza:1.6 Martina:1.6 Michaela:1.5 Jitka:1.5 Helena:1.4 Ludmila:1.4 Zdeňka:1.3 Ivana:1.3 Monika:1.2 Eliška:1.2 ' +
      'Zuzana:1.1 Markéta:1.0 Jarmila:1.0 Barbora:1.0 Kristýna:0.9 Dagmar:0.9 Simona:0.8 Marcela:0.8 Klára:0.8 Pavla:0.8 Vlasta:0.7 ' +
      'Božena:0.7 Miroslava:0.6 Irena:0.6 Andrea:0.6 Libuše:0.6 Karolína:0.6 Daniela:0.5 Natálie:0.5 Adéla:0.5 Šárka:0.5 Blanka:0.4',
    surnames:
      'Novák:1.4 Svoboda:0.9 Novotný:0.9 Dvořák:0.8 Černý:0.7 Procházka:0.6 Kučera:0.6 Veselý:0.5 Horák:0.5 Němec:0.4 Marek:0.4 ' +
      'Pokorný:0.4 Pospíšil:0.4 Hájek:0.4 Král:0.4 Jelínek:0.4 Růžička:0.35 Beneš:0.35 Fiala:0.35 Sedláček:0.35 Doležal:0.3 Zeman:0.3 ' +
      'Kolář:0.3 Navrátil:0.3 Čermák:0.3 Vaněk:0.28 Urban:0.28 Blažek:0.28 Kříž:0.27 Kovář:0.27 Kratochvíl:0.26 Bartoš:0.26 Vlček:0.26 ' +
      'Polák:0.25 Musil:0.24 Kopecký:0.24 Šimek:0.24 Konečný:0.24 Malý:0.24 Holub:0.24 Čech:0.23 Štěpánek:0.23 Staněk:0.22 Kadlec:0.22 ' +
      'Dostál:0.22 Soukup:0.22 Šťastný:0.21 Mareš:0.21 Sýkora:0.21 Valenta:0.2 Moravec:0.2 Tichý:0.2 Vávra:0.2 Matoušek:0.2 Bláha:0.2 ' +
      'Říha:0.2 Ševčík:0.19 Bureš:0.19 Hruška:0.19 Mašek:0.19 Pavlík:0.18 Janda:0.18 Hrubý:0.18 Mach:0.18 Dušek:0.18',
    tail: {
      roots: ['Hol', 'Kos', 'Vrb', 'Pech', 'Dud', 'Hrub', 'Zíd', 'Bro', 'Krej', 'Šeb', 'Tich', 'Mrá', 'Kub', 'Vác', 'Lis', 'Pav', 'Rych', 'Hron', 'Voj', 'Straš', 'Kuch', 'Žák', 'Ryb', 'Bouš', 'Hav', 'Kon', 'Ptá', 'Hoř', 'Jirou', 'Sla'],
      middles: ['', 'ín', 'ou', 'an', 'ec', 'il', 'ár', 'ov', 'áč', 'ev', 'ul', 'ik', 'oš', 'ad', 'er'],
      endings: ['ek', 'ák', 'ík', 'a', 'ý', 'ec', 'ka', 'íček', 'ský', 'ovský', 'ina', 'ál', 'ouš', 'an', 'ař', 'ta', 'ner', 'ička', 'ec', 'ický'],
    },
    legalForms: ['s.r.o.', 's.r.o.', 'a.s.', 'spol. s r.o.', 'a. s.'],
    freemail: ['seznam.cz', 'seznam.cz', 'gmail.com', 'gmail.com', 'email.cz', 'centrum.cz', 'post.cz', 'volny.cz'],
    roleBoxes: ['info', 'obchod', 'kancelar', 'fakturace', 'podpora', 'office', 'sales', 'recepce', 'kontakt', 'objednavky'],
    cities: ['Praha', 'Brno', 'Ostrava', 'Plzeň', 'Liberec', 'Olomouc', 'České Budějovice', 'Hradec Králové', 'Pardubice', 'Zlín', 'Kladno', 'Jihlava', 'Opava', 'Karlovy Vary'],
    timeZone: 'Prague', tld: 'cz',
    nicknames: {
      Jan: ['Honza'], Jiří: ['Jirka'], Josef: ['Pepa'], Jakub: ['Kuba'], František: ['Franta'], Václav: ['Vašek'], Jaroslav: ['Jarda'], Miroslav: ['Mirek'], Stanislav: ['Standa'],
      Zdeněk: ['Zdenda'], Ondřej: ['Ondra'], Tomáš: ['Tom'], Michal: ['Míša'], Petr: ['Péťa'], Vladimír: ['Vláďa'], Ladislav: ['Láďa'], Lukáš: ['Luky'], Matěj: ['Máťa'],
      Kateřina: ['Katka', 'Káťa'], Veronika: ['Verča'], Tereza: ['Terka'], Lucie: ['Lucka'], Hana: ['Hanka'], Barbora: ['Bára'], Kristýna: ['Týna'], Alena: ['Alenka'],
      Michaela: ['Míša'], Markéta: ['Markétka'], Zuzana: ['Zuzka'], Eliška: ['Eli'], Jana: ['Janička'], Marie: ['Maruška'], Karolína: ['Kája'],
    },
  },
  {
    id: 'de', share: 0.14, countryNames: ['Germany', 'Deutschland', 'DE', 'germany'], callingCode: '49',
    male:
      'Peter:2.0 Michael:2.0 Thomas:1.9 Andreas:1.8 Wolfgang:1.5 Klaus:1.4 Jürgen:1.3 Stefan:1.3 Christian:1.2 Uwe:1.1 Werner:1.0 ' +
      'Frank:1.0 Martin:1.0 Bernd:0.9 Markus:0.9 Matthias:0.9 Alexander:0.8 Sebastian:0.8 Tobias:0.7 Daniel:0.7 Florian:0.6 Jan:0.6 ' +
      'Lukas:0.6 Jonas:0.5 Maximilian:0.5 Johannes:0.5 Hans:0.8 Dieter:0.7 Manfred:0.7 Tim:0.4 Torsten:0.4 Dirk:0.4 Jens:0.4 Sven:0.4 ' +
      'Holger:0.4 Ralf:0.5 Rainer:0.5 Helmut:0.6 Gerhard:0.6 Karl:0.5 Heinz:0.5 Horst:0.5 Günter:0.5 Felix:0.3 Philipp:0.4 Moritz:0.2',
    female:
      'Ursula:1.4 Sabine:1.3 Petra:1.2 Monika:1.2 Claudia:1.1 Andrea:1.1 Susanne:1.0 Stefanie:0.9 Julia:0.9 Anna:0.9 Katharina:0.8 ' +
      'Christina:0.7 Sandra:0.8 Nicole:0.8 Birgit:0.8 Karin:0.9 Gabriele:0.9 Angelika:0.8 Heike:0.8 Lisa:0.6 Laura:0.5 Sarah:0.5 ' +
      'Franziska:0.4 Anja:0.6 Melanie:0.6 Renate:0.7 Brigitte:0.7 Ingrid:0.6 Elke:0.6 Silke:0.5 Martina:0.6 Kerstin:0.5 Tanja:0.5 ' +
      'Christine:0.6 Barbara:0.5 Jutta:0.4 Lena:0.3 Johanna:0.3 Hannah:0.3 Marie:0.3 Lea:0.2',
    surnames:
      'Müller:0.95 Schmidt:0.65 Schneider:0.35 Fischer:0.3 Weber:0.28 Meyer:0.27 Wagner:0.25 Becker:0.23 Schulz:0.22 Hoffmann:0.21 ' +
      'Schäfer:0.18 Koch:0.17 Bauer:0.17 Richter:0.16 Klein:0.16 Wolf:0.15 Schröder:0.14 Neumann:0.14 Schwarz:0.13 Zimmermann:0.13 ' +
      'Braun:0.12 Krüger:0.12 Hofmann:0.12 Hartmann:0.12 Lange:0.11 Schmitt:0.11 Werner:0.11 Schmitz:0.11 Krause:0.11 Meier:0.11 ' +
      'Lehmann:0.1 Schmid:0.1 Schulze:0.1 Maier:0.1 Köhler:0.1 Herrmann:0.1 König:0.09 Walter:0.09 Mayer:0.09 Huber:0.09 Kaiser:0.09 ' +
      'Fuchs:0.09 Peters:0.09 Lang:0.08 Scholz:0.08 Möller:0.08 Weiß:0.08 Jung:0.08 Hahn:0.08 Schubert:0.08 Vogel:0.08 Friedrich:0.08 ' +
      'Keller:0.08 Günther:0.07 Frank:0.07 Berger:0.07 Winkler:0.07 Roth:0.07 Beck:0.07 Lorenz:0.07 Baumann:0.07 Franke:0.07 ' +
      'von Berg:0.02 von der Heide:0.01 von Bülow:0.01',
    tail: {
      roots: ['Hof', 'Stein', 'Berg', 'Wald', 'Kirch', 'Linden', 'Ros', 'Eich', 'Brand', 'Feld', 'Gold', 'Hage', 'Kessel', 'Mittel', 'Ober', 'Sonnen', 'Tann', 'Unter', 'Wies', 'Zell', 'Bre', 'Dorn', 'Ecker', 'Fried', 'Grün', 'Hasel', 'Iser', 'Kalt', 'Lieb', 'Nuss'],
      middles: ['', 'en', 'el', 'er', 'ing', 'au', 'berg', 'stein', 'bach', 'hof', 'wald', 'lin', 'ers', 'and'],
      endings: ['mann', 'er', 'ner', 'hauser', 'berger', 'bach', 'feld', 'inger', 'meier', 'huber', 'dorf', 'stätter', 'brunner', 'hofer', 'lein', 'ke', 'mayr', 'wald', 'stein', 'rich'],
    },
    legalForms: ['GmbH', 'GmbH', 'AG', 'GmbH & Co. KG', 'SE', 'KG'],
    freemail: ['gmx.de', 'web.de', 'gmail.com', 't-online.de', 'gmx.net', 'outlook.de', 'posteo.de', 'freenet.de'],
    roleBoxes: ['info', 'kontakt', 'vertrieb', 'buero', 'office', 'service', 'buchhaltung', 'rechnung', 'support', 'sales'],
    cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dortmund', 'Essen', 'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Bonn', 'Mannheim'],
    timeZone: 'Berlin', tld: 'de',
    nicknames: {
      Johannes: ['Hannes'], Alexander: ['Alex'], Andreas: ['Andi'], Thomas: ['Tom'], Michael: ['Micha'], Katharina: ['Kathi'], Christian: ['Chris'], Sebastian: ['Basti'],
      Tobias: ['Tobi'], Florian: ['Flo'], Maximilian: ['Max', 'Maxi'], Stefanie: ['Steffi'], Franziska: ['Franzi'], Gabriele: ['Gabi'], Matthias: ['Matze'], Wolfgang: ['Wolfi'],
      Susanne: ['Susi'], Daniel: ['Dani'], Angelika: ['Geli'], Christina: ['Tina'], Philipp: ['Phil'],
    },
  },
  {
    id: 'nl', share: 0.08, countryNames: ['Netherlands', 'The Netherlands', 'Nederland', 'NL', 'Holland'], callingCode: '31',
    male:
      'Jan:2.5 Peter:1.6 Hans:1.3 Kees:1.0 Willem:1.0 Henk:1.0 Pieter:0.9 Dirk:0.8 Gerrit:0.8 Johannes:0.8 Cornelis:0.7 Daan:0.6 Sem:0.5 ' +
      'Lucas:0.5 Thijs:0.5 Bram:0.5 Ruben:0.5 Jeroen:0.7 Bas:0.6 Mark:0.8 Maarten:0.6 Sander:0.6 Erik:0.7 Martijn:0.6 Marco:0.6 ' +
      'Rob:0.6 Frank:0.6 Paul:0.7 Wouter:0.5 Joost:0.5 Niels:0.5 Tim:0.5 Robert:0.5 Michiel:0.4 Hendrik:0.5 Jacobus:0.3',
    female:
      'Maria:2.5 Anna:1.2 Johanna:1.2 Cornelia:0.8 Elisabeth:0.8 Sanne:0.6 Lotte:0.5 Emma:0.6 Anouk:0.5 Eva:0.6 Linda:0.8 Marieke:0.6 ' +
      'Ingrid:0.7 Els:0.6 Anke:0.6 Femke:0.5 Monique:0.7 Sandra:0.7 Petra:0.6 Marloes:0.5 Esther:0.6 Wendy:0.5 Karin:0.6 Annemarie:0.4 ' +
      'Mirjam:0.4 Judith:0.4 Saskia:0.5 Ilse:0.4 Inge:0.5 Yvonne:0.5',
    surnames:
      'de Jong:0.5 Jansen:0.44 de Vries:0.42 van den Berg:0.35 van Dijk:0.34 Bakker:0.33 Janssen:0.32 Visser:0.31 Smit:0.28 Meijer:0.26 ' +
      'de Boer:0.24 Mulder:0.23 de Groot:0.23 Bos:0.22 Vos:0.2 Peters:0.2 Hendriks:0.2 van Leeuwen:0.19 Dekker:0.18 Brouwer:0.17 ' +
      'de Wit:0.16 Dijkstra:0.16 Smits:0.16 de Graaf:0.15 van der Meer:0.15 van der Linden:0.14 Kok:0.14 Jacobs:0.14 de Haan:0.14 ' +
      'Vermeulen:0.14 van den Heuvel:0.13 van der Veen:0.13 van den Broek:0.13 de Bruijn:0.13 de Bruin:0.13 van der Heijden:0.13 ' +
      'Schouten:0.13 van Beek:0.12 Willems:0.12 van Vliet:0.12 van de Ven:0.12 Hoekstra:0.11 Maas:0.11 Verhoeven:0.11 Koster:0.11 ' +
      'van Dam:0.11 van der Wal:0.11 Prins:0.11 Blom:0.11 Huisman:0.11 de Lange:0.1 van der Berg:0.05 ter Horst:0.05',
    tail: {
      roots: ['Hoog', 'Brink', 'Zand', 'Veld', 'Kamp', 'Molen', 'Water', 'Hout', 'Berg', 'Dijk', 'Wester', 'Ooster', 'Zuider', 'Noord', 'Graaf', 'Stee', 'Lan', 'Ter', 'Brou', 'Kuip'],
      middles: ['', 'e', 'en', 'er', 'el', 'ink', 'ing', 'dijk', 'veld', 'berg', 'hof', 'kamp'],
      endings: ['sma', 'stra', 'ink', 'ing', 'huis', 'kamp', 'man', 'veld', 'dijk', 'broek', 'hof', 'ma', 'ens', 'ers', 'boom', 'land'],
    },
    legalForms: ['B.V.', 'B.V.', 'BV', 'N.V.', 'Holding B.V.'],
    freemail: ['gmail.com', 'hotmail.com', 'ziggo.nl', 'kpnmail.nl', 'outlook.com', 'live.nl', 'xs4all.nl', 'planet.nl'],
    roleBoxes: ['info', 'verkoop', 'kantoor', 'administratie', 'support', 'sales', 'contact', 'facturen', 'klantenservice'],
    cities: ['Amsterdam', 'Rotterdam', 'Den Haag', 'Utrecht', 'Eindhoven', 'Groningen', 'Tilburg', 'Almere', 'Breda', 'Nijmegen', 'Haarlem', 'Arnhem', 'Leiden', 'Delft'],
    timeZone: 'Amsterdam', tld: 'nl',
    nicknames: {
      Willem: ['Wim'], Johannes: ['Hans', 'Jan'], Cornelis: ['Kees', 'Cor'], Hendrik: ['Henk'], Pieter: ['Piet'], Jacobus: ['Jaap', 'Koos'], Gerrit: ['Gert'],
      Robert: ['Rob'], Elisabeth: ['Els', 'Lies'], Johanna: ['Anneke', 'Jo'], Cornelia: ['Corrie', 'Nel'], Maria: ['Marieke', 'Ria'],
    },
  },
  {
    id: 'es', share: 0.08, countryNames: ['Spain', 'España', 'ES', 'spain'], callingCode: '34',
    male:
      'Antonio:2.9 José:2.6 Manuel:2.5 Francisco:2.2 David:1.6 Juan:1.6 Javier:1.5 Daniel:1.3 Carlos:1.3 Jesús:1.2 Alejandro:1.1 ' +
      'Miguel:1.1 Rafael:1.0 Pedro:0.9 Pablo:0.8 Ángel:0.8 Sergio:0.8 Fernando:0.8 Jorge:0.8 Luis:0.8 Alberto:0.7 Álvaro:0.6 Adrián:0.5 ' +
      'Diego:0.5 Raúl:0.6 Enrique:0.5 Ramón:0.5 Vicente:0.5 Iván:0.4 Rubén:0.4 Óscar:0.4 Andrés:0.4 Joaquín:0.4 Santiago:0.3 Ignacio:0.3',
    female:
      'María:3.5 Carmen:2.6 Ana:1.6 Isabel:1.3 Laura:1.3 Cristina:1.2 Marta:1.2 Lucía:1.0 Pilar:1.0 Elena:1.0 Dolores:1.0 Paula:0.9 ' +
      'Sara:0.9 Raquel:0.8 Rosa:0.8 Manuela:0.7 Mercedes:0.7 Teresa:0.7 Beatriz:0.6 Julia:0.6 Nuria:0.6 Silvia:0.6 Patricia:0.6 ' +
      'Irene:0.5 Rocío:0.5 Alicia:0.5 Montserrat:0.5 Andrea:0.5 Concepción:0.5 Guadalupe:0.3 Inmaculada:0.4 Sonia:0.4',
    surnames:
      'García:3.1 Rodríguez:1.6 González:1.6 Fernández:1.5 López:1.5 Martínez:1.4 Sánchez:1.3 Pérez:1.2 Gómez:0.8 Martín:0.8 ' +
      'Jiménez:0.7 Ruiz:0.7 Hernández:0.7 Díaz:0.7 Moreno:0.6 Muñoz:0.6 Álvarez:0.6 Romero:0.5 Alonso:0.5 Gutiérrez:0.5 Navarro:0.4 ' +
      'Torres:0.4 Domínguez:0.4 Vázquez:0.4 Ramos:0.4 Gil:0.4 Ramírez:0.4 Serrano:0.4 Blanco:0.3 Molina:0.3 Morales:0.3 Suárez:0.3 ' +
      'Ortega:0.3 Delgado:0.3 Castro:0.3 Ortiz:0.3 Rubio:0.3 Marín:0.3 Sanz:0.3 Núñez:0.3 Iglesias:0.3 Medina:0.3 Garrido:0.3 ' +
      'de la Cruz:0.08 del Río:0.06 de la Fuente:0.06 de los Santos:0.04 de la Torre:0.05',
    tail: {
      roots: ['Alc', 'Bar', 'Cal', 'Esc', 'Fig', 'Gal', 'Her', 'Lar', 'Mar', 'Nav', 'Ol', 'Pad', 'Quin', 'Rib', 'Sal', 'Tor', 'Val', 'Zam', 'Cer', 'Mor'],
      middles: ['', 'and', 'er', 'ill', 'ar', 'on', 'as', 'ed', 'ul', 'iñ', 'or', 'al'],
      endings: ['ez', 'ero', 'ado', 'illa', 'eda', 'ón', 'ano', 'ina', 'al', 'ena', 'uelo', 'ares', 'ete', 'iz'],
    },
    legalForms: ['S.L.', 'S.L.', 'S.A.', 'SL', 'S.L.U.'],
    freemail: ['gmail.com', 'gmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'telefonica.net'],
    roleBoxes: ['info', 'ventas', 'administracion', 'contacto', 'facturacion', 'comercial', 'oficina', 'soporte'],
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Murcia', 'Palma', 'Bilbao', 'Alicante', 'Córdoba', 'Valladolid', 'Vigo'],
    timeZone: 'Madrid', tld: 'es',
    nicknames: {
      José: ['Pepe'], Francisco: ['Paco', 'Curro'], Manuel: ['Manolo', 'Manu'], Antonio: ['Toni', 'Toño'], Alejandro: ['Álex'], Ignacio: ['Nacho'], Enrique: ['Quique'],
      Jesús: ['Chuy'], Dolores: ['Lola'], Concepción: ['Concha'], Guadalupe: ['Lupe'], Isabel: ['Isa'], Mercedes: ['Merche'], Montserrat: ['Montse'], Inmaculada: ['Inma'],
      Rafael: ['Rafa'], Fernando: ['Nando'], Santiago: ['Santi'],
    },
  },
  {
    id: 'fr', share: 0.08, countryNames: ['France', 'FR', 'france'], callingCode: '33',
    male:
      'Jean:2.5 Pierre:1.6 Michel:1.6 André:1.0 Philippe:1.3 Alain:1.1 Nicolas:1.1 Christophe:1.0 Patrick:1.0 Daniel:0.8 Thomas:0.9 ' +
      'Julien:0.9 Laurent:0.9 Éric:0.8 Frédéric:0.8 Stéphane:0.8 David:0.8 Olivier:0.8 Sébastien:0.8 François:0.8 Bernard:0.7 Jacques:0.9 ' +
      'Alexandre:0.6 Guillaume:0.5 Antoine:0.5 Vincent:0.6 Mathieu:0.5 Maxime:0.4 Hugo:0.3 Louis:0.3 Lucas:0.3',
    female:
      'Marie:2.5 Nathalie:1.4 Isabelle:1.3 Sylvie:1.2 Catherine:1.2 Françoise:1.1 Christine:1.0 Sophie:0.9 Valérie:0.9 Sandrine:0.8 ' +
      'Julie:0.8 Céline:0.7 Anne:0.8 Camille:0.5 Aurélie:0.6 Monique:0.8 Nicole:0.7 Martine:0.8 Stéphanie:0.7 Émilie:0.5 Léa:0.3 ' +
      'Claire:0.5 Laure:0.4 Hélène:0.5 Caroline:0.5 Chloé:0.3',
    surnames:
      'Martin:0.35 Bernard:0.18 Thomas:0.14 Petit:0.14 Robert:0.13 Richard:0.13 Durand:0.13 Dubois:0.12 Moreau:0.12 Laurent:0.12 ' +
      'Simon:0.11 Michel:0.11 Lefebvre:0.11 Leroy:0.1 Roux:0.1 David:0.1 Bertrand:0.1 Morel:0.1 Fournier:0.1 Girard:0.1 Bonnet:0.09 ' +
      'Dupont:0.09 Lambert:0.09 Fontaine:0.09 Rousseau:0.09 Vincent:0.09 Muller:0.08 Lefèvre:0.08 Faure:0.08 André:0.08 Mercier:0.08 ' +
      'Blanc:0.08 Guérin:0.08 Boyer:0.08 Garnier:0.08 Chevalier:0.08 François:0.07 Legrand:0.07 Gauthier:0.07 Garcia:0.07 Perrin:0.07 ' +
      'Le Gall:0.03 Le Roux:0.03 de Montfort:0.01 Le Goff:0.03 Da Silva:0.04',
    tail: {
      roots: ['Beau', 'Char', 'Delam', 'Four', 'Gaud', 'Jolli', 'Lach', 'Marc', 'Pell', 'Roche', 'Sauv', 'Tess', 'Vill', 'Bouch', 'Cour', 'Duch', 'Ferr', 'Lom', 'Mail', 'Pons'],
      middles: ['', 'ar', 'el', 'on', 'ill', 'er', 'ai', 'eu', 'an', 'ou', 'in'],
      endings: ['ier', 'eau', 'ard', 'in', 'et', 'ault', 'on', 'and', 'ois', 'elle', 'aud', 'ière', 'ot'],
    },
    legalForms: ['SAS', 'SARL', 'S.A.', 'SA', 'SAS.'],
    freemail: ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'hotmail.fr', 'wanadoo.fr', 'sfr.fr', 'yahoo.fr'],
    roleBoxes: ['contact', 'info', 'commercial', 'accueil', 'compta', 'facturation', 'support', 'secretariat'],
    cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nice', 'Nantes', 'Strasbourg', 'Montpellier', 'Bordeaux', 'Lille', 'Rennes', 'Reims', 'Grenoble', 'Dijon'],
    timeZone: 'Paris', tld: 'fr',
    nicknames: {
      Alexandre: ['Alex'], Nicolas: ['Nico'], Christophe: ['Chris'], Frédéric: ['Fred'], Sébastien: ['Seb'], Catherine: ['Cathy'], Isabelle: ['Isa'],
      Philippe: ['Phil'], Stéphanie: ['Steph'], Nathalie: ['Nath'], Valérie: ['Val'], Maxime: ['Max'],
    },
  },
];

// Rare given names for the long tail of every country.
export const RARE_GIVEN = {
  male: 'Aurelio Bronislav Casimir Dorian Evžen Fabián Gustav Horatio Ignác Jeremiah Kasimir Leopold Mattias Nevil Otakar Přemysl Quentin Rainer Severin Thaddeus Ulrich Valentin Wendell Xaver Yannick Zbyněk Alois Benedikt Cyril Dalibor Emil Ferdinand Gideon Hubert Ingmar Jaromil Konrad Lambert Marius Norbert Odo Pankrác Reinhold Silvestr Teodor Urban Vratislav Wilfried Zeno Ambrož',
  female: 'Adriana Bohdana Cecílie Dorota Eleonora Felicitas Gertruda Hedvika Ilona Jolana Kornelie Leontýna Magdaléna Nadia Otýlie Pavlína Quirina Rosalie Sabina Taťána Ulrika Vanda Wilhelmina Xenie Yvetta Zora Albína Běla Cordelia Drahomíra Edita Filomena Gisela Hermína Ingeborg Judita Květa Ludmilla Mirela Nora Oksana Perpetua Romana Svatava Thea Uršula Vilma Zina',
};

export const COMPANY_WORDS = {
  first: ['Stone', 'River', 'North', 'Blue', 'Red', 'Oak', 'Silver', 'Green', 'Bright', 'Pine', 'Iron', 'Cedar', 'Summit', 'Harbor', 'Falcon', 'Eagle', 'Nova', 'Prime', 'Star', 'Polar', 'Apex', 'Delta', 'Orbit', 'Vector', 'Atlas', 'Zenith', 'Sun', 'West', 'East', 'High', 'Clear', 'Deep', 'Gold', 'Swift', 'Terra', 'Aqua', 'Lumen', 'Vita', 'Astra', 'Nord'],
  second: ['mark', 'line', 'wave', 'gate', 'forge', 'field', 'point', 'bridge', 'stone', 'ridge', 'works', 'path', 'peak', 'port', 'light', 'craft', 'core', 'soft', 'tech', 'ware', 'dale', 'view', 'way', 'side', 'land', 'vale', 'spring', 'rock', 'wind', 'star'],
  sector: ['Logistics', 'Energy', 'Manufacturing', 'Analytics', 'Foods', 'Retail', 'Systems', 'Consulting', 'Software', 'Solutions', 'Group', 'Partners', 'Health', 'Capital', 'Media', 'Engineering', 'Industries', 'Labs', 'Services', 'Holdings', '', '', ''],
};

export const JOB_TITLES = ['CEO', 'CFO', 'Head of Sales', 'Account Manager', 'Buyer', 'Purchasing Manager', 'Office Manager', 'IT Manager', 'Developer', 'Engineer', 'Analyst', 'Controller', 'Accountant', 'HR Manager', 'Marketing Manager', 'Project Manager', 'Operations Manager', 'Sales Representative', 'Assistant', 'Consultant'];

/** "Name:1.2 Other:0.4" → parallel arrays of names and weights. */
export function weightedList(spec: string): { names: string[]; weights: number[] } {
  const names: string[] = [];
  const weights: number[] = [];
  for (const item of spec.split(' ').reduce<string[]>((acc, token) => {
    // Multi-word names ("van den Berg:0.35") are written with spaces; join tokens until one has a weight.
    if (acc.length > 0 && !/:\d/.test(acc[acc.length - 1]!)) acc[acc.length - 1] += ` ${token}`;
    else acc.push(token);
    return acc;
  }, [])) {
    const colon = item.lastIndexOf(':');
    names.push(item.slice(0, colon));
    weights.push(Number(item.slice(colon + 1)));
  }
  return { names, weights };
}
