/**
 * The HTTP API: one route per declared route (functions/api/route-tables.ts, the tables the routers
 * and the OpenAPI document read, so they cannot drift): customer routes with the Cognito JWT
 * authorizer (C12.1: the handler scopes every request to the token's `custom:customer_id`), CS
 * routes (`/v1/cs/...`) with IAM (SigV4), and the calendar feeds with none (their secret is their
 * credential). CORS lets the pages (CloudFront) call it. The default stage throttles and writes JSON
 * access logs.
 */

import { Duration, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AnyRoute } from '../../functions/api/route.ts';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../functions/api/route-tables.ts';

export type HttpApiProps = {
  customerApi: lambda.IFunction;
  csApi: lambda.IFunction;
  userPool: cognito.IUserPool;
  /** The clients whose ID tokens the JWT authorizer accepts (the API client, the pages' client). */
  userPoolClients: cognito.IUserPoolClient[];
  /** The pages' origin (CloudFront), allowed by CORS. */
  allowOrigins?: string[];
};

export const API_PREFIX = { customer: '/v1/customer', cs: '/v1/cs' } as const;

const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  principal: '$context.identity.userArn',
};

export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Patch promise: customer and CS API',
      createDefaultStage: false,
      ...(props.allowOrigins
        ? {
            corsPreflight: {
              allowOrigins: props.allowOrigins,
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: [
                'authorization',
                'content-type',
                'idempotency-key',
                'x-amz-date',
                'x-amz-security-token',
                'x-amz-content-sha256',
              ],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const jwt = new authorizers.HttpJwtAuthorizer(
      'CustomerJwt',
      `https://cognito-idp.${this.api.stack.region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: props.userPoolClients.map((c) => c.userPoolClientId) },
    );
    const iam = new authorizers.HttpIamAuthorizer();
    const none = new apigw.HttpNoneAuthorizer();
    const tables: [readonly AnyRoute[], lambda.IFunction][] = [
      [CUSTOMER_API_ROUTES, props.customerApi],
      [CS_API_ROUTES, props.csApi],
    ];
    for (const [routes, fn] of tables) {
      const integration = new integrations.HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
      for (const route of routes) {
        const authorizer = route.audience === 'cs' ? iam : route.audience === 'customer' ? jwt : none;
        const [added] = this.api.addRoutes({
          path: route.path,
          methods: [METHODS[route.method]],
          integration,
          authorizer,
        });
        if (route.audience === 'public' && added) {
          Validations.of(added).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'A calendar feed: calendar programs cannot sign in, so the 256-bit secret in the path is the credential; only its hash is stored and the customer can revoke it (calendar-feed.ts).',
          });
        }
      }
    }
  }
}

const METHODS: Record<AnyRoute['method'], apigw.HttpMethod> = {
  get: apigw.HttpMethod.GET,
  post: apigw.HttpMethod.POST,
  put: apigw.HttpMethod.PUT,
  delete: apigw.HttpMethod.DELETE,
};
