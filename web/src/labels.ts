import type { Lang } from './i18n';

/** The API's codes in words a counsellor or a household reads (B1 Dutch; English beside it). */
type Words = Record<string, [nl: string, en: string]>;

export const flagWords: Words = {
  PROTECTED_INCOME_ESTIMATED: [
    'De beslagvrije voet is geschat: er is nog geen officiële berekening (van het Inlichtingenbureau, een deurwaarder of de rechter). Vraag die op voordat er wordt geïnd.',
    'The protected income is an estimate: there is no official calculation yet (from the Inlichtingenbureau, a bailiff or a court). Ask for one before anyone collects.',
  ],
  PROTECTED_INCOME_STALE: [
    'De beslagvrije voet is ouder dan een jaar of het inkomen is sindsdien veranderd. Laat hem opnieuw vaststellen.',
    'The protected income is more than a year old or the income has changed since. Have it set again.',
  ],
  PROTECTED_INCOME_DISPUTED: [
    'De schuldhulpverlener betwist de officiële beslagvrije voet (bijvoorbeeld omdat die uitgaat van een verkeerde gezinssituatie). Tot dat is opgelost kan het bedrag dat het huishouden mag houden te laag zijn: wees voorzichtig met innen.',
    'The debt counsellor disputes the official protected income (for example because it assumes the wrong household situation). Until this is resolved, the amount the household may keep can be too low: be careful collecting.',
  ],
  PROTECTED_INCOME_UNDERCUT: [
    'Na alle inhoudingen houdt het huishouden minder over dan de beslagvrije voet. Dat mag niet: er moet een maatregel omlaag of stoppen.',
    'After every deduction the household keeps less than its protected income. That is not allowed: a measure must be lowered or stopped.',
  ],
  OVERCOMMITTED: [
    'Er lopen meer verrekeningen en regelingen dan de afloscapaciteit toelaat. De genoemde maatregelen passen niet meer.',
    'More set-offs and plans run than the room allows. The measures named no longer fit.',
  ],
  MORATORIUM_ACTIVE: [
    'Er loopt een adempauze (moratorium): schuldeisers mogen nu niets nieuws starten en lopende maatregelen innen niets.',
    'A breathing space (moratorium) is running: creditors may start nothing new and running measures collect nothing.',
  ],
  PARAMETERS_OUTDATED: [
    'De normbedragen van de overheid voor deze datum zijn nog niet bekend; de berekening gebruikt de laatst bekende.',
    'The government norms for this date are not known yet; the calculation uses the latest known ones.',
  ],
};

export const kindWords: Words = {
  SET_OFF: ['Verrekening', 'Set-off'],
  PAYMENT_PLAN: ['Betalingsregeling', 'Payment plan'],
  GARNISHMENT: ['Beslag', 'Garnishment'],
  WITHHOLDING_AT_SOURCE: ['Inhouding aan de bron', 'Withholding at source'],
};

export const statusWords: Words = {
  OPEN: ['Open', 'Open'],
  DISPUTED: ['Betwist', 'Disputed'],
  IN_ARRANGEMENT: ['In regeling', 'In arrangement'],
  SETTLED: ['Betaald', 'Settled'],
  WRITTEN_OFF: ['Kwijtgescholden', 'Written off'],
  PROPOSED: ['Voorgesteld', 'Proposed'],
  ACTIVE: ['Lopend', 'Active'],
  REJECTED: ['Afgewezen', 'Rejected'],
  COMPLETED: ['Afgerond', 'Completed'],
  FAILED: ['Mislukt', 'Failed'],
};

export const compositionWords: Words = {
  SINGLE: ['Alleenstaand', 'Single'],
  SINGLE_PARENT: ['Alleenstaande ouder', 'Single parent'],
  COUPLE: ['Paar', 'Couple'],
  COUPLE_WITH_CHILDREN: ['Paar met kinderen', 'Couple with children'],
};

export const basisWords: Words = {
  OFFICIAL: ['officieel vastgesteld', 'officially set'],
  ESTIMATE: ['geschat door de rekenregels van het grootboek', 'estimated by the ledger\u2019s rules'],
};

export const roleWords: Words = {
  COUNSELLOR: ['Schuldhulpverlener', 'Debt counsellor'],
  HOUSEHOLD: ['Huishouden', 'Household'],
  OMBUDSMAN: ['Ombudsman', 'Ombudsman'],
  CREDITOR: ['Schuldeiser', 'Creditor'],
  ADMIN: ['Beheerder', 'Administrator'],
};

export const purposeWords: Words = {
  VROEGSIGNALERING: ['Vroegsignalering', 'Early signalling'],
  TOEGANG: ['Toegang tot schuldhulp', 'Access to debt help'],
  PLAN_VAN_AANPAK: ['Plan van aanpak', 'Plan of action'],
  UITVOERING: ['Uitvoering', 'Carrying out'],
  COLLECTION: ['Incasso', 'Collection'],
  OVERSIGHT: ['Toezicht', 'Oversight'],
  COMPLAINT: ['Klacht', 'Complaint'],
};

export const noteKindWords: Words = {
  FINDING: ['Bevinding', 'Finding'],
  RECOMMENDATION: ['Aanbeveling', 'Recommendation'],
};

export const conclusionWords: Words = {
  FOUNDED: ['Gegrond', 'Founded'],
  PARTLY_FOUNDED: ['Deels gegrond', 'Partly founded'],
  UNFOUNDED: ['Ongegrond', 'Unfounded'],
  WITHDRAWN: ['Ingetrokken', 'Withdrawn'],
  SETTLED_BY_MEDIATION: ['Opgelost door bemiddeling', 'Settled by mediation'],
};

export function word(words: Words, code: string | null | undefined, lang: Lang): string {
  if (!code) return '—';
  const entry = words[code];
  return entry ? entry[lang === 'nl' ? 0 : 1] : code;
}
