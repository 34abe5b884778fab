// The global styles first (tokens, then base, shell and the shared primitives); each feature
// imports its own stylesheet after them.
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';
import './styles/ui.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createStudioClient } from '../../shared/api/client';
import { App } from './App';
import { MissingTokenPage } from './components/MissingTokenPage';
import { createStudioStores } from './stores/studio-stores';
import { chooseTransport } from './transport/choose-transport';

const root = createRoot(document.getElementById('root')!);
const choice = chooseTransport(window);

if (choice.kind === 'missing-token') {
  root.render(
    <StrictMode>
      <MissingTokenPage />
    </StrictMode>,
  );
} else {
  const client = createStudioClient(choice.transport);
  const stores = createStudioStores(client);
  root.render(
    <StrictMode>
      <App stores={stores} transport={choice.transport} />
    </StrictMode>,
  );
}
