import { useEffect, useState } from 'preact/hooks';
import { gql, signOut, whenSessionEnds } from './api.js';
import { language, LANGUAGES, Language, setLanguage, t } from './i18n/i18n.js';
import { quickExit } from './quick-exit.js';
import { Me, Route } from './routes.js';
import { Boxes, prefetchInbox } from './screens/boxes.js';
import { FollowUps } from './screens/follow-ups.js';
import { NewReferral } from './screens/new-referral.js';
import { ReferralView } from './screens/referral.js';
import { ReportForm } from './screens/report-form.js';
import { SignIn } from './screens/sign-in.js';

const ME = `{ me { id displayName roles organisation { id name country } } }`;

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>({ screen: 'inbox' });
  const [, setShownLanguage] = useState<Language>(language());

  const loadMe = () =>
    gql<{ me: Me }>(ME).then(
      (data) => setMe(data.me),
      () => setMe(null),
    );
  useEffect(() => {
    whenSessionEnds(() => setMe(null));
    prefetchInbox();
    void loadMe();
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
            {(['inbox', 'outbox', 'new-referral', 'follow-ups'] as const).map((screen) => (
              <button
                type="button"
                class="link"
                aria-current={route.screen === screen ? 'page' : undefined}
                onClick={() => navigate({ screen } as Route)}
              >
                {t({ inbox: 'Inbox', outbox: 'Outbox', 'new-referral': 'New referral', 'follow-ups': 'Follow-ups' }[screen])}
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
          <SignIn onSignedIn={loadMe} />
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
    case 'report':
      return <ReportForm followUpId={route.followUpId} referralId={route.referralId} carriesPlan={route.carriesPlan} navigate={navigate} />;
  }
}
