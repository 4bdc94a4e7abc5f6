-- One running turn per thread, enforced by the database whatever instance starts the turn: a
-- second start on the same thread fails on this index (answered 409). A separate migration
-- because PostgreSQL cannot use the enum value `running` in the transaction that added it.
CREATE UNIQUE INDEX "executions_threadId_running_key" ON "executions"("threadId") WHERE "status" = 'running';
