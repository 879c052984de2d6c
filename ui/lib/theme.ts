// Light by default; dark follows prefers-color-scheme until the user picks one with the toggle,
// which is remembered in localStorage (ui.md "Visual language").
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'light' | 'dark';

const KEY = 'agent-studio.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function stored(): Theme | null {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : null;
}

function effective(): Theme {
  return stored() ?? (media.matches ? 'dark' : 'light');
}

function apply(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Sets the theme attribute before the first render so the page does not flash. */
export function initTheme(): void {
  apply(effective());
}

export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState(effective);
  useEffect(() => {
    const follow = () => {
      if (!stored()) {
        apply(effective());
        setTheme(effective());
      }
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  const toggle = () => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    apply(next);
    setTheme(next);
  };
  return { theme, toggle };
}
