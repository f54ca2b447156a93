import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, gqlAnswer, signIn, signOut, whenSessionEnds } from './api.js';
import { language, LANGUAGES, Language, setLanguage, t } from './i18n/i18n.js';
import { quickExit } from './quick-exit.js';
import { Me, Route } from './routes.js';
import { Boxes, FIRST_INBOX_PAGE, keepFirstInboxPage, START } from './screens/boxes.js';
import { FollowUps } from './screens/follow-ups.js';
import { NewReferral } from './screens/new-referral.js';
import { ReferralView } from './screens/referral.js';
import { ReportForm } from './screens/report-form.js';
import { Organisation } from './screens/organisation.js';
import { Practices } from './screens/practices.js';
import { PracticeView } from './screens/practice.js';
import { PracticeForm } from './screens/practice-form.js';
import { Meetings } from './screens/meetings.js';
import { MeetingView } from './screens/meeting.js';
import { MeetingForm } from './screens/meeting-form.js';
import { SignIn } from './screens/sign-in.js';
import { Statistics } from './screens/statistics.js';

const ME = `{ me { id displayName roles organisation { id name country } } }`;

type Screen = 'inbox' | 'outbox' | 'new-referral' | 'follow-ups' | 'practices' | 'meetings' | 'statistics' | 'organisation';

/** The screens of the menu, and the roles that may use them (null: every member). */
const SCREENS: [Screen, string, string[] | null][] = [
  ['inbox', 'Inbox', ['CASE_WORKER']],
  ['outbox', 'Outbox', ['CASE_WORKER']],
  ['new-referral', 'New referral', ['CASE_WORKER']],
  ['follow-ups', 'Follow-ups', ['CASE_WORKER']],
  ['practices', 'Practices', null],
  ['meetings', 'Expert meetings', null],
  ['statistics', 'Statistics', ['ANALYST', 'NETWORK_ADMIN']],
  ['organisation', 'Organisation', ['ORG_ADMIN']],
];

/**
 * Who is signed in, with the inbox's first page in the same request. A member who may not read referrals gets no
 * data from it (the inbox is a required field): then `me` alone.
 */
async function start(): Promise<Me> {
  const answer = await gqlAnswer(START, FIRST_INBOX_PAGE);
  if (answer.data?.me) {
    keepFirstInboxPage(answer.data);
    return answer.data.me;
  }
  if (answer.errors.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) throw new ApiError('Not signed in', 'UNAUTHENTICATED');
  return (await gql<{ me: Me }>(ME)).me;
}

const screensOf = (me: Me) => SCREENS.filter(([, , roles]) => !roles || roles.some((role) => me.roles.includes(role)));

export function App({ signInLink = null }: { signInLink?: string | null }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>({ screen: 'inbox' });
  const [, setShownLanguage] = useState<Language>(language());

  const loadMe = () =>
    start().then(
      (data) => {
        setMe(data);
        // Where this member's work starts: the inbox for case workers, else the first screen they may use.
        setRoute({ screen: screensOf(data)[0][0] } as Route);
      },
      () => setMe(null),
    );
  useEffect(() => {
    whenSessionEnds(() => setMe(null));
    // A one-time sign-in link replaces whatever session this browser had; one that does not work says so.
    const linked = signInLink
      ? signIn({ link: signInLink }).catch(() =>
          setLinkError(t('This sign-in link does not work: it was used, or it has expired. Ask your administrator for a new one.')),
        )
      : Promise.resolve();
    void linked.then(loadMe);
  }, []);

  const chooseLanguage = (code: Language) => {
    setLanguage(code);
    setShownLanguage(code);
  };
  const navigate = (next: Route) => {
    setRoute(next);
    window.scrollTo(0, 0);
  };
  const leave = async () => {
    await signOut();
    setMe(null);
    setRoute({ screen: 'inbox' });
  };

  return (
    <>
      <header class="top">
        <span class="brand">RAVOT</span>
        {me && (
          <nav aria-label={t('Main')}>
            {screensOf(me).map(([screen, label]) => (
              <button
                type="button"
                class="link"
                aria-current={route.screen === screen ? 'page' : undefined}
                onClick={() => navigate({ screen } as Route)}
              >
                {t(label)}
              </button>
            ))}
          </nav>
        )}
        <span class="spacer" />
        <label class="language">
          <span class="visually-hidden">{t('Language')}</span>
          <select value={language()} onChange={(event) => chooseLanguage((event.target as HTMLSelectElement).value as Language)}>
            {LANGUAGES.map((l) => (
              <option value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        {me && (
          <span class="who">
            {me.displayName} · {me.organisation.name}
          </span>
        )}
        {me && (
          <button type="button" onClick={leave}>
            {t('Sign out')}
          </button>
        )}
        <button type="button" class="quick-exit" onClick={quickExit} title={t('Leave this site at once (or press Escape twice)')}>
          {t('Quick exit')}
        </button>
      </header>
      <main id="main">
        {me === undefined ? (
          <p>{t('Loading…')}</p>
        ) : me === null ? (
          <SignIn onSignedIn={loadMe} linkError={linkError} />
        ) : (
          <Screen route={route} me={me} navigate={navigate} />
        )}
      </main>
    </>
  );
}

function Screen({ route, me, navigate }: { route: Route; me: Me; navigate: (route: Route) => void }) {
  switch (route.screen) {
    case 'inbox':
    case 'outbox':
      return <Boxes key={route.screen} box={route.screen} navigate={navigate} />;
    case 'referral':
      return <ReferralView key={route.id} id={route.id} me={me} navigate={navigate} />;
    case 'new-referral':
      return <NewReferral me={me} navigate={navigate} />;
    case 'follow-ups':
      return <FollowUps navigate={navigate} />;
    case 'practices':
      return <Practices me={me} navigate={navigate} />;
    case 'practice':
      return <PracticeView key={route.id} id={route.id} me={me} navigate={navigate} />;
    case 'new-practice':
      return <PracticeForm key={route.meetingId} meetingId={route.meetingId} navigate={navigate} />;
    case 'edit-practice':
      return <PracticeForm key={route.id} id={route.id} navigate={navigate} />;
    case 'meetings':
      return <Meetings me={me} navigate={navigate} />;
    case 'meeting':
      return <MeetingView key={route.id} id={route.id} me={me} navigate={navigate} />;
    case 'new-meeting':
      return <MeetingForm me={me} navigate={navigate} />;
    case 'edit-meeting':
      return <MeetingForm key={route.id} id={route.id} me={me} navigate={navigate} />;
    case 'statistics':
      return <Statistics />;
    case 'organisation':
      return <Organisation />;
    case 'report':
      return <ReportForm followUpId={route.followUpId} referralId={route.referralId} carriesPlan={route.carriesPlan} navigate={navigate} />;
  }
}
