/**
 * SigV4 signing of CS requests to the deployed API (IAM authorizer), with the default credential
 * chain. Uses @smithy/signature-v4 and @aws-sdk/credential-provider-node, which the AWS SDK
 * clients already install; loaded lazily so local use never needs credentials.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** The Checksum the signer asks for, on node:crypto. */
class Sha256 {
  #hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.#hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.fresh();
  }
}

export async function signedHeaders(input: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  region: string;
}): Promise<Record<string, string>> {
  const [{ SignatureV4 }, { defaultProvider }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-sdk/credential-provider-node'),
  ]);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: input.region,
    credentials: defaultProvider(),
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  for (const [k, v] of input.url.searchParams) query[k] = v;
  const signed = await signer.sign({
    method: input.method,
    protocol: input.url.protocol,
    hostname: input.url.hostname,
    ...(input.url.port ? { port: Number(input.url.port) } : {}),
    path: input.url.pathname,
    query,
    headers: { ...input.headers, host: input.url.host },
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
  return signed.headers as Record<string, string>;
}
