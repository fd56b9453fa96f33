/**
 * The simulator's HTTP front: `POST /` with `X-Amz-Target: AmazonSSM.<Operation>` and an
 * application/x-amz-json-1.1 body, as @aws-sdk/client-ssm sends it (any SigV4 signature is
 * accepted), plus the /_sim admin routes. Errors use the AWS JSON shape `{ __type, message }`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ValidationError } from '../../functions/domain/errors.ts';
import { adminRoute } from './admin-routes.ts';
import type { SimFleet } from './sim-fleet.ts';
import { SsmError } from './ssm-error.ts';
import { OPERATIONS } from './wire.ts';

const JSON_11 = 'application/x-amz-json-1.1';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

function reply(res: ServerResponse, status: number, body: unknown, contentType = JSON_11): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

async function handleSsm(fleet: SimFleet, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [service, operation = ''] = target.split('.');
  const handler = service === 'AmazonSSM' ? OPERATIONS[operation] : undefined;
  if (!handler) throw new SsmError('UnknownOperationException', `the simulator does not support ${target}`);
  const input = (await readJson(req)) as Record<string, unknown>;
  const output = handler(fleet, input);
  if (operation === 'SendCommand') {
    // Like SSM, status-change events follow the SendCommand response, never precede it.
    res.once('finish', () => void fleet.settle());
  }
  reply(res, 200, output);
}

export function createSimulatorServer(fleet: SimFleet): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const work = url.pathname.startsWith('/_sim/')
      ? readJson(req).then(async (body) => {
          const { status, body: out } = await adminRoute(fleet, req.method ?? 'GET', url, body);
          reply(res, status, out, 'application/json');
        })
      : req.method === 'POST' && url.pathname === '/'
        ? handleSsm(fleet, req, res)
        : Promise.reject(new SsmError('UnknownOperationException', `${req.method} ${url.pathname}`, 404));
    work.catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof SsmError) reply(res, error.status, { __type: error.type, message: error.message });
      else if (error instanceof ValidationError || error instanceof SyntaxError)
        reply(res, 400, { __type: 'ValidationException', message: error.message });
      else reply(res, 500, { __type: 'InternalServerError', message: 'the simulator failed' });
    });
  });
}
