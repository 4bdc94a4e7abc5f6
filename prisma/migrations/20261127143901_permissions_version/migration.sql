-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "permissionsVersion" INTEGER NOT NULL DEFAULT 0;

-- Hand-written: what a policy context is loaded from (server/policy/load.ts) bumps the
-- organization's permissionsVersion, whichever code path writes it, so a context cached across
-- requests is never used after a change. Row triggers, so bulk writes bump too.
CREATE FUNCTION "bump_permissions_version"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "organizations" SET "permissionsVersion" = "permissionsVersion" + 1
      WHERE "id" = OLD."organizationId";
  ELSE
    UPDATE "organizations" SET "permissionsVersion" = "permissionsVersion" + 1
      WHERE "id" = NEW."organizationId";
    IF TG_OP = 'UPDATE' AND OLD."organizationId" IS DISTINCT FROM NEW."organizationId" THEN
      UPDATE "organizations" SET "permissionsVersion" = "permissionsVersion" + 1
        WHERE "id" = OLD."organizationId";
    END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "roles_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON "roles"
  FOR EACH ROW EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "policies_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON "policies"
  FOR EACH ROW EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "scopeRules_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON "scopeRules"
  FOR EACH ROW EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "fieldMasks_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON "fieldMasks"
  FOR EACH ROW EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "userRoles_permissions_version" AFTER INSERT OR UPDATE OR DELETE ON "userRoles"
  FOR EACH ROW EXECUTE FUNCTION "bump_permissions_version"();

-- `actor.entityIds` is the set of live entities whose data.userId is the actor: only writes to
-- such entities (before or after) change it, so other entity writes don't touch the version.
CREATE TRIGGER "entities_insert_permissions_version" AFTER INSERT ON "entities"
  FOR EACH ROW WHEN (NEW."data" ? 'userId')
  EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "entities_update_permissions_version" AFTER UPDATE ON "entities"
  FOR EACH ROW WHEN (OLD."data" ? 'userId' OR NEW."data" ? 'userId')
  EXECUTE FUNCTION "bump_permissions_version"();
CREATE TRIGGER "entities_delete_permissions_version" AFTER DELETE ON "entities"
  FOR EACH ROW WHEN (OLD."data" ? 'userId')
  EXECUTE FUNCTION "bump_permissions_version"();
