import type { CardData } from '@/lib/cards/types';

const SCOPE = 'Wymiana informacji, uczestnictwo w programach szkoleniowych';

/**
 * The seed task card (karta-zadania-cel-I-program-3-zadanie-1.txt) as data, value for value.
 * The run-together partner line of the seed ("…Transferu TechnologiiRegionalna Izba…") is two
 * partners with the same scope as the others (DOMAIN.md).
 */
export const demoCard: CardData = {
  strategy: { name: 'Strategia rozwoju Leszna' },
  goal: {
    number: 1,
    title:
      'Zmodernizowanie lokalnej gospodarki oraz przyciągnięcie innowacyjnych inwestycji dla budowania trwałego, zrównoważonego rozwoju gospodarczego',
    owner: 'Sekretarz Miasta Leszna',
  },
  program: {
    number: 3,
    title: 'Innowacyjna lokalna gospodarka',
    coordinator: 'Naczelnik Wydziału Promocji i Rozwoju',
  },
  task: {
    number: 1,
    title: 'Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)',
    addressees:
      'Osoby chcące rozpocząć działalność gospodarczą, przedsiębiorstwa już istniejące, szkoły wyższe, instytucje otoczenia biznesu.',
    justification:
      'Istotnym problemem w mieście jest brak partnerstwa między instytucjami wspierającymi biznes, przedsiębiorstwami i szkołami wyższymi. Dlatego też, Leszno uczestniczy w projekcie RUnUP, którego celem jest m.in. wzmocnienie współpracy w ramach potrójnej spirali w celu polepszenia wiedzy i transferu technologii, stworzenia odpowiednich warunków do stymulowania działalności gospodarczej opartej na wiedzy i maksymalizacja potencjału ekonomicznego, innowacyjnego i przedsiębiorczości w mieście.',
    description:
      'Potencjalne działania w ramach projektu: programy szkoleniowe dla członków LGW w zakresie przedsiębiorczości i innowacyjności, wymiana pracowników między różnymi sektorami i staże w ramach „leszczyńskiej” LGW, wizyty studyjne celem poznania najlepszych praktyk u wybranych partnerów zagranicznych projektu, opracowanie studium przypadku jako przykładu tzw. dobrej praktyki, badanie lokalnej gospodarki i wypracowanie polityki działań na rzecz wzrostu przedsiębiorczości i innowacyjności w Lesznie, przyciągnięcie i zatrzymanie pracowników o wysokich kwalifikacjach poprzez rozbudowę infrastruktury w celu rozwijania gospodarki opartej na wiedzy.',
    executor: { department: 'Wydział Promocji i Rozwoju', function: 'Naczelnik' },
  },
  years: [2009, 2010, 2011, 2012, 2013],
  stages: [
    {
      number: 1,
      name: 'Diagnoza stanu obecnego gospodarki w Lesznie',
      cells: { 2009: { actual: 15, planned: 15 }, 2010: null, 2011: null, 2012: null, 2013: null },
    },
    {
      number: 2,
      name: 'Utworzenie Lokalnej Grupy Wsparcia.',
      cells: { 2009: { actual: 15, planned: 15 }, 2010: null, 2011: null, 2012: null, 2013: null },
    },
    {
      number: 3,
      name: 'Wymiana doświadczeń, wzajemne uczenie się poprzez programy szkoleniowe dla członków LGW, wymianę pracowników między różnymi sektorami, staże w ramach leszczyńskiej LGW, wizyty studyjne, warsztaty tematyczne i konferencje.',
      cells: {
        2009: { actual: 15, planned: 15 },
        2010: { actual: 15, planned: 15 },
        2011: { actual: 10, planned: 10 },
        2012: null,
        2013: null,
      },
    },
    {
      number: 4,
      name: 'Wypracowanie Lokalnego Planu Działań.',
      cells: {
        2009: { actual: 4, planned: 10 },
        2010: { actual: 2, planned: 10 },
        2011: { actual: 10, planned: 10 },
        2012: null,
        2013: null,
      },
    },
  ],
  partners: [
    { name: 'Państwowa Wyższa Szkoła Zawodowa', scope: SCOPE },
    { name: 'Wyższa Szkoła Marketingu i Zarządzania', scope: SCOPE },
    { name: 'Wyższa Szkoła Humanistyczna', scope: SCOPE },
    { name: 'Poznański Park Naukowo -Technologiczny', scope: SCOPE },
    { name: 'Centrum Innowacji i Transferu Technologii', scope: SCOPE },
    { name: 'Regionalna Izba Przemysłowo Handlowa', scope: SCOPE },
  ],
  indicators: [
    {
      type: 'product',
      name: 'Lokalna Grupa Wsparcia',
      source: 'WPiR',
      values: { 2009: '1', 2010: '1', 2011: '1', 2012: '0', 2013: '0' },
    },
    {
      type: 'product',
      name: 'Lokalny Plan Działań',
      source: 'WPiR',
      values: { 2009: '0', 2010: '0', 2011: '1', 2012: '0', 2013: '0' },
    },
    {
      type: 'result',
      name: 'Nowe kierunki na uczelniach wyższych',
      source: 'WPiR- szkoły wyższe',
      values: { 2009: '0', 2010: '1', 2011: '2', 2012: '1', 2013: '1' },
    },
    {
      type: 'result',
      name: 'Nowe gałęzie przemysłu',
      source: 'WPiR',
      values: { 2009: '0', 2010: '0', 2011: '0', 2012: '0', 2013: '0' },
    },
    {
      type: 'result',
      name: 'Zwiększenie współpracy z instytucjami regionalnymi',
      source: 'WPiR',
      values: { 2009: '1', 2010: '1', 2011: '1', 2012: '1', 2013: '1' },
    },
  ],
  totalCost: '',
  budgetNote: 'Z budżetu projektu:',
  funding: [
    { source: 'Program Urbact', value: '80%' },
    { source: 'Miasto Leszno', value: '20%' },
  ],
};
