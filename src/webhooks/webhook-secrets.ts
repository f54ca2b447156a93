import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { open, seal } from '../crypto/envelope.js';
import { MasterKey } from '../crypto/master-key.js';
import { hmacSecretText, newSigningSecret, publicKeyText, SigningSecret } from './webhook-signature.js';

/** After a rotation, the old secret keeps signing next to the new one this long. */
export const ROTATION_OVERLAP_HOURS = 24;

const IN_FORCE = `(retired_at IS NULL OR retired_at > $2::timestamptz - interval '${ROTATION_OVERLAP_HOURS} hours')`;

interface SecretRow {
  id: string;
  endpoint_id: string;
  hmac_key_sealed: Buffer;
  ed25519_private_key_sealed: Buffer;
  ed25519_public_key: Buffer;
}

/**
 * Endpoints' signing secrets, sealed at rest under a key derived from the master key: a database dump alone cannot
 * sign a message in a partner's name. (A master-key rotation changes the derived key: rotate the endpoints' secrets
 * with it; see docs/events.md.)
 */
@Injectable()
export class WebhookSecrets {
  private readonly key: Buffer;

  constructor(masterKey: MasterKey) {
    this.key = masterKey.derivedKey('webhook-secrets');
  }

  /** A new secret for the endpoint, retiring those before it; the whsec_ text, to be shown once. */
  async issue(manager: EntityManager, organisationId: string, endpointId: string, at: Date): Promise<string> {
    await manager.query(`UPDATE webhook_secrets SET retired_at = $2 WHERE endpoint_id = $1 AND retired_at IS NULL`, [endpointId, at]);
    const [{ id }] = await manager.query(`SELECT gen_random_uuid() AS id`);
    const secret = newSigningSecret();
    await manager.query(
      `INSERT INTO webhook_secrets (id, organisation_id, endpoint_id, hmac_key_sealed, ed25519_private_key_sealed, ed25519_public_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        organisationId,
        endpointId,
        seal(this.key, secret.hmacKey, `webhook-hmac:${id}`),
        seal(this.key, secret.ed25519PrivateKey, `webhook-ed25519:${id}`),
        secret.ed25519PublicKey,
        at,
      ],
    );
    return hmacSecretText(secret);
  }

  /** The secrets that sign now, newest first, by endpoint. */
  async inForce(manager: EntityManager, endpointIds: string[], at: Date): Promise<Map<string, SigningSecret[]>> {
    const rows: SecretRow[] = await manager.query(
      `SELECT id, endpoint_id, hmac_key_sealed, ed25519_private_key_sealed, ed25519_public_key FROM webhook_secrets
       WHERE endpoint_id = ANY ($1::uuid[]) AND ${IN_FORCE} ORDER BY created_at DESC`,
      [endpointIds, at],
    );
    const secrets = new Map<string, SigningSecret[]>();
    for (const row of rows) {
      const secret = {
        hmacKey: open(this.key, row.hmac_key_sealed, `webhook-hmac:${row.id}`),
        ed25519PrivateKey: open(this.key, row.ed25519_private_key_sealed, `webhook-ed25519:${row.id}`),
        ed25519PublicKey: row.ed25519_public_key,
      };
      secrets.set(row.endpoint_id, [...(secrets.get(row.endpoint_id) ?? []), secret]);
    }
    return secrets;
  }

  /** The public keys (whpk_) in force, newest first, by endpoint: nothing secret, no opening needed. */
  async publicKeys(manager: EntityManager, endpointIds: string[], at: Date): Promise<Map<string, string[]>> {
    const rows: SecretRow[] = await manager.query(
      `SELECT endpoint_id, ed25519_public_key FROM webhook_secrets WHERE endpoint_id = ANY ($1::uuid[]) AND ${IN_FORCE} ORDER BY created_at DESC`,
      [endpointIds, at],
    );
    const keys = new Map<string, string[]>();
    for (const row of rows) keys.set(row.endpoint_id, [...(keys.get(row.endpoint_id) ?? []), publicKeyText(row.ed25519_public_key)]);
    return keys;
  }
}
