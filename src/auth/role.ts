import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  NETWORK_ADMIN = 'NETWORK_ADMIN',
  ORG_ADMIN = 'ORG_ADMIN',
  CASE_WORKER = 'CASE_WORKER',
  ANALYST = 'ANALYST',
  PRACTICE_EDITOR = 'PRACTICE_EDITOR',
}

registerEnumType(Role, { name: 'Role' });
