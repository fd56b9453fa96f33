/**
 * vitest globalSetup for the adapters, use-cases and system projects: starts one in-memory
 * DynamoDB Local on a free loopback port with the same starter `npm start` uses
 * (local/services/dynamodb-local.ts: Java 17+ checked first, with a message saying how to install
 * it), provides its endpoint to the tests (`inject('dynamoEndpoint')`), and stops it in teardown.
 * On a loaded 2-core machine a start can lose its port between probe and bind: it retries on a
 * fresh port.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodb-local.ts';
import { JavaMissingError } from '../../local/services/java.ts';

const START_ATTEMPTS = 3;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // docs/toolchain.md: Node 20 notice
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
    try {
      const dynamo = await startDynamoDbLocal();
      project.provide('dynamoEndpoint', dynamo.endpoint);
      return () => dynamo.stop();
    } catch (error) {
      if (error instanceof JavaMissingError) throw error;
      lastError = error;
    }
  }
  throw new Error(`DynamoDB Local did not start after ${START_ATTEMPTS} attempts: ${String(lastError)}`);
}
