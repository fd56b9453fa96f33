/**
 * DynamoDB Local needs Java 17 or later (docs/toolchain.md). Checked before starting it, so a missing
 * or old Java gets a message that says what to install rather than a spawn error.
 */
import { spawnSync } from 'node:child_process';

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or later, and ${detail}. Install a Java 17+ JDK ` +
        '(for example `sudo apt-get install openjdk-17-jdk-headless`, or Temurin 17 from adoptium.net; ' +
        'a runtime alone works, but then DynamoDB Local listens on every interface) ' +
        'and make sure `java` is on your PATH (or set JAVA_HOME).',
    );
    this.name = 'JavaMissingError';
  }
}

/** The `java` command: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` from PATH. */
export const javaCommand = (env: NodeJS.ProcessEnv = process.env): string =>
  env.JAVA_HOME ? `${env.JAVA_HOME.replace(/\/$/, '')}/bin/java` : 'java';

/** The major version in `java -version` output: `"17.0.15"` → 17, `"1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Throws JavaMissingError unless `java` runs and is version 17 or later. Returns the command. */
export function assertJava17(command = javaCommand()): string {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) throw new JavaMissingError(`\`${command}\` could not be run (${result.error.message})`);
  const major = parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === undefined) throw new JavaMissingError(`\`${command} -version\` did not print a version`);
  if (major < 17) throw new JavaMissingError(`\`${command}\` is Java ${major}`);
  return command;
}
