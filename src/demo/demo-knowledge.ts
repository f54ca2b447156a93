import type { Actor } from '../auth/actor.js';
import { Role } from '../auth/role.js';
import { ExploitationType } from '../common/exploitation-type.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { MeetingStatus, ParticipationStatus } from '../meetings/meeting-status.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { PracticeTheme } from '../practices/practice-status.js';
import { PracticesService } from '../practices/practices.service.js';

const HOST = 'Dutch Coordination Centre (demo)';
const BUDAPEST = 'Budapest Reintegration Foundation (demo)';

/**
 * The expert meeting the seed presentation announces ("Next expert meeting:
 * October 2014, The Netherlands"). The city and the days are invented for the demo.
 */
export const DEMO_MEETING = {
  host: HOST,
  title: 'RAVOT expert meeting: a safe return as part of the anti-trafficking approach',
  country: 'NL',
  city: 'The Hague',
  startsOn: '2014-10-08',
  endsOn: '2014-10-09',
  status: MeetingStatus.HELD,
  agenda: [
    'Welcome by the host: the Dutch integrated approach to trafficking in human beings',
    'The three-month reflection period and the choice to return home',
    'Return through IOM programmes: what the receiving organisation needs to know before departure',
    'Reception at arrival and the first weeks after return',
    'Reintegration and follow-up: what we learned, and what did not work',
    'The next expert meeting: the host country in turn',
  ],
  challenges: [
    'Information about threats against the family reaches the receiving organisation too late',
    'Follow-up stops when a person who returned moves to another town',
    'Few employers are ready to hire people who return after labour exploitation',
    'Consent given in the language of the person, with an interpreter present',
  ],
  participants: [
    'Safe House Rotterdam (demo)',
    'IOM Netherlands return desk (demo)',
    BUDAPEST,
    'Antwerp Victim Support (demo)',
    'Sofia Return Support (demo)',
    'Iasi Reintegration Centre (demo)',
    'Benin City Homecoming Initiative (demo)',
  ],
};

const { PREVENTION, RETURN, REINTEGRATION, COOPERATION } = PracticeTheme;
const { SEXUAL, LABOUR, CRIMINAL_ACTIVITIES, BEGGING } = ExploitationType;

/** Practices written for the demo by its PRACTICE_EDITORs, in English, Dutch and Hungarian; all fictional. */
export const DEMO_PRACTICES = [
  {
    organisation: HOST,
    editor: 'Sanne Visser',
    language: 'en',
    title: 'Agree on reception at arrival before the return date is set',
    summary:
      'A return is booked only once the receiving organisation has confirmed who meets the person at arrival, where, and where they stay the first nights.',
    body: `## What we did
Before a return date was booked with the IOM return programme, we sent the receiving partner organisation a short reception request: the date window, the airport or bus station of arrival, the needs the person agreed to share, and any risk to the person's family.

The receiving organisation confirmed in writing who would meet the person, where they would stay the first nights, and who would call after one week.

## What worked
- Returns were no longer postponed at the last minute because nobody could meet the person.
- Threats against the family were discussed before departure, not after arrival.

## What did not work
Confirmations by e-mail were lost when staff changed. A checklist kept with the referral itself works better.`,
    themes: [RETURN, COOPERATION],
    exploitationTypes: [SEXUAL, LABOUR],
    countries: ['NL', 'HU', 'BG', 'RO', 'NG'],
  },
  {
    organisation: HOST,
    editor: 'Sanne Visser',
    language: 'nl',
    title: 'Warme overdracht: slachtoffers begeleiden tot aan de opvang in het land van herkomst',
    summary:
      'Een vaste contactpersoon in Nederland en een in het land van herkomst bereiden de terugkeer samen voor, zodat het slachtoffer bij aankomst door een bekend gezicht wordt opgevangen.',
    body: `## Aanpak
Na de bedenktijd van drie maanden kiezen sommige slachtoffers van mensenhandel ervoor terug te keren naar hun land van herkomst. Wij wijzen dan twee vaste contactpersonen aan: één bij de Nederlandse hulpverlening en één bij de partnerorganisatie in het land van herkomst.

De contactpersonen spreken elkaar vóór het vertrek, met een tolk waar nodig, en maken samen afspraken over opvang, medische zorg en begeleiding naar werk of opleiding. De gemeente van herkomst wordt alleen betrokken als het slachtoffer daarmee instemt.

## Wat werkte
- Slachtoffers voelden zich veiliger omdat zij hun begeleider al kenden.
- Terugkeerders kwamen vaker naar de afgesproken vervolggesprekken.

## Wat niet werkte
Bij terugkeer naar kleine gemeenten was er soms geen organisatie die de begeleiding kon overnemen.`,
    themes: [RETURN, REINTEGRATION, COOPERATION],
    exploitationTypes: [SEXUAL, LABOUR, CRIMINAL_ACTIVITIES],
    countries: ['NL', 'BG', 'RO', 'HU'],
  },
  {
    organisation: BUDAPEST,
    editor: 'Gábor Kovács',
    language: 'hu',
    title: 'A családok bevonása a hazatérő áldozatok visszailleszkedésébe',
    summary:
      'Ha az áldozat beleegyezik, a család tagjait már a hazatérés előtt bevonjuk a tervezésbe, így a hazatérés után biztonságosabb környezet várja.',
    body: `## Mit tettünk
Hollandiából hazatérő áldozatok esetében a hazatérés előtt, az áldozat beleegyezésével felvettük a kapcsolatot a családdal. A családlátogatás során felmértük, hogy a család biztonságos környezetet tud-e nyújtani, és fenyegeti-e valaki a családot.

## Ami bevált
- A családjukkal együtt tervező hazatérők ritkábban kerültek vissza a kizsákmányolók közelébe.
- A helyi munkáltatókkal kötött megállapodások segítettek a munkához jutásban.

## Ami nem vált be
Ha a családot a kizsákmányolók fenyegették, a családi hazatérés helyett átmeneti szállást kellett biztosítani.`,
    themes: [REINTEGRATION, PREVENTION],
    exploitationTypes: [LABOUR, SEXUAL, BEGGING],
    countries: ['HU', 'NL', 'BE'],
  },
  {
    organisation: BUDAPEST,
    editor: 'Gábor Kovács',
    language: 'en',
    title: 'Employer partnerships for people returning after labour exploitation',
    summary:
      'Local employers who agreed in advance to offer a paid trial month gave people returning from the Netherlands a first income and a reason to stay.',
    body: `## What we did
We asked employers in and around Budapest to offer a paid trial month to people returning after labour exploitation, with a social worker as the contact for both sides.

## What worked
A first income in the weeks after return reduced the pressure to accept risky offers abroad again.

## What did not work
Employers asked for documents that many people no longer had: replacing identity papers has to start before the return.`,
    themes: [REINTEGRATION, PREVENTION],
    exploitationTypes: [LABOUR],
    countries: ['HU', 'NL'],
  },
];

/**
 * Creates the demo meeting and its practices through the services the API
 * uses (audited, under the policies), once: when the meeting is already there,
 * nothing is created. Returns whether it created them.
 */
export async function createDemoKnowledge(
  tenants: TenantDatabase,
  meetings: MeetingsService,
  practices: PracticesService,
): Promise<boolean> {
  const db = tenants.dataSource;
  const [existing] = await db.query(
    `SELECT m.id FROM expert_meetings m JOIN organisations o ON o.id = m.organisation_id WHERE o.name = $1 AND m.title = $2`,
    [DEMO_MEETING.host, DEMO_MEETING.title],
  );
  if (existing) return false;

  const editor = async (organisation: string, displayName: string): Promise<Actor> => {
    const [row] = await db.query(
      `SELECT m.id, m.organisation_id FROM members m JOIN organisations o ON o.id = m.organisation_id
       WHERE o.name = $1 AND m.display_name = $2 AND m.removed_at IS NULL`,
      [organisation, displayName],
    );
    if (!row) throw new Error(`The demo network has no member ${displayName} at ${organisation}.`);
    return { memberId: row.id, organisationId: row.organisation_id, roles: [Role.PRACTICE_EDITOR], tokenId: '' };
  };
  const organisationIds: { id: string }[] = await db.query(`SELECT id FROM organisations WHERE name = ANY ($1) ORDER BY name`, [
    DEMO_MEETING.participants,
  ]);

  const { host, participants: _, ...fields } = DEMO_MEETING;
  const meeting = await meetings.create(await editor(host, 'Sanne Visser'), {
    ...fields,
    participants: organisationIds.map(({ id }) => ({ organisationId: id, status: ParticipationStatus.CONFIRMED })),
  });
  for (const { organisation, editor: name, ...practice } of DEMO_PRACTICES) {
    const author = await editor(organisation, name);
    const draft = await practices.create(author, { ...practice, meetingId: meeting.id });
    await practices.publish(author, { id: draft.id });
  }
  return true;
}
