import { delay } from '../http/loopback-server';

/**
 * How long a request takes to process: a fixed time per request plus a time per operation of a batch
 * (BC runs a batch's operations one after another inside the request, BCDOCS use-odata-batch.md). The
 * emulator's own work counts towards it: the answer goes out that long after the request was admitted,
 * or later only when the work itself took longer, so benchmarks can compute the least time the emulated
 * limits allow from the configuration alone.
 */
export interface LatencyModel {
  requestMs: number;
  operationMs: number;
}

/** Waits out what is left of the processing time of a request that started (performance.now()) at `startedAt`. */
export async function holdAnswer(model: LatencyModel, startedAt: number, operations: number): Promise<void> {
  const left = model.requestMs + operations * model.operationMs - (performance.now() - startedAt);
  if (left > 0) await delay(left);
}
