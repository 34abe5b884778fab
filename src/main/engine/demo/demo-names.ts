/**
 * Names for the demo school's families, grouped by the naming tradition of the family so a
 * child's first name and surname belong together. Each name is [as written, plain ASCII]: the
 * written form goes into the legacy tables (accents, Hebrew and Arabic script, right to left),
 * the ASCII form builds e-mail addresses the way a school's IT would.
 */
export type NameEntry = readonly [written: string, ascii: string];

export interface NameCulture {
  id: 'english' | 'latin' | 'central' | 'hebrew' | 'arabic';
  /** Relative share of families. */
  weight: number;
  boys: readonly NameEntry[];
  girls: readonly NameEntry[];
  surnames: readonly NameEntry[];
  /** Home language code as the legacy system records it. */
  language: string;
}

const same = (names: string[]): NameEntry[] => names.map((n) => [n, n] as const);
const plain = (names: string[]): NameEntry[] => names.map((n) => [n, n.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ø/g, 'o')] as const);

export const NAME_CULTURES: readonly NameCulture[] = [
  {
    id: 'english',
    weight: 62,
    language: 'ENG',
    boys: same(['Oliver', 'George', 'Harry', 'Jack', 'Noah', 'Leo', 'Arthur', 'Charlie', 'Thomas', 'James', 'William', 'Henry', 'Alfie', 'Joshua', 'Daniel', 'Samuel', 'Jacob', 'Isaac', 'Adam', 'Ethan', 'Joseph', 'Max', 'Lucas', 'Oscar', 'Freddie', 'Theo', 'Stephen', 'John', 'Matthew', 'Christopher', 'Mohammed', 'Reuben', 'Finley', 'Edward', 'Benjamin']),
    girls: same(['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Poppy', 'Emily', 'Ella', 'Evie', 'Florence', 'Ruby', 'Charlotte', 'Daisy', 'Sarah', 'Katherine', 'Hannah', 'Alice', 'Phoebe', 'Jessica', 'Lucy', 'Megan', 'Holly', 'Imogen', 'Matilda', 'Harriet', 'Eleanor', 'Aisha', 'Scarlett']),
    surnames: same(['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', "O'Brien", 'McDonald', 'Fitzgerald', 'Khan', 'Ahmed', 'Begum', 'Okafor', 'Mensah', 'Nguyen', 'Singh', 'Kaur', 'Chapman', 'Bennett', 'Gray', 'Holmes', 'Price', 'Sutton', 'Lawrence', 'Marshall', 'Palmer', 'Reid']),
  },
  {
    id: 'latin',
    weight: 14,
    language: 'SPA',
    boys: plain(['José', 'André', 'Sebastián', 'Joaquín', 'Raphaël', 'François', 'Jérôme', 'Mathéo', 'Tomás', 'João', 'Iñigo', 'Noël', 'Andrés', 'Rubén', 'Álvaro', 'Ángel', 'Gonçalo']),
    girls: plain(['Zoë', 'Chloé', 'Renée', 'Anaïs', 'Inès', 'Léa', 'Mélanie', 'Sofía', 'Lucía', 'Mónica', 'Begoña', 'Françoise', 'Hélène', 'Maëlle', 'Ainhoa', 'Leonor', 'Valentina']),
    surnames: plain(['García', 'Martínez', 'Rodríguez', 'Fernández', 'López', 'González', 'Sánchez', 'Pérez', 'Gómez', 'Núñez', 'Muñoz', 'Ibáñez', 'Gonçalves', 'Conceição', 'Lefèvre', 'Dubois', 'Bélanger', 'Côté', 'Müller', 'Schäfer', 'Sørensen', 'Peña', 'Jiménez', 'Álvarez']),
  },
  {
    id: 'central',
    weight: 6,
    language: 'POL',
    boys: plain(['Łukasz', 'Wojciech', 'Paweł', 'Jakub', 'Kacper', 'Jiří', 'Tomáš', 'Mikołaj', 'Bartłomiej']),
    girls: plain(['Małgorzata', 'Zofia', 'Agnieszka', 'Kateřina', 'Zuzanna', 'Wiktoria', 'Alicja', 'Barbora']),
    surnames: plain(['Kowalski', 'Wiśniewski', 'Wójcik', 'Dvořák', 'Nowak', 'Lewandowski', 'Kamiński', 'Zieliński', 'Szymańska', 'Novák']),
  },
  {
    id: 'hebrew',
    weight: 8,
    language: 'HEB',
    boys: [['יוסף', 'Yosef'], ['דוד', 'David'], ['משה', 'Moshe'], ['אברהם', 'Avraham'], ['יעקב', 'Yaakov'], ['נועם', 'Noam'], ['אריאל', 'Ariel'], ['איתי', 'Itai'], ['יונתן', 'Yonatan'], ['עומר', 'Omer']],
    girls: [['שרה', 'Sarah'], ['רחל', 'Rachel'], ['נועה', 'Noa'], ['תמר', 'Tamar'], ['מיכל', 'Michal'], ['יעל', 'Yael'], ['אביגיל', 'Avigail'], ['מאיה', 'Maya'], ['שירה', 'Shira'], ['הילה', 'Hila']],
    surnames: [['כהן', 'Cohen'], ['לוי', 'Levi'], ['מזרחי', 'Mizrahi'], ['פרץ', 'Peretz'], ['ביטון', 'Biton'], ['דהן', 'Dahan'], ['אברהמי', 'Avrahami'], ['פרידמן', 'Friedman'], ['שפירא', 'Shapira'], ['גולדברג', 'Goldberg']],
  },
  {
    id: 'arabic',
    weight: 10,
    language: 'ARA',
    boys: [['محمد', 'Mohammed'], ['أحمد', 'Ahmed'], ['علي', 'Ali'], ['عمر', 'Omar'], ['يوسف', 'Yusuf'], ['حسن', 'Hassan'], ['خالد', 'Khalid'], ['إبراهيم', 'Ibrahim'], ['سامي', 'Sami'], ['كريم', 'Karim']],
    girls: [['فاطمة', 'Fatima'], ['ليلى', 'Layla'], ['مريم', 'Maryam'], ['نور', 'Nour'], ['زينب', 'Zainab'], ['سارة', 'Sara'], ['هدى', 'Huda'], ['ياسمين', 'Yasmin'], ['رنا', 'Rana'], ['عائشة', 'Aisha']],
    surnames: [['الخطيب', 'AlKhatib'], ['حداد', 'Haddad'], ['منصور', 'Mansour'], ['العلي', 'AlAli'], ['حسين', 'Hussein'], ['عبدالله', 'Abdullah'], ['النجار', 'AlNajjar'], ['سليمان', 'Suleiman'], ['الشامي', 'AlShami'], ['فرحات', 'Farhat']],
  },
];

export const CULTURE_WEIGHTS: readonly number[] = NAME_CULTURES.map((c) => c.weight);
export const CULTURE_WEIGHT_TOTAL = CULTURE_WEIGHTS.reduce((a, b) => a + b, 0);

/**
 * First names a second registration of the same child may carry instead: nicknames, other
 * spellings, transliterations. [name as first registered, variant]. The duplicate detector in the
 * tests (and the assessment) treat the two as the same name.
 */
export const NAME_VARIANTS: readonly (readonly [string, string])[] = [
  ['John', 'Jon'],
  ['Stephen', 'Steven'],
  ['Katherine', 'Catherine'],
  ['Sarah', 'Sara'],
  ['Mohammed', 'Muhammad'],
  ['Matthew', 'Mathew'],
  ['Jacob', 'Jakob'],
  ['Freddie', 'Freddy'],
  ['Isabella', 'Isabel'],
  ['Christopher', 'Chris'],
  ['Benjamin', 'Ben'],
  ['Edward', 'Ed'],
  ['Joseph', 'Joe'],
  ['Eleanor', 'Ellie'],
  ['Samuel', 'Sam'],
  ['Thomas', 'Tom'],
  ['William', 'Will'],
  ['Daniel', 'Dan'],
  ['Jessica', 'Jess'],
  ['Matilda', 'Tilly'],
  ['יוסף', 'Yosef'],
  ['דוד', 'David'],
  ['محمد', 'Mohammed'],
  ['عمر', 'Omar'],
  ['فاطمة', 'Fatima'],
];

export const TITLES_FEMALE = ['Mrs', 'Ms', 'Miss', 'Dr'] as const;
export const TITLES_MALE = ['Mr', 'Mr', 'Mr', 'Dr'] as const;

export const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Park Avenue', 'Victoria Road', 'Mill Lane', 'Grove Road', 'Kingsway', 'Queens Road', 'The Crescent', 'Elm Close', 'Orchard Way', 'Manor Drive', 'Northgate', 'Riverside Walk', 'Chapel Street', 'Green Lane', 'Windsor Gardens', 'Albert Terrace', 'Meadow View'] as const;
export const AREAS = ['', '', '', 'Northgate', 'Hillside', 'Westfield', 'Old Town', 'Parkside'] as const;
export const TOWNS = ['Northbridge', 'Northbridge', 'Northbridge', 'Ashford Vale', 'Kingsmere', 'Little Hadley'] as const;
export const POSTCODE_AREAS = ['NB1', 'NB2', 'NB3', 'NB4', 'NB7', 'KM2', 'KM5', 'AV3'] as const;
export const EMAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.co.uk', 'icloud.com', 'btinternet.com'] as const;
export const ALLERGENS = ['Peanuts', 'Tree nuts', 'Eggs', 'Milk', 'Sesame', 'Gluten', 'Fish', 'Shellfish', 'Soya', 'Penicillin', 'Bee stings', 'Latex'] as const;
