/**
 * Personal data in the household stream (dutch-debt-rules.md §6): names, BSNs, birth dates and
 * free text. In the store each such value is sealed with the household's own key; erasing the
 * household deletes the key (crypto-shredding), and the state folds the erasure by replacing
 * every such value with ERASED. Amounts, dates of facts and rule outcomes stay as they were.
 */
export const ERASED = '[erased]';

/** Values sealed by the store look like `enc:v1:<iv>:<ciphertext>:<tag>` (base64url). */
export const SEALED_PREFIX = 'enc:v1:';

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** Whether a value can be read (not sealed without its key, not erased). */
export function isReadable(value: string): boolean {
  return value !== ERASED && !isSealed(value);
}

/**
 * Where each event type carries personal data: dotted paths, `*` for every list element. Besides
 * names, BSNs, birth dates and free text, whatever can point to a person: the payer of an income
 * (an employer, an ex-partner paying alimony) and the references creditors and agencies file a
 * person's matter under. The municipality is not personal (tens of thousands live in each).
 */
export const personalFields: Readonly<Record<string, readonly string[]>> = {
  HouseholdRegistered: ['members.*.bsn', 'members.*.name', 'members.*.birthDate'],
  CompositionChanged: ['members.*.bsn', 'members.*.name', 'members.*.birthDate'],
  IncomeDeclared: ['payer'],
  ProtectedIncomeRecorded: ['reference'],
  ClaimRegistered: ['reference', 'description'],
  MoratoriumStarted: ['reason'],
  MoratoriumEnded: ['reason'],
  MeasureEnded: ['reason'],
  ArrangementProposed: ['termReason'],
  ArrangementFailed: ['reason'],
  ComplaintLodged: ['subject', 'text'],
  ComplaintNoteRecorded: ['text'],
  ComplaintClosed: ['text'],
  ErasureRefused: ['explanation'],
  ProtectedIncomeDisputed: ['reason'],
  ProtectedIncomeDisputeResolved: ['resolution'],
};

/**
 * Personal fields that also identify something the rules compare: the payer names an income
 * source (a later declaration from the same payer replaces the earlier one). They are sealed the
 * same way each time within a household, so equal payers stay equal sealed; once the key is gone
 * the sealed value stands in for the payer (unreadable, but still telling sources apart), so
 * erasure leaves the household's capacity as it was.
 */
export const comparedPersonalFields: Readonly<Record<string, readonly string[]>> = {
  IncomeDeclared: ['payer'],
};

export const legalErasureRefusalGrounds = ['ART_17_3_B', 'ART_17_3_E'] as const;
export type ErasureRefusalGround = (typeof legalErasureRefusalGrounds)[number];
