-- CreateTable
CREATE TABLE "artifact_versions" (
    "tenant_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "path" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_versions_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "artifact_files" (
    "tenant_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "chunk_size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,

    CONSTRAINT "artifact_files_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "artifact_chunks" (
    "tenant_id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "artifact_chunks_pkey" PRIMARY KEY ("tenant_id","file_id","seq")
);

-- CreateIndex
CREATE INDEX "artifact_versions_tenant_id_shop_id_idx" ON "artifact_versions"("tenant_id", "shop_id");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_versions_tenant_id_path_key" ON "artifact_versions"("tenant_id", "path");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_files_tenant_id_version_id_name_key" ON "artifact_files"("tenant_id", "version_id", "name");

-- AddForeignKey
ALTER TABLE "artifact_versions" ADD CONSTRAINT "artifact_versions_tenant_id_shop_id_fkey" FOREIGN KEY ("tenant_id", "shop_id") REFERENCES "shops"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_files" ADD CONSTRAINT "artifact_files_tenant_id_version_id_fkey" FOREIGN KEY ("tenant_id", "version_id") REFERENCES "artifact_versions"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_chunks" ADD CONSTRAINT "artifact_chunks_tenant_id_file_id_fkey" FOREIGN KEY ("tenant_id", "file_id") REFERENCES "artifact_files"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
