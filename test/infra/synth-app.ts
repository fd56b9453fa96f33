/**
 * One synthesized app for a test file: both stacks from an example configuration, with bundling
 * skipped (`cdk synth` exercises esbuild; these tests check the templates).
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addStacks, type PatchPromiseApp } from '../../lib/app.ts';
import { type DeploymentConfig, loadDeploymentConfig } from '../../lib/config.ts';

export const EXAMPLE_CONTEXT = {
  senderAddress: 'patches@example.com',
  replyDomain: 'reply.example.com',
  timeZones: ['Europe/London', 'America/New_York'],
  alertEmail: 'cs-alerts@example.com',
  contractConfig: { noticeRunTime: '11:30', backups: { fullWeekday: 'SAT' } },
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export type SynthesizedApp = PatchPromiseApp & {
  config: DeploymentConfig;
  stateful: PatchPromiseApp['stateful'];
  statefulTemplate: Template;
  statelessTemplate: Template;
};

export function synthExampleApp(context: Record<string, unknown> = EXAMPLE_CONTEXT): SynthesizedApp {
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const config = loadDeploymentConfig({ context: (key) => app.node.tryGetContext(key), env: {} });
  const built = addStacks(app, config);
  return {
    ...built,
    config,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}
