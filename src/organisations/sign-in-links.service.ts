import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { generateSignInLinkSecret, hashSignInLinkSecret } from '../auth/sign-in-link-secret.js';
import { NotFoundError } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { IssueSignInLinkInput, IssueSignInLinkPayload, SignInLink } from './sign-in-link.model.js';

/**
 * One-time console sign-in links: an ORG_ADMIN (the resolver's role) issues one for a member of their own
 * organisation, who opens it once, before CONSOLE_SIGN_IN_LINK_HOURS pass, to get a console session. Redeeming is
 * the console's business (auth/console-sessions.ts, one database function: redeem_sign_in_link).
 */
@Injectable()
export class SignInLinksService {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  issue(actor: Actor, input: IssueSignInLinkInput): Promise<IssueSignInLinkPayload> {
    return this.tenants.run(actor, async (manager) => {
      // Another organisation's member is not found, with the same answer as an id that exists nowhere.
      const [member] = await manager.query(`SELECT id FROM members WHERE id = $1 AND organisation_id = $2 AND removed_at IS NULL`, [
        input.memberId,
        actor.organisationId,
      ]);
      if (!member) throw new NotFoundError('Member');
      const secret = generateSignInLinkSecret();
      const [row] = await manager.query(
        `INSERT INTO sign_in_links (organisation_id, member_id, link_hash, expires_at, issued_by_member_id, issued_by_token_id)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)
         RETURNING id, member_id, created_at, expires_at`,
        [
          actor.organisationId,
          input.memberId,
          hashSignInLinkSecret(secret),
          this.config.CONSOLE_SIGN_IN_LINK_HOURS,
          actor.memberId,
          actor.tokenId || null,
        ],
      );
      await this.audit.record(manager, { action: 'sign_in_link.issue', entity: 'sign_in_link', entityId: row.id });
      const signInLink: SignInLink = { memberId: row.member_id, createdAt: row.created_at, expiresAt: row.expires_at };
      return { signInLink, secret };
    });
  }

  /** Ends every link of a member not used yet (on removal), inside the caller's transaction. */
  async revokeAllOf(manager: EntityManager, memberId: string): Promise<void> {
    await manager.query(`UPDATE sign_in_links SET revoked_at = now() WHERE member_id = $1 AND redeemed_at IS NULL AND revoked_at IS NULL`, [
      memberId,
    ]);
  }
}
