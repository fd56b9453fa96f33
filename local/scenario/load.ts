/** Reads and validates a scenario file; a bad file is one ValidationError naming each path and rule. */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../../functions/domain/errors.ts';
import { parseOrThrow } from '../../functions/domain/validation.ts';
import { Scenario } from './schema.ts';

export const parseScenario = (input: unknown, name: string): Scenario =>
  parseOrThrow(Scenario, input, `scenario ${name}`);

export async function loadScenario(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`invalid scenario ${path}: not JSON (${(error as Error).message})`, [
      { path: '(root)', message: 'must be a JSON document' },
    ]);
  }
  return parseScenario(json, path);
}
