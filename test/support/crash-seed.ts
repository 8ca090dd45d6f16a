/** Gives a crash test back the seed a run printed, so its kill plan can be replayed: ML_CONNECTOR_CRASH_SEED=4711. */
export const CRASH_SEED_VARIABLE = 'ML_CONNECTOR_CRASH_SEED';

/** The seed a crash test draws its kill moments from: the one the environment gives back, or a new one each run. */
export function crashSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env[CRASH_SEED_VARIABLE];
  if (given === undefined || given === '') return Date.now() % 100_000;
  if (!/^\d+$/.test(given)) throw new Error(`${CRASH_SEED_VARIABLE}="${given}" is not a seed: give back the number a crash test printed.`);
  return Number(given);
}

/** How a run names its seed: the seed and the line that replays it. */
export const replayHint = (seed: number) => `seed ${seed} (replay: ${CRASH_SEED_VARIABLE}=${seed})`;

/** A small seeded generator, so a failing run's kill moments can be replayed from the printed seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
