/**
 * Builds the app: the stateful and stateless stacks from a validated deployment configuration,
 * checked by cdk-nag (AwsSolutions and Serverless packs) at synth time.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type DeploymentConfig, loadDeploymentConfig } from './config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export const STACK_NAMES = { stateful: 'PatchPromiseStateful', stateless: 'PatchPromiseStateless' } as const;

export type PatchPromiseApp = { app: App; stateful: StatefulStack; stateless: StatelessStack };

/** The stacks of one deployment on `app`. */
export function addStacks(app: App, config: DeploymentConfig): PatchPromiseApp {
  const env =
    config.account || config.region ? { account: config.account, region: config.region } : undefined;
  const common = { env, tags: { application: 'patch-promise' } };
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    ...common,
    description: 'Patch promise: table, buckets, customer user pool (retained)',
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    ...common,
    description: 'Patch promise: functions, schedules, API, mail, documents, alarms',
    config,
    stateful,
  });
  return { app, stateful, stateless };
}

/** A new app with cdk-nag attached, configured from its context and `env`. */
export function buildApp(props: AppProps = {}, env: NodeJS.ProcessEnv = process.env): PatchPromiseApp {
  const app = new App(props);
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  const config = loadDeploymentConfig({ context: (key) => app.node.tryGetContext(key), env });
  return addStacks(app, config);
}
