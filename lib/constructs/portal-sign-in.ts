/**
 * Signing in to the pages in AWS (the customer user pool, stateful stack):
 * - Customers: the Cognito hosted UI (authorization code with PKCE) on a client whose ID token
 *   carries `custom:customer_id` (C12.1); the HTTP API's JWT authorizer accepts it.
 * - CS staff: users of the same pool in the `cs-staff` group. An identity pool gives that group, and
 *   nobody else, the CS console role (`cognito:preferred_role`; any other user gets no credentials),
 *   whose only permission is execute-api:Invoke on the CS routes. The console signs its requests
 *   with SigV4: the CS routes keep their one authorizer (IAM), the same as patchctl's, and the
 *   actor recorded is the Cognito user (router.ts reads it from the IAM authorizer's context).
 *   Why not a JWT authorizer with a group check: an HTTP API route has one authorizer, and the CS
 *   routes' is IAM; a second set of routes would be a second way in to the same decisions.
 */
import { Aws, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CUSTOMER_ID_ATTRIBUTE } from '../stateful-stack.ts';

export const CS_GROUP = 'cs-staff';

export type PortalSignInProps = {
  userPool: cognito.IUserPool;
  /** The pages' address (CloudFront): where the hosted UI sends users back. */
  siteUrl: string;
};

export class PortalSignIn extends Construct {
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly identityPool: cognito.CfnIdentityPool;
  readonly csConsoleRole: iam.Role;

  constructor(scope: Construct, id: string, props: PortalSignInProps) {
    super(scope, id);
    const { userPool, siteUrl } = props;
    const pages = [`${siteUrl}/portal/`, `${siteUrl}/console/`];
    this.domain = new cognito.UserPoolDomain(this, 'HostedUi', {
      userPool,
      cognitoDomain: { domainPrefix: Fn.join('-', ['patch-promise', Aws.ACCOUNT_ID]) },
    });
    this.client = new cognito.UserPoolClient(this, 'PagesClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: pages,
        logoutUrls: pages,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(CUSTOMER_ID_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    const provider = `cognito-idp.${Stack.of(this).region}.amazonaws.com/${userPool.userPoolId}`;
    this.identityPool = new cognito.CfnIdentityPool(this, 'CsIdentityPool', {
      allowUnauthenticatedIdentities: false,
      cognitoIdentityProviders: [
        { clientId: this.client.userPoolClientId, providerName: provider, serverSideTokenCheck: true },
      ],
    });
    const federated = (extra: Record<string, unknown> = {}) =>
      new iam.FederatedPrincipal(
        'cognito-identity.amazonaws.com',
        {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          ...extra,
        },
        'sts:AssumeRoleWithWebIdentity',
      );
    this.csConsoleRole = new iam.Role(this, 'CsConsoleRole', {
      assumedBy: federated(),
      description: 'CS console users (Cognito group cs-staff): call the CS routes only',
      maxSessionDuration: Duration.hours(1),
    });
    const noAccess = new iam.Role(this, 'NoAccessRole', {
      assumedBy: federated(),
      description: 'Identity pool default: no permission (only the cs-staff group gets a role that can act)',
    });
    new cognito.CfnUserPoolGroup(this, 'CsGroup', {
      userPoolId: userPool.userPoolId,
      groupName: CS_GROUP,
      description: 'Customer Success staff: the CS console',
      roleArn: this.csConsoleRole.roleArn,
    });
    new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
      identityPoolId: this.identityPool.ref,
      roles: { authenticated: noAccess.roleArn },
      roleMappings: {
        pages: {
          type: 'Token',
          ambiguousRoleResolution: 'Deny',
          identityProvider: `${provider}:${this.client.userPoolClientId}`,
        },
      },
    });
    Validations.of(this.identityPool).acknowledge({
      id: 'AwsSolutions-COG7',
      reason:
        'Unauthenticated identities are off; the pool only hands the cs-staff group its CS console role.',
    });
  }

  /** The CS console role may call the CS routes (the same ones as the CsOperatorPolicy). */
  allowCsRoutes(statement: iam.PolicyStatement): void {
    this.csConsoleRole.addToPolicy(statement);
  }
}
