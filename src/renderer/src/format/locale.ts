/**
 * The locale for numbers and dates: the browser's language, so a school sees its own separators.
 * Taken from the page rather than the engine's process, so it is the person's, not the server's.
 */
export const DISPLAY_LOCALE: string | undefined = typeof navigator !== 'undefined' && navigator.language ? navigator.language : undefined;
