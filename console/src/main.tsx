import { render } from 'preact';
import { App } from './app.js';
import { preferredLanguage, setLanguage } from './i18n/i18n.js';
import { installQuickExitShortcut } from './quick-exit.js';
import './styles.css';

setLanguage(preferredLanguage());
installQuickExitShortcut();
render(<App />, document.getElementById('app')!);
