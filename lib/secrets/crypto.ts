import fs from "node:fs";
import path from "node:path";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Envelope encryption of secrets (AES-256-GCM, node:crypto): each value is encrypted with its
 * tenant's data key; each data key is wrapped by the instance's master key. Rotating the
 * master key re-wraps the data keys and never touches a value. Every ciphertext is bound
 * (additional authenticated data) to where it belongs, so a row copied to another tenant,
 * namespace or key does not decrypt.
 */

const IV = 12;
const TAG = 16;

export type MasterKey = { key: Buffer; id: string };

/** A master key from its text (SECRETS_KEY or the generated file): HKDF-SHA256 to 32 bytes. */
export function masterKeyFrom(text: string): MasterKey {
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(text, "utf8"), Buffer.alloc(0), "switchyard secrets master key", 32));
  // An id to tell keys apart in rows and messages; it reveals nothing of the key.
  const id = createHash("sha256").update(key).update("id").digest("hex").slice(0, 16);
  return { key, id };
}

/** Where the generated master key lives when SECRETS_KEY is unset. */
export function masterKeyFile(): string {
  return path.join(path.resolve(env().DATA_DIR), "secrets-key");
}

/** SECRETS_KEY, or one generated on first use and kept (mode 0600) in DATA_DIR like the auth secret. */
export function masterKeyText(): string {
  const configured = env().SECRETS_KEY;
  if (configured) return configured;
  const file = masterKeyFile();
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
      return text;
    } catch {
      // Another bundle of this process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

export function masterKey(): MasterKey {
  return masterKeyFrom(masterKeyText());
}

function seal(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV + TAG) throw new SecretCryptoError("ciphertext too short");
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, IV));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
  } catch {
    throw new SecretCryptoError("cannot decrypt: wrong key or tampered data");
  }
}

/** Never carries a value: only what failed. */
export class SecretCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretCryptoError";
  }
}

const dataKeyAad = (tenantId: string) => `switchyard/data-key/${tenantId}`;
const valueAad = (tenantId: string, namespace: string, key: string) => `switchyard/secret/${tenantId}/${namespace}/${key}`;

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function wrapDataKey(master: MasterKey, tenantId: string, dataKey: Buffer): Buffer {
  return seal(master.key, dataKey, dataKeyAad(tenantId));
}

export function unwrapDataKey(master: MasterKey, tenantId: string, wrapped: Buffer): Buffer {
  return open(master.key, wrapped, dataKeyAad(tenantId));
}

export function encryptValue(dataKey: Buffer, where: { tenantId: string; namespace: string; key: string }, value: string): Buffer {
  return seal(dataKey, Buffer.from(value, "utf8"), valueAad(where.tenantId, where.namespace, where.key));
}

export function decryptValue(dataKey: Buffer, where: { tenantId: string; namespace: string; key: string }, sealed: Buffer): string {
  return open(dataKey, sealed, valueAad(where.tenantId, where.namespace, where.key)).toString("utf8");
}
