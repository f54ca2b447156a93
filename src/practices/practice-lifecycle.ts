import { ConflictError } from '../common/errors.js';
import { PracticeStatus } from './practice-status.js';

const { DRAFT, PUBLISHED, ARCHIVED } = PracticeStatus;

/** DRAFT -> PUBLISHED -> ARCHIVED, one way. */
export const PRACTICE_TRANSITIONS: Record<PracticeStatus, PracticeStatus[]> = {
  [DRAFT]: [PUBLISHED],
  [PUBLISHED]: [ARCHIVED],
  [ARCHIVED]: [],
};

export function checkPracticeTransition(from: PracticeStatus, to: PracticeStatus): void {
  if (!PRACTICE_TRANSITIONS[from].includes(to)) {
    throw new ConflictError(`A ${from} practice cannot become ${to}: practices go DRAFT -> PUBLISHED -> ARCHIVED.`);
  }
}
