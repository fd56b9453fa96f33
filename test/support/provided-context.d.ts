// Values that test/support/global-setup.ts provides to every test file (vitest `inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the DynamoDB Local started for this run. */
    dynamoEndpoint: string;
  }
}

export {};
