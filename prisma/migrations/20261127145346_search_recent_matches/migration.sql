-- CreateIndex
CREATE INDEX "entities_organizationId_updatedAt_id_idx" ON "entities"("organizationId", "updatedAt", "id");
