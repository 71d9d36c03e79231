-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "lease_until" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "import_jobs_status_lease_until_idx" ON "import_jobs"("status", "lease_until");
