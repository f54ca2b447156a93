import { ConflictError } from '../common/errors.js';
import { checkPracticeTransition } from './practice-lifecycle.js';
import { PracticeStatus } from './practice-status.js';

const { DRAFT, PUBLISHED, ARCHIVED } = PracticeStatus;

describe('the practice workflow', () => {
  it.each([
    [DRAFT, PUBLISHED],
    [PUBLISHED, ARCHIVED],
  ])('allows %s -> %s', (from, to) => {
    expect(() => checkPracticeTransition(from, to)).not.toThrow();
  });

  it.each([
    [DRAFT, ARCHIVED],
    [DRAFT, DRAFT],
    [PUBLISHED, PUBLISHED],
    [PUBLISHED, DRAFT],
    [ARCHIVED, PUBLISHED],
    [ARCHIVED, DRAFT],
  ])('refuses %s -> %s with a CONFLICT', (from, to) => {
    expect(() => checkPracticeTransition(from, to)).toThrow(ConflictError);
  });
});
