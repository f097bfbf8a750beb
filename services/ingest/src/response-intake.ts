import type { Database } from '@ambassador/db/database';
import { insertResponses, type ResponseSubmission, type SubmissionOutcome } from '@ambassador/db/responses';
import type { Logger } from '@ambassador/observability/logger';
import { classifyJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';
import { enqueueOrLeaveToScheduler } from './enqueue-or-leave.ts';
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
 * round trip per batch instead of per response, and the classifier takes the batch as one job
 * (or two: those that may make an alert ahead of the others). Each caller is answered only
 * after its own row is committed (and its classification queued, or left to the scheduler
 * when Redis is down), so a 202 still means the response is stored. The API and the form
 * both store their responses here.
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
    const stored = batch.flatMap((entry, index) => {
      const outcome = outcomes[index];
      return outcome?.kind === 'stored' ? [{ id: outcome.id, satisfaction: entry.submission.satisfaction }] : [];
    });
    if (stored.length > 0) {
      this.#metrics.responsesAccepted.inc(stored.length);
      await enqueueOrLeaveToScheduler(
        { metrics: this.#metrics, log: this.#log },
        { queue: classifyJob.queue, rows: stored.length, stored: 'responses', logFields: { responses: stored.length } },
        () => this.#producer.enqueueClassification(stored),
      );
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (outcome) entry.resolve(outcome);
      else entry.reject(new Error('the database answered fewer rows than it was given'));
    });
  }
}
