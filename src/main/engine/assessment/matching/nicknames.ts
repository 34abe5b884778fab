/**
 * First names that stand for one another: nicknames, short forms and other spellings or
 * transliterations of the same name, as found on school registers. Each group lists names in
 * their normalized form (lower case, no accents). A name may sit in more than one group
 * (Chris: Christopher and Christine); two names are variants when some group holds both.
 * Names that are given in their own right today (Jack, Harry, Alfie, Charlie for a girl) are left
 * out of the groups they derive from, so twins called John and Jack are never taken for one child.
 */
const GROUPS: readonly string[] = [
  'john jon jonny johnny',
  'stephen steven steve stevie',
  'katherine catherine kathryn kathrine katharine kate katie kathy cath cathy kat',
  'sarah sara sally sadie',
  'mohammed muhammad mohammad mohamed mohamad muhammed mohammod mehmet',
  'matthew mathew matt matty',
  'jacob jakob jake',
  'freddie freddy fred frederick',
  'isabella isabel isobel isabelle bella izzy issy',
  'christopher chris kit',
  'christine christina chris chrissy tina',
  'benjamin ben benji benny',
  'edward ed eddie ted teddy ned',
  'joseph joe joey jo yosef yusuf yousef youssef',
  'josephine jo josie',
  'eleanor elinor ellie nell nellie elle',
  'samuel sam sammy',
  'samantha sam sammy',
  'thomas tom tommy',
  'william will bill billy liam willie',
  'daniel dan danny',
  'jessica jess jessie',
  'matilda tilly tillie mattie',
  'david dave davey dai',
  'michael mike mick mikey micky',
  'robert rob robbie bob bobby bert',
  'richard rich richie rick ricky dick',
  'james jim jimmy jamie',
  'alexander alex alec sandy xander',
  'alexandra alex alexa sandra sasha',
  'elizabeth liz lizzie beth betty eliza libby elise',
  'margaret maggie meg peggy margot',
  'rebecca becky becca',
  'victoria vicky tori',
  'anthony tony antony',
  'andrew andy drew',
  'nicholas nick nicky nico',
  'charles charlie chas chuck',
  'charlotte lottie',
  'henry hal hank',
    'patrick pat paddy',
  'patricia pat patty tricia',
  'peter pete',
  'philip phillip phil pip',
  'timothy tim timmy',
  'gregory greg',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donny',
  'lawrence laurence larry laurie',
  'leonard leo len lenny',
  'abigail abby abbie gail',
  'amelia millie emilia',
  'emily emmy em',
  'emma em emmy',
  'elena helen helena ellen',
  'susan sue suzy susie',
  'deborah debbie debra deb',
  'jennifer jenny jen',
  'natalie natalia nat',
  'nathan nat nate nathaniel',
  'zachary zach zack',
  'oliver ollie olly',
  'olivia liv livvy ollie',
  'theodore theo ted teddy',
  'sophia sophie sofia',
  'zoe zoey',
  'hannah hanna',
  'rachel rachael',
  'ibrahim abraham avraham',
  'yusuf joseph yosef',
  'yaakov jacob yakov',
  'moshe moses musa',
  'david dawood dawud',
  'maryam miriam mariam mary maria marie',
  'fatima fatimah fatma',
  'aisha ayesha aysha',
  'omar umar',
  'ahmed ahmad',
  'hassan hasan',
  'hussein husain hussain',
  'khalid khaled',
  'yasmin yasmine jasmine jasmin',
  'layla leila laila lila',
  'nour noor nur',
  'zainab zaynab zeinab',
];

const VARIANTS = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const names = group.split(' ');
  for (const name of names) {
    const set = VARIANTS.get(name) ?? new Set<string>();
    for (const other of names) if (other !== name) set.add(other);
    VARIANTS.set(name, set);
  }
}

/** True when the two normalized first names are known forms of the same name. */
export function areNameVariants(a: string, b: string): boolean {
  if (a === b) return false;
  return VARIANTS.get(a)?.has(b) ?? false;
}
