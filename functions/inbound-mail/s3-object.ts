/** Reads a message SES stored in the inbound bucket, refusing one larger than `maxBytes`. */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FetchObject } from './process-notification.ts';

export function s3ObjectReader(client: S3Client = new S3Client({}), allowedBucket?: string): FetchObject {
  return async (bucket, key, maxBytes) => {
    if (allowedBucket && bucket !== allowedBucket)
      throw new Error(`bucket ${bucket} is not the inbound bucket`);
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if ((out.ContentLength ?? 0) > maxBytes) return new Uint8Array(maxBytes + 1);
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  };
}
