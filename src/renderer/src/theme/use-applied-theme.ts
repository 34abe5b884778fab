import { useEffect, useState } from 'react';
import type { ThemePreference } from '../stores/settings-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** `system` resolved against the operating system's preference. */
export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): 'light' | 'dark' {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/**
 * Puts the theme on `<html data-theme>` (the CSS variables hang off it) and follows the
 * operating system while the preference is `system`.
 */
export function useAppliedTheme(preference: ThemePreference): 'light' | 'dark' {
  const [prefersDark, setPrefersDark] = useState(systemPrefersDark);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setPrefersDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const theme = resolveTheme(preference, prefersDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
