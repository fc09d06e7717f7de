import { SqlCaptureJobRepository } from '../capture/capture-job-repository.js';
import { SqlCaptureQueue } from '../capture/capture-queue.js';
import { SqlCaseRepository } from '../cases/case-repository.js';
import { SqlCustodyLedger } from '../custody/ledger.js';
import { SqlItemRepository } from '../items/item-repository.js';
import { SqlCommentRepository } from '../items/comment-repository.js';
import { SqlReviewRepository } from '../review/review-repository.js';
import type { Clock } from '../util/clock.js';
import { SqlWatchRepository } from '../watch/watch-repository.js';
import { SqlTeamRepository } from '../team/team-repository.js';
import type { Repositories } from './repositories.js';
import type { SqlExecutor } from './sql.js';

/** The repositories of one unit of work, all on its executor (one connection, one transaction). */
export function sqlRepositories(sql: SqlExecutor, clock: Clock): Repositories {
  const ledger = new SqlCustodyLedger(sql, clock);
  return {
    cases: new SqlCaseRepository(sql, ledger, clock),
    items: new SqlItemRepository(sql, ledger, clock),
    comments: new SqlCommentRepository(sql, ledger, clock),
    ledger,
    captureQueue: new SqlCaptureQueue(sql, clock),
    review: new SqlReviewRepository(sql),
    watches: new SqlWatchRepository(sql, ledger),
    team: new SqlTeamRepository(sql),
    captureJobs: new SqlCaptureJobRepository(sql),
  };
}
