CREATE TYPE "public"."role_kind" AS ENUM('admin', 'goal_owner', 'coordinator', 'executor');--> statement-breakpoint
CREATE TYPE "public"."indicator_type" AS ENUM('product', 'result', 'impact');--> statement-breakpoint
CREATE TYPE "public"."report_action" AS ENUM('create', 'save', 'submit', 'accept', 'approve', 'return', 'withdraw_approval', 'import');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('draft', 'submitted', 'accepted', 'approved', 'returned');--> statement-breakpoint
CREATE TABLE "departments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "departments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"abbreviation" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_holders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "post_holders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	CONSTRAINT "post_holders_period" CHECK ("post_holders"."valid_to" is null or "post_holders"."valid_to" > "post_holders"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "post_roles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "post_roles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_id" integer NOT NULL,
	"role" "role_kind" NOT NULL,
	"goal_id" integer,
	"program_id" integer,
	"task_id" integer,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	CONSTRAINT "post_roles_scope" CHECK (("post_roles"."role" = 'admin' and "post_roles"."goal_id" is null and "post_roles"."program_id" is null and "post_roles"."task_id" is null)
       or ("post_roles"."role" = 'goal_owner' and "post_roles"."goal_id" is not null and "post_roles"."program_id" is null and "post_roles"."task_id" is null)
       or ("post_roles"."role" = 'coordinator' and "post_roles"."program_id" is not null and "post_roles"."goal_id" is null and "post_roles"."task_id" is null)
       or ("post_roles"."role" = 'executor' and "post_roles"."task_id" is not null and "post_roles"."goal_id" is null and "post_roles"."program_id" is null)),
	CONSTRAINT "post_roles_period" CHECK ("post_roles"."valid_to" is null or "post_roles"."valid_to" > "post_roles"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"function" text,
	"department_id" integer,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"login" text NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"password_hash" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"department_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"position" integer NOT NULL,
	"source" text NOT NULL,
	"value_text" text DEFAULT '' NOT NULL,
	"share_percent" numeric(7, 2),
	"amount" numeric(16, 2)
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "goals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"strategy_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "goals_number" CHECK ("goals"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "indicator_years" (
	"indicator_id" integer NOT NULL,
	"year" integer NOT NULL,
	"target_text" text,
	"target_number" numeric,
	"actual_text" text,
	"actual_number" numeric,
	CONSTRAINT "indicator_years_indicator_id_year_pk" PRIMARY KEY("indicator_id","year")
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"type" "indicator_type" NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partners_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "programs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"goal_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "programs_number" CHECK ("programs"."number" > 0)
);
--> statement-breakpoint
CREATE TABLE "stage_years" (
	"stage_id" integer NOT NULL,
	"year" integer NOT NULL,
	"planned_points" numeric(7, 2),
	"actual_points" numeric(7, 2),
	CONSTRAINT "stage_years_stage_id_year_pk" PRIMARY KEY("stage_id","year"),
	CONSTRAINT "stage_years_planned" CHECK ("stage_years"."planned_points" is null or "stage_years"."planned_points" between 0 and 100),
	CONSTRAINT "stage_years_actual" CHECK ("stage_years"."actual_points" is null or "stage_years"."actual_points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"position" integer NOT NULL,
	"number" integer,
	"name" text NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "strategies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"city_name" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "strategies_span" CHECK ("strategies"."end_year" >= "strategies"."start_year" and "strategies"."start_year" between 1990 and 2200)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"program_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"weight" numeric(7, 2) DEFAULT 100 NOT NULL,
	"addressees" text DEFAULT '' NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"planned_total_cost_text" text DEFAULT '' NOT NULL,
	"planned_total_cost_amount" numeric(16, 2),
	"budget_note" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tasks_number" CHECK ("tasks"."number" > 0),
	CONSTRAINT "tasks_weight" CHECK ("tasks"."weight" >= 0)
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" integer NOT NULL,
	"actor_user_id" integer,
	"action" "report_action" NOT NULL,
	"from_status" "report_status",
	"to_status" "report_status" NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_indicator_values" (
	"report_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"actual_text" text,
	"actual_number" numeric,
	CONSTRAINT "report_indicator_values_report_id_indicator_id_pk" PRIMARY KEY("report_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "report_stage_values" (
	"report_id" integer NOT NULL,
	"stage_id" integer NOT NULL,
	"actual_points" numeric(7, 2),
	CONSTRAINT "report_stage_values_report_id_stage_id_pk" PRIMARY KEY("report_id","stage_id"),
	CONSTRAINT "report_stage_values_points" CHECK ("report_stage_values"."actual_points" is null or "report_stage_values"."actual_points" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "reporting_years" (
	"strategy_id" integer NOT NULL,
	"year" integer NOT NULL,
	"deadline" date NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by" integer,
	"closed_at" timestamp with time zone,
	CONSTRAINT "reporting_years_strategy_id_year_pk" PRIMARY KEY("strategy_id","year")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"year" integer NOT NULL,
	"status" "report_status" DEFAULT 'draft' NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"official_before" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"actor_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "post_holders" ADD CONSTRAINT "post_holders_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_holders" ADD CONSTRAINT "post_holders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_roles" ADD CONSTRAINT "post_roles_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_roles" ADD CONSTRAINT "post_roles_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_roles" ADD CONSTRAINT "post_roles_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_roles" ADD CONSTRAINT "post_roles_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_sources" ADD CONSTRAINT "funding_sources_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_years" ADD CONSTRAINT "indicator_years_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_years" ADD CONSTRAINT "stage_years_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stages" ADD CONSTRAINT "stages_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_indicator_values" ADD CONSTRAINT "report_indicator_values_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_indicator_values" ADD CONSTRAINT "report_indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_stage_values" ADD CONSTRAINT "report_stage_values_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_stage_values" ADD CONSTRAINT "report_stage_values_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_years" ADD CONSTRAINT "reporting_years_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_years" ADD CONSTRAINT "reporting_years_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_holders_post_id_index" ON "post_holders" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "post_holders_user_id_index" ON "post_holders" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "post_roles_post_id_index" ON "post_roles" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "post_roles_goal_id_index" ON "post_roles" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "post_roles_program_id_index" ON "post_roles" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "post_roles_task_id_index" ON "post_roles" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "post_roles_current_goal_owner" ON "post_roles" USING btree ("goal_id") WHERE "post_roles"."role" = 'goal_owner' and "post_roles"."valid_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "post_roles_current_coordinator" ON "post_roles" USING btree ("program_id") WHERE "post_roles"."role" = 'coordinator' and "post_roles"."valid_to" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "post_roles_current_executor" ON "post_roles" USING btree ("task_id") WHERE "post_roles"."role" = 'executor' and "post_roles"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "posts_department_id_index" ON "posts" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "user_sessions_user_id_index" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_login_unique" ON "users" USING btree (lower("login"));--> statement-breakpoint
CREATE INDEX "users_department_id_index" ON "users" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "funding_sources_task_id_index" ON "funding_sources" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goals_strategy_id_number_index" ON "goals" USING btree ("strategy_id","number");--> statement-breakpoint
CREATE INDEX "indicators_task_id_index" ON "indicators" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "partners_task_id_index" ON "partners" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programs_goal_id_number_index" ON "programs" USING btree ("goal_id","number");--> statement-breakpoint
CREATE INDEX "stages_task_id_index" ON "stages" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_program_id_number_index" ON "tasks" USING btree ("program_id","number");--> statement-breakpoint
CREATE INDEX "report_events_report_id_index" ON "report_events" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "report_indicator_values_indicator_id_index" ON "report_indicator_values" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "report_stage_values_stage_id_index" ON "report_stage_values" USING btree ("stage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_task_id_year_index" ON "reports" USING btree ("task_id","year");--> statement-breakpoint
CREATE INDEX "reports_status_index" ON "reports" USING btree ("status");--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_index" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_user_id_index" ON "audit_log" USING btree ("actor_user_id");