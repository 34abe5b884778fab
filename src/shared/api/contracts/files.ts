import { z } from 'zod';
import { defineService, method, type ServiceOf } from '../contract';
import { path } from './common';

/** What `files.browse` shows of a folder. */
export interface FolderListing {
  /** The folder's real path. */
  path: string;
  /** The folder above, or null at a root. */
  parent: string | null;
  home: string;
  /** Where browsing can start: `/`, or the drives on Windows. */
  roots: string[];
  /** Folders first, then by name. */
  entries: FolderEntry[];
  /** True when the folder holds more entries than were listed. */
  truncated: boolean;
}

export interface FolderEntry {
  name: string;
  path: string;
  kind: 'file' | 'folder' | 'other';
  /** Bytes, for files. */
  size: number | null;
  /** The studio's own file (key, project, sandbox data, configuration folder): never readable. */
  protected: boolean;
}

/** A granted location. */
export interface FileGrantInfo {
  path: string;
  kind: 'file' | 'folder';
}

/**
 * The browser host's file picker: browse the studio machine's folders (names, kinds and sizes,
 * never a file's contents) and grant what a person picks. The API reads only files and folders a
 * person chose (docs/security.md); the desktop app uses its own file dialog instead, so there both
 * methods are refused.
 */
export const filesContract = defineService({
  /** One folder's entries; without a path, the user's home folder. The studio's own files are marked `protected`. */
  browse: method(z.object({ path: path.optional() }).strict()).returns<FolderListing>(),
  /** A person picked this file or folder: it (and what a folder holds) may be read as a source in this session. */
  grant: method(z.object({ path }).strict()).returns<FileGrantInfo>(),
});

export type FilesService = ServiceOf<typeof filesContract>;
