/**
 * Environment, read once at module scope and validated (STYLE.md: env read once, failing fast).
 * A handler names the variables it needs; a missing or malformed one throws at cold start with a
 * message that names the variable, never later in the middle of a run.
 */
import * as z from 'zod/mini';
import { type ContractConfig, loadConfig } from '../domain/config.ts';
import '../domain/zod-messages.ts';

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'is required'));

/** Every variable the stack sets (lib/ binds them); a handler asks for the ones it uses. */
export const ENV_VARS = {
  TABLE_NAME: nonEmpty,
  ALERT_TOPIC_ARN: nonEmpty,
  SENDER_ADDRESS: z.email('must be an email address'),
  REPLY_DOMAIN: nonEmpty,
  CONTRACT_CONFIG: z.optional(z.string()),
  PATCH_DOCUMENT_NAME: nonEmpty,
  BACKUP_DOCUMENT_NAME: nonEmpty,
  BACKUP_BUCKET: nonEmpty,
  /** The bucket SES stores inbound mail in; the inbound-mail function reads no other. */
  INBOUND_BUCKET: nonEmpty,
  /** The SES configuration set whose events name each sending attempt (DESIGN.md rule 4). */
  SES_CONFIGURATION_SET: nonEmpty,
  /** The run's shard queue (runs/fan-out.ts); absent, every run is done in one invocation. */
  SHARD_QUEUE_URL: z.optional(z.url('must be an SQS queue URL')),
  /** The largest shard, in servers; absent, the run's default (fan-out.ts DEFAULT_SHARD_SERVERS). */
  SHARD_SERVERS: z.optional(
    z.coerce.number().check(z.int('must be a whole number'), z.gte(50, 'must be at least 50')),
  ),
  /**
   * Emails a second this function may start (its share of the account's SES rate, bench/DESIGN.md
   * "Design for 100,000 servers"); absent, sending is not paced.
   */
  SES_SEND_RATE: z.optional(
    z.coerce
      .number('must be a positive number of emails a second')
      .check(z.positive('must be a positive number of emails a second')),
  ),
  POWERTOOLS_SERVICE_NAME: z.optional(z.string()),
  LOG_LEVEL: z.optional(z.string()),
} as const;

export type EnvName = keyof typeof ENV_VARS;
export type Env<K extends EnvName> = { [P in K]: z.output<(typeof ENV_VARS)[P]> };

export class MissingEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`environment is not valid: ${problems.join('; ')}`);
    this.name = 'MissingEnvError';
  }
}

/** Reads and validates `names` from `source` (process.env by default); throws naming each bad variable. */
export function readEnv<K extends EnvName>(
  names: readonly K[],
  source: Record<string, string | undefined> = process.env,
): Env<K> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const raw = source[name];
    const parsed = ENV_VARS[name].safeParse(raw === '' ? undefined : raw);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push(
        raw === undefined || raw === '' ? `${name} is missing` : `${name} ${parsed.error.issues[0]?.message}`,
      );
  }
  if (problems.length) throw new MissingEnvError(problems);
  return out as Env<K>;
}

/** The contract's decisions with the deployment's overrides (CONTRACT_CONFIG holds JSON). */
export function readContractConfig(source: Record<string, string | undefined> = process.env): ContractConfig {
  const raw = source.CONTRACT_CONFIG?.trim();
  if (!raw) return loadConfig({});
  let overrides: unknown;
  try {
    overrides = JSON.parse(raw);
  } catch {
    throw new MissingEnvError(['CONTRACT_CONFIG is not valid JSON']);
  }
  return loadConfig(overrides);
}
