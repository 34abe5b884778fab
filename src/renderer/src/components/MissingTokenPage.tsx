import { KeyRound } from 'lucide-react';
import { PRODUCT_NAME } from './TopBar';

/** Shown when the page was opened without the web host's access token. */
export function MissingTokenPage() {
  return (
    <main className="missing-token">
      <div className="missing-token-card">
        <KeyRound aria-hidden="true" size={36} className="brand-icon" />
        <h1>{PRODUCT_NAME}</h1>
        <p>This page needs the access token of the running studio engine, and it has none.</p>
        <p>
          Open the link printed by <code>npm start</code> / <code>academia-studio serve</code> (it carries an access token).
        </p>
        <p className="muted">
          The token keeps other programs and web pages on this computer away from your pupils' data. A new one is made each time the engine
          starts, so an old link stops working after a restart.
        </p>
      </div>
    </main>
  );
}
