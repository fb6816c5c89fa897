/** Who acts (policy §8). Every event records the acting organisation, role and token subject. */
export const roles = ['CREDITOR', 'COUNSELLOR', 'OMBUDSMAN', 'HOUSEHOLD', 'ADMIN'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  /** Organisation id, e.g. "CJIB"; for HOUSEHOLD the household id. */
  org: string;
  role: Role;
  /** The token's subject: the person or system acting. */
  sub: string;
}
