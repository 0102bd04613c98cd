// Errors carry Prometheus' API errorType so the HTTP layer can map them to its status codes.
export type PromQLErrorType = "bad_data" | "execution" | "timeout" | "canceled" | "internal";

export class PromQLError extends Error {
  constructor(
    readonly errorType: PromQLErrorType,
    message: string,
  ) {
    super(message);
    this.name = "PromQLError";
  }
}
