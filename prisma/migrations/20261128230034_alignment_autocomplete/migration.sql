-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "active_alignment_id" UUID,
ADD COLUMN     "autocomplete_built_at" TIMESTAMPTZ(3),
ADD COLUMN     "autocomplete_version" TEXT;

-- CreateTable
CREATE TABLE "alignment_runs" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "shop_ids" UUID[],
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "metrics" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "alignment_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alignments" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "shop_ids" UUID[],
    "models" JSONB NOT NULL,
    "artifact_path" TEXT NOT NULL,
    "metrics" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alignments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alignment_runs_tenant_id_created_at_idx" ON "alignment_runs"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alignments_run_id_key" ON "alignments"("run_id");

-- CreateIndex
CREATE INDEX "alignments_tenant_id_created_at_idx" ON "alignments"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "shops" ADD CONSTRAINT "shops_active_alignment_id_fkey" FOREIGN KEY ("active_alignment_id") REFERENCES "alignments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alignment_runs" ADD CONSTRAINT "alignment_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alignments" ADD CONSTRAINT "alignments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alignments" ADD CONSTRAINT "alignments_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "alignment_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
