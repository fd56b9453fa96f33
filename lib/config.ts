/**
 * Deployment configuration, validated at synth time.
 *
 * Each key is read from the environment first (`PATCH_PROMISE_<KEY>`), then from the CDK context
 * (`cdk.json` "context", or `cdk synth -c key=value`):
 *
 * | key              | env                                | meaning                                          |
 * | ---------------- | ---------------------------------- | ------------------------------------------------ |
 * | `senderAddress`  | `PATCH_PROMISE_SENDER_ADDRESS`     | From address of every email; its domain is the SES sending identity |
 * | `replyDomain`    | `PATCH_PROMISE_REPLY_DOMAIN`       | domain whose mail SES receives (replies to notices, C4.1) |
 * | `timeZones`      | `PATCH_PROMISE_TIME_ZONES`         | IANA zones of the customers (array, or comma-separated) |
 * | `alertEmail`     | `PATCH_PROMISE_ALERT_EMAIL`        | CS team address subscribed to the alert topic     |
 * | `contractConfig` | `PATCH_PROMISE_CONTRACT_CONFIG`    | overrides of ContractConfig (object or JSON), e.g. working hours (C8.2) |
 * | `logLevel`       | `PATCH_PROMISE_LOG_LEVEL`          | DEBUG, INFO (default), WARN or ERROR              |
 * | `sesSendRate`    | `PATCH_PROMISE_SES_SEND_RATE`      | the account's SES maximum send rate, emails/s (default 14); the notice run's workers share it |
 * | `account`/`region` | `PATCH_PROMISE_ACCOUNT`/`_REGION`| optional; without them the stacks are environment-agnostic |
 *
 * The only embedded values are example.com placeholders in `cdk.json`, so an offline synth works;
 * a real deployment overrides them. No account ids or addresses live in code.
 */
import * as z from 'zod';
import { type ContractConfig, loadConfig } from '../functions/domain/config.ts';
import { type FieldIssue, ValidationError } from '../functions/domain/errors.ts';
import { TimeZone } from '../functions/domain/records.ts';

/** Emails a second: a common first production SES quota (bench/DESIGN.md, Rates). */
export const DEFAULT_SES_SEND_RATE = 14;

export const CONFIG_KEYS = [
  'senderAddress',
  'replyDomain',
  'timeZones',
  'alertEmail',
  'contractConfig',
  'logLevel',
  'sesSendRate',
  'account',
  'region',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export const envNameOf = (key: ConfigKey): string =>
  `PATCH_PROMISE_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

const DomainName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lowercase DNS domain',
  );

/** Accepts an array or a comma-separated string (what `-c key=a,b` gives). */
const listOf = <T extends z.core.$ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

/** Accepts an object or a JSON string (what an env var or `-c key=...` gives). */
const jsonObject = z.preprocess(
  (v, ctx) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  },
  z.record(z.string(), z.unknown()),
);

export const DeploymentConfigSchema = z.object({
  senderAddress: z.email('must be an email address'),
  replyDomain: DomainName,
  timeZones: listOf(TimeZone)
    .refine((zones) => zones.length > 0, 'must name at least one IANA time zone')
    .refine((zones) => new Set(zones).size === zones.length, 'must not repeat a time zone'),
  alertEmail: z.email('must be an email address'),
  contractConfig: jsonObject.default({}),
  logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /**
   * The account's SES maximum send rate (SES console, "Sending statistics"); 14/s is a common first
   * production quota. Numbers from env or `-c` arrive as strings.
   */
  sesSendRate: z.coerce
    .number('must be a positive number of emails a second')
    .positive('must be a positive number of emails a second')
    .default(DEFAULT_SES_SEND_RATE),
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-2')
    .optional(),
});

export type DeploymentConfig = Omit<z.output<typeof DeploymentConfigSchema>, 'contractConfig'> & {
  /** The overrides as given: what CONTRACT_CONFIG carries to the handlers. */
  contractOverrides: Record<string, unknown>;
  /** The validated contract configuration (defaults filled in): what the schedules derive from. */
  contract: ContractConfig;
};

export type ConfigSource = {
  context: (key: string) => unknown;
  env: Readonly<Record<string, string | undefined>>;
};

const whereToSet = (key: string): string => {
  const root = key.split('.')[0] as ConfigKey;
  return CONFIG_KEYS.includes(root) ? ` (context "${root}" or env ${envNameOf(root)})` : '';
};

const fail = (issues: FieldIssue[]): never => {
  const detail = issues.map((i) => `${i.path}${whereToSet(i.path)}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid deployment configuration: ${detail}`, issues);
};

/** Reads, validates and returns the deployment configuration; throws a ValidationError naming each bad key. */
export function loadDeploymentConfig(source: ConfigSource): DeploymentConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = source.env[envNameOf(key)] ?? source.context(key);
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = DeploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((i) => ({
        path: i.path.length ? i.path.map(String).join('.') : '(root)',
        message: raw[String(i.path[0])] === undefined ? 'is required' : i.message,
      })),
    );
  }
  const { contractConfig, ...rest } = (parsed as { data: z.output<typeof DeploymentConfigSchema> }).data;
  let contract: ContractConfig;
  try {
    contract = loadConfig(contractConfig);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return fail(error.issues.map((i) => ({ path: `contractConfig.${i.path}`, message: i.message })));
  }
  return { ...rest, contractOverrides: contractConfig, contract };
}
