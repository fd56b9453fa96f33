/** An error the simulator answers in the AWS JSON 1.1 shape: `{ "__type": type, "message": … }`. */
export class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SsmError';
  }
}
