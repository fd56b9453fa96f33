/**
 * Email in and out (C3.3, C4.1, C12.2). Out: the SES domain identity of the sender address.
 * In: a receipt rule for the reply domain that first stores the whole message in the inbound bucket
 * and then notifies the inbound topic with its S3 location (a Lambda action would carry no body,
 * and an SNS action stops at 150 KB), so the inbound-mail function reads the message from S3.
 *
 * The receipt rule set must be made the active one once per account and region
 * (`aws ses set-active-receipt-rule-set`): CloudFormation cannot activate it.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export type MailProps = {
  senderAddress: string;
  replyDomain: string;
  inboundBucket: s3.IBucket;
  inboundPrefix: string;
  inboundTopic: sns.ITopic;
  /** Where SES publishes the sending events of our messages (DESIGN.md rule 4). */
  eventsTopic: sns.ITopic;
};

export const domainOf = (address: string): string =>
  address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export class Mail extends Construct {
  readonly senderIdentity: ses.EmailIdentity;
  readonly ruleSet: ses.ReceiptRuleSet;
  /** Every message goes out through it; its events name the attempt (DESIGN.md rule 4). */
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const senderDomain = domainOf(props.senderAddress);
    this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.domain(senderDomain),
    });
    // SES receives only for a verified domain.
    if (props.replyDomain !== senderDomain) {
      new ses.EmailIdentity(this, 'ReplyIdentity', { identity: ses.Identity.domain(props.replyDomain) });
    }

    // The S3 action notifies the topic after storing: SES needs to publish to it.
    props.inboundTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.inboundTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // DESIGN.md rule 4: SES's own record of every attempt (accepted, refused, delivered, bounced),
    // tagged with the attempt, so a notice whose sender died is resolved, never sent twice.
    this.configurationSet = new ses.ConfigurationSet(this, 'Sending', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToMailEvents', {
      destination: ses.EventDestination.snsTopic(props.eventsTopic),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { dropSpam: false });
    this.ruleSet.addRule('ReplyDomain', {
      recipients: [props.replyDomain],
      // C12.2: the handler checks SPF/DKIM/DMARC verdicts; spam and virus verdicts come with the scan.
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new actions.S3({
          bucket: props.inboundBucket,
          objectKeyPrefix: props.inboundPrefix,
          topic: props.inboundTopic,
        }),
      ],
    });
  }
}
