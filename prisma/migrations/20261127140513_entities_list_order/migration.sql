-- DropIndex
DROP INDEX "entities_organizationId_entityTypeId_createdAt_idx";

-- CreateIndex
CREATE INDEX "entities_organizationId_entityTypeId_createdAt_id_idx" ON "entities"("organizationId", "entityTypeId", "createdAt", "id");

-- Written by hand (Prisma cannot express an expression index): the policy engine resolves
-- `actor.entityIds` by looking up the organization's entities whose data.userId is the user,
-- on every request of a member whose scope rules use it.
CREATE INDEX "entities_organizationId_data_userId_idx" ON "entities"("organizationId", ("data" #> '{userId}'));
