import { FilePlus, FolderOpen } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Spinner } from '../../components/Spinner';
import { PROJECT_EXTENSION } from '../../../../shared/model/project';
import { useTranslation } from '../../i18n';
import { useProjectStore } from '../../stores/StudioProvider';

/**
 * Open or create a project by typing its path. The web host cannot show the computer's file
 * picker, so a path field works everywhere; the desktop app can add a picker beside it.
 */
export function OpenProjectForms() {
  const { t } = useTranslation();
  const open = useProjectStore((s) => s.open);
  const create = useProjectStore((s) => s.create);
  const busy = useProjectStore((s) => s.busy);
  const [openPath, setOpenPath] = useState('');
  const [newPath, setNewPath] = useState('');
  const [newName, setNewName] = useState('');
  const ids = { open: useId(), path: useId(), name: useId(), pathHelp: useId() };

  const onOpen = async (event: FormEvent) => {
    event.preventDefault();
    if (openPath.trim() && (await open(openPath.trim()))) setOpenPath('');
  };

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    const path = withExtension(newPath.trim());
    if (path && (await create(path, newName.trim() || undefined))) {
      setNewPath('');
      setNewName('');
    }
  };

  return (
    <div className="card-row">
      <form className="card form" onSubmit={onOpen} aria-labelledby={`${ids.open}-title`}>
        <h2 id={`${ids.open}-title`} className="card-title">
          {t('projects.forms.openTitle')}
        </h2>
        <label htmlFor={ids.open}>{t('projects.forms.openPath')}</label>
        <input
          id={ids.open}
          className="input mono"
          value={openPath}
          onChange={(e) => setOpenPath(e.target.value)}
          placeholder={`C:\\Migrations\\school${PROJECT_EXTENSION}`}
          spellCheck={false}
          autoComplete="off"
          dir="auto"
        />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={!openPath.trim() || busy !== null}>
            {busy === 'open' ? <Spinner /> : <FolderOpen aria-hidden="true" size={16} />}
            {t('projects.forms.open')}
          </button>
        </div>
      </form>
      <form className="card form" onSubmit={onCreate} aria-labelledby={`${ids.path}-title`}>
        <h2 id={`${ids.path}-title`} className="card-title">
          {t('projects.forms.createTitle')}
        </h2>
        <label htmlFor={ids.path}>{t('projects.forms.createPath')}</label>
        <input
          id={ids.path}
          className="input mono"
          value={newPath}
          onChange={(e) => setNewPath(e.target.value)}
          placeholder={`/home/it/migrations/st-marys${PROJECT_EXTENSION}`}
          aria-describedby={ids.pathHelp}
          spellCheck={false}
          autoComplete="off"
          dir="auto"
        />
        <p id={ids.pathHelp} className="field-help">
          {t('projects.forms.extensionHelp', { extension: PROJECT_EXTENSION })}
        </p>
        <label htmlFor={ids.name}>{t('projects.forms.name')}</label>
        <input id={ids.name} className="input" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder={t('projects.forms.namePlaceholder')} dir="auto" />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={!newPath.trim() || busy !== null}>
            {busy === 'create' ? <Spinner /> : <FilePlus aria-hidden="true" size={16} />}
            {t('projects.forms.create')}
          </button>
        </div>
      </form>
    </div>
  );
}

function withExtension(path: string): string {
  if (!path) return path;
  return path.toLowerCase().endsWith(PROJECT_EXTENSION) ? path : `${path}${PROJECT_EXTENSION}`;
}
