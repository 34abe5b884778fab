import { PRODUCT_NAME, STUDIO_VERSION } from '../../../platform/version';

export const USAGE = `${PRODUCT_NAME} ${STUDIO_VERSION}

Usage: academia-studio <command> [options]

Commands
  init <project> [--name N] [--source SRC]... [--json]
                                 Create a project file (.apstudio) whose target is the embedded
                                 Academia Pro sandbox; each --source becomes a connection
  open <project> [--port N]      Open a project in the studio (in your browser) and keep serving it
  demo [--project PATH] [--pupils N] [--dry-run] [--json]
                                 Create or reopen the demo school project (./demo.apstudio) and run
                                 its migration into the embedded Academia Pro sandbox
  run <project> [--dry-run] [--entities a,b] [--json]
                                 Run a project's migration and print the reconciliation
      <project> --plan [--dry-run] [--entities a,b] [--json]
                                 Show the plan before a run: rows per entity, requests and a time
                                 estimate from the target's rate limits and measured latency
      <project> --rerun-rejects RUN_ID [--entities a,b] [--json]
                                 Re-run only what failed in a run: its unresolved rejects, read
                                 again from the source with their corrections, pushed alone
      <project> --rollback RUN_ID [--entity E] [--json]
                                 Roll a run (or one entity of it) back: restore what it updated,
                                 delete what it created; records changed since are conflicts
  rejects <project> <runId> --out FILE.csv|FILE.xlsx [--entity E] [--overwrite] [--json]
                                 Write a run's rejected rows with their source row numbers and
                                 reasons (personal values masked while the project masks them)
  rejects <project> <runId> list [--entity E] [--code C] [--field F] [--limit N] [--after ID] [--json]
                                 List a run's rejects with their ids, reasons, corrections and
                                 what the last re-run made of them
  rejects <project> <runId> fix REJECT_ID FIELD=VALUE... [--remove] [--json]
                                 Correct fields of a reject (the value Academia Pro gets; kept
                                 with who and when, the source untouched); --remove forgets them
  reconcile <project> <runId> [--report FILE.html|FILE.pdf|FILE.csv] [--overwrite] [--json]
                                 Read a run's records back from the target, compare every field
                                 with what was staged (checksums) and list each mismatch
  serve [--project PATH | --demo] [--port N] [--open]
                                 Serve the studio to your browser on 127.0.0.1 (token in the URL;
                                 --open starts your browser on a one-time link instead)
  discover <source> [--password-stdin] [--json]
                                 List the tables/sheets/files of a source with their columns.
                                 Reading a file (also on preview and assess): [--encoding E]
                                 [--delimiter D] [--quote Q] [--header-row N | --skip-rows N]
                                 [--record-path P]
  preview <source> <stream> [--limit N] [--reveal] [--password-stdin] [--json]
                                 Show the first rows of a stream (secret columns always empty,
                                 personal values masked unless --reveal)
  audit verify <project> [--json]
                                 Check the audit trail's hash chain; names the first altered entry
  audit export <project> [--format csv|json] [--out FILE] [--overwrite]
                                 Write the audit trail to a file (never contains a secret)
  export <project> --out FILE [--json]
                                 Write a hand-over copy of the project without any secret; lists
                                 the connections whose secrets must be entered again
  support-bundle <project> --out FILE [--overwrite] [--json]
                                 Write a redacted support bundle (versions, settings, run
                                 summaries and logs, audit entries by id; no secret, no school data)
  purge <project> [--retention-days N | --keep] [--json]
                                 Set the retention policy, then delete the staged rows and rejects
                                 of runs that ended more than N days ago (summaries are kept)
  person <project> find TEXT [--limit N] | export ENTITY KEY --out FILE [--overwrite]
          | erase ENTITY KEY --yes [--json]
                                 A family's request: find a person the project staged, export
                                 everything it holds about them, or erase it and keep them out
  mapping <project> list | show ID | export ID --out FILE | export --all --out FILE [--overwrite]
          | import FILE [--connection ID] | suggest [--accept] [--min-confidence C] [--json]
                                 List, show (with its version history and sign-off), export or
                                 import a project's mappings (docs/mapping.md); suggest them from
                                 the project's sources, and with --accept save them
  status <project> [--json]      Every integration (target, sources, syncs, webhooks) with its status,
                                 success rate, p95 and errors over the last 24 hours, and open alerts
  report <project> --kind runs|errors|syncs|sla [--period day|week|month] [--from D --to D]
          [--format html|pdf|csv] --out FILE [--overwrite] [--json]
                                 Write a report of the runs, errors, sync runs or each integration's
                                 uptime and response times (SLA) over a period (docs/monitoring.md)
  migration status <project> [--json]
                                 Where the migration stands: its status, what each stage still
                                 needs, and the go/no-go checklist, computed from the project
  migration plan <project> [--readiness N] [--reject-limit R] [--freeze FROM/TO | --no-freeze] [--json]
                                 Set what go/no-go is measured against (readiness score, share of
                                 rejected rows a clean rehearsal may have, data-freeze window)
  migration record <project> [--legacy NAME [--legacy-version V]] [--scope Full|Partial|Module-specific]
          [--modules people,timetable,attendance,grades,fees] [--approach big-bang|phased-by-module|
          phased-by-school|parallel-run] [--start DATE] [--end DATE] [--school-year YYYY-MM-DD] [--json]
                                 Set the migration record and strategy; prints what it implies
  migration milestone <project> NAME [--due DATE | --no-due] [--owner NAME] [--done | --not-done] [--json]
                                 Plan a milestone of the timeline (dates in order, each with an owner)
  migration rehearsals <project> [--json]
                                 Compare each rehearsal with the one before: rejects by reason,
                                 mismatches, duration, and whether the project converges
  migration document <project> --report FILE.html|FILE.pdf [--overwrite]
                                 Write the migration plan a school signs
  migration cutover <project> [--next | --step STEP | --rollback] [--json]
                                 The cutover runbook: show it, run its next step (go-no-go, freeze,
                                 verify-freeze, final-load, reconcile, syncs; exit 1 when blocked),
                                 or roll it back (undoes the final load, lifts the freeze)
  migration rollover <project> [--school-year Y] [--rules FILE.json] [--approve CATEGORY]... [--apply] [--json]
                                 Preview the next school year's rollover (promote, graduate, carry
                                 classes and enrolments) through the change gate, approve each held
                                 category, apply it to Academia Pro (exit 4 while held)
  oneroster export <project> --out DIR [--overwrite] [--json]
                                 Write the school as Academia Pro holds it as a OneRoster 1.2 CSV
                                 bundle, checked against the column rules
  oneroster validate DIR [--limit N] [--json]
                                 Check a OneRoster 1.2 CSV bundle: each finding with file, line,
                                 column and fix (exit 1 when it has an error)
  migration parallel-sync <project> [--json]
                                 A parallel run's sync in one step: the one-way Delta sync
                                 "parallel-run" for every mapped entity, nightly (the runbook's
                                 last step stops it)
  sync <project> define NAME --type full|incremental|delta [--direction one-way|two-way]
          [--entities a,b] [--schedule CRON] [--timezone ZONE] [--source-timezone ZONE]
          [--cursor COLUMN[:timestamp|rowversion|integer]] [--look-back N] [--deletes delete|withdraw]
          [--events-webhook [HOST:]PORT] [--events-path PATH] [--events-feed SECONDS]
          [--webhook-secret-stdin] [--json]
                                 Define an ongoing sync of the project's mappings (docs/sync.md);
                                 with --events-*, it also runs on Academia Pro's events while the
                                 studio has the project open (docs/sync-scheduling.md)
  sync <project> list [--json]   The project's syncs with their last status
  sync <project> events [--json] The event-driven syncs: receiver address, feed cursor, last event
  sync <project> --job NAME [--json]
                                 One run of a sync (unattended: APSTUDIO_VAULT_PASSPHRASE); exit 4
                                 when its change gate holds it, 5 when the studio has the project open
  sync <project> approve RUN_ID [--category C] [--json]
                                 Approve a held run's category (all without --category); the held
                                 change set is pushed once no category is left
  sync <project> conflicts [--json]
                                 Two-way conflicts waiting for a person: both values side by side
  sync <project> resolve CONFLICT_ID --keep source|target [--json]
                                 Decide a conflict; the sync's next run gives the value to both sides
  vault key-for-job <folder>     Write a passphrase-only copy of your vault key for a scheduled job
                                 under another account (passphrase in APSTUDIO_JOB_PASSPHRASE)
  assess <source> [--password-stdin] [--json] [--report FILE.html|FILE.pdf|FILE.csv] [--overwrite]
          [--school-year YYYY-MM-DD]
                                 Profile every column, find data-quality problems, score readiness
  suggest <source> [--api-version v1|v2] [--password-stdin] [--json]
                                 Suggest which table feeds each Academia Pro entity and which
                                 column each field, with a confidence (0–1) and reasons
  target <project> [show|set|test|history] [--json]
                                 Show or change the Academia Pro target, test the connection (exit 1
                                 when it fails), list the health history. set: [--url URL | --embedded]
                                 [--api-version v1|v2] [--auth oauth2|api-key|jwt] [--client-id ID]
                                 [--school SCHOOL] [--name NAME] [--secret-stdin]
                                 (or the secret in APSTUDIO_TARGET_SECRET); history: [--limit N]
  sandbox [--port 4010] [--data FILE] [--client-id ID --client-secret S]
          [--limit-per-minute N --limit-per-hour N] [--faults SPEC] [--seed N]
          [--api-versions v1,v2] [--production-version v2 [--sunset DATE]] [--admin-token T]
                                 Run the local Academia Pro sandbox for rehearsals; prints its
                                 client credentials and admin token (secret and token also from
                                 APSTUDIO_SANDBOX_SECRET / APSTUDIO_SANDBOX_ADMIN_TOKEN)

A source is a connection string (mysql://user@host:port/db, postgres://…, mssql://…,
sqlite:/path/file.db) or a file/folder path. Keep its password off the command line (other
accounts can read it there): pipe it in with --password-stdin, or set APSTUDIO_SOURCE_PASSWORD;
on a terminal the studio asks for it (not shown) when the URL names a user but no password, or
when the source says it needs one.

Options
  --json       Print exactly one JSON document on stdout (logs go to stderr)
  --help, -h   Show this help          --version, -v   Show the version

Exit codes: 0 done, 1 failed, 2 usage error, 3 completed with rejected rows,
4 held for approval, 5 project in use by another studio.`;
