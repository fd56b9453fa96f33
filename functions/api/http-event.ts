/**
 * The slice of an API Gateway HTTP API (payload 2.0) event the router reads. Both the JWT
 * authorizer (customer routes) and the IAM authorizer (CS routes) produce it; the local server
 * (local/api-server.ts) builds the same shape from a node:http request.
 */
export type HttpEvent = {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    requestId: string;
    /** Epoch milliseconds: the API's request time (C11.3). */
    timeEpoch?: number;
    http: { method: string; path?: string; sourceIp?: string };
    authorizer?: {
      jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: string[] | null };
      iam?: {
        userArn?: string;
        userId?: string;
        accountId?: string;
        callerId?: string;
        /** Credentials from a Cognito identity pool (the CS console): who signed in. */
        cognitoIdentity?: { amr?: string[]; identityId?: string; identityPoolId?: string };
      };
    };
  };
};

export type HttpResult = {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

/** The caller, derived only from the authorizer's verified context (C12.1). */
export type Principal =
  | { kind: 'customer'; customerId: string; subject: string }
  | { kind: 'cs'; identity: string }
  /** A route with no authorizer (a calendar feed): the secret in its path is checked by its use case. */
  | { kind: 'public' };
