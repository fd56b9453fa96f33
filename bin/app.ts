/** The CDK app (cdk.json "app"): both stacks, configured from cdk.json context or PATCH_PROMISE_* env. */
import { buildApp } from '../lib/app.ts';

buildApp().app.synth();
