// Common given-name diminutives → the formal name they stand for, so "Bob Smith" and "Robert
// Smith" compare as the same first name. Ambiguous diminutives map to their most common formal
// name (e.g. "alex" → "alexander"); both sides of a pair go through the same table, so an
// ambiguous mapping can only make two names more alike when they already share the diminutive.
// English first, then the other languages CRM contacts in Europe are written in; names are in
// their comparison form (accents folded: "Jiří" → "jiri", "Verča" → "verca").
const GROUPS: Record<string, string[]> = {
  abigail: ['abby', 'abbie', 'gail'],
  albert: ['al', 'bertie'],
  alexander: ['alex', 'alec', 'sandy', 'xander', 'lex'],
  alexandra: ['alexa', 'lexi', 'alix'],
  alfred: ['alf', 'alfie', 'fred'],
  andrew: ['andy', 'drew'],
  anthony: ['tony', 'ant'],
  arthur: ['art', 'artie'],
  barbara: ['barb', 'barbie', 'babs'],
  benjamin: ['ben', 'benny', 'benji'],
  bradley: ['brad'],
  catherine: ['cathy', 'cath', 'kate', 'katie', 'kathy', 'kat', 'katherine', 'kathryn', 'kitty', 'cate'],
  charles: ['charlie', 'chuck', 'chas', 'chaz'],
  charlotte: ['lottie'],
  christina: ['tina', 'chrissy'],
  christopher: ['chris', 'kit', 'topher'],
  cynthia: ['cindy'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davy', 'davey'],
  deborah: ['deb', 'debbie', 'debby', 'debra'],
  donald: ['don', 'donny'],
  dorothy: ['dot', 'dottie', 'dolly'],
  douglas: ['doug'],
  edward: ['ed', 'eddie', 'eddy', 'ted', 'teddy', 'ned'],
  elizabeth: ['liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bess', 'bessie', 'eliza', 'elsie', 'libby', 'betsy', 'liza'],
  eleanor: ['ellie', 'nell', 'nellie'],
  emily: ['em', 'emmy'],
  frances: ['fran', 'frannie'],
  francis: ['frank', 'frankie'],
  frederick: ['freddie', 'freddy', 'fritz'],
  gabriel: ['gabe'],
  gerald: ['gerry', 'jerry'],
  gillian: ['jill', 'gill'],
  gregory: ['greg'],
  harold: ['hal', 'harry'],
  henry: ['hank'],
  isabella: ['bella', 'izzy'],
  jacob: ['jake'],
  jacqueline: ['jackie', 'jacqui'],
  james: ['jim', 'jimmy', 'jamie', 'jimbo'],
  janet: ['jan'],
  jeffrey: ['jeff'],
  jennifer: ['jen', 'jenny', 'jenn'],
  jessica: ['jess', 'jessie'],
  john: ['jack', 'johnny', 'jon'],
  jonathan: ['jonny'],
  joseph: ['joe', 'joey', 'jos'],
  joshua: ['josh'],
  judith: ['judy', 'jude'],
  katrina: ['trina'],
  kenneth: ['ken', 'kenny'],
  kimberly: ['kim', 'kimmy'],
  lawrence: ['larry', 'laurie', 'lawrie'],
  leonard: ['len', 'lenny', 'leo'],
  louis: ['lou'],
  madeline: ['maddie', 'maddy', 'madeleine'],
  margaret: ['maggie', 'meg', 'peggy', 'marge', 'margie', 'madge'],
  matthew: ['matt', 'matty'],
  michael: ['mike', 'mikey', 'mick', 'mickey', 'mitch'],
  nathaniel: ['nat', 'nate'],
  nicholas: ['nick', 'nicky', 'nico'],
  olivia: ['liv', 'livvy'],
  pamela: ['pam', 'pammy'],
  patricia: ['pat', 'patty', 'patsy', 'trish', 'tricia'],
  patrick: ['paddy'],
  peter: ['pete'],
  philip: ['phil', 'pip', 'phillip'],
  raymond: ['ray'],
  rebecca: ['becky', 'becca', 'bec'],
  richard: ['rich', 'richie', 'dick', 'rick', 'ricky'],
  robert: ['bob', 'bobby', 'rob', 'robbie', 'bert', 'robby'],
  ronald: ['ron', 'ronnie'],
  samantha: ['sam', 'sammy'],
  samuel: ['sammie'],
  sarah: ['sally', 'sadie', 'sara'],
  stephanie: ['steph', 'stephie'],
  stephen: ['steve', 'stevie', 'steven'],
  susan: ['sue', 'susie', 'suzy'],
  theodore: ['theo'],
  thomas: ['tom', 'tommy'],
  timothy: ['tim', 'timmy'],
  victoria: ['vicky', 'vicki', 'tori'],
  vincent: ['vince', 'vinny'],
  walter: ['walt', 'wally'],
  william: ['bill', 'billy', 'will', 'willy', 'willie'],
  zachary: ['zach', 'zack'],
};

// Czech, Slovak and Polish (the everyday form is a different word, not a shortening).
const CENTRAL_EUROPEAN: Record<string, string[]> = {
  jan: ['honza', 'jenda', 'honzik'],
  jiri: ['jirka', 'jura'],
  jakub: ['kuba', 'kubik'],
  josef: ['pepa', 'pepik', 'jozka'],
  frantisek: ['franta', 'fanda'],
  vaclav: ['vasek', 'vena'],
  jaroslav: ['jarda'],
  miroslav: ['mirek'],
  stanislav: ['standa'],
  zdenek: ['zdenda'],
  vladimir: ['vlada', 'vlado'],
  ladislav: ['lada', 'laca'],
  matej: ['mata'],
  zuzana: ['zuzka'],
  marketa: ['marketka'],
  jana: ['janicka'],
  ondrej: ['ondra'],
  michal: ['misa'],
  petr: ['petrik', 'peta'],
  pavel: ['pavlik', 'palo'],
  katerina: ['katka', 'kata'],
  veronika: ['verca', 'verunka'],
  tereza: ['terka', 'terezka'],
  lucie: ['lucka'],
  hana: ['hanka'],
  alena: ['alenka'],
  barbora: ['bara', 'barca'],
  kristyna: ['tyna'],
  marie: ['majka', 'maruska'],
  katarzyna: ['kasia'],
  malgorzata: ['gosia'],
  wojciech: ['wojtek'],
  krzysztof: ['krzys'],
  tomasz: ['tomek'],
};

// German and Dutch.
const GERMANIC: Record<string, string[]> = {
  johannes: ['hannes', 'hans'],
  // Not "max": Max is a given name in its own right more often than a Maximilian.
  maximilian: ['maxi'],
  franziska: ['franzi'],
  matthias: ['matze', 'hias'],
  andreas: ['andi'],
  michael: ['micha'],
  stefanie: ['steffi'],
  angelika: ['geli'],
  sebastian: ['basti'],
  tobias: ['tobi'],
  florian: ['flo'],
  wilhelm: ['willi'],
  wolfgang: ['wolfi'],
  katharina: ['kathi'],
  gabriele: ['gabi'],
  monika: ['moni'],
  susanne: ['susi'],
  willem: ['wim', 'pim'],
  pieter: ['piet'],
  cornelis: ['kees', 'cor'],
  jacobus: ['jaap', 'koos'],
  hendrik: ['henk'],
  adrianus: ['adri'],
};

// Romance languages.
const ROMANCE: Record<string, string[]> = {
  francisco: ['paco', 'pancho', 'curro'],
  jose: ['pepe'],
  giuseppe: ['beppe', 'peppe'],
  manuel: ['manolo', 'manu'],
  ignacio: ['nacho'],
  enrique: ['quique'],
  guillermo: ['memo'],
  antonio: ['toni', 'tono'],
  jesus: ['chuy', 'chucho'],
  dolores: ['lola'],
  concepcion: ['concha', 'conchita'],
  guadalupe: ['lupe'],
  mercedes: ['merche'],
  montserrat: ['montse'],
  inmaculada: ['inma'],
  rafael: ['rafa'],
  fernando: ['nando'],
  santiago: ['santi'],
  nathalie: ['nath'],
  cornelia: ['corrie'],
  maria: ['ria'],
  pierre: ['pierrot'],
};

// Sasha is Alexander or Alexandra; both compare close to "alexander".
const EXTRA: Record<string, string[]> = { alexander: ['sasha', 'sascha'] };

const DIRECT: ReadonlyMap<string, string> = new Map(
  [GROUPS, CENTRAL_EUROPEAN, GERMANIC, ROMANCE, EXTRA].flatMap((table) => Object.entries(table).flatMap(([formal, short]) => short.map((nick) => [nick, formal] as const))),
);

// Followed to the end, so "honza" → "jan" lands where "jan" itself lands ("janet" in the English
// table): every spelling of one name gets one form.
const NICKNAMES: ReadonlyMap<string, string> = new Map(
  [...DIRECT.keys()].map((nick) => {
    let formal = DIRECT.get(nick)!;
    for (const seen = new Set([nick]); DIRECT.has(formal) && !seen.has(formal); ) {
      seen.add(formal);
      formal = DIRECT.get(formal)!;
    }
    return [nick, formal] as const;
  }),
);

/** The formal given name for a (lower-case, folded) diminutive, or the name itself. */
export function formalGivenName(name: string): string {
  return NICKNAMES.get(name) ?? name;
}

const FORMAL: ReadonlySet<string> = new Set([GROUPS, CENTRAL_EUROPEAN, GERMANIC, ROMANCE, EXTRA].flatMap((table) => Object.keys(table)));

/** Whether a (lower-case, folded) name is one the tables know as a given name, formal or diminutive. */
export function isKnownGivenName(name: string): boolean {
  return FORMAL.has(name) || NICKNAMES.has(name);
}
