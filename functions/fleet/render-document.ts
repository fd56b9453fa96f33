/**
 * What SSM does with a command's parameters before the agent runs the script: fill in defaults,
 * refuse missing or unknown parameters and values that break an allowedPattern
 * (InvalidParameters), then substitute `{{ name }}`. The simulator and the script tests use it, so
 * they run the exact text the agent would.
 */
import { ValidationError } from '../domain/errors.ts';
import type { SsmCommandDocument } from './document-types.ts';

export function resolveParameters(
  document: SsmCommandDocument,
  given: Record<string, string[] | undefined>,
): Record<string, string> {
  const issues: { path: string; message: string }[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in document.parameters))
      issues.push({ path: name, message: 'is not a parameter of the document' });
  }
  const resolved: Record<string, string> = {};
  for (const [name, spec] of Object.entries(document.parameters)) {
    const values = given[name];
    if (values !== undefined && values.length !== 1) {
      issues.push({ path: name, message: 'takes exactly one value' });
      continue;
    }
    const value = values?.[0] ?? spec.default;
    if (value === undefined) {
      issues.push({ path: name, message: 'is required' });
      continue;
    }
    if (!new RegExp(spec.allowedPattern).test(value)) {
      issues.push({ path: name, message: `does not match ${spec.allowedPattern}` });
      continue;
    }
    resolved[name] = value;
  }
  if (issues.length > 0) throw new ValidationError('invalid document parameters', issues);
  return resolved;
}

const substitute = (text: string, parameters: Record<string, string>): string =>
  text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => parameters[name] ?? whole);

/** The script of the document's single step with its parameters substituted. */
export function renderScript(document: SsmCommandDocument, parameters: Record<string, string>): string {
  return substitute(document.mainSteps[0].inputs.runCommand.join('\n'), parameters);
}

/** The step's timeout in seconds with its parameters substituted (a literal, or `{{ executionTimeout }}`). */
export function renderTimeout(document: SsmCommandDocument, parameters: Record<string, string>): string {
  return substitute(document.mainSteps[0].inputs.timeoutSeconds, parameters);
}
