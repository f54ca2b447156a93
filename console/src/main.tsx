import { render } from 'preact';
import { App } from './app.js';
import { preferredLanguage, setLanguage } from './i18n/i18n.js';
import { installQuickExitShortcut } from './quick-exit.js';
import { takeSignInLink } from './sign-in-link.js';
import './styles.css';

// First of all, so that a sign-in link's secret leaves the address before anything else runs.
const signInLink = takeSignInLink();
setLanguage(preferredLanguage());
installQuickExitShortcut();
render(<App signInLink={signInLink} />, document.getElementById('app')!);
