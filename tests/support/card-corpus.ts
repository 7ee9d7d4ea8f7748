import type { NoiseRow } from '@/lib/cards/noise';
import type { CardData } from '@/lib/cards/types';

/*
 * A corpus of well-formed task cards in the seed's format, varied as real ones are: un-numbered
 * stages, decimal and plan-only cells, 0/x cells, amounts and shares, empty sections, "bd.", "X",
 * "ok. 40", values with remarks in parentheses, thousands written with a space. Each card is given
 * as data (`CorpusCard`) and as rows of cells for the noise model (lib/cards/noise.ts).
 */

export interface CorpusCard {
  strategy: string;
  goal: { number: number; title: string; owner: string };
  program: { number: number; title: string; coordinator: string };
  task: { number: number; title: string; addressees: string; justification: string; description: string };
  executor: { department: string; function: string };
  years: number[];
  /** A stage: its number (null: un-numbered), name and one cell per year as written. */
  stages: { number: number | null; name: string; cells: string[] }[];
  partners: { name: string; scope: string }[];
  indicators: { type: 'product' | 'result' | 'impact'; name: string; source: string; values: string[] }[];
  totalCost: string;
  budgetNote: string;
  funding: { source: string; value: string }[];
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];
const TYPE_HEADINGS = {
  product: 'Wskaźniki produktu:',
  result: 'Wskaźniki rezultatu:',
  impact: 'Wskaźniki oddziaływania:',
} as const;

/** The card's rows in the seed's layout (what renderCardText writes). */
export function corpusRows(card: CorpusCard): NoiseRow[] {
  const rows: NoiseRow[] = [];
  const blank = () => rows.push({ kind: 'blank', cells: [] });
  const text = (value: string) => {
    for (const line of value.split('\n')) rows.push({ kind: 'text', cells: line ? [line] : [] });
  };
  rows.push({ kind: 'strategy', cells: [card.strategy] });
  blank();
  rows.push({
    kind: 'goal',
    cells: [`Cel ${ROMAN[card.goal.number]} - ${card.goal.title} - szef celu ${card.goal.owner}`],
  });
  blank();
  rows.push({
    kind: 'program',
    cells: [`${card.program.number}. ${card.program.title} - koordynator ${card.program.coordinator}`],
  });
  blank();
  rows.push({ kind: 'task', cells: [`${card.task.number}. ${card.task.title}`] });
  blank();
  for (const [heading, value] of [
    ['Adresaci', card.task.addressees],
    ['Uzasadnienie', card.task.justification],
    ['Opis zadania', card.task.description],
  ] as const) {
    rows.push({ kind: 'heading', cells: [heading] });
    blank();
    if (value) {
      text(value);
      blank();
    }
  }
  rows.push({ kind: 'heading', cells: ['Etapy realizacji zadania'] });
  rows.push({ kind: 'tableHeader', cells: ['Etapy realizacji Rok'] });
  rows.push({ kind: 'years', cells: [card.years.join(' ')] });
  for (const stage of card.stages) {
    rows.push({
      kind: 'stage',
      cells: [stage.number === null ? stage.name : `${stage.number}. ${stage.name}`, ...stage.cells],
    });
  }
  rows.push({ kind: 'heading', cells: ['Realizator'] });
  blank();
  rows.push({ kind: 'executor', cells: [`${card.executor.department} – ${card.executor.function}`] });
  blank();
  rows.push({ kind: 'heading', cells: ['Podmioty współpracujące'] });
  rows.push({ kind: 'tableHeader', cells: ['Nazwa Zakres współpracy'] });
  for (const partner of card.partners) {
    rows.push({ kind: 'partner', cells: partner.scope ? [partner.name, partner.scope] : [partner.name] });
  }
  rows.push({ kind: 'heading', cells: ['Mierniki dla realizacji zadania'] });
  rows.push({ kind: 'tableHeader', cells: [`Typ Wskaźnik Źródło ${card.years.join(' ')}`] });
  for (const type of ['product', 'result', 'impact'] as const) {
    rows.push({ kind: 'indicatorType', cells: [TYPE_HEADINGS[type]] });
    const ofType = card.indicators.filter((indicator) => indicator.type === type);
    if (ofType.length === 0) rows.push({ kind: 'text', cells: ['Brak'], indent: '\u00a0 ' });
    for (const indicator of ofType) {
      rows.push({
        kind: 'indicator',
        cells: [indicator.name, indicator.source, ...indicator.values],
        indent: '\u00a0 ',
      });
    }
  }
  rows.push({ kind: 'heading', cells: ['Planowany całkowity koszt realizacji'] });
  blank();
  if (card.totalCost) rows.push({ kind: 'totalCost', cells: [card.totalCost] });
  rows.push({ kind: 'heading', cells: ['Budżet zadania'] });
  rows.push({ kind: 'tableHeader', cells: ['Źródło finansowania Środki'] });
  if (card.budgetNote) rows.push({ kind: 'fundingNote', cells: [card.budgetNote] });
  for (const item of card.funding) {
    blank();
    rows.push({ kind: 'funding', cells: [item.source, item.value] });
  }
  return rows;
}

const POINTS = /^(\d+(?:[.,]\d+)?)?\/(\d+(?:[.,]\d+)?)%$/;
const number = (value: string | undefined) => (value === undefined ? null : Number(value.replace(',', '.')));

/** The card as the parser should read it. */
export function corpusData(card: CorpusCard): CardData {
  return {
    strategy: { name: card.strategy },
    goal: card.goal,
    program: card.program,
    task: { ...card.task, executor: card.executor },
    years: card.years,
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year, i) => {
          const cell = stage.cells[i] ?? '-';
          const plan = /^(\d+(?:[.,]\d+)?)%$/.exec(cell);
          if (plan) return [year, { actual: null, planned: number(plan[1]) }];
          const match = POINTS.exec(cell);
          return [year, match ? { actual: number(match[1]), planned: number(match[2]) } : null];
        }),
      ),
    })),
    partners: card.partners,
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(card.years.map((year, i) => [year, indicator.values[i] ?? ''])),
    })),
    totalCost: card.totalCost,
    budgetNote: card.budgetNote,
    funding: card.funding,
  };
}

// ---------------------------------------------------------------------------------------------
// The pieces real cards are made of; each card of the corpus takes its own mix of them.

const GOALS = [
  {
    number: 1,
    title:
      'Zmodernizowanie lokalnej gospodarki oraz przyciągnięcie innowacyjnych inwestycji dla budowania trwałego, zrównoważonego rozwoju gospodarczego',
    owner: 'Sekretarz Miasta Leszna',
  },
  {
    number: 2,
    title: 'Wysoka jakość życia mieszkańców oraz sprawne usługi publiczne',
    owner: 'I Zastępca Prezydenta Miasta Leszna',
  },
  {
    number: 3,
    title: 'Atrakcyjna przestrzeń miejska i ochrona środowiska',
    owner: 'II Zastępca Prezydenta Miasta Leszna',
  },
];

const PROGRAMS = [
  {
    number: 3,
    title: 'Innowacyjna lokalna gospodarka',
    coordinator: 'Naczelnik Wydziału Promocji i Rozwoju',
  },
  {
    number: 2,
    title: 'Aktywne i solidarne społeczeństwo',
    coordinator: 'Dyrektor Miejskiego Ośrodka Pomocy Rodzinie',
  },
  { number: 4, title: 'Kultura dla wszystkich', coordinator: 'Dyrektor Miejskiego Centrum Kultury' },
  { number: 1, title: 'Czyste powietrze i zieleń', coordinator: 'Naczelnik Wydziału Ochrony Środowiska' },
  { number: 5, title: 'Bezpieczne miasto', coordinator: 'Naczelnik Wydziału Zarządzania Kryzysowego' },
];

const TASKS = [
  'Współpraca w ramach „potrójnej spirali” (administracja, szkoły wyższe, biznes)',
  'Leszczyńskie Centrum Wolontariatu',
  'Inkubator przedsiębiorczości przy ul. Geodetów',
  'Program rewitalizacji Starego Miasta',
  'Cyfrowa biblioteka miejska',
  'Modernizacja oświetlenia ulicznego (LED)',
  'Budowa ścieżek rowerowych wzdłuż al. Jana Pawła II',
  'Wymiana pieców węglowych w budynkach komunalnych',
  'Miejski program profilaktyki zdrowotnej',
  'Leszczyńskie spotkania z historią',
  'Monitoring wizyjny przestrzeni publicznej',
  'Targi pracy i przedsiębiorczości',
];

const ADDRESSEES = [
  'Osoby chcące rozpocząć działalność gospodarczą, przedsiębiorstwa już istniejące, szkoły wyższe.',
  'Mieszkańcy Leszna, w szczególności:\n- młodzież szkół ponadgimnazjalnych,\n- seniorzy.',
  'Mieszkańcy i turyści.',
  '',
  'Rodziny z dziećmi, osoby niepełnosprawne (ok. 3 tys. osób).',
];

const JUSTIFICATIONS = [
  'Istotnym problemem w mieście jest brak partnerstwa między instytucjami wspierającymi biznes a szkołami wyższymi.',
  'Liczba osób korzystających z pomocy społecznej rośnie od 2008 r.; potrzebne są nowe formy wsparcia.',
  '',
  'Stan techniczny infrastruktury jest zły (ok. 40% sieci wymaga wymiany).',
];

const DESCRIPTIONS = [
  'Potencjalne działania w ramach projektu: programy szkoleniowe, wizyty studyjne, opracowanie studium przypadku.',
  'Cykl spotkań, wydanie przewodnika.',
  'Zadanie obejmuje:\n1) przygotowanie dokumentacji,\n2) budowę,\n3) odbiór i rozliczenie.',
  'Budowa 12 km ścieżek (w tym 3 km w ciągu dróg wojewódzkich).',
];

const STAGE_SETS: { number: number | null; name: string; cells: string[] }[][] = [
  [
    {
      number: 1,
      name: 'Diagnoza stanu obecnego gospodarki w Lesznie',
      cells: ['15/15%', '-', '-', '-', '-'],
    },
    { number: 2, name: 'Utworzenie Lokalnej Grupy Wsparcia.', cells: ['15/15%', '-', '-', '-', '-'] },
    {
      number: 3,
      name: 'Wymiana doświadczeń, wzajemne uczenie się poprzez programy szkoleniowe dla członków LGW, wizyty studyjne, warsztaty tematyczne i konferencje.',
      cells: ['15/15%', '15/15%', '10/10%', '-', '-'],
    },
    {
      number: 4,
      name: 'Wypracowanie Lokalnego Planu Działań.',
      cells: ['4/10%', '2/10%', '10/10%', '-', '-'],
    },
  ],
  [
    { number: 1, name: 'Przygotowanie lokalu i bazy ofert', cells: ['1.5/2.5%', '1,5/2,5%', '-', '-', '-'] },
    { number: 2, name: 'Szkolenia wolontariuszy', cells: ['0/10%', '10/10%', '20/20%', '25%', '-'] },
    { number: null, name: 'Ocena zrealizowanego zadania', cells: ['-', '-', '-', '-', '30%'] },
  ],
  [
    { number: 1, name: 'Opracowanie dokumentacji projektowej', cells: ['10/10%', '-', '-', '-', '-'] },
    { number: 2, name: 'Uzyskanie pozwolenia na budowę', cells: ['-', '5/5%', '-', '-', '-'] },
    {
      number: 3,
      name: 'Roboty budowlane – etap I (ul. Słowiańska)',
      cells: ['-', '20/25%', '30/30%', '-', '-'],
    },
    { number: 4, name: 'Roboty budowlane – etap II', cells: ['-', '-', '0/20%', '10%', '-'] },
    { number: 5, name: 'Odbiór i rozliczenie', cells: ['-', '-', '-', '-', '10%'] },
  ],
  [
    {
      number: null,
      name: 'Kampania informacyjna',
      cells: ['20/20%', '20/20%', '20/20%', '20/20%', '20/20%'],
    },
  ],
  [
    { number: 1, name: 'Cykl spotkań historycznych', cells: ['10/10%', '10/10%', '10/10%', '-', '-'] },
    { number: 2, name: 'Wydanie przewodnika', cells: ['-', '20/20%', '-', '-', '-'] },
    { number: 3, name: 'Wystawa plenerowa', cells: ['-', '-', '12.5/20%', '20%', '-'] },
  ],
];

const PARTNER_SETS: { name: string; scope: string }[][] = [
  [
    {
      name: 'Państwowa Wyższa Szkoła Zawodowa',
      scope: 'Wymiana informacji, uczestnictwo w programach szkoleniowych',
    },
    {
      name: 'Wyższa Szkoła Marketingu i Zarządzania',
      scope: 'Wymiana informacji, uczestnictwo w programach szkoleniowych',
    },
    {
      name: 'Poznański Park Naukowo -Technologiczny',
      scope: 'Wymiana informacji, uczestnictwo w programach szkoleniowych',
    },
  ],
  [
    { name: 'Stowarzyszenie Centrum Wolontariatu', scope: 'Szkolenia wolontariuszy i koordynatorów' },
    { name: 'Caritas Diecezji Poznańskiej', scope: 'Udział w akcjach wolontariackich' },
  ],
  [],
  [{ name: 'Towarzystwo Miłośników Ziemi Leszczyńskiej', scope: 'Organizacja spotkań z mieszkańcami' }],
  [
    { name: 'Miejski Zakład Zieleni', scope: 'Realizacja nasadzeń' },
    { name: 'Komenda Miejska Policji', scope: 'Współpraca przy monitoringu' },
    { name: 'Powiatowy Urząd Pracy', scope: 'Pomoc w rekrutacji uczestników' },
  ],
];

type Indicator = CorpusCard['indicators'][number];
const INDICATOR_SETS: Indicator[][] = [
  [
    { type: 'product', name: 'Lokalna Grupa Wsparcia', source: 'WPiR', values: ['1', '1', '1', '0', '0'] },
    { type: 'product', name: 'Lokalny Plan Działań', source: 'WPiR', values: ['0', '0', '1', '0', '0'] },
    {
      type: 'result',
      name: 'Nowe kierunki na uczelniach wyższych',
      source: 'WPiR- szkoły wyższe',
      values: ['0', '1', '2', '1', '1'],
    },
    {
      type: 'result',
      name: 'Zwiększenie współpracy z instytucjami regionalnymi',
      source: 'WPiR',
      values: ['1', '1', '1', '1', '1'],
    },
  ],
  [
    {
      type: 'product',
      name: 'Liczba wolontariuszy',
      source: 'MOPR',
      values: ['120', '145', 'bd.', 'X', '-'],
    },
    {
      type: 'result',
      name: 'Liczba godzin pracy wolontariuszy',
      source: 'MOPR',
      values: ['ok. 40', 'ok. 55', '60', '-', '-'],
    },
    {
      type: 'impact',
      name: 'Osoby objęte pomocą',
      source: 'GUS',
      values: ['623 (w tym 39 dla niepełnosprawnych)', '640', 'bd.', '-', '-'],
    },
  ],
  [
    {
      type: 'product',
      name: 'Długość ścieżek rowerowych (km)',
      source: 'WGK',
      values: ['0', '2,5', '6', '8', '12'],
    },
    { type: 'impact', name: 'Liczba mieszkańców', source: 'GUS', values: ['64 %', '808/49', 'X', 'X', 'X'] },
  ],
  [],
  [
    { type: 'product', name: 'Liczba spotkań', source: 'MCK', values: ['6', '8', '9', '-', '-'] },
    {
      type: 'result',
      name: 'Liczba uczestników spotkań',
      source: 'MCK',
      values: ['300', '450', 'bd.', '-', '-'],
    },
  ],
];

const EXECUTORS = [
  { department: 'Wydział Promocji i Rozwoju', function: 'Naczelnik' },
  { department: 'Miejski Ośrodek Pomocy Rodzinie', function: 'Dyrektor' },
  { department: 'Wydział Gospodarki Komunalnej', function: 'Naczelnik' },
  { department: 'Miejskie Centrum Kultury', function: 'Dyrektor' },
];

const BUDGETS: { totalCost: string; budgetNote: string; funding: { source: string; value: string }[] }[] = [
  {
    totalCost: '',
    budgetNote: 'Z budżetu projektu:',
    funding: [
      { source: 'Program Urbact', value: '80%' },
      { source: 'Miasto Leszno', value: '20%' },
    ],
  },
  { totalCost: 'ok. 100 mln zł', budgetNote: '', funding: [{ source: 'Budżet miasta', value: '85 000 zł' }] },
  {
    totalCost: '2 400 000 zł',
    budgetNote: '',
    funding: [
      { source: 'RPO WW', value: '1 800 000 zł' },
      { source: 'Budżet miasta', value: '600 000 zł' },
    ],
  },
  { totalCost: '', budgetNote: '', funding: [] },
  {
    totalCost: 'bd.',
    budgetNote: '',
    funding: [
      { source: 'Środki własne', value: '15%' },
      { source: 'Fundusz Spójności', value: '85%' },
    ],
  },
];

const STRATEGIES = ['Strategia rozwoju Leszna', 'Strategia rozwoju miasta Leszna na lata 2009–2013'];

/** The corpus: 36 cards, each its own mix of the pieces above. */
export const CORPUS: CorpusCard[] = Array.from({ length: 36 }, (_, k) => {
  const goal = GOALS[k % GOALS.length]!;
  const program = PROGRAMS[(k * 2) % PROGRAMS.length]!;
  const budget = BUDGETS[(k * 3) % BUDGETS.length]!;
  return {
    strategy: STRATEGIES[Math.floor(k / 18)]!,
    goal,
    program,
    task: {
      number: 1 + (k % 9),
      title: TASKS[k % TASKS.length]!,
      addressees: ADDRESSEES[k % ADDRESSEES.length]!,
      justification: JUSTIFICATIONS[(k * 3) % JUSTIFICATIONS.length]!,
      description: DESCRIPTIONS[(k * 5) % DESCRIPTIONS.length]!,
    },
    executor: EXECUTORS[k % EXECUTORS.length]!,
    years: [2009, 2010, 2011, 2012, 2013],
    stages: STAGE_SETS[k % STAGE_SETS.length]!,
    partners: PARTNER_SETS[(k * 7) % PARTNER_SETS.length]!,
    indicators: INDICATOR_SETS[(k * 3 + 1) % INDICATOR_SETS.length]!,
    ...budget,
  };
});
