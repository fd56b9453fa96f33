/**
 * Reads a message SES stored in the inbound bucket. One larger than `maxBytes` is not downloaded:
 * only its first `headBytes` are (a ranged GET), enough for its headers.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FetchObject } from '../../handlers/inbound-mail/process-notification.ts';

export function s3ObjectReader(client: S3Client, allowedBucket: string): FetchObject {
  return async (bucket, key, { maxBytes, headBytes }) => {
    if (bucket !== allowedBucket) throw new Error(`bucket ${bucket} is not the inbound bucket`);
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const size = out.ContentLength;
    if (size === undefined || size <= maxBytes) {
      const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
      return { bytes, size: size ?? bytes.byteLength };
    }
    (out.Body as { destroy?: () => void } | undefined)?.destroy?.(); // not read: let the connection go
    const head = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${headBytes - 1}` }),
    );
    return { bytes: (await head.Body?.transformToByteArray()) ?? new Uint8Array(), size };
  };
}
