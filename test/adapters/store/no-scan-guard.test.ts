import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTableInput, TABLE_DEFINITION } from '../../../functions/adapters/dynamodb/table-definition.ts';

const ROOT = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return []; // local/ may not exist yet
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Scan reads the whole table; every access pattern must be a GetItem or a Query (table-design.ts). */
const SCAN_USES = [
  /\bScanCommand\b/,
  /\bparallelScan\b/i,
  /\bpaginateScan\b/,
  /\.scan\s*\(/,
  /['"`]DynamoDB_20120810\.Scan['"`]/,
  /\bScanInput\b/,
  /\bScanCommandInput\b/,
];

describe('single-table access patterns', () => {
  it('no file under functions/ or local/ imports or uses a DynamoDB Scan', () => {
    const files = [...sourceFiles(join(ROOT, 'functions')), ...sourceFiles(join(ROOT, 'local'))];
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return SCAN_USES.filter((pattern) => pattern.test(text)).map((p) => `${relative(ROOT, file)}: ${p}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the guard recognises a Scan when it sees one', () => {
    const sample =
      "import { ScanCommand } from '@aws-sdk/lib-dynamodb';\nawait doc.send(new ScanCommand({}));";
    expect(SCAN_USES.some((pattern) => pattern.test(sample))).toBe(true);
  });

  it('CreateTable input comes from the one table definition: on-demand, keys and every GSI projecting ALL', () => {
    const input = createTableInput('t-1');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((g) => g.indexName),
    );
    expect(input.GlobalSecondaryIndexes?.every((g) => g.Projection?.ProjectionType === 'ALL')).toBe(true);
    const names = input.AttributeDefinitions?.map((a) => a.AttributeName) ?? [];
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(2 + 2 * TABLE_DEFINITION.globalSecondaryIndexes.length);
  });
});
