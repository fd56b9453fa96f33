/**
 * Sorts an SES SendRawEmail error into what to do with it:
 * - `throttled`: the sending rate is exceeded; retry after a pause.
 * - `transient`: a server error or a network failure; retry after a pause.
 * - `rejected`: this message will never be accepted as it is (MailRejectedError).
 * - `quota`: the daily quota is spent; retrying within seconds cannot help (MailUnavailableError).
 */
export type SesErrorClass = 'throttled' | 'transient' | 'rejected' | 'quota';

const REJECTED = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'FromEmailAddressNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetSendingPausedException',
  'AccountSendingPausedException',
  'InvalidParameterValue',
  'ValidationError',
  'AccessDenied',
  'AccessDeniedException',
]);

type SdkLikeError = {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
};

export const errorCode = (error: unknown): string => {
  const e = (error ?? {}) as SdkLikeError;
  return e.Code ?? e.name ?? e.code ?? 'Unknown';
};

export function classifySesError(error: unknown): SesErrorClass {
  const e = (error ?? {}) as SdkLikeError;
  const code = errorCode(error);
  const message = e.message ?? '';
  if (/daily message quota exceeded/i.test(message)) return 'quota';
  if (
    code === 'Throttling' ||
    code === 'ThrottlingException' ||
    /maximum sending rate exceeded/i.test(message)
  ) {
    return 'throttled';
  }
  if (REJECTED.has(code)) return 'rejected';
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) return 'rejected';
  return 'transient';
}
