/**
 * The HTTP API: `/v1/customer/...` for customers (Cognito JWT, C12.1: the handler scopes every
 * request to the token's `custom:customer_id`) and `/v1/cs/...` for the CS team (IAM, SigV4).
 * The default stage throttles and writes JSON access logs.
 */
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export type HttpApiProps = {
  customerApi: lambda.IFunction;
  csApi: lambda.IFunction;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
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
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );
    const iam = new authorizers.HttpIamAuthorizer();

    const routes: [string, lambda.IFunction, apigw.IHttpRouteAuthorizer][] = [
      [API_PREFIX.customer, props.customerApi, jwt],
      [API_PREFIX.cs, props.csApi, iam],
    ];
    for (const [prefix, fn, authorizer] of routes) {
      const integration = new integrations.HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
      for (const path of [prefix, `${prefix}/{proxy+}`]) {
        this.api.addRoutes({ path, methods: [apigw.HttpMethod.ANY], integration, authorizer });
      }
    }
  }
}
