/**
 * The two SSM Command documents, created from the same data the fleet simulator runs
 * (functions/fleet/documents.ts). CloudFormation names them; the functions get the names in
 * PATCH_DOCUMENT_NAME and BACKUP_DOCUMENT_NAME.
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { FLEET_DOCUMENTS, type FleetDocumentName } from '../../functions/fleet/documents.ts';

export class FleetDocuments extends Construct {
  readonly documents: Readonly<Record<FleetDocumentName, ssm.CfnDocument>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const entries = Object.entries(FLEET_DOCUMENTS) as [
      FleetDocumentName,
      (typeof FLEET_DOCUMENTS)[FleetDocumentName],
    ][];
    this.documents = Object.fromEntries(
      entries.map(([name, content]) => [
        name,
        new ssm.CfnDocument(this, name, {
          documentType: 'Command',
          documentFormat: 'JSON',
          content,
        }),
      ]),
    ) as Record<FleetDocumentName, ssm.CfnDocument>;
  }

  /** The CloudFormation-generated document name. */
  nameOf(document: FleetDocumentName): string {
    return this.documents[document].ref;
  }
}
