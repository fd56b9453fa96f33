/**
 * Sorts an SES v2 SendEmail error into what to do with it (names from @aws-sdk/client-sesv2's
 * SendEmailCommand and the API's common errors):
 * - `throttled`: the sending rate is exceeded (TooManyRequestsException, HTTP 429, "Maximum
 *   sending rate exceeded."; ThrottlingException); retry after a pause.
 * - `transient`: a server error (InternalServiceErrorException, 5xx) or a network failure; retry
 *   after a pause.
 * - `rejected`: this message will never be accepted as it is (MailRejectedError): MessageRejected,
 *   MailFromDomainNotVerifiedException, SendingPausedException, AccountSuspendedException,
 *   NotFoundException (e.g. the configuration set), BadRequestException, any other 4xx.
 * - `quota`: the daily quota is spent ("Daily message quota exceeded", LimitExceededException);
 *   retrying within seconds cannot help (MailUnavailableError).
 */
export type SesErrorClass = 'throttled' | 'transient' | 'rejected' | 'quota';

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling']);

const QUOTA = new Set(['LimitExceededException']);

const REJECTED = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'SendingPausedException',
  'AccountSuspendedException',
  'NotFoundException',
  'BadRequestException',
  'ValidationError',
  'AccessDeniedException',
]);

type SdkLikeError = {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
};

export const errorCode = (error: unknown): string => {
  const e = (error ?? {}) as SdkLikeError;
  return e.Code ?? e.name ?? e.code ?? 'Unknown';
};

export function classifySesError(error: unknown): SesErrorClass {
  const e = (error ?? {}) as SdkLikeError;
  const code = errorCode(error);
  const message = e.message ?? '';
  if (QUOTA.has(code) || /daily message quota exceeded/i.test(message)) return 'quota';
  if (THROTTLED.has(code) || /maximum sending rate exceeded/i.test(message)) return 'throttled';
  if (REJECTED.has(code)) return 'rejected';
  const status = e.$metadata?.httpStatusCode;
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 400 && status < 500) return 'rejected';
  return 'transient';
}
