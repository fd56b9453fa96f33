/** PolicyRefusals that carry extra problem fields (mapped by problem.ts like any PolicyRefusal). */
import { RISK_STATEMENT } from '../application/channels/risk-statement.ts';
import { PolicyRefusal } from '../domain/errors.ts';

/** C4.3: a postponement without explicit risk acceptance; the detail shows the words to accept. */
export class RiskNotAccepted extends PolicyRefusal {
  readonly extensions = { riskStatement: RISK_STATEMENT, field: 'acceptRisk' };
  constructor() {
    super(
      'C4.3',
      'A postponement takes effect only when you explicitly accept the interim risks. Send ' +
        `"acceptRisk": true to accept this statement: "${RISK_STATEMENT}"`,
    );
  }
}

/** A recorded request that the policy refused (C4.2, C4.4, C5.4, C2.2 …): 422 naming the clause. */
export class DecisionRefused extends PolicyRefusal {
  readonly extensions: Record<string, unknown>;
  constructor(clause: string, reason: string, requestId: string) {
    super(clause, reason);
    this.extensions = { requestId };
  }
}
