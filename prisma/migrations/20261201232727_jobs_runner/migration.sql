-- The runners' claim (server/jobs/claim.ts, docs/jobs.md): due jobs in the order they are taken,
-- highest priority first, then the earliest due. Only rows waiting to run are in it, so a claim
-- reads the first few entries instead of sorting every due row, however many jobs have ended.
CREATE INDEX "jobs_due_idx" ON "jobs" ("priority" DESC, "scheduledFor" ASC)
  WHERE "status" IN ('pending', 'failed');

-- Claims whose lease may pass (a worker that stopped mid-attempt): few rows, read by the claim
-- and the sweep.
CREATE INDEX "jobs_leased_idx" ON "jobs" ("leaseExpiresAt")
  WHERE "status" IN ('claimed', 'running');
