import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubjectKeys } from '../crypto/subject-keys.js';
import { PersonalDataVault } from './personal-data-vault.js';
import { SEALED_NOTE } from './sealed-notes.js';

/** Where each note waiting in notes_to_seal goes, and the context it is sealed under there. */
const DESTINATIONS: Record<string, { table: string; context: (rowId: string) => string }> = {
  status_reason_sealed: { table: 'referrals', context: SEALED_NOTE.statusReason },
  reason_sealed: { table: 'referral_events', context: SEALED_NOTE.eventReason },
  withdrawal_reason_sealed: { table: 'consents', context: SEALED_NOTE.withdrawalReason },
  form_reference_sealed: { table: 'consents', context: SEALED_NOTE.formReference },
  closure_reason_sealed: { table: 'follow_ups', context: SEALED_NOTE.closureReason },
};

interface WaitingNote {
  id: string;
  table_name: string;
  column_name: string;
  row_id: string;
  subject_id: string;
  text: string;
}

/**
 * Seals, at start, the notes a database from before the SealedNotes migration kept in clear (the migration left
 * them in notes_to_seal, which only the owner reads): until then a dump would show them and erasure would not
 * reach them. The note of a person already erased is dropped, their key being gone. One statement when nothing
 * waits.
 */
@Injectable()
export class SealedNotesBackfill implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: SubjectKeys,
    private readonly vault: PersonalDataVault,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  /** The number of notes sealed or dropped. */
  run(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const waiting: WaitingNote[] = await manager.query('SELECT * FROM notes_to_seal ORDER BY id FOR UPDATE');
      if (waiting.length === 0) return 0;
      const keys = await this.keys.load(manager, [...new Set(waiting.map((note) => note.subject_id))]);
      for (const note of waiting) {
        const destination = DESTINATIONS[note.column_name];
        if (destination?.table !== note.table_name) throw new Error(`notes_to_seal holds a note for an unknown place (row ${note.id})`);
        const key = keys.get(note.subject_id);
        const sealed = key ? await this.vault.seal(manager, note.subject_id, destination.context(note.row_id), note.text, key) : null;
        await manager.query(`UPDATE ${note.table_name} SET ${note.column_name} = $2 WHERE id = $1`, [note.row_id, sealed]);
      }
      await manager.query('DELETE FROM notes_to_seal WHERE id = ANY ($1)', [waiting.map((note) => note.id)]);
      return waiting.length;
    });
  }
}
