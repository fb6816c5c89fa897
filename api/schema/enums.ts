import { claimStatuses } from '../../domain/claims.js';
import { compositions, incomeKinds, protectedIncomeSources, memberRoles } from '../../domain/protectedIncome.js';
import { builder } from '../builder.js';

export const CompositionEnum = builder.enumType('Composition', { values: compositions });
export const MemberRoleEnum = builder.enumType('MemberRole', { values: memberRoles });
export const IncomeKindEnum = builder.enumType('IncomeKind', { values: incomeKinds });
export const ProtectedIncomeSourceEnum = builder.enumType('ProtectedIncomeSource', { values: protectedIncomeSources });
export const ProtectedIncomeBasisEnum = builder.enumType('ProtectedIncomeBasis', { values: ['OFFICIAL', 'ESTIMATE'] as const });
export const MeasureKindEnum = builder.enumType('MeasureKind', {
  values: ['SET_OFF', 'PAYMENT_PLAN', 'GARNISHMENT', 'WITHHOLDING_AT_SOURCE'] as const,
});
export const ClaimStatusEnum = builder.enumType('ClaimStatus', { values: claimStatuses });
export const DistributionKeyEnum = builder.enumType('DistributionKey', { values: ['DOUBLE_FOR_PREFERENTIAL', 'PRO_RATA'] as const });
export const ArrangementStatusEnum = builder.enumType('ArrangementStatus', {
  values: ['PROPOSED', 'ACTIVE', 'REJECTED', 'COMPLETED', 'FAILED'] as const,
});
export const CreditorAnswerEnum = builder.enumType('CreditorAnswer', { values: ['ACCEPT', 'REJECT'] as const });
