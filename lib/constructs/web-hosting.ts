/**
 * The customer portal and the CS console in AWS: their static assets (web/dist, built at synth by
 * scripts/build-web.ts) in a private bucket (no public access, TLS only), served by CloudFront
 * through origin access control, with the security headers the local server sends too
 * (local/web-assets.ts) plus HSTS. `/portal/` and `/console/` resolve to their index.html by a
 * CloudFront Function. Each page's `config.json` (API address, Cognito) is written by the
 * deployment from the stack's own values.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONTENT_SECURITY_POLICY } from '../../local/web-assets.ts';
import { buildWebSync } from '../../scripts/build-web.ts';

/** Appends index.html to a directory path, so `/portal/` serves `/portal/index.html`. */
const INDEX_REWRITE = `function handler(event) {
  var r = event.request;
  if (r.uri === '/' ) { r.uri = '/portal/index.html'; }
  else if (r.uri === '/portal' || r.uri === '/console') { r.uri = r.uri + '/index.html'; }
  else if (r.uri.endsWith('/')) { r.uri = r.uri + 'index.html'; }
  return r;
}`;

export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>` */
  readonly url: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'LogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access log target of the web bucket and the distribution; logging it would recurse.',
    });
    this.bucket = new s3.Bucket(this, 'AssetsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Portal and console: CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const rewrite = new cloudfront.Function(this, 'IndexRewrite', {
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Directory paths of the portal and the console to their index.html',
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Patch promise: customer portal and CS console',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "Customers and CS staff sign in from any country; the pages are static and the API checks every caller's token.",
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static assets only (no server-side code behind CloudFront); the API keeps its own throttling and authorizers.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate allows no minimum protocol choice (CloudFront forces TLSv1 for it); a deployment with its own domain sets TLSv1.2_2021 here.',
      },
    );
  }

  /** Uploads web/dist (built now) and each page's config.json; earlier files are removed. */
  deploy(config: Record<'portal' | 'console', Record<string, unknown>>): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, 'Assets', {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(buildWebSync()),
        s3deploy.Source.jsonData('portal/config.json', config.portal),
        s3deploy.Source.jsonData('console/config.json', config.console),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 256,
    });
    return deployment;
  }
}
