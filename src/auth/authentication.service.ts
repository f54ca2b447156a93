import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQueryOnPool } from '../database/prepared-query.js';
import { Actor } from './actor.js';
import { hashApiToken, tokenFromAuthorizationHeader } from './api-token.js';
import { Role } from './role.js';

interface TokenRow {
  member_id: string;
  organisation_id: string;
  roles: Role[];
  token_id: string;
}

@Injectable()
export class AuthenticationService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The actor behind an Authorization header, or null. A revoked or expired
   * token, a removed member and a suspended organisation all fail here, on
   * every request, so suspension takes effect at once.
   */
  async authenticate(authorization: string | undefined): Promise<Actor | null> {
    const token = tokenFromAuthorizationHeader(authorization);
    if (!token) return null;
    // Prepared: every request runs it.
    const rows = await preparedQueryOnPool<TokenRow>(this.dataSource, 'SELECT * FROM authenticate_api_token($1)', [hashApiToken(token)]);
    const row = rows[0];
    if (!row) return null;
    return { memberId: row.member_id, organisationId: row.organisation_id, roles: row.roles, tokenId: row.token_id };
  }
}
