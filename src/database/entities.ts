import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ApiTokenEntity } from '../auth/api-token.entity.js';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';

export const ENTITIES = [OrganisationEntity, MemberEntity, ApiTokenEntity, AuditEventEntity];
