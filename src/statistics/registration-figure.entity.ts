import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A national figure of registered presumed victims: public, aggregate, network-wide. */
@Entity('registration_figures')
export class RegistrationFigureEntity {
  @PrimaryColumn({ name: 'registration_country', type: 'varchar', length: 2 })
  registrationCountry: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  nationality: string;

  @Column({ name: 'nationality_name', type: 'varchar', length: 100 })
  nationalityName: string;

  @Column({ type: 'int' })
  victims: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  source: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
