import type { Database } from '@ambassador/db/database';
import { insertResponses, type ResponseSubmission, type SubmissionOutcome } from '@ambassador/db/responses';
import type { Logger } from '@ambassador/observability/logger';
import { classifyJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';
import type { IngestMetrics } from './metrics.ts';

interface Waiting {
  submission: ResponseSubmission;
  resolve: (outcome: SubmissionOutcome) => void;
  reject: (error: unknown) => void;
}

export interface IntakeSettings {
  /** Most submissions stored by one statement. */
  maxBatch: number;
  /** Batches in flight at once (each holds one database connection). */
  maxConcurrentBatches: number;
}

/**
 * Group commit for incoming responses: submissions that arrive while a batch is being
 * written wait for the next one, so a burst costs one INSERT, one COMMIT and one Redis
 * round trip per batch instead of per response. Each caller is answered only after its own
 * row is committed (and its classification queued, or left to the sweeper when Redis is
 * down), so a 202 still means the response is stored.
 */
export class ResponseIntake {
  readonly #waiting: Waiting[] = [];
  #inFlight = 0;
  #scheduled = false;
  readonly #db: Database;
  readonly #producer: JobProducer;
  readonly #metrics: IngestMetrics;
  readonly #log: Logger;
  readonly #settings: IntakeSettings;

  constructor(dependencies: { db: Database; producer: JobProducer; metrics: IngestMetrics; logger: Logger }, settings: IntakeSettings) {
    this.#db = dependencies.db;
    this.#producer = dependencies.producer;
    this.#metrics = dependencies.metrics;
    this.#log = dependencies.logger;
    this.#settings = settings;
  }

  submit(submission: ResponseSubmission): Promise<SubmissionOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ submission, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#settings.maxConcurrentBatches || this.#waiting.length === 0) return;
    this.#scheduled = true;
    // Let the submissions of this turn of the event loop join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting.splice(0, this.#settings.maxBatch);
    if (batch.length === 0) return;
    this.#inFlight += 1;
    this.#metrics.intakeBatchSize.observe(batch.length);
    try {
      await this.#store(batch);
    } catch (error) {
      const [only] = batch;
      if (only && batch.length === 1) only.reject(error);
      // One row the database refuses fails its whole statement: store the others one by
      // one, so that only that submission fails.
      else for (const entry of batch) await this.#store([entry]).catch((single: unknown) => entry.reject(single));
    } finally {
      this.#inFlight -= 1;
      this.#schedule();
    }
  }

  async #store(batch: Waiting[]): Promise<void> {
    const outcomes = await insertResponses(
      this.#db,
      batch.map((entry) => entry.submission),
    );
    const stored = outcomes.flatMap((outcome) => (outcome.kind === 'stored' ? [outcome.id] : []));
    await this.#queueClassification(stored);
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome) entry.resolve(outcome);
      else entry.reject(new Error('the database answered fewer rows than it was given'));
    });
  }

  async #queueClassification(responseIds: string[]): Promise<void> {
    if (responseIds.length === 0) return;
    this.#metrics.responsesAccepted.inc(responseIds.length);
    try {
      await this.#producer.enqueueMany(
        classifyJob,
        responseIds.map((responseId) => ({ responseId })),
      );
    } catch (error) {
      this.#metrics.enqueueFailures.inc({ queue: classifyJob.queue }, responseIds.length);
      this.#log.warn({ responses: responseIds.length, err: error }, 'responses stored; classification not queued yet, the sweeper will queue it');
    }
  }
}
