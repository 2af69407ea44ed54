import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import type { StorageConfig } from "@/lib/env";
import { safeKey, safeTenant, type Storage } from "./keys";

type S3Config = Extract<StorageConfig, { kind: "s3" }>;

/**
 * Internal storage in an S3-compatible bucket (STORAGE_URL=s3://bucket/prefix?...), shared by
 * every process. Objects are `<prefix>/<tenant>/<key>`, tenant and key checked as on local
 * disk, so no key can reach another tenant's objects. Credentials come from the AWS SDK's
 * usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
 */
export class S3Storage implements Storage {
  private client: Promise<{ s3: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;

  constructor(
    private readonly config: S3Config,
    /** Extra client settings (tests pass credentials here). */
    private readonly clientConfig: Partial<S3ClientConfig> = {},
  ) {}

  private connect() {
    this.client ??= import("@aws-sdk/client-s3").then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.config.region,
        endpoint: this.config.endpoint,
        forcePathStyle: this.config.forcePathStyle,
        // Checksums only where S3 requires them: many S3-compatible servers refuse the
        // newer default trailers.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
        ...this.clientConfig,
      }),
    }));
    return this.client;
  }

  private base(tenantId: string): string {
    return this.config.prefix ? `${this.config.prefix}/${safeTenant(tenantId)}/` : `${safeTenant(tenantId)}/`;
  }

  private object(tenantId: string, key: string): string {
    return this.base(tenantId) + safeKey(key);
  }

  async put(tenantId: string, key: string, content: Buffer | string) {
    const Key = this.object(tenantId, key);
    const { s3, sdk } = await this.connect();
    const body = typeof content === "string" ? Buffer.from(content) : content;
    await s3.send(new sdk.PutObjectCommand({ Bucket: this.config.bucket, Key, Body: body, ContentLength: body.length }));
  }

  async get(tenantId: string, key: string) {
    const Key = this.object(tenantId, key);
    const { s3, sdk } = await this.connect();
    try {
      const out = await s3.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async size(tenantId: string, key: string) {
    const Key = this.object(tenantId, key);
    const { s3, sdk } = await this.connect();
    try {
      const out = await s3.send(new sdk.HeadObjectCommand({ Bucket: this.config.bucket, Key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async delete(tenantId: string, key: string) {
    // S3 deletes answer the same whether the object existed: ask first.
    const existed = (await this.size(tenantId, key)) !== null;
    if (existed) {
      const { s3, sdk } = await this.connect();
      await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.object(tenantId, key) }));
    }
    return existed;
  }

  /** Object names under `<base>/<prefix>/`, every page. */
  private async names(tenantId: string, prefix: string): Promise<string[]> {
    const Prefix = `${this.object(tenantId, prefix)}/`;
    const { s3, sdk } = await this.connect();
    const names: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: this.config.bucket, Prefix, ContinuationToken }));
      for (const item of page.Contents ?? []) if (item.Key) names.push(item.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return names;
  }

  async list(tenantId: string, prefix: string) {
    const base = this.base(tenantId);
    return (await this.names(tenantId, prefix)).map((name) => name.slice(base.length)).sort();
  }

  async usage(tenantId: string) {
    const { s3, sdk } = await this.connect();
    let bytes = 0;
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.base(tenantId), ContinuationToken }));
      for (const item of page.Contents ?? []) bytes += item.Size ?? 0;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return bytes;
  }

  async deletePrefix(tenantId: string, prefix: string) {
    const names = [this.object(tenantId, prefix), ...(await this.names(tenantId, prefix))];
    const { s3, sdk } = await this.connect();
    for (let i = 0; i < names.length; i += 1000) {
      const batch = names.slice(i, i + 1000);
      await s3.send(new sdk.DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    }
  }
}

function missing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
