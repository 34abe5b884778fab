// `npm run cli -- ARGS`: the CLI in the folder npm was called from. npm runs every script in the
// package's root, so without this `npm run cli -- init x.apstudio` would write into the
// checkout; npm says where it was called from in INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import('../bin/academia-studio.mjs');
