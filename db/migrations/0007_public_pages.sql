CREATE TABLE "public_revision" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"revision" bigint DEFAULT 1 NOT NULL,
	"bumped_by" bigint,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_revision_one_row" CHECK ("public_revision"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "published_from" date;--> statement-breakpoint
ALTER TABLE "strategies" ADD COLUMN "publish_narratives" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The public revision: bumped once by every transaction that changes what the public pages show,
-- at its commit (deferred constraint triggers fire then, after every other write of the
-- transaction, so the row is the last lock it takes: no deadlock with other writers, and a reader
-- sees the new number exactly when it sees the new data).
INSERT INTO "public_revision" ("id") VALUES (1) ON CONFLICT DO NOTHING;--> statement-breakpoint
CREATE FUNCTION public_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public_revision
     SET revision = revision + 1, bumped_by = txid_current(), changed_at = now()
   WHERE id = 1 AND bumped_by IS DISTINCT FROM txid_current();
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_strategies AFTER INSERT OR UPDATE OR DELETE ON strategies DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_goals AFTER INSERT OR UPDATE OR DELETE ON goals DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_programs AFTER INSERT OR UPDATE OR DELETE ON programs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_tasks AFTER INSERT OR UPDATE OR DELETE ON tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_stages AFTER INSERT OR UPDATE OR DELETE ON stages DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_stage_years AFTER INSERT OR UPDATE OR DELETE ON stage_years DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_partners AFTER INSERT OR UPDATE OR DELETE ON partners DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_indicators AFTER INSERT OR UPDATE OR DELETE ON indicators DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_indicator_years AFTER INSERT OR UPDATE OR DELETE ON indicator_years DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_funding_sources AFTER INSERT OR UPDATE OR DELETE ON funding_sources DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_posts AFTER INSERT OR UPDATE OR DELETE ON posts DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_departments AFTER INSERT OR UPDATE OR DELETE ON departments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
-- Reports: only an approved one is public (its narrative, where the office publishes them).
CREATE CONSTRAINT TRIGGER public_revision_reports_insert AFTER INSERT ON reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_reports_update AFTER UPDATE ON reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved') EXECUTE FUNCTION public_revision_bump();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER public_revision_reports_delete AFTER DELETE ON reports DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION public_revision_bump();
