/**
 * The organisation admin's screen (members, sign-in links, webhooks) in Dutch and Hungarian, keyed by the English
 * text like nl.ts and hu.ts, and the English labels of its enum values; i18n.ts adds them to the language tables.
 */
export const ORGANISATION_LABELS: Record<string, string> = {
  PAUSED: 'Paused',
  DISABLED: 'Disabled',
  PENDING: 'Pending',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
};

export const ORGANISATION_NL: Record<string, string> = {
  'A sign-in link for {member}, shown this once. It works once, until {expiry}: give it to them safely.':
    'Een aanmeldlink voor {member}, alleen nu getoond. Hij werkt één keer, tot {expiry}: geef hem veilig door.',
  Address: 'Adres',
  'Address (https)': 'Adres (https)',
  Attempts: 'Pogingen',
  'Change roles': 'Rollen wijzigen',
  'Confirm: Delete {url}': 'Bevestigen: {url} verwijderen',
  'Confirm: Remove {member}': 'Bevestigen: {member} verwijderen',
  Copy: 'Kopiëren',
  'Copied.': 'Gekopieerd.',
  'Copying is not allowed here: select the text and copy it.': 'Kopiëren mag hier niet: selecteer de tekst en kopieer hem.',
  Delete: 'Verwijderen',
  'Delete {url}?': '{url} verwijderen?',
  'Delete {url}? Its secrets and its delivery log go with it.': '{url} verwijderen? De geheimen en het afleverlogboek verdwijnen mee.',
  'Deliver again': 'Opnieuw afleveren',
  'Deliveries to {url}': 'Afleveringen aan {url}',
  'Delivery log': 'Afleverlogboek',
  Description: 'Omschrijving',
  'Disabled by the service on {date}: {reason}': 'Door de dienst uitgeschakeld op {date}: {reason}',
  Event: 'Gebeurtenis',
  'Hears every event': 'Hoort elke gebeurtenis',
  'Hears: {types}': 'Hoort: {types}',
  'Last answer': 'Laatste antwoord',
  'New secret': 'Nieuw geheim',
  'Next attempt': 'Volgende poging',
  'No webhook endpoints.': 'Geen webhook-adressen.',
  'Nothing was delivered yet.': 'Nog niets afgeleverd.',
  'Partner systems hear of changes here: signed notices with ids and types, never personal data.':
    'Systemen van partners horen hier van wijzigingen: ondertekende berichten met id’s en soorten, nooit persoonsgegevens.',
  Pause: 'Pauzeren',
  'Register an endpoint': 'Een adres registreren',
  'Register the endpoint': 'Het adres registreren',
  Registered: 'Geregistreerd',
  Remove: 'Verwijderen',
  'Remove {member}?': '{member} verwijderen?',
  Resume: 'Hervatten',
  'Roles of {member}': 'Rollen van {member}',
  'Save the roles': 'Rollen opslaan',
  'Sign-in link': 'Aanmeldlink',
  'The new signing secret of {url}, shown this once. The previous one keeps signing next to it for 24 hours.':
    'Het nieuwe ondertekeningsgeheim van {url}, alleen nu getoond. Het vorige ondertekent er nog 24 uur naast.',
  'The signing secret of {url}, shown this once: store it in the receiving system now.':
    'Het ondertekeningsgeheim van {url}, alleen nu getoond: sla het nu op in het ontvangende systeem.',
  'Their tokens and sign-in links stop working at once. The audit log keeps their name.':
    'Hun tokens en aanmeldlinks werken meteen niet meer. Het auditlogboek bewaart hun naam.',
  'This sign-in link does not work: it was used, or it has expired. Ask your administrator for a new one.':
    'Deze aanmeldlink werkt niet: hij is al gebruikt of verlopen. Vraag uw beheerder om een nieuwe.',
  Webhooks: 'Webhooks',
  PAUSED: 'Gepauzeerd',
  DISABLED: 'Uitgeschakeld',
  PENDING: 'In afwachting',
  DELIVERED: 'Afgeleverd',
  FAILED: 'Mislukt',
};

export const ORGANISATION_HU: Record<string, string> = {
  'A sign-in link for {member}, shown this once. It works once, until {expiry}: give it to them safely.':
    'Bejelentkezési link {member} részére, csak most látható. Egyszer használható, eddig: {expiry}. Adja át biztonságosan.',
  Address: 'Cím',
  'Address (https)': 'Cím (https)',
  Attempts: 'Kísérletek',
  'Change roles': 'Szerepkörök módosítása',
  'Confirm: Delete {url}': 'Megerősítés: {url} törlése',
  'Confirm: Remove {member}': 'Megerősítés: {member} eltávolítása',
  Copy: 'Másolás',
  'Copied.': 'Kimásolva.',
  'Copying is not allowed here: select the text and copy it.': 'Itt nem lehet másolni: jelölje ki a szöveget, és másolja ki.',
  Delete: 'Törlés',
  'Delete {url}?': 'Törli ezt: {url}?',
  'Delete {url}? Its secrets and its delivery log go with it.': 'Törli ezt: {url}? A titkai és a kézbesítési napló is törlődnek.',
  'Deliver again': 'Újrakézbesítés',
  'Deliveries to {url}': 'Kézbesítések ide: {url}',
  'Delivery log': 'Kézbesítési napló',
  Description: 'Leírás',
  'Disabled by the service on {date}: {reason}': 'A szolgáltatás kikapcsolta ekkor: {date}. Ok: {reason}',
  Event: 'Esemény',
  'Hears every event': 'Minden eseményről értesül',
  'Hears: {types}': 'Értesül: {types}',
  'Last answer': 'Utolsó válasz',
  'New secret': 'Új titok',
  'Next attempt': 'Következő kísérlet',
  'No webhook endpoints.': 'Nincs webhook-végpont.',
  'Nothing was delivered yet.': 'Még nem volt kézbesítés.',
  'Partner systems hear of changes here: signed notices with ids and types, never personal data.':
    'A partnerek rendszerei itt értesülnek a változásokról: aláírt értesítések azonosítókkal és típusokkal, személyes adat soha.',
  Pause: 'Szüneteltetés',
  'Register an endpoint': 'Végpont regisztrálása',
  'Register the endpoint': 'A végpont regisztrálása',
  Registered: 'Regisztrálva',
  Remove: 'Eltávolítás',
  'Remove {member}?': 'Eltávolítja: {member}?',
  Resume: 'Folytatás',
  'Roles of {member}': '{member} szerepkörei',
  'Save the roles': 'Szerepkörök mentése',
  'Sign-in link': 'Bejelentkezési link',
  'The new signing secret of {url}, shown this once. The previous one keeps signing next to it for 24 hours.':
    '{url} új aláíró titka, csak most látható. Az előző még 24 óráig mellette is aláír.',
  'The signing secret of {url}, shown this once: store it in the receiving system now.':
    '{url} aláíró titka, csak most látható: most tárolja el a fogadó rendszerben.',
  'Their tokens and sign-in links stop working at once. The audit log keeps their name.':
    'Tokenjei és bejelentkezési linkjei azonnal megszűnnek. Az auditnapló megőrzi a nevét.',
  'This sign-in link does not work: it was used, or it has expired. Ask your administrator for a new one.':
    'Ez a bejelentkezési link nem működik: már felhasználták, vagy lejárt. Kérjen újat a rendszergazdától.',
  Webhooks: 'Webhookok',
  PAUSED: 'Szüneteltetve',
  DISABLED: 'Kikapcsolva',
  PENDING: 'Várakozik',
  DELIVERED: 'Kézbesítve',
  FAILED: 'Sikertelen',
};
