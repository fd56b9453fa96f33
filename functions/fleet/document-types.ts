/**
 * The shape of an SSM Command document, schemaVersion 2.2, as plain data: the CDK stack writes it
 * as the `Content` of an `AWS::SSM::Document` (DocumentType Command), and the fleet simulator
 * renders and interprets the same object.
 */
import type { FleetCommand } from './commands.ts';

export type FleetDocumentName = FleetCommand['document'];

export type SsmStringParameter = {
  type: 'String';
  description: string;
  /** Present when the parameter is optional. */
  default?: string;
  /** SSM refuses a value that does not match (InvalidParameters): keeps quotes out of the script. */
  allowedPattern: string;
};

export type RunShellScriptStep = {
  action: 'aws:runShellScript';
  name: string;
  precondition: { StringEquals: ['platformType', 'Linux'] };
  inputs: { timeoutSeconds: string; runCommand: string[] };
};

export type SsmCommandDocument = {
  schemaVersion: '2.2';
  description: string;
  parameters: Record<string, SsmStringParameter>;
  mainSteps: [RunShellScriptStep];
};
