import { render } from 'preact';
import { html } from './html';
import { App } from './app';
import { initTheme } from './lib/theme';

initTheme();
render(html`<${App} />`, document.getElementById('app')!);
