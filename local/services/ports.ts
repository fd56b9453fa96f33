/**
 * Loopback ports for the local services: a free one chosen by the OS, or a configured one checked
 * first so that a port already in use gets a clear message instead of a stack trace.
 */
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A configured port that another process holds. The message says what to do. */
export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
    readonly option?: string,
  ) {
    super(
      `${service} cannot start: port ${port} is already in use. Stop the process that holds it ` +
        `(find it with \`lsof -i :${port}\`; a previous \`npm start\` may still be running)` +
        (option ? ` or choose another port with ${option}.` : '.'),
    );
    this.name = 'PortInUseError';
  }
}

function tryListen(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(undefined);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port the OS says is free on `host` right now. */
export async function freePort(host = LOOPBACK): Promise<number> {
  const port = await tryListen(0, host);
  if (port === undefined) throw new Error(`no free port on ${host}`);
  return port;
}

/**
 * The configured `port` if it is free (checked on `host`), a free one when none is configured;
 * throws PortInUseError naming the service and the option that changes it.
 */
export async function choosePort(
  service: string,
  port: number | undefined,
  option?: string,
  host = LOOPBACK,
): Promise<number> {
  if (port === undefined || port === 0) return freePort(host);
  const bound = await tryListen(port, host);
  if (bound === undefined) throw new PortInUseError(service, port, option);
  return port;
}
