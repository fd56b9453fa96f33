import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthExampleApp } from './synth-app.ts';

let built: SynthesizedApp;
beforeAll(() => {
  built = synthExampleApp();
}, 120_000);

const findings = (pack: AwsSolutionsChecks | ServerlessChecks) =>
  pack
    .validateScope(built.app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
    );

describe('cdk-nag', () => {
  it('AwsSolutions raises no unacknowledged finding', () => {
    expect(findings(new AwsSolutionsChecks())).toEqual([]);
  });

  it('Serverless raises no unacknowledged finding', () => {
    expect(findings(new ServerlessChecks())).toEqual([]);
  });

  it('every acknowledgement gives a reason', () => {
    const acknowledged = built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter(([, reason]) => reason.trim().length < 20)).toEqual([]);
  });

  it('wildcard acknowledgements name one exact finding, never the whole IAM5 rule', () => {
    const ids = built.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.keys(m.data as Record<string, string>))
      .map((id) => id.replace(/^annotation::/i, ''));
    expect(ids.filter((id) => id === 'AwsSolutions-IAM5' || id === 'AwsSolutions-IAM4')).toEqual([]);
    expect(ids.some((id) => id.startsWith('AwsSolutions-IAM5['))).toBe(true);
  });

  it('a wildcard nobody allowed is still reported', async () => {
    const iam = await import('aws-cdk-lib/aws-iam');
    const fresh = synthExampleApp();
    fresh.stateless.functions.notice.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::some-bucket/*'] }),
    );
    // Re-synthesize so the construct validations (which acknowledge) run again.
    fresh.app.synth({ force: true });
    const reported = new AwsSolutionsChecks().validateScope(fresh.app).violations.map((v) => v.ruleName);
    expect(reported).toContain('AwsSolutions-IAM5[Resource::arn:aws:s3:::some-bucket/*]');
  }, 120_000);
});
