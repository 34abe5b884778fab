/**
 * English text for the whole studio, one section per feature. Counts use i18next plural keys
 * (`_one`, `_other`): always pass `count` and never build a plural with `s` by hand.
 */
export const en = {
  app: {
    productName: 'Academia Pro Migration & Sync Studio',
    skipToContent: 'Skip to main content',
    project: 'Project',
    noProject: 'No project open',
    demo: 'Demo',
    notifications: 'Notifications',
  },
  nav: {
    label: 'Screens',
    shortcut: '{{label}} (Alt+{{key}})',
    projects: 'Projects',
    sources: 'Sources',
    assessment: 'Assessment',
    target: 'Target',
    runs: 'Runs',
    settings: 'Settings',
    audit: 'Audit',
  },
  table: {
    sortBy: 'Sort by {{column}}',
    empty: 'Nothing to show.',
  },
  dialog: {
    close: 'Close',
  },
  toast: {
    failed: '{{action}} failed',
    where: 'Where: {{location}}',
    whatToDo: 'What to do: ',
    dismiss: 'Dismiss this message',
    repeats: '×{{count}}',
    place: {
      file: 'file {{value}}',
      table: 'table {{value}}',
      line: 'line {{value}}',
      row: 'row {{value}}',
      column: 'column {{value}}',
      field: 'field {{value}}',
      separator: ', ',
    },
  },
  time: {
    justNow: 'just now',
  },
  count: {
    rows_one: '{{formatted}} row',
    rows_other: '{{formatted}} rows',
    records_one: '{{formatted}} record',
    records_other: '{{formatted}} records',
    pairs_one: '{{formatted}} pair',
    pairs_other: '{{formatted}} pairs',
    clusters_one: '{{formatted}} cluster',
    clusters_other: '{{formatted}} clusters',
    columns_one: '{{formatted}} column',
    columns_other: '{{formatted}} columns',
    entities_one: '{{formatted}} entity',
    entities_other: '{{formatted}} entities',
  },
} as const;

export type Resources = typeof en;
