import { registerEnumType } from '@nestjs/graphql';

/**
 * DRAFT -> PUBLISHED -> ARCHIVED. A draft and an archived record are seen by the
 * author organisation only; a published one by every member of the network.
 */
export enum PracticeStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

registerEnumType(PracticeStatus, { name: 'PracticeStatus' });

export enum PracticeTheme {
  PREVENTION = 'PREVENTION',
  IDENTIFICATION = 'IDENTIFICATION',
  SHELTER = 'SHELTER',
  RETURN = 'RETURN',
  REINTEGRATION = 'REINTEGRATION',
  PROSECUTION = 'PROSECUTION',
  COOPERATION = 'COOPERATION',
}

registerEnumType(PracticeTheme, { name: 'PracticeTheme' });
