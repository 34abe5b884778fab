import { escapeHtml, type Html } from './html-escape';
import { REPORT_CSS } from './report-styles';

/**
 * The whole HTML page of a report: the same head and styles for every report the studio prints
 * (assessment, migration plan, reconciliation certificate, run reports), so they read as one
 * product and print the same through Chromium. `extraCss` adds a report's own few rules.
 */
export function reportPage(title: string, body: Html | string, extraCss = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}${extraCss ? `\n${extraCss}` : ''}</style>
</head>
<body>${typeof body === 'string' ? body : body.value}
</body>
</html>
`;
}
