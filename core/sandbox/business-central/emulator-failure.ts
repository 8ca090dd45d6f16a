/** An error the emulator answers with BC's body shape: {"error":{"code","message"}} (NOTES §1.7). */
export class BcFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
