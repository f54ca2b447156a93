import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { operationRows } from '../database/operation-rows.js';
import { SubjectEntity } from './subject.entity.js';

/** A person registered by the actor's organisation, or null: the one an earlier step of the operation registered, or read. */
export async function findOwnSubject(manager: EntityManager, actor: Actor, id: string): Promise<SubjectEntity | null> {
  const registered = operationRows.recall(manager, SubjectEntity, id);
  if (registered) return registered.organisationId === actor.organisationId ? registered : null;
  return manager.getRepository(SubjectEntity).findOneBy({ id, organisationId: actor.organisationId });
}
