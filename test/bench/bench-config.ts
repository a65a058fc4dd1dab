/** Counts for one run. The smoke mode only checks the bench works; its numbers mean nothing. */
export interface BenchConfig {
  latency: { documents: number; warmupCalls: number; rounds: number; callsPerRound: number };
  throughput: { documents: number; concurrency: number; warmupCalls: number; rounds: number; callsPerRound: number };
  fanOut: {
    texts: number;
    images: number;
    videos: number;
    latencyMs: number;
    maxParallelCalls: number;
    repetitions: number;
  };
  cost: { given: number; unique: number };
  memory: { images: number; imageBytes: number };
  imageResize: { photos: number; width: number; height: number; repetitions: number };
  fleet: { processes: number; concurrency: number; durationMs: number; requestsPerMinute: number };
}

export const fullConfig: BenchConfig = {
  latency: { documents: 100, warmupCalls: 1000, rounds: 20, callsPerRound: 40 },
  throughput: { documents: 50, concurrency: 64, warmupCalls: 640, rounds: 7, callsPerRound: 1280 },
  fanOut: { texts: 700, images: 280, videos: 20, latencyMs: 100, maxParallelCalls: 8, repetitions: 9 },
  cost: { given: 100, unique: 60 },
  memory: { images: 200, imageBytes: 1024 * 1024 },
  imageResize: { photos: 40, width: 4032, height: 3024, repetitions: 3 },
  fleet: { processes: 4, concurrency: 4, durationMs: 10_000, requestsPerMinute: 600 },
};

export const smokeConfig: BenchConfig = {
  latency: { documents: 100, warmupCalls: 3, rounds: 2, callsPerRound: 3 },
  throughput: { documents: 50, concurrency: 64, warmupCalls: 64, rounds: 1, callsPerRound: 64 },
  fanOut: { texts: 700, images: 280, videos: 20, latencyMs: 100, maxParallelCalls: 8, repetitions: 1 },
  cost: { given: 100, unique: 60 },
  memory: { images: 8, imageBytes: 64 * 1024 },
  imageResize: { photos: 2, width: 2400, height: 1800, repetitions: 1 },
  fleet: { processes: 4, concurrency: 2, durationMs: 1500, requestsPerMinute: 600 },
};
