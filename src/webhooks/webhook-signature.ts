import { createHmac, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** One signing secret of an endpoint: the HMAC key (v1) and the Ed25519 key pair (v1a). */
export interface SigningSecret {
  hmacKey: Buffer;
  /** PKCS#8 DER. */
  ed25519PrivateKey: Buffer;
  /** The raw 32-byte public key. */
  ed25519PublicKey: Buffer;
}

export function newSigningSecret(): SigningSecret {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    hmacKey: randomBytes(32),
    ed25519PrivateKey: privateKey.export({ format: 'der', type: 'pkcs8' }),
    // An Ed25519 SPKI is a fixed 12-byte header and the 32-byte key.
    ed25519PublicKey: spki.subarray(spki.length - 32),
  };
}

/** The HMAC secret as Standard Webhooks writes it, for the receiver's verifier. */
export const hmacSecretText = (secret: Pick<SigningSecret, 'hmacKey'>) => `whsec_${secret.hmacKey.toString('base64')}`;
/** The Ed25519 public key as Standard Webhooks writes it. */
export const publicKeyText = (publicKey: Buffer) => `whpk_${publicKey.toString('base64')}`;

/**
 * The Standard Webhooks headers of one delivery: the signed content is `id.timestamp.body`; each secret in force signs
 * it twice, `v1` (HMAC-SHA256) and `v1a` (Ed25519), all listed space-separated so a receiver that knows any one of
 * them (during a rotation, the old or the new) accepts the message.
 */
export function webhookHeaders(id: string, at: Date, body: string, secrets: SigningSecret[]): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const content = Buffer.from(`${id}.${timestamp}.${body}`, 'utf8');
  const signatures = secrets.flatMap((secret) => [
    `v1,${createHmac('sha256', secret.hmacKey).update(content).digest('base64')}`,
    `v1a,${sign(null, content, createPrivateKey({ key: secret.ed25519PrivateKey, format: 'der', type: 'pkcs8' })).toString('base64')}`,
  ]);
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
